#!/bin/bash
# Entry point of the streaming replica (docker-compose.scale.yml), run as the postgres user of the
# official postgres image. The first time (empty data folder) it clones the primary with
# pg_basebackup -R, which writes standby.signal and primary_conninfo, through the slot the
# primary's init script made; then, and on every later start, it runs postgres as a hot standby.
set -euo pipefail
: "${PGDATA:?}" "${PRIMARY_HOST:?}" "${REPLICATION_PASSWORD:?}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  rm -rf "${PGDATA:?}"/*
  until pg_isready -h "$PRIMARY_HOST" -U replicator -d postgres -q; do
    echo "waiting for the primary at $PRIMARY_HOST"
    sleep 1
  done
  PGPASSWORD=$REPLICATION_PASSWORD pg_basebackup -h "$PRIMARY_HOST" -U replicator \
    -D "$PGDATA" -R -X stream -S replica1 -c fast --progress
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
