#!/usr/bin/env bash
# The rule of what a case contributes to the report rollups (rollup_day_contributions(),
# migration 0026) gives the expected rows case by case (rollup_rules.sql), and the three ways of
# computing the report rollups agree (tests/bench/rollup_check.sh): the seed's bulk rebuild
# (seedgen/rollup_bulk.c, in mediation-seed), the database's row-by-row rebuild, and the triggers
# after changes. Runs against a new database on the PostgreSQL of TEST_DATABASE_URL,
# dropped at the end. Usage: rollups_agree.sh MEDIATIOND_BINARY MEDIATION_SEED_BINARY
set -euo pipefail
: "${TEST_DATABASE_URL:?TEST_DATABASE_URL is needed}"
export MEDIATIOND=$1 MEDIATION_SEED=$2
db="rollups_agree_$$"
admin() { psql -X -q -v ON_ERROR_STOP=1 "$TEST_DATABASE_URL" -c "$1"; }
admin "CREATE DATABASE $db"
trap 'admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
export DATABASE_URL="${TEST_DATABASE_URL%/*}/$db"
CASES=${CASES:-1500} "$(dirname "$0")/../bench/rollup_check.sh"
psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$(dirname "$0")/rollup_rules.sql"
