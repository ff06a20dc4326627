#!/usr/bin/env bash
# tests/bench/load.sh: intake and read throughput of the server under load, next to the
# raw-PostgreSQL ceiling of the reference pgbench scripts on the same cluster, in one run. Not a
# timed test: it prints a table and asserts nothing about it (exit status 0 unless it could not
# run at all).
#
# Starts a throwaway PostgreSQL cluster (build/bench-pg/load; synchronous_commit and fsync on,
# shared_buffers BENCH_SHARED_BUFFERS, default settings otherwise), builds the release binary if
# needed, migrates a fresh database, seeds CASES cases (`mediation-seed`), creates an admin key and starts the server on 127.0.0.1.
# Then:
#   pgbench (-n -M prepared -c N -j 2 -T SECONDS) with the reference scripts intake.pgb at 1, 4,
#     16 and 32 clients and read.pgb at 16, on a scratch database of the same cluster into which
#     the reference schema.sql is loaded again before each run;
#   pgbench with the server's own statements, made into scripts by own_statement.py, on the
#     load database: server/sql/case_insert.sql at 1 and 16 clients and case_get.sql at 16 (the
#     ceiling those statements allow without the server);
#   wrk (WRK_THREADS threads, the Lua scripts in this folder) against the server:
#     POST /api/v1/cases with new parties on every request at 1, 4, 16 and 32 connections;
#     POST /api/v1/cases with one applicant shared by every case (and by SHARED_PREFILL earlier
#       cases, registered with curl just before) at 16;
#     GET /api/v1/cases/{id} by random seeded id, GET /api/v1/cases?limit=50 (the first page),
#     the same with cursors of the next pages, GET /api/v1/reports/summary over the last 365
#     days, each at 16.
# Each row: requests (transactions) per second, p50 and p99 latency, the ratio to the matching
# pgbench row (intake to pgbench intake at the same client count, reads to pgbench read), the
# count of non-2xx responses (pgbench: failed transactions) and socket errors, and the server's
# peak RSS so far (VmHWM). Everything it started stops on exit (trap): the server, then the
# cluster, whose folder is removed unless KEEP_DB=1.
#
# Environment: CASES (200000), SECONDS (10, per run; only when given in the environment: bash's
# own counter is ignored), WRK_THREADS (2, at most 10), SHARED_PREFILL (3000), THREADS and
# DB_POOL_SIZE (the server's; its defaults when unset), PII_HASH_KEY (a fixed benchmark key),
# REFERENCE_BENCH_DIR (the reference pgbench scripts; ../shared/bench from the repository root),
# KEEP_DB=1 (keep the cluster and its database; a later run tops the cases up to CASES),
# BENCH_SHARED_BUFFERS (1GB; the cluster's shared_buffers).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. scripts/lib/common.sh
. tests/bench/bench_lib.sh
duration=$(bench_duration 10)

cases=${CASES:-200000}
wrk_threads=${WRK_THREADS:-2}
prefill=${SHARED_PREFILL:-3000}
for v in duration cases wrk_threads prefill; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done
[ "$duration" -ge 1 ] || die "SECONDS must be at least 1"
[ "$wrk_threads" -ge 1 ] && [ "$wrk_threads" -le 10 ] || die "WRK_THREADS must be 1-10"
[ "$cases" -ge 1000 ] || die "CASES must be at least 1000"

ref=${REFERENCE_BENCH_DIR:-$root/../shared/bench}
for f in schema.sql intake.pgb read.pgb; do
  [ -f "$ref/$f" ] || die "reference pgbench script $ref/$f is missing: set REFERENCE_BENCH_DIR \
to the folder that holds schema.sql, intake.pgb and read.pgb (default: ../shared/bench from the \
repository root)"
done
ref=$(cd "$ref" && pwd)

pgdir="$root/build/bench-pg/load"
work="$root/build/bench/load"
bin="$root/build/release/bin/mediationd"
seed_bin="$root/build/release/bin/mediation-seed"
lua="$root/tests/bench"
mkdir -p "$work"

for tool in psql curl; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/run installs it)"
done
# wrk is in MEDIATION_PACKAGES: install what is missing, as scripts/run does
command -v wrk >/dev/null || ensure_packages
command -v wrk >/dev/null || die "wrk is needed (Debian package wrk)"
pgbench=$(bench_pgbench)
bench_release_binary "$bin" "$work/build.log"

server_pid=""
pg_started=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_started" ]; then
    pg_stop "$pgdir"
    [ -n "${KEEP_DB:-}" ] || rm -rf "$pgdir" "$pgdir.initdb.log"
  fi
}
trap cleanup EXIT INT TERM

# The cluster: PostgreSQL's defaults, with fsync and synchronous_commit on whatever the caller's
# PG_FSYNC says (durability is part of what intake costs).
pg_init "$pgdir"
pg_started=1
port=$(PG_FSYNC=on pg_start "$pgdir")
# shared_buffers: PostgreSQL's default (128 MB) holds about 100 k cases with their parties and
# agreements; beyond that every read of a random case copies pages from the kernel's cache, and
# GET /cases/{id} measured the buffer misses rather than the server. A deployment sizes it to
# the machine (see docs/operations.md); the pgbench reference runs on the same cluster with the same
# setting. BENCH_SHARED_BUFFERS=128MB measures PostgreSQL's default.
psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "ALTER SYSTEM RESET ALL" \
  -c "ALTER SYSTEM SET synchronous_commit = on" \
  -c "ALTER SYSTEM SET shared_buffers = '${BENCH_SHARED_BUFFERS:-1GB}'" >/dev/null
pg_stop "$pgdir"
port=$(PG_FSYNC=on pg_start "$pgdir")
admin_url="postgresql://postgres@127.0.0.1:$port/postgres"
if [ -z "${KEEP_DB:-}" ]; then
  PGOPTIONS="-c client_min_messages=warning" psql -X -q "$admin_url" \
    -c "DROP DATABASE IF EXISTS load WITH (FORCE)"
fi
pg_createdb "$port" load
export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/load"
ref_url="postgresql://postgres@127.0.0.1:$port/pgbench_ref"
export PII_HASH_KEY=${PII_HASH_KEY:-bench-pii-hash-key-0123456789abcdef}
"$bin" migrate --log-level warn
sql() { psql -X -q -v ON_ERROR_STOP=1 -tA "$DATABASE_URL" "$@"; }

center_code=$(sql -c "SELECT code FROM centers ORDER BY id LIMIT 1")
center_id=$(sql -c "SELECT id FROM centers WHERE code = '$center_code'")
have=$(sql -c "SELECT count(*) FROM cases WHERE center_id = $center_id")
seed_s="-"
if [ "$have" -lt "$cases" ]; then
  say "seeding $((cases - have)) cases (to $cases)"
  "$seed_bin" --center "$center_code" --cases $((cases - have)) --seed "$cases" \
    --log-level warn | tee -a "$work/seed.log" >&2
  seed_s=$(tail -n 1 "$work/seed.log" | sed -n 's/.* in \([0-9.]*\) s:.*/\1/p')
  sql -c "VACUUM ANALYZE"
fi
key=$("$bin" admin create-key --role admin --name "load benchmark" --center "$center_code" \
  --log-level warn)

bench_serve "$bin" 18180 "$work/server.log"
auth="Authorization: Bearer $key"

peak_rss() {
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "?"
}

# What the requests need: the center's communities, the seeded case ids, the report period (the
# last 365 days in the center's time zone, which the seed fills) and cursors of list pages 2-11.
communities=$(sql -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM communities
                      WHERE center_id = $center_id")
[ -n "$communities" ] || die "the center has no communities (the seed creates them)"
read -r min_id max_id < <(sql -F ' ' -c "SELECT min(id), max(id) FROM cases WHERE center_id = $center_id")
time_zone=$(sql -c "SELECT time_zone FROM centers WHERE id = $center_id")
to=$(sql -c "SELECT (now() AT TIME ZONE '$time_zone')::date")
from=$(sql -c "SELECT (now() AT TIME ZONE '$time_zone')::date - 364")
list_path="/api/v1/cases?limit=50"
urlencode() {
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [A-Za-z0-9._~-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}
cursor_paths=()
path=$list_path
for _ in $(seq 1 10); do
  cursor=$(curl -fsS -H "$auth" "$base$path" | sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p') || true
  [ -n "$cursor" ] || break
  path="$list_path&cursor=$(urlencode "$cursor")"
  cursor_paths+=("$path")
done

results=()
# row LABEL CLIENTS RPS P50 P99 RATIO NON2XX SOCKERR RSS
row() {
  results+=("$(printf '%-34s %7s %9s %8s %8s %6s %8s %8s %8s' "$@")")
}
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'
}

# checkpoint: every measured run starts right after a checkpoint, so that none pays for the dirty
# pages and the full-page writes that the seed or an earlier run left (without it the first runs
# after the seed were up to 3 times slower than the same run a minute later).
checkpoint() {
  psql -X -q "$admin_url" -c "CHECKPOINT" >/dev/null || true
}

# pgbench_run SCRIPT CLIENTS: loads the reference schema again, runs pgbench and prints
# "TPS P50 P99 FAILED" (latencies in ms, from its per-transaction log).
pgbench_run() {
  local script=$1 clients=$2
  # a fresh scratch database each time: schema.sql drops its tables but not its sequence, so it
  # cannot be loaded twice into the same database
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$admin_url" \
    -c "DROP DATABASE IF EXISTS pgbench_ref WITH (FORCE)" -c "CREATE DATABASE pgbench_ref"
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$ref_url" \
    -f "$ref/schema.sql" >/dev/null
  pgbench_measure "$work/pgbench_${script%.pgb}_$clients" "$clients" "$ref_url" -f "$ref/$script"
}

# pgbench_measure PREFIX CLIENTS URL PGBENCH-ARGS…: after a checkpoint, pgbench -M prepared for
# SECONDS at CLIENTS (2 threads at most), its logs under PREFIX; prints "TPS P50 P99 FAILED".
pgbench_measure() {
  local prefix=$1 clients=$2 url=$3 jobs=2 out
  shift 3
  [ "$clients" -ge "$jobs" ] || jobs=$clients
  rm -f "$prefix".*
  checkpoint
  out=$("$pgbench" -n -M prepared -c "$clients" -j "$jobs" -T "$duration" -l \
    --log-prefix="$prefix" "$@" "$url" 2>&1) || true
  pgbench_figures "$prefix" "$out"
}

# pgbench_figures PREFIX OUTPUT: keeps pgbench's OUTPUT in PREFIX.out and prints
# "TPS P50 P99 FAILED" from it and from the per-transaction logs PREFIX.<pid> (removed after).
pgbench_figures() {
  local prefix=$1 out=$2 tps failed p50 p99
  printf '%s\n' "$out" >"$prefix.out"
  tps=$(printf '%s\n' "$out" | awk '/^tps = / { printf "%.1f", $3; exit }')
  failed=$(printf '%s\n' "$out" | awk '/number of failed transactions/ { print $5; exit }')
  read -r p50 p99 < <(cat "$prefix".[0-9]* 2>/dev/null | awk '$3 ~ /^[0-9]+$/ { print $3 }' |
    sort -n | awk '{ t[NR] = $1 } END {
      if (NR == 0) { print "- -"; exit }
      i = int(0.50 * NR + 0.5); if (i < 1) i = 1; j = int(0.99 * NR + 0.5); if (j < 1) j = 1
      printf "%.2f %.2f\n", t[i] / 1000, t[j] / 1000 }')
  rm -f "$prefix".[0-9]*
  echo "${tps:-0} ${p50:--} ${p99:--} ${failed:-?}"
}

# own_run NAME CLIENTS PGBENCH-ARGS…: pgbench with the server's own statement (a script made by
# own_statement.py) on the load database; prints "TPS P50 P99 FAILED" like pgbench_run.
own_run() {
  local name=$1 clients=$2
  shift 2
  pgbench_measure "$work/own_${name}_$clients" "$clients" "$DATABASE_URL" "$@"
}

# wrk_run NAME CONNECTIONS SCRIPT [ARGS…]: prints "RPS P50 P99 NON2XX SOCKERR" (ms).
wrk_run() {
  local name=$1 conns=$2 script=$3 threads=$wrk_threads
  shift 3
  [ "$conns" -ge "$threads" ] || threads=$conns
  checkpoint
  wrk -t "$threads" -c "$conns" -d "${duration}s" --timeout 30s -H "$auth" \
    -s "$lua/$script" "$base" -- "$@" >"$work/wrk_$name.out" 2>&1 || true
  sed -n 's/^RESULT requests=[0-9]* seconds=[0-9.]* rps=\([0-9.]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) non2xx=\([0-9]*\) sockerr=\([0-9]*\)$/\1 \2 \3 \4 \5/p' \
    "$work/wrk_$name.out" | grep . || echo "0 - - ? ?"
}

declare -A pg_tps
for c in 1 4 16 32; do
  say "pgbench intake.pgb, $c clients, ${duration} s"
  read -r tps p50 p99 failed < <(pgbench_run intake.pgb "$c")
  pg_tps[intake_$c]=$tps
  row "pgbench intake.pgb" "$c" "$tps" "$p50" "$p99" "1.00" "$failed" "-" "-"
done
say "pgbench read.pgb, 16 clients, ${duration} s"
read -r tps p50 p99 failed < <(pgbench_run read.pgb 16)
pg_tps[read_16]=$tps
row "pgbench read.pgb" 16 "$tps" "$p50" "$p99" "1.00" "$failed" "-" "-"

# The ceiling the server's own statements allow: pgbench runs case_insert.sql and case_get.sql
# themselves on the load database (own_statement.py), with what the server would bind.
own_intake="$work/own_intake.pgb"
own_case_get="$work/own_case_get.pgb"
python3 "$lua/own_statement.py" intake server/sql/case_insert.sql >"$own_intake"
python3 "$lua/own_statement.py" case_get server/sql/case_get.sql >"$own_case_get"
key_id=$(sql -c "SELECT max(id) FROM api_keys WHERE center_id = $center_id")
declare -A own_tps srv_rps
for c in 1 16; do
  say "pgbench server/sql/case_insert.sql, $c clients, ${duration} s"
  read -r tps p50 p99 failed < <(own_run intake "$c" -D center="$center_id" \
    -D community="${communities%%,*}" -D key="$key_id" -f "$own_intake")
  own_tps[intake_$c]=$tps
  row "pgbench case_insert.sql" "$c" "$tps" "$p50" "$p99" "$(ratio "$tps" "${pg_tps[intake_$c]}")" \
    "$failed" "-" "-"
done
say "pgbench server/sql/case_get.sql, 16 clients, ${duration} s"
read -r tps p50 p99 failed < <(own_run case_get 16 -D center="$center_id" -D min_id="$min_id" \
  -D max_id="$max_id" -f "$own_case_get")
own_tps[case_get_16]=$tps
row "pgbench case_get.sql" 16 "$tps" "$p50" "$p99" "$(ratio "$tps" "${pg_tps[read_16]}")" \
  "$failed" "-" "-"

for c in 1 4 16 32; do
  say "wrk POST /api/v1/cases (new parties), $c connections, ${duration} s"
  read -r rps p50 p99 bad sock < <(wrk_run "intake_$c" "$c" load_intake.lua distinct \
    "$((c == 1 ? 1 : c == 4 ? 2 : c == 16 ? 3 : 4))" "$communities")
  srv_rps[intake_$c]=$rps
  row "POST cases, new parties" "$c" "$rps" "$p50" "$p99" "$(ratio "$rps" "${pg_tps[intake_$c]}")" \
    "$bad" "$sock" "$(peak_rss)"
done

# a few thousand open cases of the shared applicant before the measured run (curl, 4 at a time)
say "registering $prefill cases of one applicant (curl)"
shared_body="$work/shared_case.json"
first_community=${communities%%,*}
cat >"$shared_body" <<JSON
{"dispute_type":"neighbor","source":"party_application","community_id":$first_community,
 "summary":"楼上漏水导致楼下天花板受损（压测，同一申请人）","risk_level":"none",
 "parties":[{"role":"applicant","kind":"person","name":"王建国","phone":"15300000000"},
            {"role":"respondent","kind":"person","name":"李四"}]}
JSON
prefill_cfg="$work/shared_prefill.curl"
for _ in $(seq 1 "$prefill"); do
  printf 'url = "%s"\noutput = "/dev/null"\n' "$base/api/v1/cases"
done >"$prefill_cfg"
prefill_ok=0
if [ "$prefill" -gt 0 ]; then
  prefill_ok=$(curl -s --no-progress-meter --parallel --parallel-max 4 -X POST -H "$auth" \
    -H "Content-Type: application/json" --data-binary "@$shared_body" \
    -w '%{http_code}\n' -K "$prefill_cfg" | grep -c '^20[01]$' || true)
fi
say "wrk POST /api/v1/cases (shared applicant, $prefill_ok earlier cases), 16 connections"
read -r rps p50 p99 bad sock < <(wrk_run intake_shared 16 load_intake.lua shared 5 "$communities")
row "POST cases, shared applicant" 16 "$rps" "$p50" "$p99" "$(ratio "$rps" "${pg_tps[intake_16]}")" \
  "$bad" "$sock" "$(peak_rss)"

say "wrk GET /api/v1/cases/{id}, 16 connections"
read -r rps p50 p99 bad sock < <(wrk_run case_get 16 load_case_get.lua "$min_id" "$max_id")
srv_rps[case_get_16]=$rps
row "GET cases/{id}" 16 "$rps" "$p50" "$p99" "$(ratio "$rps" "${pg_tps[read_16]}")" "$bad" "$sock" \
  "$(peak_rss)"

say "wrk GET $list_path, 16 connections"
read -r rps p50 p99 bad sock < <(wrk_run list_first 16 load_get.lua "$list_path")
row "GET cases?limit=50" 16 "$rps" "$p50" "$p99" "$(ratio "$rps" "${pg_tps[read_16]}")" "$bad" \
  "$sock" "$(peak_rss)"

if [ ${#cursor_paths[@]} -gt 0 ]; then
  say "wrk GET $list_path&cursor=… (pages 2-$((${#cursor_paths[@]} + 1))), 16 connections"
  read -r rps p50 p99 bad sock < <(wrk_run list_cursor 16 load_get.lua "${cursor_paths[@]}")
  row "GET cases?limit=50&cursor=" 16 "$rps" "$p50" "$p99" "$(ratio "$rps" "${pg_tps[read_16]}")" \
    "$bad" "$sock" "$(peak_rss)"
else
  row "GET cases?limit=50&cursor=" 16 "-" "-" "-" "-" "no cursor" "-" "-"
fi

summary_path="/api/v1/reports/summary?from=$from&to=$to"
say "wrk GET $summary_path, 16 connections"
read -r rps p50 p99 bad sock < <(wrk_run summary 16 load_get.lua "$summary_path")
row "GET reports/summary (365 days)" 16 "$rps" "$p50" "$p99" "$(ratio "$rps" "${pg_tps[read_16]}")" \
  "$bad" "$sock" "$(peak_rss)"

cat <<EOF

load: CASES=$cases (seed: ${seed_s} s), SECONDS=$duration a run, WRK_THREADS=$wrk_threads,
server THREADS=${THREADS:-default} DB_POOL_SIZE=${DB_POOL_SIZE:-default}, $(nproc) CPUs,
$("$bin" version), $("$pgbench" --version | head -n 1); reference scripts: $ref
req/s: pgbench tps or wrk requests a second; p50/p99 in ms; ratio: wrk req/s over the pgbench tps
it compares with (intake rows: pgbench intake at the same clients; reads: pgbench read at 16);
non-2xx: HTTP status >= 400 (pgbench: failed transactions); sock err: wrk connect/read/write/
timeout errors; RSS: the server's VmHWM in MB after the run (peak so far). Shared applicant:
$prefill_ok of $prefill earlier cases registered before its run. The pgbench case_insert.sql and
case_get.sql rows run the server's own statements without the server (own_statement.py); what
the server keeps of them (its req/s over theirs): intake at 1 client \
$(ratio "${srv_rps[intake_1]}" "${own_tps[intake_1]}"), at 16 \
$(ratio "${srv_rps[intake_16]}" "${own_tps[intake_16]}"); GET by id \
$(ratio "${srv_rps[case_get_16]}" "${own_tps[case_get_16]}"). Logs: $work
EOF
printf '%-34s %7s %9s %8s %8s %6s %8s %8s %8s\n' "" "clients" "req/s" "p50" "p99" "ratio" \
  "non-2xx" "sock err" "RSS MB"
printf '%s\n' "${results[@]}"
