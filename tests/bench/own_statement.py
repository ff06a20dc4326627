#!/usr/bin/env python3
"""tests/bench/own_statement.py: a pgbench script that runs one of the server's own statements
(server/sql/*.sql), so that load.sh can print the ceiling of what that statement allows on the
cluster, without the server: the server's rate divided by this one is what its HTTP, JSON,
authorization and pooling keep of it.

Usage: own_statement.py intake|case_get SQL_FILE > script.pgb

The statement is read from the server's file as it is (comments dropped), with each $n replaced
by what the server would bind, written in SQL over pgbench variables set with -D on the pgbench
command line: center (the center's id), community (one of its communities), key (an API key id,
the actor) and, for case_get, min_id and max_id (the ids read at random). The intake's parties
are new people on every transaction (numbers from pgbench's random()), their hashes SHA-256 in
SQL where the server binds HMACs computed in C. Two workarounds for pgbench's parser, which
does not skip quoted text when it numbers the parameters of a prepared statement: a ':' inside
a string literal becomes chr(58) (to_char's formats), and a variable is never followed by '::'.
"""
import re
import sys

INTAKE = {
    1: ":center",
    2: "'neighbor'",
    3: "'party_application'",
    4: ":community",
    5: "'楼上漏水导致楼下天花板受损，双方就维修费用发生争执（压测）'",
    6: "'赔偿维修费 3000 元'",
    7: "NULL",
    8: "'none'",
    9: "NULL::text",
    10: "NULL::text",
    11: "'楼上漏水导致楼下天花板受损，双方就维修费用发生争执（压测） 赔偿维修费 3000 元 张三 李四'",
    12: ":key",
    13: "NULL::bigint",
    14: "'load benchmark'",
    15: "'pgbench-own-statement'",
    16: "'{applicant,respondent}'",
    17: "'{person,person}'",
    18: "'{张三,李四}'",
    19: "ARRAY['4101031950' || lpad(CAST(:n AS text), 8, '0'), NULL]",
    20: "ARRAY[sha256(CAST('i' || :n AS bytea)), NULL]",
    21: "ARRAY['134' || lpad(CAST(:n AS text), 8, '0'), '184' || lpad(CAST(:n AS text), 8, '0')]",
    22: "ARRAY[sha256(CAST('a' || :n AS bytea)), sha256(CAST('r' || :n AS bytea))]",
    23: "'{许昌市魏都区幸福路12号院3号楼,NULL}'",
    24: "'{\"fields\": [\"id_number\", \"phone\", \"address\"], \"replay\": false, \"parties\": 2}'",
    25: "'intake answer to its registrant'",
}
CASE_GET = {1: "CAST(:id AS bigint)", 2: "NULL::text", 3: ":center"}
SCRIPTS = {
    "intake": (INTAKE, "\\set n random(1, 99999999)\n"),
    "case_get": (CASE_GET, "\\set id random(:min_id, :max_id)\n"),
}


def split_colons(literal):
    """'a:b' -> ('a' || chr(58) || 'b'); a literal without ':' unchanged."""
    if ":" not in literal:
        return literal
    parts = literal[1:-1].split(":")
    return "(" + " || chr(58) || ".join("'" + p + "'" for p in parts) + ")"


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in SCRIPTS:
        sys.exit("usage: own_statement.py intake|case_get SQL_FILE")
    params, header = SCRIPTS[sys.argv[1]]
    with open(sys.argv[2], encoding="utf-8") as f:
        text = f.read()
    text = "\n".join(re.sub(r"--.*$", "", line) for line in text.split("\n"))
    text = re.sub(r"'(?:[^']|'')*'", lambda m: split_colons(m.group(0)), text)

    def bind(m):
        n = int(m.group(1))
        if n not in params:
            sys.exit(f"own_statement.py: {sys.argv[2]} has ${n}, which this script does not bind")
        return "(" + params[n] + ")"

    text = re.sub(r"\$(\d+)", bind, text)
    sys.stdout.write(header + " ".join(text.split()).rstrip(";") + ";\n")


if __name__ == "__main__":
    main()
