#!/usr/bin/env python3
"""Build step: api-spec/openapi.yaml as JSON (served at /api/v1/openapi.json).

usage: yaml_to_json.py IN.yaml OUT.json

Needs python3-yaml (MEDIATION_PACKAGES). Dates and other non-JSON scalars are written as strings;
keys keep their order. Fails (non-zero) when the YAML does not parse, so a broken spec stops the
build."""
import json
import sys

import yaml


def main() -> int:
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    # response codes are YAML integers (200:); JSON keys are strings either way
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
