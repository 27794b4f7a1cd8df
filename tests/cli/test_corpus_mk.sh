# scripts/corpus.mk: an archive of month folders rebuilt with make: the
# same aggregates as one `tally run`, nothing redone when nothing changed,
# exactly the outputs a change touches, the data files' reach, and a make
# killed at random moments converging on a clean run's bytes.
export SOURCE_DATE_EPOCH=1732579200
MK="make -s -f $TALLY_SRC/scripts/corpus.mk TALLY=$TALLY"

# The sample corpus's last five months as an archive: one folder a month,
# one file a source (gzip for a few, as archives keep them).
python3 - "$TALLY_DATA/sample/bulletins.jsonl" archive <<'PY'
import gzip, json, os, sys
files = {}
for line in open(sys.argv[1], encoding="utf-8"):
    b = json.loads(line)
    if b["published"][:7] < "2024-07":
        continue
    path = os.path.join(sys.argv[2], b["published"][:7], b["source"].replace(" ", "_") + ".jsonl")
    files.setdefault(path, []).append(line)
for path, lines in files.items():
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if "Polish" in path:
        with gzip.open(path + ".gz", "wt", encoding="utf-8") as f:
            f.writelines(lines)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(lines)
PY

# What tally would build, as the list of files its recipes write (-o).
outputs() { $MK ARCHIVE=archive OUT=${1:-out} -n | grep -o ' -o [^ ]*' | sed 's/ -o //' | sort; }

$MK ARCHIVE=archive OUT=out -j2 2>/dev/null
$TALLY run --all-months --out single archive/*/* 2>/dev/null
expect_same single/aggregates.json out/aggregates.json
expect_same single/index.html out/index.html
for m in 2024-07 2024-09 2024-11; do
	[ -s out/$m/report.pdf ] && [ -s out/$m/report.html ] || fail "no briefing for $m"
done
expect_grep 'arrests' out/last-12-months.tsv
[ -s out/charts/arrests-by-month.svg ] || fail "no trend chart"

# Nothing changed: nothing to do.
[ -z "$(outputs)" ] || fail "a second make would rebuild: $(outputs)"

# The newest month's file: that file, its month, and the cross-month
# outputs; nothing else.
touch archive/2024-11/NATO.jsonl
outputs > got.txt
printf '%s\n' out/facts/2024-11/NATO.tsv out/parts/2024-11/NATO.part \
	out/2024-11/aggregates.json out/2024-11/window.json out/2024-11 \
	out/aggregates.json out out/last-12-months.json out/last-12-months.tsv \
	out/charts/all-categories.svg | sort > want.txt
expect_same want.txt got.txt
$MK ARCHIVE=archive OUT=out -j2 2>/dev/null

# An older month's file: also the briefings of the months after it whose
# 12-month window holds it (their change and trend move), and no others.
touch archive/2024-09/Europol.jsonl
outputs | grep -q 'out/2024-08' && fail "an earlier month was rebuilt"
outputs | grep -q 'facts/2024-1' && fail "another month's facts were rebuilt"
[ "$(outputs | grep -c '^out/20[0-9-]*$')" -eq 3 ] || fail "expected the briefings of 2024-09..2024-11"
$MK ARCHIVE=archive OUT=out -j2 2>/dev/null
expect_same single/aggregates.json out/aggregates.json

# A file added to a month, then removed again: the month's merge follows
# both ways (the removal too, which timestamps alone would miss).
python3 -c "
import json, sys
b = json.loads(open('archive/2024-10/NATO.jsonl').readline())
b['id'] += '-late'; b['published'] = '2024-11-29'
print(json.dumps(b))" > archive/2024-11/late.jsonl
outputs | grep -q 'out/facts/2024-11/late.tsv' || fail "a new file was not picked up"
$MK ARCHIVE=archive OUT=out -j2 2>/dev/null
cmp -s single/aggregates.json out/aggregates.json && fail "the added bulletin changed nothing"
rm archive/2024-11/late.jsonl
outputs | grep -q 'out/2024-11/aggregates.json' || fail "a removed file was not noticed"
$MK ARCHIVE=archive OUT=out -j2 2>/dev/null
expect_same single/aggregates.json out/aggregates.json

# Data files: the lexicon reaches the facts and all after; the rates the
# partials and all after, not the facts.
cp -rp "$TALLY_DATA" data
touch data/rates.tsv
outputs_with() { $MK ARCHIVE=archive OUT=out TALLY_DATA=$PWD/data -n | grep -o ' -o [^ ]*' | sed 's/ -o //'; }
outputs_with | grep -q '^out/facts/' && fail "rates rebuilt facts"
nfiles=$(ls archive/*/* | wc -l)
[ "$(outputs_with | grep -c '^out/parts/')" -eq "$nfiles" ] || fail "rates did not rebuild every partial"
touch data/lexicon/categories.json
[ "$(outputs_with | grep -c '^out/facts/')" -eq "$nfiles" ] || fail "the lexicon did not rebuild every facts file"

# Killed at random moments with SIGKILL (make and all its children), then
# run again: the outputs are a clean run's, byte for byte.  A kill may
# leave tally's temporary files (.NAME.tmp.XXXXXX) behind; they are
# never taken for outputs, and are left out of the comparison.
$MK ARCHIVE=archive OUT=clean -j2 2>/dev/null
for delay in 0.4 1.1 2.3; do
	rm -rf k
	setsid $MK ARCHIVE=archive OUT=k -j2 >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL -- "-$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	$MK ARCHIVE=archive OUT=k -j2 2>/dev/null
	diff -r -x '.*.tmp.*' -x '*.tmp' clean k > diff.txt || { head -20 diff.txt >&2; fail "killed at ${delay}s: outputs differ from a clean run"; }
done
