# Shared by superseded_upgrade.sh and replay_history.sh: a database migrated by hand the way
# mediationd's runner does it (server/src/db/migrate.c), and a schema dump to compare two
# databases. Sourced, not executed.

. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"

# apply_as_runner URL FILE...: applies each migration file in its own transaction and records
# (name without .sql, SHA-256 of the file) in schema_migrations, as the runner records them.
apply_as_runner() {
  local url=$1 f name sum
  shift
  psql -X -q -v ON_ERROR_STOP=1 "$url" -c "CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())" \
    >/dev/null || return 1
  for f in "$@"; do
    name=$(basename "$f" .sql)
    sum=$(sha256sum "$f" | cut -d' ' -f1)
    { cat "$f"; printf '\n;INSERT INTO schema_migrations (name, checksum) VALUES (%s, %s);\n' \
        "'$name'" "'$sum'"; } |
      psql -X -q -1 -v ON_ERROR_STOP=1 "$url" >/dev/null 2>"$UPGRADE_TMP/psql.err" || {
      echo "error: $f does not apply: $(head -n 3 "$UPGRADE_TMP/psql.err")" >&2
      return 1
    }
  done
}

# dump_schema URL: pg_dump_schema (scripts/lib/common.sh, as scripts/schema-dump dumps) with
# runs of blank lines squeezed.
dump_schema() {
  pg_dump_schema "$1" | cat -s
}

# create_db ADMIN_URL NAME: prints the URL of a new database NAME beside ADMIN_URL's.
create_db() {
  psql -X -q -v ON_ERROR_STOP=1 "$1" -c "CREATE DATABASE $2" >/dev/null || return 1
  printf '%s/%s\n' "${1%/*}" "$2"
}

drop_db() {
  psql -X -q "$1" -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" >/dev/null 2>&1 || true
}
