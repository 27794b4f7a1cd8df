# tally normalise: feed digests to bulletins that ingest accepts as they are.

feed=$TALLY_TESTS/data/feed/small.txt
$TALLY normalise "$feed" -o b.jsonl --rejects rej.jsonl 2> err.txt
expect_grep 'read 5, accepted 3, rejected 2 (missing_field 2)' err.txt
expect_grep '"line":19,.*"reason":"missing_field","field":"published"' rej.jsonl

# --date fills the undated entries; reruns give the same bytes and ids.
$TALLY normalise "$feed" --date 2024-03-10 -o b1.jsonl 2>/dev/null
$TALLY normalise - --date 2024-03-10 < "$feed" > b2.jsonl 2>/dev/null
expect_same b1.jsonl b2.jsonl
[ "$(wc -l < b1.jsonl)" -eq 5 ] || fail "expected 5 bulletins with --date"

# What normalise writes, ingest takes unchanged.
$TALLY ingest --strict b1.jsonl -o again.jsonl 2>/dev/null
expect_same b1.jsonl again.jsonl

expect_status 1 $TALLY normalise --strict "$feed" -o /dev/null 2>/dev/null
expect_status 2 $TALLY normalise --date 2024-02-30 "$feed" 2>/dev/null

# The sample feed comes out as the expected bulletins (titles, sources,
# dates, datelines and bodies), when the sample corpus is here.
sample=$TALLY_SRC/data/sample/feed.txt
expected=$TALLY_TESTS/data/feed-expected.jsonl
if [ -f "$sample" ] && [ -f "$expected" ]; then
	$TALLY normalise "$sample" -o s.jsonl 2>/dev/null
	/usr/bin/python3 - s.jsonl "$expected" <<'PY'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
keys = ("title", "source", "published", "dateline", "body")
bad = 0
if len(got) != len(want):
    print(f"{len(got)} bulletins, expected {len(want)}"); bad = 1
for g, w in zip(got, want):
    for k in keys:
        if g.get(k) != w.get(k):
            print(f"{w.get('title')!r}: {k} is {g.get(k)!r}, expected {w.get(k)!r}"); bad = 1
sys.exit(bad)
PY
fi
