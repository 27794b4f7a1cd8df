# tally aggregate and tally merge on real files: whole runs, partials
# merged from 1, 2 and 7 shards in any order (byte-identical), bad rows,
# --strict, unknown currencies, the schema, usage errors.

FACTS=$TALLY_TESTS/data/aggregate/facts.tsv

# shard FILE K PREFIX: split a TSV facts table into K files by bulletin
# (all facts of a bulletin in one shard), each with the header.
shard() {
  awk -F'\t' -v k="$2" -v p="$3" '
    NR == 1 { for (i = 0; i < k; i++) print > (p i ".tsv"); next }
    $1 != prev { n++; prev = $1 }
    { print > (p (n % k) ".tsv") }' "$1"
}

# check_shards FACTS NAME [OPTIONS...]: the merge of 1, 2 and 7 shards,
# in input, reverse and rotated order, equals the whole run byte for byte.
check_shards() {
  facts=$1; name=$2; shift 2
  "$TALLY" aggregate "$facts" "$@" -o "$name.whole.json" 2>/dev/null ||
    fail "aggregate $name"
  for k in 1 2 7; do
    shard "$facts" $k "$name.s$k."
    parts=
    for i in $(seq 0 $((k - 1))); do
      "$TALLY" aggregate "$name.s$k.$i.tsv" --partial "$@" \
        -o "$name.p$k.$i" 2>/dev/null || fail "partial $name $k.$i"
      parts="$parts $name.p$k.$i"
    done
    rev=$(echo $parts | tr ' ' '\n' | sort -r | tr '\n' ' ')
    rot=$(echo $parts | tr ' ' '\n' | awk 'NR > 1' | tr '\n' ' ')
    rot="$rot $(echo $parts | cut -d' ' -f1)"
    for order in "$parts" "$rev" "$rot"; do
      # shellcheck disable=SC2086
      "$TALLY" merge $order -o "$name.m.json" 2>/dev/null || fail "merge $order"
      expect_same "$name.whole.json" "$name.m.json"
    done
  done
}

check_shards "$FACTS" fx
check_shards "$FACTS" fxs --by month,source,place --currency EUR
check_shards "$FACTS" fxk --keep-duplicates --trend-months 6

# The sample corpus, once it is there: its gold as facts.
if [ -f "$TALLY_SRC/data/sample/bulletins.jsonl" ] &&
   [ -f "$TALLY_SRC/data/sample/gold.jsonl" ] && command -v python3 >/dev/null; then
  python3 "$TALLY_SRC/scripts/facts-from-gold" --format tsv \
    "$TALLY_SRC/data/sample/bulletins.jsonl" "$TALLY_SRC/data/sample/gold.jsonl" \
    -o sample.tsv
  check_shards sample.tsv sample
else
  echo "note: no data/sample yet; sharding checked on $FACTS only" >&2
fi

# Sketch partials hold their figures in canonical order ("sorted"), and a
# merge reads them a line at a time; with the flag taken out the merge
# loads them all instead: the two give the same bytes.
for i in 0 1; do
  "$TALLY" aggregate fx.s2.$i.tsv --sketch --partial -o sk.p$i 2>/dev/null ||
    fail "sketch partial $i"
  grep -q '"sorted":1}$' sk.p$i || fail "sketch partial $i: not sorted"
  sed '1s/,"sorted":1}$/}/' sk.p$i > sk.old$i
done
"$TALLY" merge sk.p0 sk.p1 -o sk.m.json 2>/dev/null || fail "sketch merge"
"$TALLY" merge sk.old0 sk.old1 -o sk.mold.json 2>/dev/null || fail "sketch merge (old)"
expect_same sk.m.json sk.mold.json
"$TALLY" merge sk.old0 sk.p1 -o sk.mmix.json 2>/dev/null || fail "sketch merge (mixed)"
expect_same sk.m.json sk.mmix.json

# The output validates against the schema (Debian's python3-jsonschema).
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
  "$TALLY" aggregate "$FACTS" --sketch -o sketch.json 2>/dev/null
  for f in fx.whole.json fxs.whole.json sketch.json; do
    /usr/bin/python3 - "$TALLY_SRC/schemas/aggregate.schema.json" "$f" <<'PY' ||
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
PY
      fail "$f does not validate against aggregate.schema.json"
  done
else
  echo "note: python3-jsonschema missing; schema check skipped" >&2
fi

# TSV view: a header and one line per group.
"$TALLY" aggregate "$FACTS" --format tsv -o fx.tsv 2>/dev/null
head -1 fx.tsv | grep -q '^month	category	unit	source	place	converted	facts' ||
  fail "tsv header"
[ "$(wc -l < fx.tsv)" -gt 10 ] || fail "tsv rows"

# Bad rows: reported with file:line and the column, skipped, counted.
{ cat "$FACTS"
  printf 'bad-1\tNATO\t2024-02-30\tarrests\t3\tcount\texact\t\t\ttotal\t3\t0\t1\tbody\n'
  printf 'bad-2\tNATO\t2024-02-03\tarrests\tlots\tcount\texact\t\t\ttotal\t3\t0\t1\tbody\n'
  printf 'cur-1\tNATO\t2024-02-03\tfunding\t5000000\tXYZ\texact\t\t\ttotal\tXYZ 5m\t0\t1\tbody\n'
} > bad.tsv
expect_status 0 "$TALLY" aggregate bad.tsv -o bad.json 2> bad.err
expect_grep "bad.tsv:2416: field 'published'" bad.err
expect_grep "bad.tsv:2417: field 'value'" bad.err
expect_grep "rows 2417, bad 2" bad.err
expect_grep "warning: 1 XYZ figure(s) of 2024-02 left in XYZ: no rate for currency XYZ" bad.err
expect_grep '"bad_rows":2' bad.json
expect_grep '"unit":"XYZ"' bad.json
rm -f strict.json
expect_status 1 "$TALLY" aggregate bad.tsv --strict -o strict.json 2>/dev/null
[ ! -e strict.json ] || fail "--strict left an output"

# Partials that do not fit together, and a bulletin in two partials.
"$TALLY" aggregate fx.s2.0.tsv --partial --currency EUR -o eur.part 2>/dev/null
expect_status 1 "$TALLY" merge fx.p2.1 eur.part -o /dev/null 2> mix.err
expect_grep "other options" mix.err
expect_status 1 "$TALLY" merge fx.p2.0 fx.p2.0 -o /dev/null 2> twice.err
expect_grep "two partials" twice.err
expect_status 1 "$TALLY" merge "$FACTS" -o /dev/null 2>/dev/null

# Usage errors.
expect_status 2 "$TALLY" aggregate "$FACTS" --by month,colour 2>/dev/null
expect_status 2 "$TALLY" aggregate "$FACTS" --currency usd 2>/dev/null
expect_status 2 "$TALLY" aggregate "$FACTS" --partial --format tsv 2>/dev/null
expect_status 2 "$TALLY" aggregate 2>/dev/null
expect_status 2 "$TALLY" merge 2>/dev/null
expect_status 3 "$TALLY" aggregate no-such-file.tsv -o /dev/null 2>/dev/null
expect_status 3 "$TALLY" aggregate "$FACTS" --rates no-such-rates.tsv 2>/dev/null
"$TALLY" help aggregate | grep -q -- '--keep-duplicates' || fail "help aggregate"
true

# No facts at all: an empty table, not a crash (the sanitizer build runs
# this too).
printf 'bulletin_id\tsource\tpublished\tcategory\tvalue\tunit\tqualifier\tscope\n' > none.tsv
$TALLY aggregate none.tsv -o none.json 2>/dev/null
$TALLY aggregate none.tsv --partial -o none.part 2>/dev/null
$TALLY merge none.part -o none-merged.json 2>/dev/null
expect_same none.json none-merged.json
