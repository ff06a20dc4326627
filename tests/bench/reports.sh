#!/usr/bin/env bash
# tests/bench/reports.sh: report latency as the number of cases grows (issue 5). Not a timed test:
# it prints figures and asserts nothing about them.
#
# Starts a private PostgreSQL (scripts/pg, in build/bench-pg/reports), builds the release binary if
# it is missing, migrates a fresh database, creates an admin key and starts the server on
# 127.0.0.1. Then, for 10,000 and 1,000,000 cases (and 10,000,000 with BENCH_10M=1 when df shows
# room), it seeds the center up to that size with `mediation-seed` and measures, each REQUESTS
# times in a row (default 50) with curl:
#   GET /api/v1/reports/summary?from=…&to=…
#   GET /api/v1/reports/breakdown?by=community&from=…&to=…
#   GET /api/v1/reports/breakdown?by=dispute_type&risk_level=none&from=…&to=… (two dimensions)
#   over the twelve whole months before the current one, and over the same range shortened by
#   two weeks at each end (partial months): the pair's slices either way
#   GET /api/v1/reports/breakdown?by=mediator&community_id=…&from=…&to=… (a community's
#   mediators) over the partial months: the pair's month slices and the cube for the days of the
#   partial months (pairs with the mediator have no day rows)
#   GET /api/v1/reports/breakdown?by=dispute_type&risk_level=none&source=hotline&from=…&to=…
#   (three dimensions: the per-day cube for every day; CUBE_REQUESTS times, default 5)
# (the last 365 days in the center's time zone, which the seed fills, unless said otherwise),
# reporting the median and the 95th percentile in ms, next to the plain SQL aggregate over cases
# that computes the same summary, run by pgbench (-n -t PLAIN_RUNS -c 1 -f) and reported as its
# latency average, and the seconds `mediation-seed` took to reach the size.
# Everything stops at the end (trap): the server, then the cluster.
#
# Environment: REQUESTS (50), CUBE_REQUESTS (5), PLAIN_RUNS (20; each takes about 4 s a million
# cases), BENCH_10M (unset: skip 10M), PG_FSYNC (on),
# KEEP_DB=1 to reuse the cluster's existing database instead of starting from an empty one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. scripts/lib/common.sh
. tests/bench/bench_lib.sh

requests=${REQUESTS:-50}
pgdir="$root/build/bench-pg/reports"
work="$root/build/bench"
bin="$root/build/release/bin/mediationd"
seed_bin="$root/build/release/bin/mediation-seed"
mkdir -p "$work"

for tool in psql curl; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/run installs it)"
done
pgbench=$(bench_pgbench)
bench_release_binary "$bin" "$work/build.log"

server_pid=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  pg_stop "$pgdir"
}
trap cleanup EXIT INT TERM

# A cluster for bulk loads (PostgreSQL's "Populating a Database" advice): more shared buffers, no
# checkpoints in the middle of a seed, and wal_level minimal (no replication here), with which
# the rows written into tables truncated in the same transaction (the seed's rollups) and the
# indexes built there skip the WAL.
pg_init "$pgdir"
port=$(pg_start "$pgdir")
psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
  -c "ALTER SYSTEM SET shared_buffers = '1GB'" -c "ALTER SYSTEM SET max_wal_size = '16GB'" \
  -c "ALTER SYSTEM SET checkpoint_timeout = '30min'" -c "ALTER SYSTEM SET wal_level = 'minimal'" \
  -c "ALTER SYSTEM SET max_wal_senders = 0"
pg_stop "$pgdir"
port=$(pg_start "$pgdir" "$port")
if [ -z "${KEEP_DB:-}" ]; then
  psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "DROP DATABASE IF EXISTS bench WITH (FORCE)"
fi
pg_createdb "$port" bench
export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/bench"
export PII_HASH_KEY=${PII_HASH_KEY:-bench-pii-hash-key-0123456789abcdef}
"$bin" migrate --log-level warn
sql() { psql -X -q -v ON_ERROR_STOP=1 -tA "$DATABASE_URL" "$@"; }

center_code=$(sql -c "SELECT code FROM centers ORDER BY id LIMIT 1")
center_id=$(sql -c "SELECT id FROM centers WHERE code = '$center_code'")
time_zone=$(sql -c "SELECT time_zone FROM centers WHERE id = $center_id")
to=$(sql -c "SELECT (now() AT TIME ZONE '$time_zone')::date")
from=$(sql -c "SELECT (now() AT TIME ZONE '$time_zone')::date - 364")
key=$("$bin" admin create-key --role admin --name "reports benchmark" --center "$center_code" \
  --log-level warn)

bench_serve "$bin" 18080 "$work/server.log"

# The summary computed straight from the cases, as a report would without rollups: every count
# on the date its event happened in the center's time zone, open and overdue at the end of the
# period, days from acceptance to close (mean and median).
cat >"$work/plain_summary.sql" <<SQL
WITH b AS (
    SELECT ('$from'::date::timestamp AT TIME ZONE '$time_zone') AS t0,
           (('$to'::date + 1)::timestamp AT TIME ZONE '$time_zone') AS t1
), k AS (
    SELECT c.*, a.amount_fen, a.case_id IS NOT NULL AS has_agreement,
           c.closed_at >= b.t0 AND c.closed_at < b.t1 AS closed_in,
           coalesce(c.closed_at, c.declined_at) AS ended_at, b.t0, b.t1,
           (c.closed_at AT TIME ZONE '$time_zone')::date
               - (c.accepted_at AT TIME ZONE '$time_zone')::date AS close_days
    FROM cases c LEFT JOIN agreements a ON a.case_id = c.id, b
    WHERE c.center_id = $center_id
)
SELECT count(*) FILTER (WHERE received_at >= t0 AND received_at < t1) AS received,
       count(*) FILTER (WHERE accepted_at >= t0 AND accepted_at < t1) AS accepted,
       count(*) FILTER (WHERE declined_at >= t0 AND declined_at < t1) AS declined,
       count(*) FILTER (WHERE first_assigned_at >= t0 AND first_assigned_at < t1) AS assigned,
       count(*) FILTER (WHERE closed_in AND outcome = 'resolved') AS resolved,
       count(*) FILTER (WHERE closed_in AND outcome = 'failed') AS failed,
       count(*) FILTER (WHERE closed_in AND outcome = 'terminated') AS terminated,
       count(*) FILTER (WHERE closed_in AND outcome = 'withdrawn') AS withdrawn,
       count(*) FILTER (WHERE closed_in AND outcome = 'referred') AS referred,
       count(*) FILTER (WHERE received_at < t1 AND (ended_at IS NULL OR ended_at >= t1)) AS open,
       count(*) FILTER (WHERE received_at < t1 AND (ended_at IS NULL OR ended_at >= t1)
                              AND due_at < t1) AS overdue,
       count(*) FILTER (WHERE closed_in AND has_agreement) AS agreement_count,
       coalesce(sum(amount_fen) FILTER (WHERE closed_in), 0) AS agreement_fen,
       count(*) FILTER (WHERE closed_in AND prevented_escalation) AS prevented_escalation,
       count(*) FILTER (WHERE closed_in AND prevented_mass_petition) AS prevented_mass_petition,
       avg(close_days) FILTER (WHERE closed_in) AS mean_days,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY close_days) FILTER (WHERE closed_in)
           AS median_days
FROM k;
SQL

# latency URL: REQUESTS sequential GETs after one warm-up; prints "median p95" in ms, or
# "404 404" / "ERR ERR" when the endpoint is missing or fails.
latency() {
  local url=$1 requests=${2:-$requests} code times=()
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" "$url")
  if [ "$code" != 200 ]; then
    [ "$code" = 404 ] && echo "404 404" || echo "ERR($code) ERR($code)"
    return
  fi
  local line
  for _ in $(seq 1 "$requests"); do
    line=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $key" "$url")
    [ "${line%% *}" = 200 ] || { echo "ERR(${line%% *}) ERR(${line%% *})"; return; }
    times+=("${line#* }")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk -v n="$requests" '
    { t[NR] = $1 * 1000 }
    END {
      m = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
      p = int(0.95 * n + 0.999999); if (p < 1) p = 1; if (p > n) p = n
      printf "%.2f %.2f\n", m, t[p]
    }'
}

plain_sql() {
  "$pgbench" -n -t "${PLAIN_RUNS:-20}" -c 1 -f "$work/plain_summary.sql" "$DATABASE_URL" 2>/dev/null |
    awk '/latency average/ { print $4 }'
}

sizes=(10000 1000000)
if [ -n "${BENCH_10M:-}" ]; then
  # about 5 GB a million cases with indexes, rollups and WAL: ask for 60 GB free
  free_kb=$(df -Pk "$root/build" | awk 'NR == 2 { print $4 }')
  if [ "$free_kb" -gt $((60 * 1024 * 1024)) ]; then
    sizes+=(10000000)
  else
    say "BENCH_10M set, but only $((free_kb / 1024 / 1024)) GB free: skipping 10M"
  fi
fi

# the twelve whole months before the current one, and that range two weeks shorter at each end
month_from=$(sql -c "SELECT (date_trunc('month', '$to'::date) - interval '12 months')::date")
month_to=$(sql -c "SELECT (date_trunc('month', '$to'::date) - interval '1 day')::date")
part_from=$(sql -c "SELECT '$month_from'::date + 14")
part_to=$(sql -c "SELECT '$month_to'::date - 14")
pair="by=dispute_type&risk_level=none"
results=()
for size in "${sizes[@]}"; do
  have=$(sql -c "SELECT count(*) FROM cases WHERE center_id = $center_id")
  seconds="-"
  if [ "$have" -lt "$size" ]; then
    say "seeding $((size - have)) cases (to $size)"
    "$seed_bin" --center "$center_code" --cases $((size - have)) --seed "$size" \
      --log-level warn | tee -a "$work/seed.log" >&2
    seconds=$(tail -n 1 "$work/seed.log" | sed -n 's/.* in \([0-9.]*\) s:.*/\1/p')
    # fresh statistics (and a visibility map) for the plain SQL and the report queries
    sql -c "VACUUM ANALYZE"
  fi
  # a community the seed created
  community_id=$(sql -c "SELECT min(id) FROM communities WHERE center_id = $center_id")
  read -r s_med s_p95 < <(latency "$base/api/v1/reports/summary?from=$from&to=$to")
  read -r b_med b_p95 < <(latency "$base/api/v1/reports/breakdown?by=community&from=$from&to=$to")
  read -r m_med m_p95 < <(latency \
    "$base/api/v1/reports/breakdown?$pair&from=$month_from&to=$month_to")
  read -r p_med p_p95 < <(latency \
    "$base/api/v1/reports/breakdown?$pair&from=$part_from&to=$part_to")
  read -r d_med d_p95 < <(latency \
    "$base/api/v1/reports/breakdown?by=mediator&community_id=$community_id&from=$part_from&to=$part_to")
  read -r c_med c_p95 < <(latency \
    "$base/api/v1/reports/breakdown?$pair&source=hotline&from=$from&to=$to" "${CUBE_REQUESTS:-5}")
  plain=$(plain_sql)
  results+=("$(printf '%10s  %8s %8s  %8s %8s  %8s %8s  %8s %8s  %8s %8s  %8s %8s  %10s  %7s' \
    "$size" "$s_med" "$s_p95" "$b_med" "$b_p95" "$m_med" "$m_p95" "$p_med" "$p_p95" "$d_med" \
    "$d_p95" "$c_med" "$c_p95" "${plain:-ERR}" "$seconds")")
done

echo
echo "reports over $from..$to (two dimensions: $month_from..$month_to, whole months, and"
echo "$part_from..$part_to, partial), $requests requests each"
echo "(three dimensions: ${CUBE_REQUESTS:-5}); median and p95 in ms; plain SQL: pgbench latency"
echo "average of ${PLAIN_RUNS:-20}; seed: seconds to reach the size"
printf '%10s  %17s  %17s  %17s  %17s  %17s  %17s  %10s  %7s\n' "" "summary" "by community" \
  "two, whole months" "two, partial" "mediator pair" "three dims" "" ""
printf '%10s  %8s %8s  %8s %8s  %8s %8s  %8s %8s  %8s %8s  %8s %8s  %10s  %7s\n' "cases" \
  "median" "p95" "median" "p95" "median" "p95" "median" "p95" "median" "p95" "median" "p95" \
  "plain SQL" "seed s"
printf '%s\n' "${results[@]}"
