#!/usr/bin/env bash
# A database migrated with an earlier text of a migration is upgraded by today's `mediationd
# migrate`: migrations 0001 .. 0010 and the text 0011_intake_concurrency.sql had at commit 49d0f64
# (tests/migrations/fixtures/, listed in migrations/superseded.txt with a bridge) are applied and
# recorded the way the runner does it; then migrate must succeed and say it accepted the earlier
# text, schema_migrations must list exactly the current checksums, the schema must equal a fresh
# database's, and a second run must have nothing to do. A text listed nowhere is still refused.
# Databases are created in the PostgreSQL of TEST_DATABASE_URL and dropped at the end.
# Usage: superseded_upgrade.sh MEDIATIOND MIGRATIONS_DIR FIXTURES_DIR
set -euo pipefail
: "${TEST_DATABASE_URL:?TEST_DATABASE_URL is needed}"
usage="usage: superseded_upgrade.sh MEDIATIOND MIGRATIONS_DIR FIXTURES_DIR"
bin=$(realpath "${1:?$usage}")
migrations=$(realpath "${2:?$usage}")
fixtures=$(realpath "${3:?$usage}")
. "$(dirname "$0")/upgrade_lib.sh"
UPGRADE_TMP=$(mktemp -d)
admin=$TEST_DATABASE_URL
dbs=(superseded_fresh_$$ superseded_old_$$ superseded_unknown_$$)
cleanup() {
  for d in "${dbs[@]}"; do drop_db "$admin" "$d"; done
  rm -rf "$UPGRADE_TMP"
}
trap cleanup EXIT
fail() { echo "error: $*" >&2; exit 1; }

fixture=$fixtures/0011_intake_concurrency.49d0f64.sql
sum=$(sha256sum "$fixture" | cut -d' ' -f1)
grep -q "^0011_intake_concurrency.sql $sum " "$migrations/superseded.txt" ||
  fail "the fixture's checksum ${sum:0:12} is not in superseded.txt: the test would test nothing"
grep -q "$sum" "$migrations/checksums.txt" && fail "the fixture is 0011's current text"

# the files of a database migrated at 49d0f64: 0001 .. 0010 as today (unchanged since), 0011 old
old=$UPGRADE_TMP/old
mkdir -p "$old"
cp "$migrations"/000[1-9]_*.sql "$migrations"/0010_*.sql "$old/"
cp "$fixture" "$old/0011_intake_concurrency.sql"

fresh_url=$(create_db "$admin" superseded_fresh_$$)
DATABASE_URL=$fresh_url "$bin" migrate >/dev/null 2>&1 || fail "migrate fails on a new database"
dump_schema "$fresh_url" >"$UPGRADE_TMP/fresh.sql"

url=$(create_db "$admin" superseded_old_$$)
apply_as_runner "$url" "$old"/*.sql || fail "the 49d0f64 migrations do not apply"
DATABASE_URL=$url "$bin" migrate >"$UPGRADE_TMP/migrate.log" 2>&1 || {
  cat "$UPGRADE_TMP/migrate.log" >&2
  fail "migrate refused or failed on a database migrated at 49d0f64"
}
grep -q "migration 0011_intake_concurrency had been applied with a superseded text (checksum ${sum:0:12}" \
  "$UPGRADE_TMP/migrate.log" || {
  cat "$UPGRADE_TMP/migrate.log" >&2
  fail "migrate did not log that it accepted 0011's earlier text"
}

# schema_migrations lists every shipped migration with its current checksum, nothing else
psql -X -A -t -q -v ON_ERROR_STOP=1 "$url" \
  -c "SELECT checksum || '  ' || name || '.sql' FROM schema_migrations ORDER BY name" \
  >"$UPGRADE_TMP/recorded.txt"
grep -v '^#' "$migrations/checksums.txt" | sort -k2 >"$UPGRADE_TMP/current.txt"
diff -u "$UPGRADE_TMP/current.txt" "$UPGRADE_TMP/recorded.txt" >&2 ||
  fail "schema_migrations does not list the current checksums after the upgrade"

dump_schema "$url" >"$UPGRADE_TMP/upgraded.sql"
diff -u --label "fresh database" --label "upgraded from 49d0f64" "$UPGRADE_TMP/fresh.sql" \
  "$UPGRADE_TMP/upgraded.sql" >&2 ||
  fail "the upgraded database's schema differs from a fresh one's"

DATABASE_URL=$url "$bin" migrate >"$UPGRADE_TMP/again.log" 2>&1 || fail "a second migrate fails"
if grep -q "superseded\|applied migration" "$UPGRADE_TMP/again.log"; then
  cat "$UPGRADE_TMP/again.log" >&2
  fail "a second migrate still had something to do"
fi

# a text listed nowhere is refused, and the database is left as it was
printf '\n-- edited\n' >>"$old/0011_intake_concurrency.sql"
url=$(create_db "$admin" superseded_unknown_$$)
apply_as_runner "$url" "$old"/*.sql || fail "the edited migrations do not apply"
if DATABASE_URL=$url "$bin" migrate >"$UPGRADE_TMP/unknown.log" 2>&1; then
  fail "migrate accepted a text of 0011 that superseded.txt does not list"
fi
grep -q "migration 0011_intake_concurrency was changed after it was applied" \
  "$UPGRADE_TMP/unknown.log" || { cat "$UPGRADE_TMP/unknown.log" >&2; fail "unexpected refusal"; }
n=$(psql -X -A -t -q "$url" -c "SELECT count(*) FROM schema_migrations")
[ "$n" = 11 ] || fail "the refused database has $n migrations recorded, not 11"

echo "ok: a database migrated at 49d0f64 upgrades to the current schema and checksums"
