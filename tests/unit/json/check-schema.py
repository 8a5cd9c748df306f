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


def check_order(schema, documents):
    """The schema lists each object's keys in the export's order: the first
    object of each kind in the documents (the canonical one first) shows it."""
    defs = schema["$defs"]
    samples = {}

    def sample(kind, obj):
        samples.setdefault(kind, obj)

    for document in documents:
        sample("catalogue", document)
        for key, kind in (("departments", "department"), ("items", "item"),
                          ("categories", "category"), ("questions", "question"),
                          ("themes", "theme")):
            for obj in document.get(key, []):
                sample(kind, obj)
        for item in document["items"]:
            for material in item["materials"]:
                sample("material", material)
            if item["legal_limit"]:
                sample("limit", item["legal_limit"])
        for question in document.get("questions", []):
            for option in question["options"]:
                sample("option", option)
        for theme in document["themes"]:
            for key, kind in (("questions", "theme-question"),
                              ("item_conditions", "item-condition"), ("notes", "note")):
                for obj in theme.get(key, []):
                    sample(kind, obj)

    for kind in ("catalogue", "department", "item", "material", "limit", "category",
                 "question", "option", "theme", "theme-question", "item-condition", "note"):
        if kind not in samples:
            fail(f"{kind}: no document has one, so its key order is not checked")
            continue
        expected = list((schema if kind == "catalogue" else defs[kind])["properties"])
        if list(samples[kind]) != expected:
            fail(f"{kind}: exported keys {list(samples[kind])} are not the schema's {expected}")


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

    check_order(schema, [documents[path] for path in sys.argv[2:]])

    # Files Banshi refuses and the schema can tell.
    good = next(d for d in documents.values() if d["items"] and d["themes"])
    situations = next(d for d in documents.values()
                      if d.get("questions") and any(t["notes"] for t in d["themes"]))
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
        ("a newer version", lambda d: d.update(version=3)),
        ("a service object twice", lambda d: d["items"][0].update(service_objects=["person", "person"])),
    ]
    bad_situations = [
        ("questions in version 1", lambda d: d.update(version=1)),
        ("a question without options", lambda d: d["questions"][0].update(options=[])),
        ("a question code with =", lambda d: d["questions"][0].update(code="a=b")),
        ("an option code with =", lambda d: d["questions"][0]["options"][0].update(code="a=b")),
        ("a bad question kind", lambda d: d["questions"][0].update(kind="some")),
        ("an empty group", lambda d: d["themes"][0]["notes"][0].update(when=[[]])),
        ("a term without =", lambda d: d["themes"][0]["notes"][0].update(when=[["menu"]])),
        ("a term twice in a group", lambda d: d["themes"][0]["notes"][0].update(
            when=[["menu=raw", "menu=raw"]])),
        ("an empty note", lambda d: d["themes"][0]["notes"][0].update(text="")),
        ("an item condition without when", lambda d: d["themes"][0]["item_conditions"][0].pop("when")),
        ("an item condition with an empty when", lambda d: d["themes"][0]["item_conditions"][0].update(
            when=[])),
    ]
    for what, change in bad_situations:
        document = copy.deepcopy(situations)
        change(document)
        if validator.is_valid(document):
            fail(f"a file with {what} passes the schema")
    for what, change in bad:
        document = copy.deepcopy(good)
        change(document)
        if validator.is_valid(document):
            fail(f"a file with {what} passes the schema")

    # A version 1 file without the keys of version 2 is still valid.
    version_1 = copy.deepcopy(good)
    version_1["version"] = 1
    version_1.pop("questions", None)
    for item in version_1["items"]:
        for material in item["materials"]:
            for key in ("form_url", "sample_url", "when"):
                material.pop(key, None)
    for theme in version_1["themes"]:
        for key in ("questions", "item_conditions", "notes"):
            theme.pop(key, None)
    for error in validator.iter_errors(version_1):
        fail(f"version 1 of the first file: {error.json_path}: {error.message}")
    for what, key in (("a form_url", "form_url"), ("a when", "when")):
        document = copy.deepcopy(version_1)
        next(i for i in document["items"] if i["materials"])["materials"][0][key] = "" if key == "form_url" else []
        if validator.is_valid(document):
            fail(f"a version 1 file with {what} in a material passes the schema")
    document = copy.deepcopy(version_1)
    document["themes"][0]["notes"] = []
    if validator.is_valid(document):
        fail("a version 1 file with notes in a theme passes the schema")

    if failures:
        return 1
    print(f"schema valid; {len(documents)} files follow it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
