#!/usr/bin/env bash
# migrations/schema.sql is what the migrations produce: scripts/schema-dump migrates a new
# database on the PostgreSQL of TEST_DATABASE_URL (dropped at the end) and dumps it; the dump must
# equal the committed file.
# Usage: schema_current.sh MEDIATIOND_BINARY SCHEMA_FILE
set -euo pipefail
: "${TEST_DATABASE_URL:?TEST_DATABASE_URL is needed}"
bin=${1:?usage: schema_current.sh MEDIATIOND_BINARY SCHEMA_FILE}
committed=${2:?usage: schema_current.sh MEDIATIOND_BINARY SCHEMA_FILE}
fresh=$(mktemp)
trap 'rm -f "$fresh"' EXIT
MEDIATIOND_BIN=$bin "$(dirname "$0")/../../scripts/schema-dump" "$fresh"
if ! diff -u --label "$committed (committed)" --label "what the migrations produce" \
  "$committed" "$fresh" >&2; then
  echo "error: migrations/schema.sql is not what the migrations produce: run scripts/schema-dump" \
    "and commit the result (never edit schema.sql by hand)" >&2
  exit 1
fi
echo "ok: $committed is what the migrations produce"
