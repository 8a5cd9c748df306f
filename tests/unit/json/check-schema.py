#!/usr/bin/env python3
# check-schema.py SCHEMA CANONICAL [MORE…]: data/catalogue.schema.json is a
# valid JSON Schema (draft 2020-12) that documents every key, CANONICAL and
# MORE (the demo catalogue, the test fixtures) follow it and are laid out as
# the export lays them out, the schema's properties are in the export's
# order, and typical bad files fail it.
# Exits 77 (skipped) without python3-jsonschema.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(77)

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def check_documented(schema, where="#"):
    """Every property, definition and enumeration has a title and a description;
    every object is closed."""
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "object" or "object" in (schema.get("type") or []):
        if schema.get("additionalProperties") is not False:
            fail(f"{where}: an object schema without additionalProperties: false")
    for name, sub in schema.get("properties", {}).items():
        for keyword in ("title", "description"):
            if keyword not in sub:
                fail(f"{where}/properties/{name}: no {keyword}")
        check_documented(sub, f"{where}/properties/{name}")
    for name, sub in schema.get("$defs", {}).items():
        for keyword in ("title", "description"):
            if keyword not in sub:
                fail(f"{where}/$defs/{name}: no {keyword}")
        check_documented(sub, f"{where}/$defs/{name}")
    for keyword in ("items", "anyOf", "prefixItems"):
        value = schema.get(keyword)
        for i, sub in enumerate(value if isinstance(value, list) else [value]):
            check_documented(sub, f"{where}/{keyword}/{i}")


def check_order(schema, document):
    """The schema lists each object's keys in the export's order."""
    defs = schema["$defs"]
    samples = [(list(schema["properties"]), document, "catalogue")]
    for key, kind in (("departments", "department"), ("items", "item"),
                      ("categories", "category"), ("themes", "theme")):
        if document[key]:
            samples.append((list(defs[kind]["properties"]), document[key][0], kind))
    for item in document["items"]:
        if item["materials"]:
            samples.append((list(defs["material"]["properties"]), item["materials"][0], "material"))
            break
    for item in document["items"]:
        if item["legal_limit"]:
            samples.append((list(defs["limit"]["properties"]), item["legal_limit"], "limit"))
            break
    for expected, sample, kind in samples:
        if list(sample) != expected:
            fail(f"{kind}: exported keys {list(sample)} are not the schema's {expected}")


def main():
    if len(sys.argv) < 3:
        print("usage: check-schema.py SCHEMA CANONICAL [MORE…]", file=sys.stderr)
        return 2

    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    check_documented(schema)

    documents = {}
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        documents[path] = json.loads(text)
        for error in validator.iter_errors(documents[path]):
            fail(f"{path}: {error.json_path}: {error.message}")
        # The canonical layout, as data/catalogue-format.md defines it.
        if text != json.dumps(documents[path], ensure_ascii=False, indent=2) + "\n":
            fail(f"{path}: not in the canonical layout of json.dumps (ensure_ascii=False, indent=2)")

    canonical = documents[sys.argv[2]]
    check_order(schema, canonical)

    # Files Banshi refuses and the schema can tell.
    good = next(d for d in documents.values() if d["items"] and d["themes"])
    bad = [
        ("an unknown key", lambda d: d["items"][0].update(extra=1)),
        ("a bad enumeration value", lambda d: d["items"][0].update(type="permit")),
        ("a time limit out of range", lambda d: d["items"][0].update(
            legal_limit={"value": 3651, "unit": "working-days"})),
        ("visits out of range", lambda d: d["items"][0].update(visits=100)),
        ("a missing required key", lambda d: d["departments"][0].pop("name")),
        ("an empty code", lambda d: d["categories"][0].update(code="")),
        ("a code of 129 characters", lambda d: d["themes"][0].update(code="x" * 129)),
        ("an edge of three items", lambda d: d["themes"][0].update(edges=[["a", "b", "c"]])),
        ("a newer version", lambda d: d.update(version=2)),
        ("a service object twice", lambda d: d["items"][0].update(service_objects=["person", "person"])),
    ]
    for what, change in bad:
        document = copy.deepcopy(good)
        change(document)
        if validator.is_valid(document):
            fail(f"a file with {what} passes the schema")

    if failures:
        return 1
    print(f"schema valid; {len(documents)} files follow it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
