#!/usr/bin/env python3
# check-schema.py SCHEMA CANONICAL [MORE…]: data/catalogue.schema.json is a
# valid JSON Schema (draft 2020-12) that documents every key, CANONICAL and
# MORE (the demo catalogue, the test fixtures) follow it and are laid out as
# the export lays them out, the schema's properties are in the export's
# order, typical bad files fail it, and every audit trail's hashes are
# what data/catalogue-format.md says (computed here, apart from Banshi).
# Exits 77 (skipped) without python3-jsonschema.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import hashlib
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
                          ("themes", "theme"), ("phases", "phase"), ("tasks", "task"),
                          ("decisions", "decision"), ("audit", "audit-record")):
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
                 "question", "option", "theme", "theme-question", "item-condition", "note",
                 "phase", "task", "decision", "audit-record"):
        if kind not in samples:
            fail(f"{kind}: no document has one, so its key order is not checked")
            continue
        expected = list((schema if kind == "catalogue" else defs[kind])["properties"])
        if list(samples[kind]) != expected:
            fail(f"{kind}: exported keys {list(samples[kind])} are not the schema's {expected}")


def canonical(record, prev_hash):
    """The bytes an audit record's hash is taken of: prev_hash, then seq,
    time, user, action, entity, key, field, old and new, each as its length
    in bytes, ":" and the bytes, or "~" for null."""
    out = b""
    for value in (prev_hash, str(record["seq"]), record["time"], record["user"], record["action"],
                  record["entity"], record["key"], record["field"], record["old"], record["new"]):
        if value is None:
            out += b"~"
        else:
            data = value.encode("utf-8")
            out += str(len(data)).encode("ascii") + b":" + data
    return out


def check_audit(path, audit):
    prev_hash = "0" * 64
    for index, record in enumerate(audit):
        where = f"{path}: $.audit[{index}]"
        if record["seq"] != index + 1:
            fail(f"{where}: seq {record['seq']}, expected {index + 1}")
        if record["prev_hash"] != prev_hash:
            fail(f"{where}: prev_hash is not the hash of the record before")
        if hashlib.sha256(canonical(record, record["prev_hash"])).hexdigest() != record["hash"]:
            fail(f"{where}: the hash does not match the record")
            return
        prev_hash = record["hash"]


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
        ("a newer version", lambda d: d.update(version=4)),
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
    rollout = next(d for d in documents.values() if d.get("tasks") and d.get("audit"))
    bad_rollout = [
        ("a rollout in version 2", lambda d: d.update(version=2)),
        ("a date that is not ISO", lambda d: d["tasks"][0].update(due="2026-3-1")),
        ("a month 13", lambda d: d["phases"][0].update(start="2026-13-01")),
        ("an unknown status", lambda d: d["tasks"][0].update(status="done")),
        ("an accepted task without completion date",
         lambda d: next(t for t in d["tasks"] if t["status"] == "accepted").update(completed=None)),
        ("a completion date before acceptance",
         lambda d: next(t for t in d["tasks"] if t["status"] != "accepted").update(completed="2026-04-01")),
        ("a task without deliverable", lambda d: d["tasks"][0].pop("deliverable")),
        ("an item twice in a task", lambda d: d["tasks"][0].update(items=["a", "a"])),
        ("an unknown kind of decision", lambda d: d["decisions"][0].update(kind="praise")),
        ("a decision without reason", lambda d: d["decisions"][0].update(reason="")),
        ("an upper-case hash", lambda d: d["audit"][0].update(hash=d["audit"][0]["hash"].upper())),
        ("a record of an unknown entity", lambda d: d["audit"][0].update(entity="theme")),
        ("a time without zone", lambda d: d["audit"][0].update(time="2026-03-02T09:15:00")),
        ("a record without old value", lambda d: d["audit"][0].pop("old")),
        ("a record number 0", lambda d: d["audit"][0].update(seq=0)),
        ("an unknown key in a task", lambda d: d["tasks"][0].update(position=1)),
    ]
    for what, change in bad_rollout:
        document = copy.deepcopy(rollout)
        change(document)
        if validator.is_valid(document):
            fail(f"a file with {what} passes the schema")
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

    # A version 2 file without the keys of version 3 is still valid, and so
    # is a version 1 file without those of version 2.
    version_2 = copy.deepcopy(rollout)
    version_2["version"] = 2
    for key in ("reference_date", "phases", "tasks", "decisions", "audit"):
        version_2.pop(key, None)
    for error in validator.iter_errors(version_2):
        fail(f"version 2 of a rollout file: {error.json_path}: {error.message}")
    version_1 = copy.deepcopy(good)
    version_1["version"] = 1
    version_1.pop("questions", None)
    for key in ("reference_date", "phases", "tasks", "decisions", "audit"):
        version_1.pop(key, None)
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

    for path, document in documents.items():
        check_audit(path, document.get("audit", []))

    if failures:
        return 1
    print(f"schema valid; {len(documents)} files follow it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
