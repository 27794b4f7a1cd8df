# Exact mode's sorted runs: tally aggregate and tally merge with runs of
# a few records (TALLY_AGG_RUN_BYTES, so that nearly every figure goes
# through the temporary file and the k-way merge) write the same bytes as
# with the default runs, which hold these inputs in memory; a temporary
# file that cannot be made fails the run with its name and leaves no
# output behind.

"$TALLY" extract "$TALLY_SRC/data/sample/bulletins.jsonl" -o sample.tsv \
  2>/dev/null || fail "extract the sample corpus"
cp "$TALLY_TESTS/data/aggregate/facts.tsv" fx.tsv	# has duplicates

# same_runs NAME FACTS [OPTIONS...]: default runs and tiny ones agree.
same_runs() {
  name=$1; facts=$2; shift 2
  "$TALLY" aggregate "$facts" "$@" -o "$name.json" 2>"$name.err" ||
    fail "aggregate $name"
  for rb in 1 700 4096; do
    TALLY_AGG_RUN_BYTES=$rb "$TALLY" aggregate "$facts" "$@" \
      -o "$name.$rb.json" 2>"$name.$rb.err" || fail "aggregate $name ($rb)"
    expect_same "$name.json" "$name.$rb.json"
    expect_same "$name.err" "$name.$rb.err"
  done
}

for f in sample fx; do
  same_runs "$f" "$f.tsv"
  same_runs "$f.all" "$f.tsv" --by month,category,unit,source,place
  same_runs "$f.cat" "$f.tsv" --by category --format tsv
  same_runs "$f.keep" "$f.tsv" --keep-duplicates
  same_runs "$f.part" "$f.tsv" --partial
done
grep -q '"duplicates":[1-9]' fx.json || fail "fx.tsv should have duplicates"

# partials of three shards (by bulletin), merged with tiny runs: the
# whole run's bytes
awk -F'\t' 'NR == 1 { for (i = 0; i < 3; i++) print > ("s" i ".tsv"); next }
  $1 != prev { n++; prev = $1 } { print > ("s" (n % 3) ".tsv") }' fx.tsv
for i in 0 1 2; do
  TALLY_AGG_RUN_BYTES=1 "$TALLY" aggregate s$i.tsv --partial -o p$i \
    2>/dev/null || fail "partial $i"
done
for rb in "" 1 900; do
  TALLY_AGG_RUN_BYTES=$rb "$TALLY" merge p2 p0 p1 -o m.json 2>/dev/null ||
    fail "merge ($rb)"
  expect_same fx.json m.json
done

# no temporary file: a clear error (its name, errno's text), a non-zero
# exit, and the output left as it was
echo old > out.json
cp out.json old.json
TMPDIR=$PWD/missing TALLY_AGG_RUN_BYTES=1 "$TALLY" aggregate fx.tsv \
  -o out.json 2>err.txt && fail "aggregate without a temporary file"
expect_grep "temporary file '.*/missing/tally-aggregate-" err.txt
expect_grep "No such file or directory" err.txt
expect_same old.json out.json
TMPDIR=$PWD/missing TALLY_AGG_RUN_BYTES=1 "$TALLY" aggregate fx.tsv \
  --partial -o out.json 2>err.txt && fail "partial without a temporary file"
expect_grep "temporary file '.*/missing/" err.txt
expect_same old.json out.json
TMPDIR=$PWD/missing TALLY_AGG_RUN_BYTES=1 "$TALLY" merge p0 p1 p2 \
  -o out.json 2>err.txt && fail "merge without a temporary file"
expect_grep "temporary file '.*/missing/" err.txt
expect_same old.json out.json
# without spilling (the default runs hold these facts) none is needed
TMPDIR=$PWD/missing "$TALLY" aggregate fx.tsv -o out.json 2>/dev/null ||
  fail "aggregate in memory needs no temporary file"
expect_same fx.json out.json
TMPDIR=$PWD/missing "$TALLY" aggregate fx.tsv --partial -o out.json \
  2>/dev/null || fail "a partial in memory needs no temporary file"
expect_same fx.part.json out.json
