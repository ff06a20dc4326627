#!/bin/bash
# Runs once, from /docker-entrypoint-initdb.d of the official postgres image, when the primary's
# data folder is created (docker-compose.scale.yml): a role that may stream the WAL, a physical
# replication slot for the replica (the primary keeps the WAL the replica has not received yet,
# however long it was away) and the pg_hba.conf line that lets the compose network replicate.
set -euo pipefail
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'pw';
SELECT pg_create_physical_replication_slot('replica1');
SQL
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
