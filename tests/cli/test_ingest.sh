# tally ingest on good and bad corpora: outputs, rejects, the account,
# exit statuses, gzip and arrays, stdin and stdout, atomic outputs.

good() { printf '{"id":"%s","source":"Europol","published":"2024-11-0%s","title":"T %s","body":"Police arrested %s people."}\n' "$1" "$2" "$1" "$2"; }

{ good a1 1; good a2 2; echo '{"id":"a3",'; good a4 4;
  echo '{"id":"a5","source":"NATO","published":"2024-02-30","title":"T","body":"B"}';
  good a1 5; } > mixed.jsonl

$TALLY ingest mixed.jsonl -o out.jsonl --rejects rej.jsonl 2> err.txt
[ "$(wc -l < out.jsonl)" -eq 3 ] || fail "expected 3 bulletins"
[ "$(wc -l < rej.jsonl)" -eq 3 ] || fail "expected 3 rejects"
expect_grep 'read 6, accepted 3, rejected 3 (malformed_json 1, bad_date 1, duplicate_id 1)' err.txt
expect_grep '"line":3,.*"reason":"malformed_json"' rej.jsonl
expect_grep '"line":5,.*"reason":"bad_date","field":"published"' rej.jsonl
expect_grep '"line":6,.*"id":"a1","reason":"duplicate_id"' rej.jsonl

# --strict turns rejects into exit 1 (outputs are still written).
rm -f out.jsonl
expect_status 1 $TALLY ingest --strict mixed.jsonl -o out.jsonl 2>/dev/null
[ -s out.jsonl ] || fail "--strict should still write the accepted bulletins"
good b1 1 > clean.jsonl
expect_status 0 $TALLY ingest --strict clean.jsonl -o /dev/null 2>/dev/null

# Without --rejects, rejects are named on stderr with file:line:col.
$TALLY ingest mixed.jsonl -o /dev/null 2> err.txt
expect_grep "mixed.jsonl:5:[0-9]*: field 'published': expected a real date" err.txt

# gzip is told by its bytes, not its name; arrays by their first byte.
gzip -c mixed.jsonl > looks-plain.jsonl
$TALLY ingest looks-plain.jsonl -o gz.jsonl 2>/dev/null
expect_same out.jsonl gz.jsonl
{ echo '['; good c1 1 | sed 's/$/,/'; good c2 2; echo ']'; } > arr.json
$TALLY ingest arr.json -o arr.out 2> err.txt
expect_grep 'read 2, accepted 2, rejected 0' err.txt

# stdin and stdout.
cat mixed.jsonl | $TALLY ingest - 2>/dev/null > piped.jsonl
expect_same out.jsonl piped.jsonl

# Canonical key order, the same bytes on every run.
printf '{"body":"B","title":"T","published":"2024-11-01","source":"NATO","id":"k1","x":1}\n' > keys.jsonl
$TALLY ingest keys.jsonl 2>/dev/null > keys.out
[ "$(cat keys.out)" = '{"id":"k1","source":"NATO","published":"2024-11-01","title":"T","body":"B","x":1}' ] ||
	fail "keys not in canonical order: $(cat keys.out)"

# --max-body.
$TALLY ingest --max-body 10 mixed.jsonl -o /dev/null --rejects big.jsonl 2>/dev/null
expect_grep '"reason":"body_too_large","field":"body"' big.jsonl

# Unreadable input: exit 3, and no output left behind.
expect_status 3 $TALLY ingest mixed.jsonl no-such-file.jsonl -o never.jsonl 2> err.txt
[ ! -e never.jsonl ] || fail "an output was left behind after a failed run"
expect_grep 'no-such-file.jsonl: cannot open' err.txt
ls -a | grep -q '\.tmp\.' && fail "a temporary file was left behind"

# Truncated gzip: exit 3.
gzip -c mixed.jsonl | head -c 60 > cut.gz
expect_status 3 $TALLY ingest cut.gz -o never.jsonl 2>/dev/null
[ ! -e never.jsonl ] || fail "an output was left behind after a truncated gzip"

# Unwritable output: exit 3.
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	expect_status 3 $TALLY ingest mixed.jsonl -o ro/out.jsonl 2>/dev/null
fi
expect_status 3 $TALLY ingest mixed.jsonl -o no-such-dir/out.jsonl 2>/dev/null

# Every reject validates against schemas/reject.schema.json, every
# bulletin against bulletin.schema.json.
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	/usr/bin/python3 "$TALLY_TESTS/validate.py" "$TALLY_SRC/schemas/reject.schema.json" rej.jsonl big.jsonl
	/usr/bin/python3 "$TALLY_TESTS/validate.py" "$TALLY_SRC/schemas/bulletin.schema.json" out.jsonl
else
	fail "python3-jsonschema is missing (scripts/setup installs it)"
fi

# An output that is not a regular file is written in place, never replaced
# by a rename (a FIFO here; /dev/null in real use); a symbolic link keeps
# pointing where it did.
mkfifo fifo
cat fifo > from-fifo.jsonl &
$TALLY ingest mixed.jsonl -o fifo 2>/dev/null
wait
[ -p fifo ] || fail "the FIFO was replaced by a file"
expect_same out.jsonl from-fifo.jsonl
echo old > target.jsonl
ln -s target.jsonl link.jsonl
$TALLY ingest mixed.jsonl -o link.jsonl 2>/dev/null
[ -L link.jsonl ] || fail "the symbolic link was replaced by a file"
expect_same out.jsonl target.jsonl
