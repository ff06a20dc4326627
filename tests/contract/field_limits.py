#!/usr/bin/env python3
"""The text-field limits of server/src/domain/field_limits.h against the OpenAPI schemas'
maxLength and the CHECK constraints of migrations/schema.sql: one source, two copies checked.

Usage: field_limits.py REPO_ROOT. Fails (exit 1) naming every disagreement: a schema property
without maxLength or with another one, a column whose CHECK bounds it differently, or a row of
field_limits.h that names a schema, property, table or column that does not exist."""
import re
import sys

import yaml


def limits(header):
    """(name, max, [Schema.property, ...], table.column or '') from the X-macro rows."""
    text = re.sub(r"\\\n", " ", open(header, encoding="utf-8").read())
    rows = re.findall(r'X\((\w+),\s*(\d+),\s*"([^"]*)",\s*"([^"]*)"\)', text)
    return [(n, int(m), spec.split(), sql) for n, m, spec, sql in rows]


def table_checks(schema_sql):
    """{table: text of its CREATE TABLE statement} from the generated schema."""
    text = open(schema_sql, encoding="utf-8").read()
    return {m.group(1): m.group(2)
            for m in re.finditer(r"CREATE TABLE public\.(\w+) \((.*?)\n\);", text, re.S)}


def main(root):
    rows = limits(f"{root}/server/src/domain/field_limits.h")
    if len(rows) < 10:
        print(f"field_limits.h: found only {len(rows)} rows; is the X-macro format unchanged?")
        return 1
    schemas = yaml.safe_load(open(f"{root}/api-spec/openapi.yaml", encoding="utf-8"))
    schemas = schemas["components"]["schemas"]
    tables = table_checks(f"{root}/migrations/schema.sql")
    problems = []
    for name, most, spec, sql in rows:
        for ref in spec:
            schema, _, prop = ref.partition(".")
            node = schemas.get(schema, {}).get("properties", {}).get(prop)
            if node is None:
                problems.append(f"{name}: the spec has no {ref}")
            elif node.get("maxLength") != most:
                problems.append(f"{name}: {ref} has maxLength {node.get('maxLength')}, "
                                f"field_limits.h says {most}")
        if sql:
            table, _, column = sql.partition(".")
            body = tables.get(table)
            if body is None or not re.search(rf"^\s+{column}\s", body, re.M):
                problems.append(f"{name}: migrations/schema.sql has no column {sql}")
                continue
            bound = re.search(rf"length\({column}\) <= (\d+)\)", body)
            if not bound or int(bound.group(1)) != most:
                problems.append(f"{name}: {sql} is bounded by "
                                f"{bound.group(1) if bound else 'nothing'} in the database, "
                                f"field_limits.h says {most}")
    for p in problems:
        print(p)
    if problems:
        print("field_limits.h is where a limit is set: change the spec and a new migration to match")
        return 1
    print(f"{len(rows)} field limits agree with the spec and the database")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
