#!/usr/bin/env python3
"""Dumps python-hcl2's parse of .tf files as a canonical structure, for the parser corpus test.

Usage: hcl2_structure.py FILE...  ->  JSON {FILE: BODY} on stdout.
BODY is {"attributes": {NAME: VALUE}, "blocks": [{"type", "labels", "body"}]} with blocks in source
order within each type; VALUE is a literal (number, bool, null, string without interpolation, list,
object with literal keys) or "<expr>" for anything that needs evaluation. Exit 3 when python-hcl2
is missing.
"""
import json
import sys

try:
    import hcl2
except ImportError:
    sys.stderr.write("python-hcl2 is not installed (pip install python-hcl2)\n")
    sys.exit(3)

EXPR = "<expr>"


def unquote(key):
    if len(key) >= 2 and key.startswith('"') and key.endswith('"'):
        return json.loads(key)
    return key


def is_block(value):
    if not isinstance(value, dict):
        return False
    if value.get("__is_block__"):
        return True
    return len(value) == 1 and is_block(next(iter(value.values())))


def canonical_value(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value[2:-1] if value.startswith("${") else value)
        except ValueError:
            pass
        if value.startswith('"<<') or not (value.startswith('"') and value.endswith('"')) or len(value) < 2:
            return EXPR
        inner = value[1:-1]
        if "${" in inner.replace("$${", "") or "%{" in inner.replace("%%{", ""):
            return EXPR
        text = json.loads(value)
        return EXPR if "\n" in text else text
    if isinstance(value, list):
        return [canonical_value(v) for v in value]
    if isinstance(value, dict):
        return {unquote(k): canonical_value(v) for k, v in value.items() if k not in ("__is_block__", "__comments__")}
    return EXPR


def blocks_of(block_type, value, labels):
    if value.get("__is_block__"):
        return [{"type": block_type, "labels": labels, "body": canonical_body(value)}]
    (label, inner), = value.items()
    return blocks_of(block_type, inner, labels + [unquote(label)])


def canonical_body(body):
    attributes, blocks = {}, []
    for key, value in body.items():
        if key in ("__is_block__", "__comments__"):
            continue
        if isinstance(value, list) and value and all(is_block(v) for v in value):
            for entry in value:
                blocks.extend(blocks_of(key, entry, []))
        else:
            attributes[key] = canonical_value(value)
    return {"attributes": attributes, "blocks": blocks}


def main():
    out = {}
    for path in sys.argv[1:]:
        with open(path) as f:
            out[path] = canonical_body(hcl2.load(f))
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
