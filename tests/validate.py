#!/usr/bin/python3
"""validate.py SCHEMA FILE...: every JSON line (or the JSON document) of
each FILE must validate against SCHEMA (JSON Schema 2020-12).  Prints each
failure with file:line and exits 1 if there was any."""
import json
import sys

import jsonschema


def documents(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        yield 1, json.loads(text)
        return
    for no, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield no, json.loads(line)


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = count = 0
    for path in sys.argv[2:]:
        for no, doc in documents(path):
            count += 1
            for err in validator.iter_errors(doc):
                bad += 1
                where = "/".join(str(p) for p in err.absolute_path)
                print(f"{path}:{no}: {where}: {err.message}", file=sys.stderr)
    if count == 0:
        print("validate.py: nothing to validate", file=sys.stderr)
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
