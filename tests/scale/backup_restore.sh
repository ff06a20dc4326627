#!/usr/bin/env bash
# tests/scale/backup_restore.sh: the backup and restore of docs/deploy.md, tried for real. A primary
# with WAL archiving (archive_command copies each finished segment into an archive folder) gets a
# migrated database and seeded cases; pg_basebackup takes a base backup; more is written after it
# and its WAL archived; the primary is stopped (lost). The base backup is restored into a new
# folder with restore_command reading the archive and recovery.signal, started, and recovers to the
# end of the archive and promotes itself. The restored database must hold exactly what the primary
# held at the end (cases and job_runs, counted and hashed), and mediationd must find it ready
# (/readyz 200, migrations current). Everything it starts is stopped by process id (pg_ctl stops a
# cluster by its postmaster's pid; the server by its pid) and the clusters are removed.
# Usage: backup_restore.sh REPO_ROOT MEDIATIOND_BINARY WORK_DIR MEDIATION_SEED_BINARY
set -euo pipefail
root=$1
bin=$2
work=$3
seed_bin=$4
cd "$root"
. scripts/lib/common.sh
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
step() { printf '== %s %s\n' "$(date +%T)" "$*" >&2; }

rm -rf "$work"
mkdir -p "$work"
primary=$work/bk-primary
restored=$work/bk-restored
server_pid=""
cleanup() {
  local rc=$?
  set +e
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  pg_remove "$restored"
  pg_remove "$primary"
  rm -rf "$archive" "$backup"
  [ $rc -eq 0 ] && rm -rf "$work"
  exit $rc
}
archive="" backup=""
trap cleanup EXIT
export PG_FSYNC=off
bindir=$(pg_bindir)

step "primary with WAL archiving"
pg_init "$primary"
pdir=$(pg_datadir "$primary")
# beside the cluster, where its owner can write (the checkout may be closed to it)
archive=$pdir.archive
backup=$pdir.basebackup
mkdir -p "$archive" "$backup"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$archive" "$backup"; fi
chmod 700 "$backup"
as_pg_owner sh -c "cat >> '$pdir/postgresql.auto.conf'" <<EOF
archive_mode = on
archive_command = 'test ! -f $archive/%f && cp %p $archive/%f'
EOF
pport=$(pg_start "$primary")
pg_createdb "$pport" mediation
url="postgresql://postgres@127.0.0.1:$pport/mediation"
export PII_HASH_KEY=backup-restore-test-key-0123456789
DATABASE_URL=$url "$bin" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; fail "migrate"; }
DATABASE_URL=$url "$seed_bin" --center WD --cases 2000 >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; fail "seed"; }

step "base backup (pg_basebackup)"
as_pg_owner "$bindir/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$backup" -X stream \
  -c fast >"$work/basebackup.log" 2>&1 || { cat "$work/basebackup.log" >&2; fail "pg_basebackup"; }

step "writes after the backup, their WAL archived"
psql_p() { psql -X -qtA -v ON_ERROR_STOP=1 "$url" -c "$1"; }
psql_p "INSERT INTO job_runs (job, holder, started_at, rows_done)
        SELECT 'restore-check', 'backup_restore.sh', now(), g FROM generate_series(1, 500) g"
psql_p "UPDATE cases SET summary = summary || ' (after the backup)' WHERE id IN (SELECT id FROM cases WHERE status NOT IN ('closed', 'declined') ORDER BY id LIMIT 50)"
fingerprint="SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM job_runs) || ' ' ||
  (SELECT md5(string_agg(id || ':' || version || ':' || summary, ',' ORDER BY id)) FROM cases)"
before=$(psql_p "$fingerprint")
segment=$(psql_p "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 100); do
  [ -f "$archive/$segment" ] && break
  sleep 0.1
done
[ -f "$archive/$segment" ] || fail "segment $segment was not archived"
pg_stop "$primary"

step "restore: base backup + restore_command + recovery.signal"
rdir=$(pg_datadir "$restored")
if [ "$rdir" != "$(realpath -m "$restored")" ]; then
  pg_state_dir_ready
  printf '%s\n' "$(realpath -m "$restored")" >"$rdir.source"
fi
rm -rf "$rdir"
cp -a "$backup" "$rdir"
rm -f "$rdir/mediation.port"
# the test clusters keep their unix socket in the data folder: the copy holds the old one's lock file
rm -f "$rdir"/.s.PGSQL.*.lock
as_pg_owner sh -c "cat >> '$rdir/postgresql.auto.conf'" <<EOF
archive_mode = off
restore_command = 'cp $archive/%f %p'
EOF
as_pg_owner touch "$rdir/recovery.signal"
rport=$(pg_start "$restored")
rurl="postgresql://postgres@127.0.0.1:$rport/mediation"
for _ in $(seq 1 300); do
  [ "$(psql -X -qtA "$rurl" -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] && break
  sleep 0.1
done
[ "$(psql -X -qtA "$rurl" -c 'SELECT pg_is_in_recovery()')" = f ] || fail "the restored cluster did not finish recovery"
after=$(psql -X -qtA -v ON_ERROR_STOP=1 "$rurl" -c "$fingerprint")
printf 'primary at the end: %s\nrestored:           %s\n' "$before" "$after"
[ "$before" = "$after" ] || fail "the restored database differs from the primary's last state"

step "mediationd on the restored database"
port=$(free_port 18300)
DATABASE_URL=$rurl LISTEN=127.0.0.1:$port "$bin" serve --no-migrate >"$work/serve.log" 2>&1 &
server_pid=$!
ready=""
for _ in $(seq 1 200); do
  ready=$(curl -sS "http://127.0.0.1:$port/readyz" 2>/dev/null) && case "$ready" in *'"migrations":"current"'*) break ;; esac
  sleep 0.1
done
case "$ready" in *'"migrations":"current"'*) ;; *) cat "$work/serve.log" >&2; fail "readyz on the restored database: $ready" ;; esac
printf 'readyz on the restored database: %s\n' "$ready"
step "restore checked"
