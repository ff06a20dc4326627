#!/usr/bin/env bash
# tests/bench/scale_load.sh: the same load against one mediationd instance, then against two
# instances behind HAProxy, on the same PostgreSQL cluster and database (issue 17). Not a timed
# test: it prints a table and asserts nothing about it. On a machine with few cores the point is
# the balancer's overhead and that two instances stay correct under load, not a speed-up: both
# instances, HAProxy, wrk and PostgreSQL share the same CPUs.
#
# Starts a throwaway PostgreSQL cluster (build/bench-pg/scale; fsync and synchronous_commit on),
# builds the release binaries if needed, migrates, seeds CASES cases (`mediation-seed`), creates an admin key. Then, for
# "one instance" (wrk straight at it) and "two + HAProxy" (wrk at HAProxy, round robin, health
# checks on /readyz), each at CONNECTIONS connections for SECONDS: POST /api/v1/cases (new parties),
# GET /api/v1/cases/{id} (random seeded id), GET /api/v1/reports/summary (365 days). Each row:
# requests a second, p50 and p99 latency (ms), non-2xx responses and socket errors. Everything it
# started stops on exit (trap, by process id); the cluster's folder is removed.
#
# Environment: CASES (20000), SECONDS (10, only when given in the environment), CONNECTIONS (16),
# WRK_THREADS (2), THREADS (each server's worker threads; 4), PII_HASH_KEY (a fixed benchmark key).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. scripts/lib/common.sh
. tests/bench/bench_lib.sh
duration=$(bench_duration 10)

cases=${CASES:-20000}
conns=${CONNECTIONS:-16}
wrk_threads=${WRK_THREADS:-2}
threads=${THREADS:-4}
for v in duration cases conns wrk_threads threads; do
  [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -ge 1 ] || die "$v must be a positive whole number (got '${!v}')"
done
command -v wrk >/dev/null && command -v haproxy >/dev/null || ensure_packages
command -v wrk >/dev/null || die "wrk is needed (Debian package wrk)"
command -v haproxy >/dev/null || die "haproxy is needed (Debian package haproxy)"

pgdir="$root/build/bench-pg/scale"
work="$root/build/bench/scale"
bin="$root/build/release/bin/mediationd"
seed_bin="$root/build/release/bin/mediation-seed"
lua="$root/tests/bench"
mkdir -p "$work"
bench_release_binary "$bin" "$work/build.log"

pids=()
haproxy_pid=""
pg_started=""
cleanup() {
  trap - EXIT INT TERM
  local p
  for p in "${pids[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  [ -z "$haproxy_pid" ] || kill -TERM "$haproxy_pid" 2>/dev/null || true
  if [ -n "$pg_started" ]; then
    pg_remove "$pgdir"
  fi
}
trap cleanup EXIT INT TERM

pg_init "$pgdir"
pg_started=1
port=$(PG_FSYNC=on pg_start "$pgdir")
pg_createdb "$port" load
export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/load"
export PII_HASH_KEY=${PII_HASH_KEY:-bench-pii-hash-key-0123456789abcdef}
export THREADS=$threads
"$bin" migrate --log-level warn
sql() { psql -X -q -v ON_ERROR_STOP=1 -tA "$DATABASE_URL" "$@"; }
center_code=$(sql -c "SELECT code FROM centers ORDER BY id LIMIT 1")
center_id=$(sql -c "SELECT id FROM centers WHERE code = '$center_code'")
say "seeding $cases cases"
"$seed_bin" --center "$center_code" --cases "$cases" --log-level warn >"$work/seed.log" 2>&1
sql -c "VACUUM ANALYZE"
key=$("$bin" admin create-key --role admin --name "scale benchmark" --center "$center_code" \
  --log-level warn)
auth="Authorization: Bearer $key"
communities=$(sql -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM communities WHERE center_id = $center_id")
read -r min_id max_id < <(sql -F ' ' -c "SELECT min(id), max(id) FROM cases WHERE center_id = $center_id")
time_zone=$(sql -c "SELECT time_zone FROM centers WHERE id = $center_id")
to=$(sql -c "SELECT (now() AT TIME ZONE '$time_zone')::date")
from=$(sql -c "SELECT (now() AT TIME ZONE '$time_zone')::date - 364")
summary_path="/api/v1/reports/summary?from=$from&to=$to"

# wrk_run TARGET NAME SCRIPT [ARGS…]: prints "RPS P50 P99 NON2XX SOCKERR" (ms)
wrk_run() {
  local target=$1 name=$2 script=$3 t=$wrk_threads
  shift 3
  [ "$conns" -ge "$t" ] || t=$conns
  psql -X -q "$DATABASE_URL" -c "CHECKPOINT" >/dev/null || true
  wrk -t "$t" -c "$conns" -d "${duration}s" --timeout 30s -H "$auth" -s "$lua/$script" "$target" \
    -- "$@" >"$work/wrk_$name.out" 2>&1 || true
  sed -n 's/^RESULT requests=[0-9]* seconds=[0-9.]* rps=\([0-9.]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) non2xx=\([0-9]*\) sockerr=\([0-9]*\)$/\1 \2 \3 \4 \5/p' \
    "$work/wrk_$name.out" | grep . || echo "0 - - ? ?"
}
results=()
measure() { # SETUP TARGET RUN-DIGIT
  local setup=$1 target=$2 run=$3 rps p50 p99 bad sock
  say "$setup: POST /api/v1/cases, $conns connections, ${duration} s"
  read -r rps p50 p99 bad sock < <(wrk_run "$target" "intake_$run" load_intake.lua distinct "$run" "$communities")
  results+=("$(printf '%-16s %-24s %9s %8s %8s %8s %8s' "$setup" "POST cases" "$rps" "$p50" "$p99" "$bad" "$sock")")
  say "$setup: GET /api/v1/cases/{id}"
  read -r rps p50 p99 bad sock < <(wrk_run "$target" "get_$run" load_case_get.lua "$min_id" "$max_id")
  results+=("$(printf '%-16s %-24s %9s %8s %8s %8s %8s' "$setup" "GET cases/{id}" "$rps" "$p50" "$p99" "$bad" "$sock")")
  say "$setup: GET $summary_path"
  read -r rps p50 p99 bad sock < <(wrk_run "$target" "summary_$run" load_get.lua "$summary_path")
  results+=("$(printf '%-16s %-24s %9s %8s %8s %8s %8s' "$setup" "GET reports/summary" "$rps" "$p50" "$p99" "$bad" "$sock")")
}

bench_serve "$bin" 18280 "$work/server-a.log"
pids+=("$server_pid")
base_a=$base
measure "one instance" "$base_a" 1

bench_serve "$bin" 18290 "$work/server-b.log"
pids+=("$server_pid")
base_b=$base
lb_port=$(free_port 18300)
cat >"$work/haproxy.cfg" <<EOF
global
    maxconn 1024
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 2
    retry-on conn-failure
    option redispatch
frontend api
    bind 127.0.0.1:$lb_port
    default_backend mediationd
backend mediationd
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    server a ${base_a#http://} check
    server b ${base_b#http://} check
EOF
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$lb_port/readyz" 2>/dev/null && break
  sleep 0.1
done
sleep 2 # both marked up (rise 2, inter 1s)
measure "two + HAProxy" "http://127.0.0.1:$lb_port" 2

cat <<EOF

scale_load: CASES=$cases, SECONDS=$duration a run, CONNECTIONS=$conns, WRK_THREADS=$wrk_threads,
each server THREADS=$threads; $(nproc) CPUs shared by PostgreSQL, the servers, HAProxy and wrk;
$("$bin" version), $(haproxy -v | head -n 1 | cut -d' ' -f1-3). Logs: $work
EOF
printf '%-16s %-24s %9s %8s %8s %8s %8s\n' "setup" "request" "req/s" "p50 ms" "p99 ms" "non-2xx" "sock err"
printf '%s\n' "${results[@]}"
