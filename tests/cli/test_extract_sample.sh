# tally extract on the sample corpus: every fact's evidence is where it
# says it is (field[start:end] == text, in UTF-8 bytes), and the
# categorised F1 against the hand-made gold stays above its floor.
PY=$(command -v /usr/bin/python3 || command -v python3) || skip "no python3"
"$TALLY" extract "$TALLY_SRC/data/sample/bulletins.jsonl" -o facts.jsonl 2>err.txt
expect_grep "read 110, accepted 110, rejected 0" err.txt
"$PY" - "$TALLY_SRC/data/sample/bulletins.jsonl" facts.jsonl <<'PY' || fail "evidence offsets"
import json, sys
bulletins = {}
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        b = json.loads(line)
        bulletins[b["id"]] = b
bad = n = 0
with open(sys.argv[2], encoding="utf-8") as fh:
    for line in fh:
        f = json.loads(line)
        n += 1
        field = bulletins[f["bulletin_id"]][f["field"]].encode("utf-8")
        if field[f["start"]:f["end"]] != f["text"].encode("utf-8"):
            bad += 1
            print("offsets:", f["bulletin_id"], f["start"], f["end"], repr(f["text"]), file=sys.stderr)
        if f["text"] not in f["sentence"]:
            bad += 1
            print("sentence:", f["bulletin_id"], repr(f["text"]), file=sys.stderr)
print(f"{n} facts, {bad} bad", file=sys.stderr)
sys.exit(1 if bad or n < 500 else 0)
PY
"$PY" "$TALLY_SRC/scripts/score-facts" --gold "$TALLY_SRC/data/sample/gold.jsonl" facts.jsonl \
	--quiet --min-f1 0.90 > score.txt || { cat score.txt >&2; fail "F1 below the floor"; }
cat score.txt >&2
