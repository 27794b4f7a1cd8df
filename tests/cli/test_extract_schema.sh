# The extractor's JSON Lines output on the sample corpus, and every lexicon
# data file, validate against their JSON Schemas (python3-jsonschema).
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import jsonschema' 2>/dev/null || PY=python3
"$PY" -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema is not installed"
"$TALLY" extract "$TALLY_SRC/data/sample/bulletins.jsonl" -o facts.jsonl 2>/dev/null
"$PY" - "$TALLY_SRC" facts.jsonl <<'PY' || fail "schema validation"
import json, sys, jsonschema
src, facts = sys.argv[1], sys.argv[2]
def validator(name):
    with open(f"{src}/schemas/{name}.schema.json", encoding="utf-8") as fh:
        schema = json.load(fh)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)
bad = 0
for name in ("numbers", "units", "qualifiers", "currencies", "countries", "categories"):
    with open(f"{src}/data/lexicon/{name}.json", encoding="utf-8") as fh:
        data = json.load(fh)
    for e in validator(f"lexicon-{name}").iter_errors(data):
        bad += 1
        print(f"{name}.json: {e.message[:200]}", file=sys.stderr)
v = validator("fact")
with open(facts, encoding="utf-8") as fh:
    for n, line in enumerate(fh, 1):
        for e in v.iter_errors(json.loads(line)):
            bad += 1
            print(f"facts.jsonl:{n}: {e.message[:200]}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
