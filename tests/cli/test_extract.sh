# tally extract end to end: formats, rejects and the account as ingest
# gives them, unreadable numbers counted, usage errors, and a category
# added through a data file alone.
cat > in.jsonl <<'JSON'
{"id":"x1","source":"Europol","published":"2024-05-02","title":"Raids in three ports","body":"Police arrested 75 suspects and seized 12 kg of heroin."}
{"id":"x2","source":"NATO","published":"2024-05-03","title":"Budget","body":"Spain invests 1.3 percent of its GDP in defence. They lost 1,5 million."}
not json at all
{"id":"x1","source":"Europol","published":"2024-05-02","title":"again","body":"x"}
JSON

"$TALLY" extract in.jsonl -o facts.tsv --rejects rej.jsonl 2>err.txt
expect_grep "read 4, accepted 2, rejected 2" err.txt
expect_grep "facts written 4 from 2 bulletins" err.txt
expect_grep "numbers left out as unreadable 1" err.txt
head -1 facts.tsv | grep -q "^bulletin_id	source	published	category	value	unit	qualifier	item	place	scope	text	start	end	field	sentence	note	title	url$" ||
	fail "unexpected TSV header: $(head -1 facts.tsv)"
expect_grep "^x1	Europol	2024-05-02	arrests	75	count	exact	suspects		total	75	" facts.tsv
expect_grep "	seizure_quantity	12	kg	exact	heroin	" facts.tsv
expect_grep "^x2	NATO	2024-05-03	gdp_share	1.3	percent	exact		Spain	total	1.3 percent	" facts.tsv
[ "$(wc -l < rej.jsonl)" -eq 2 ] || fail "expected 2 rejects"
expect_grep '"reason":"malformed_json"' rej.jsonl
expect_grep '"reason":"duplicate_id"' rej.jsonl

# the same account as ingest
"$TALLY" ingest in.jsonl -o /dev/null 2>ierr.txt || true
grep "read 4" ierr.txt | sed 's/tally ingest/tally extract/' > want.txt
grep "read 4" err.txt > got.txt
expect_same want.txt got.txt

# JSON Lines from the name or the option; stdin
"$TALLY" extract in.jsonl -o facts.jsonl 2>/dev/null
[ "$(head -c 1 facts.jsonl)" = "{" ] || fail "facts.jsonl is not JSON Lines"
expect_grep '"category":"arrests","value":75,' facts.jsonl
"$TALLY" extract --format jsonl - < in.jsonl > out.txt 2>/dev/null
cmp -s out.txt facts.jsonl || fail "stdin and --format jsonl differ from -o facts.jsonl"
"$TALLY" extract --format tsv in.jsonl -o other.jsonl 2>/dev/null
expect_grep "^bulletin_id	" other.jsonl

# statuses
expect_status 1 "$TALLY" extract --strict in.jsonl -o s.tsv
expect_status 2 "$TALLY" extract --format xml in.jsonl
expect_status 2 "$TALLY" extract
expect_status 2 "$TALLY" extract --bogus in.jsonl
expect_status 3 "$TALLY" extract in.jsonl --lexicon ./no-such-dir -o nolex.tsv
[ ! -e nolex.tsv ] || fail "output left behind after a lexicon failure"
expect_status 3 "$TALLY" extract missing.jsonl -o none.tsv
"$TALLY" help extract | grep -q -- "--lexicon DIR" || fail "help does not describe --lexicon"

# a new category through data files alone
cp -R "$TALLY_DATA/lexicon" lex
sed 's/^ "categories": \[$/ "categories": [\
  {"name": "deportations", "units": ["count"], "cues": [{"at": "near", "weight": 3, "max": 6, "head": ["person", "none"], "phrases": ["deported", "expelled"]}]},/' \
	"$TALLY_DATA/lexicon/categories.json" > lex/categories.json
cmp -s lex/categories.json "$TALLY_DATA/lexicon/categories.json" && fail "the sed edit did nothing"
cat > dep.jsonl <<'JSON'
{"id":"d1","source":"Frontex","published":"2024-06-01","title":"Returns","body":"Border guards deported 140 people to their countries of origin."}
JSON
"$TALLY" extract dep.jsonl -o plain.tsv 2>/dev/null
grep -q deportations plain.tsv && fail "deportations without the new lexicon"
"$TALLY" extract dep.jsonl --lexicon lex -o dep.tsv 2>/dev/null
expect_grep "	deportations	140	count	" dep.tsv
TALLY_LEXICON="$PWD/lex" "$TALLY" extract dep.jsonl -o env.tsv 2>/dev/null
expect_same dep.tsv env.tsv
