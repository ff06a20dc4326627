#!/usr/bin/env bash
# tests/scale/scale.sh: the scale-out deployment of issue 17 with real parts on loopback, no Docker.
#
# Starts, under WORK (a folder in build/): a PostgreSQL primary, a streaming replica made from it
# with `pg_basebackup -R`, two `mediationd serve` instances reading from the replica
# (REPLICA_DATABASE_URL) and writing to the primary, and the Debian HAProxy in front of them with
# health checks on /readyz. Then checks, in order:
#   1. writes through the balancer are answered by both instances and carry X-Mediation-LSN;
#   2. reads after the same client's write, sent with If-Min-LSN, are never stale (every case just
#      written is found, with what was written), served by the replica when it has replayed
#      the write; with the replica held 3 s behind (recovery_min_apply_delay) they are still
#      fresh (served by the primary), the replica itself does not have the rows yet, /readyz says
#      replica: lagging (200) and /metrics shows the lag;
#   3. reports are served by the replica: its own statistics (pg_stat_user_tables on the replica)
#      count the scans of the rollup tables that the report requests made;
#   4. the maintenance job runs on one instance at a time (job_runs, /metrics) while both are up;
#   5. the instance that leads it is killed (SIGKILL) under a write load: every acknowledged write
#      is in the database (writes retried with their Idempotency-Key by the client, none twice),
#      HAProxy marks it down and sends it nothing more, and the other instance takes the job
#      over within 15 s;
#   6. the replica stopped: reads through the balancer keep answering 200 (the primary serves
#      them) and /readyz says replica: down with 200.
# Everything started is stopped by process id at the end (trap), and the clusters are removed.
# Usage: scale.sh REPO_ROOT MEDIATIOND_BINARY WORK_DIR
set -euo pipefail
root=$1
bin=$2
work=$3
cd "$root"
. scripts/lib/common.sh

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
step() { printf '== %s %s\n' "$(date +%T)" "$*" >&2; }
# json_field FILE NAME: the first "NAME": value of a JSON answer (a number or a string without
# quotes in it; enough for "id" and "summary" of a case), without a JSON parser's start-up cost
json_field() { grep -o "\"$2\":\(\"[^\"]*\"\|[0-9]*\)" "$1" | head -n 1 | sed 's/^[^:]*://; s/^"//; s/"$//'; }
command -v haproxy >/dev/null || fail "haproxy is needed (Debian package haproxy)"

rm -rf "$work"
mkdir -p "$work"
primary_dir=$work/primary
replica_dir=$work/replica
pids=()
haproxy_pid=""
inst_pid=("" "")
cleanup() {
  local rc=$?
  set +e
  for p in "${inst_pid[@]}" "${pids[@]}"; do
    [ -n "$p" ] && kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  [ -n "$haproxy_pid" ] && kill -TERM "$haproxy_pid" 2>/dev/null
  if [ $rc -ne 0 ]; then
    for f in "$work"/inst*.log "$work"/haproxy.log; do
      [ -f "$f" ] && { echo "--- tail of $f" >&2; tail -n 30 "$f" >&2; }
    done
  fi
  pg_remove "$replica_dir"
  pg_remove "$primary_dir"
  [ $rc -eq 0 ] && rm -rf "$work"
  exit $rc
}
trap cleanup EXIT

export PG_FSYNC=off
bindir=$(pg_bindir)

# ---- the primary and its streaming replica --------------------------------------------------
step "primary"
pg_init "$primary_dir"
pport=$(pg_start "$primary_dir")
primary_url="postgresql://postgres@127.0.0.1:$pport/mediation"
pg_createdb "$pport" mediation
psql_p() { psql -X -qtA -v ON_ERROR_STOP=1 "$primary_url" -c "$1"; }

step "replica (pg_basebackup -R)"
rdir=$(pg_datadir "$replica_dir")
if [ "$rdir" != "$(realpath -m "$replica_dir")" ]; then
  pg_state_dir_ready
  printf '%s\n' "$(realpath -m "$replica_dir")" >"$rdir.source"
fi
rm -rf "$rdir"
mkdir -p "$rdir"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$rdir"; fi
chmod 700 "$rdir"
as_pg_owner "$bindir/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$rdir" -R \
  -X stream -c fast >"$work/basebackup.log" 2>&1 || { cat "$work/basebackup.log" >&2; fail "pg_basebackup"; }
rm -f "$rdir/mediation.port" "$rdir/server.log"
# the test clusters keep their unix socket in the data folder: the copy holds the old one's lock file
rm -f "$rdir"/.s.PGSQL.*.lock
rport=$(pg_start "$replica_dir")
replica_url="postgresql://postgres@127.0.0.1:$rport/mediation"
psql_r() { psql -X -qtA -v ON_ERROR_STOP=1 "$replica_url" -c "$1"; }
[ "$(psql_r 'SELECT pg_is_in_recovery()')" = t ] || fail "the replica is not a standby"

step "migrate and a key"
export PII_HASH_KEY=scale-test-pii-hash-key-0123456789
DATABASE_URL=$primary_url "$bin" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; fail "migrate"; }
key=$(DATABASE_URL=$primary_url "$bin" admin create-key --role admin --name scale --center WD 2>/dev/null | tail -n 1)
[[ $key == mdk_* ]] || fail "no admin key: $key"
auth=(-H "Authorization: Bearer $key")
# wait until the replica has the schema
for _ in $(seq 1 100); do
  [ "$(psql_r "SELECT count(*) FROM pg_tables WHERE tablename = 'job_runs'")" = 1 ] && break
  sleep 0.1
done

# ---- two instances and HAProxy --------------------------------------------------------------
port_a=$(free_port 18100)
start_instance() { # index port
  local i=$1 port=$2
  DATABASE_URL=$primary_url REPLICA_DATABASE_URL=$replica_url REPLICA_MAX_LAG_MS=1500 \
    REPLICA_CHECK_MS=100 LISTEN=127.0.0.1:$port THREADS=4 LOG_LEVEL=info \
    "$bin" serve --no-migrate >"$work/inst$i.log" 2>&1 &
  inst_pid[$i]=$!
  for _ in $(seq 1 200); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && return 0
    kill -0 "${inst_pid[$i]}" 2>/dev/null || fail "instance $i did not start"
    sleep 0.1
  done
  fail "instance $i is not ready"
}
start_instance 0 "$port_a"
port_b=$(free_port $((port_a + 1)))
start_instance 1 "$port_b"
inst_port=("$port_a" "$port_b")

lb_port=$(free_port $((port_b + 1)))
stats_port=$(free_port $((lb_port + 1)))
cat >"$work/haproxy.cfg" <<EOF
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 2
    retry-on conn-failure
    option redispatch
frontend api
    bind 127.0.0.1:$lb_port
    default_backend mediationd
frontend stats
    bind 127.0.0.1:$stats_port
    stats enable
    stats uri /stats
backend mediationd
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 300ms fall 2 rise 2
    server a 127.0.0.1:$port_a check
    server b 127.0.0.1:$port_b check
EOF
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
lb=http://127.0.0.1:$lb_port
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$lb/readyz" 2>/dev/null && break
  sleep 0.1
done
# server_status NAME: UP or DOWN (or another HAProxy word) from the CSV statistics
server_status() {
  curl -fsS "http://127.0.0.1:$stats_port/stats;csv" | awk -F, -v s="$1" '$1 == "mediationd" && $2 == s {print $18}'
}
for _ in $(seq 1 50); do
  [ "$(server_status a)" = UP ] && [ "$(server_status b)" = UP ] && break
  sleep 0.1
done
[ "$(server_status a)" = UP ] && [ "$(server_status b)" = UP ] || fail "HAProxy does not see both instances up"

curl -fsS -o "$work/b" "${auth[@]}" -H 'Content-Type: application/json' -X POST "$lb/api/v1/communities" \
  -d '{"code":"sc","name":"规模社区","street":"丁庄街道"}' || fail "cannot create a community"
community=$(json_field "$work/b" id)

# intake BODY_SUMMARY KEY OUT_HEADERS OUT_BODY: POST /api/v1/cases through the balancer; prints
# the HTTP status (000 when the connection failed)
intake() {
  local n=$1
  curl -sS -o "$4" -D "$3" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $2" -X POST "$lb/api/v1/cases" --max-time 10 \
    -d "{\"dispute_type\":\"neighbor\",\"source\":\"party_application\",\"community_id\":$community,\"summary\":\"$n\",\"claims\":\"维修\",\"occurred_on\":\"2026-11-20\",\"risk_level\":\"none\",\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"张三\",\"phone\":\"13800000000\"},{\"role\":\"respondent\",\"kind\":\"person\",\"name\":\"李四\",\"phone\":\"13900000000\"}]}" 2>/dev/null || true
}
header() { tr -d '\r' <"$1" | awk -v h="$(printf '%s' "$2" | tr 'A-Z' 'a-z')" 'tolower($1) == h ":" {print $2}'; }
metric() { # PORT NAME-WITH-LABELS: its value (0 when absent)
  curl -fsS "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {v = $2} END {print v == "" ? 0 : v}'
}
replica_reads() { echo $(( $(metric "$port_a" 'mediationd_db_reads_total{target="replica"}') + $(metric "$port_b" 'mediationd_db_reads_total{target="replica"}') )); }
primary_reads() { echo $(( $(metric "$port_a" 'mediationd_db_reads_total{target="primary"}') + $(metric "$port_b" 'mediationd_db_reads_total{target="primary"}') )); }

# ---- 1 and 2: writes through the balancer, reads after them -----------------------------------
# read_after_write ROUNDS: each round writes a case and at once reads it back with If-Min-LSN
read_after_write() {
  local rounds=$1 i st lsn id summary
  for i in $(seq 1 "$rounds"); do
    summary="ryw-$2-$i"
    st=$(intake "$summary" "ryw-$2-$i-$$" "$work/h" "$work/b")
    [ "$st" = 201 ] || fail "intake through the balancer answered $st: $(cat "$work/b")"
    lsn=$(header "$work/h" X-Mediation-LSN)
    [ -n "$lsn" ] || fail "a write answered no X-Mediation-LSN"
    id=$(json_field "$work/b" id)
    st=$(curl -sS -o "$work/r" -w '%{http_code}' "${auth[@]}" -H "If-Min-LSN: $lsn" "$lb/api/v1/cases/$id")
    [ "$st" = 200 ] || fail "read after write (If-Min-LSN $lsn) answered $st: stale"
    [ "$(json_field "$work/r" summary)" = "$summary" ] || fail "read after write shows another summary"
  done
}
step "writes through the balancer; reads after them"
before_r=$(replica_reads)
read_after_write 40 fresh
after_r=$(replica_reads)
# round robin with one write and one read a round may send every write to one instance: what
# matters is that both serve, and that every write through the balancer was answered
api_requests() { curl -fsS "http://127.0.0.1:$1/metrics" | awk '/^mediationd_http_requests_total.*route="\/api\/v1\/cases/ {n += $2} END {print n + 0}'; }
served_a=$(api_requests "$port_a")
served_b=$(api_requests "$port_b")
[ "${served_a%.*}" -gt 0 ] && [ "${served_b%.*}" -gt 0 ] || fail "requests did not reach both instances ($served_a, $served_b)"
printf 'case requests answered: instance a %s, b %s; reads after write served by the replica: %d of 40\n' \
  "$served_a" "$served_b" $((after_r - before_r))
[ $((after_r - before_r)) -gt 0 ] || fail "no read after write was served by the replica"

step "replica held 3 s behind: reads after write still fresh, readiness says lagging"
psql_r "ALTER SYSTEM SET recovery_min_apply_delay = '3s'" && psql_r "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 50); do [ "$(psql_r "SHOW recovery_min_apply_delay")" = 3s ] && break; sleep 0.1; done
[ "$(psql_r "SHOW recovery_min_apply_delay")" = 3s ] || fail "the replica did not take recovery_min_apply_delay"
before_p=$(primary_reads)
( for i in $(seq 1 60); do intake "load-$i" "lag-load-$i-$$" /dev/null /dev/null >/dev/null; sleep 0.1; done ) &
load_pid=$!
pids+=("$load_pid")
read_after_write 15 delayed
id=$(json_field "$work/b" id)
[ "$(psql_r "SELECT count(*) FROM cases WHERE id = $id")" = 0 ] ||
  fail "the delayed replica already has the case just written: the check proves nothing"
lagging=""
for _ in $(seq 1 40); do
  r=$(curl -sS -w ' %{http_code}' "$lb/readyz")
  case "$r" in *'"replica":"lagging"'*' 200') lagging=yes; break ;; esac
  sleep 0.1
done
[ -n "$lagging" ] || fail "/readyz never said replica: lagging with 200 (last: $r)"
lag=$(metric "$port_a" 'mediationd_replica_lag_seconds{replica="0"}')
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 1.5 else 1)" "$lag" || fail "lag in /metrics is $lag s"
printf 'delayed replica: readyz %s; lag in /metrics %s s; reads served by the primary: %d\n' \
  "$r" "$lag" $(( $(primary_reads) - before_p ))
wait "$load_pid"
psql_r "ALTER SYSTEM RESET recovery_min_apply_delay" && psql_r "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 100); do
  case "$(curl -sS "$lb/readyz")" in *'"replica":"ok"'*) break ;; esac
  sleep 0.1
done

# ---- 3: reports on the replica ----------------------------------------------------------------
step "reports served by the replica"
scans="SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables WHERE relname IN ('report_slices', 'report_cube', 'rollup_pending')"
before=$(psql_r "$scans")
for i in $(seq 1 20); do
  st=$(curl -sS -o /dev/null -w '%{http_code}' "${auth[@]}" "$lb/api/v1/reports/summary?from=2026-01-01&to=2026-12-31")
  [ "$st" = 200 ] || fail "report answered $st"
done
after=$before
for _ in $(seq 1 50); do # statistics reach the shared view within a second or so
  after=$(psql_r "$scans")
  [ $((after - before)) -ge 20 ] && break
  sleep 0.2
done
printf 'rollup-table scans on the replica: %d before, %d after 20 reports\n' "$before" "$after"
[ $((after - before)) -ge 20 ] || fail "the replica's statistics do not show the report reads"

# ---- 4: the maintenance job runs on one instance at a time -------------------------------------
step "maintenance runs once across the instances"
t0=$(psql_p "SELECT now()")
sleep 12
holders=$(psql_p "SELECT count(DISTINCT holder) FROM job_runs WHERE job = 'maintenance' AND started_at >= '$t0'")
runs=$(psql_p "SELECT count(*) FROM job_runs WHERE job = 'maintenance' AND started_at >= '$t0'")
overlap=$(psql_p "SELECT count(*) FROM job_runs a JOIN job_runs b ON a.id < b.id AND a.holder <> b.holder AND a.started_at <= b.finished_at AND b.started_at <= a.finished_at")
lead_a=$(metric "$port_a" 'mediationd_job_leader{job="maintenance"}')
lead_b=$(metric "$port_b" 'mediationd_job_leader{job="maintenance"}')
printf 'maintenance runs in 12 s: %s by %s instance(s); leader gauge a=%s b=%s\n' "$runs" "$holders" "$lead_a" "$lead_b"
[ "$holders" = 1 ] && [ "$runs" -ge 2 ] || fail "maintenance ran $runs times by $holders instances"
[ "$overlap" = 0 ] || fail "two instances ran maintenance at the same time"
[ $((lead_a + lead_b)) = 1 ] || fail "leader gauges a=$lead_a b=$lead_b"
if [ "$lead_a" = 1 ]; then victim=0 survivor=1 vname=a; else victim=1 survivor=0 vname=b; fi

# ---- 5: the leader killed under a write load ----------------------------------------------------
step "kill the leading instance under load"
# writer W: writes cases one after another; a write not answered 201 is sent again with the same
# Idempotency-Key until it is (at most 30 tries); acknowledged ids go to ack.W
writer() {
  local w=$1 n=0 st id k tries
  : >"$work/ack.$w"
  while [ ! -f "$work/stop" ]; do
    n=$((n + 1)); k="kill-$w-$n-$$"; tries=0
    while :; do
      st=$(intake "kill-$w-$n" "$k" "$work/h.$w" "$work/b.$w")
      [ "$st" = 201 ] || [ "$st" = 200 ] && break
      tries=$((tries + 1)); [ $tries -lt 30 ] || { echo "gave up $k after $st" >>"$work/errors.$w"; break; }
      echo "$k $st" >>"$work/retried.$w"
      sleep 0.2
    done
    [ "$st" = 201 ] || [ "$st" = 200 ] && printf '%s %s\n' "$(json_field "$work/b.$w" id)" "$k" >>"$work/ack.$w"
  done
}
rm -f "$work/stop"
wpids=()
for w in 1 2 3 4; do writer $w & wpids+=($!); pids+=($!); done
sleep 2
t_kill=$(psql_p "SELECT now()")
kill -KILL "${inst_pid[$victim]}"
wait "${inst_pid[$victim]}" 2>/dev/null || true
inst_pid[$victim]=""
down=""
for _ in $(seq 1 100); do
  [ "$(server_status $vname)" = DOWN ] && { down=yes; break; }
  sleep 0.1
done
[ -n "$down" ] || fail "HAProxy did not mark the killed instance down"
sleep 3
touch "$work/stop"
for p in "${wpids[@]}"; do wait "$p"; done
if cat "$work"/errors.* 2>/dev/null; then fail "a write was never acknowledged"; fi
acked=$(cat "$work"/ack.* | wc -l)
retried=$(cat "$work"/retried.* 2>/dev/null | wc -l || true)
cut -d' ' -f1 "$work"/ack.* | sort -n | tr '\n' ',' | sed 's/,$//' >"$work/ids"
found=$(psql_p "SELECT count(*) FROM cases WHERE id IN ($(cat "$work/ids"))")
distinct=$(cut -d' ' -f1 "$work"/ack.* | sort -u | wc -l)
printf 'writes acknowledged under the kill: %d (%d retries of unanswered ones); found in the primary: %s\n' \
  "$acked" "$retried" "$found"
[ "$found" = "$acked" ] && [ "$distinct" = "$acked" ] || fail "acknowledged writes missing or doubled ($found of $acked, $distinct distinct)"
twice=$(psql_p "SELECT count(*) FROM (SELECT summary FROM cases WHERE summary LIKE 'kill-%' GROUP BY summary HAVING count(*) > 1) d")
[ "$twice" = 0 ] || fail "$twice writes were stored twice"
# the balancer sends nothing more to the dead one: requests after it went down all succeed
for i in $(seq 1 30); do
  st=$(curl -sS -o /dev/null -w '%{http_code}' "${auth[@]}" "$lb/api/v1/cases?limit=5")
  [ "$st" = 200 ] || fail "a request after the instance went down answered $st"
done
taken=""
for _ in $(seq 1 150); do
  n=$(psql_p "SELECT count(*) FROM job_runs WHERE job = 'maintenance' AND started_at > '$t_kill'")
  [ "$n" -gt 0 ] && { taken=yes; break; }
  sleep 0.1
done
[ -n "$taken" ] || fail "no instance took maintenance over within 15 s"
took=$(psql_p "SELECT round(extract(epoch FROM min(started_at) - '$t_kill'::timestamptz)::numeric, 1) FROM job_runs WHERE job = 'maintenance' AND started_at > '$t_kill'")
[ "$(metric "${inst_port[$survivor]}" 'mediationd_job_leader{job="maintenance"}')" = 1 ] || fail "the survivor does not say it leads"
printf 'maintenance taken over %s s after the kill\n' "$took"

# ---- 6: the replica stopped ---------------------------------------------------------------------
step "a replica connection lost in the middle of a read: the read is answered by the primary"
# A lock taken on the primary is replayed on the replica: a report's read of report_slices waits
# there. That waiting backend is terminated on the replica (its connection lost mid-statement);
# the instance reads again on the primary, which answers once the primary's lock is gone.
coproc LOCKER { psql -X -qtA -v ON_ERROR_STOP=1 "$primary_url" >/dev/null; }
# (bash unsets LOCKER and LOCKER_PID when the coprocess ends: keep them)
locker_pid=$LOCKER_PID
locker_in=${LOCKER[1]}
pids+=("$locker_pid")
echo "BEGIN; LOCK TABLE report_slices IN ACCESS EXCLUSIVE MODE;" >&"$locker_in"
# a commit after the lock's WAL record flushes it to the replica
for _ in $(seq 1 100); do
  psql_p "INSERT INTO job_runs (job, holder, started_at) VALUES ('lock-flush', 'scale.sh', now())"
  [ "$(psql_r "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = 'report_slices'::regclass")" -gt 0 ] && break
  sleep 0.1
done
[ "$(psql_r "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = 'report_slices'::regclass")" -gt 0 ] ||
  fail "the primary's lock did not reach the replica"
lost_before=$(cat "$work"/inst*.log | grep -c "replica connection lost during a read" || true)
curl -sS -o "$work/r" -w '%{http_code}' "${auth[@]}" "http://127.0.0.1:${inst_port[$survivor]}/api/v1/reports/summary?from=2026-01-01&to=2026-12-31" >"$work/status" &
waiter=$!
pids+=("$waiter")
terminated=""
for _ in $(seq 1 40); do
  n=$(psql_r "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'mediationd' AND wait_event_type = 'Lock'")
  [ "$n" -gt 0 ] && { terminated=yes; break; }
  sleep 0.05
done
echo "COMMIT;" >&"$locker_in"
eval "exec $locker_in>&-"
wait "$waiter" || true
wait "$locker_pid" 2>/dev/null || true
[ -n "$terminated" ] || fail "no report read waited on the replica"
[ "$(cat "$work/status")" = 200 ] || fail "the read whose replica connection was lost answered $(cat "$work/status"): $(cat "$work/r")"
lost=$(( $(cat "$work"/inst*.log | grep -c "replica connection lost during a read" || true) - lost_before ))
[ "$lost" -ge 1 ] || fail "the instance did not say it read again on the primary"
printf 'a read whose replica backend was terminated mid-statement answered 200 from the primary\n'

step "replica stopped under a read load: reads fall back to the primary"
# readers R: reports and lists through the balancer until told to stop; any answer but 200 goes
# to bad.R (the replica stops while some of their statements run on it)
reader() {
  local r=$1 st
  : >"$work/bad.$r"
  while [ ! -f "$work/stop-readers" ]; do
    for path in "/api/v1/reports/summary?from=2026-01-01&to=2026-12-31" "/api/v1/cases?limit=20"; do
      st=$(curl -sS -o /dev/null -w '%{http_code}' "${auth[@]}" "$lb$path" 2>/dev/null || true)
      [ "$st" = 200 ] || echo "$st $path" >>"$work/bad.$r"
    done
  done
}
rm -f "$work/stop-readers"
lost_before=$(cat "$work"/inst*.log | grep -c "replica connection lost during a read" || true)
rpids=()
for r in 1 2 3 4; do reader $r & rpids+=($!); pids+=($!); done
sleep 1
before_p=$(primary_reads)
pg_stop "$replica_dir"
sleep 2
touch "$work/stop-readers"
for p in "${rpids[@]}"; do wait "$p"; done
if [ -s "$(ls -S "$work"/bad.* | head -n 1)" ]; then
  cat "$work"/bad.* >&2
  fail "reads answered other than 200 while the replica stopped"
fi
lost=$(( $(cat "$work"/inst*.log | grep -c "replica connection lost during a read" || true) - lost_before ))
printf 'replica stopped under 4 readers: every read answered 200 (%d by the primary since; %s read again on the primary after losing the replica mid-statement)\n' \
  $(( $(primary_reads) - before_p )) "$lost"
before_p=$(primary_reads)
for i in $(seq 1 30); do
  for path in "/api/v1/cases?limit=5" "/api/v1/reports/summary?from=2026-01-01&to=2026-12-31" "/api/v1/cases/$id" "/api/v1/communities"; do
    st=$(curl -sS -o "$work/r" -w '%{http_code}' "${auth[@]}" "$lb$path")
    [ "$st" = 200 ] || fail "GET $path answered $st with the replica stopped: $(cat "$work/r")"
  done
done
r=$(curl -sS -w ' %{http_code}' "$lb/readyz")
case "$r" in *'"replica":"down"'*' 200') ;; *) fail "/readyz with the replica stopped: $r" ;; esac
printf 'replica stopped: 120 reads answered 200 (%d by the primary); readyz %s\n' $(( $(primary_reads) - before_p )) "$r"
step "the surviving instance drains and exits cleanly"
kill -TERM "${inst_pid[$survivor]}"
rc=0
wait "${inst_pid[$survivor]}" || rc=$?
inst_pid[$survivor]=""
[ "$rc" = 0 ] || fail "the instance exited with status $rc after SIGTERM"
! grep -q "Sanitizer" "$work/inst$survivor.log" || fail "sanitizer report in inst$survivor.log"
step "all checks passed"
