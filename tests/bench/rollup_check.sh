#!/usr/bin/env bash
# tests/bench/rollup_check.sh: checks that the set-based rollup rebuild (rollup_rebuild_bulk,
# migrations 0005 and 0006) writes exactly the rows of the row-by-row one (rollup_rebuild_rows) and of the
# per-row triggers, on a freshly seeded center.
#
#   1. seeds CASES (default 3000) cases into a new center CHK (the seed ends with the bulk rebuild)
#   2. keeps those rollup rows, runs rollup_rebuild_rows(), and compares report_slices and report_cube both ways
#      (EXCEPT in each direction must be empty)
#   3. makes changes through the triggers (which append to rollup_pending; folded before comparing) (reassignments, deadline extensions, edits of dimension
#      fields, acceptances, declines, closes with agreements, withdrawals), then compares what the
#      triggers maintained with a fresh rollup_rebuild_bulk() (rows the triggers left at all zeros
#      after subtracting are ignored: a rebuild never writes them)
#
# Uses DATABASE_URL when set (it must be migrated), otherwise a private cluster in build/bench-pg
# that it starts, migrates and stops. Needs psql and the release binaries (built if missing), or
# the binaries MEDIATIOND and MEDIATION_SEED name.
# Exit status 0 when every comparison is empty.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. scripts/lib/common.sh
cases=${CASES:-3000}
# MEDIATIOND and MEDIATION_SEED name the binaries to use (as ctest does); otherwise the release
# build, brought up to date
bin=${MEDIATIOND:-build/release/bin/mediationd}
seed_bin=${MEDIATION_SEED:-build/release/bin/mediation-seed}
if [ -z "${MEDIATIOND:-}" ] || [ -z "${MEDIATION_SEED:-}" ]; then
  [ -f build/release/CMakeCache.txt ] ||
    cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DMEDIATION_TESTS=OFF >/dev/null
  cmake --build build/release --target mediationd mediation-seed -j "$(nproc)" >/dev/null ||
    { [ -x "$bin" ] && [ -x "$seed_bin" ]; } || die "cannot build $bin and $seed_bin"
fi
export PII_HASH_KEY=${PII_HASH_KEY:-rollup-check-pii-key-0123456789}
private=""
cleanup() { if [ -n "$private" ]; then pg_stop "$private"; fi; }
trap cleanup EXIT INT TERM
if [ -z "${DATABASE_URL:-}" ]; then
  private="$root/build/bench-pg/rollup-check"
  pg_init "$private"
  port=$(pg_start "$private")
  pg_createdb "$port" rollup_check
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/rollup_check"
fi
"$bin" migrate --log-level warn
q() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -tA "$DATABASE_URL" "$@"; }

code=CHK$((RANDOM % 1000))
center=$(q -c "INSERT INTO centers (code, name) VALUES ('$code', '核对中心') RETURNING id")
"$seed_bin" --center "$code" --cases "$cases" --seed 7 --log-level warn >&2

# compare: compares the report_* rows of the center with the snapshot tables snap_* (created by
# the caller in the same session), both ways; prints one line per table and direction.
compare() {
  local drop_zero=$1
  for table in report_slices report_cube; do
    cat <<SQL
SELECT '$table ' || d || ': ' || count(*) FROM (
  (SELECT 'only in rebuild' d, * FROM (SELECT * FROM $table WHERE center_id = $center
    EXCEPT SELECT * FROM snap_$table) x)
  UNION ALL
  (SELECT 'only in the other' d, * FROM (SELECT * FROM snap_$table WHERE NOT ($drop_zero AND
      (received, accepted, declined, assigned, resolved, failed, terminated, withdrawn, referred,
       agreements, agreement_fen, prevented_escalation, prevented_mass_petition, close_days_sum,
       close_days_n, open_delta, overdue_delta) = (0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)
      AND close_hist IS NULL)
    EXCEPT SELECT * FROM $table WHERE center_id = $center) y)) z GROUP BY d;
SQL
  done
}
snapshot() {
  cat <<SQL
DROP TABLE IF EXISTS snap_report_slices, snap_report_cube;
CREATE TEMP TABLE snap_report_slices AS SELECT * FROM report_slices WHERE center_id = $center;
CREATE TEMP TABLE snap_report_cube AS SELECT * FROM report_cube WHERE center_id = $center;
SQL
}

rows=$(q -c "SELECT (SELECT count(*) FROM report_slices WHERE center_id = $center) || ' slice rows, '
             || (SELECT count(*) FROM report_cube WHERE center_id = $center) || ' cube rows'")
say "seeded $cases cases into $code (center $center): $rows"

say "1. set-based rebuild (from the seed) against the row-by-row rebuild:"
out1=$( { snapshot; echo "SELECT rollup_rebuild_rows($center);"; compare false; } | q)
say "${out1:-   no differences}"

say "2. per-row triggers after changes against a fresh set-based rebuild:"
out2=$( { cat <<SQL
BEGIN;
-- reassign some open cases to another mediator of the center (the channel follows)
UPDATE cases c SET mediator_id = m.id, channel = m.channel, assigned_at = now(), version = version + 1
FROM (SELECT id, channel, row_number() OVER (ORDER BY id) AS k FROM mediators
      WHERE center_id = $center AND active) m
WHERE c.center_id = $center AND c.status IN ('assigned', 'in_mediation') AND c.id % 3 = 0
  AND m.k = 1 + c.id % 7 AND m.id IS DISTINCT FROM c.mediator_id;
-- extend some deadlines (open and overdue ones among them)
UPDATE cases SET due_at = due_at + interval '10 days', extended_days = extended_days + 10
WHERE center_id = $center AND status = 'in_mediation' AND id % 2 = 0;
-- edit dimension fields of open cases
UPDATE cases SET community_id = (SELECT min(id) FROM communities WHERE center_id = $center),
                 risk_level = 'orange', dispute_type = 'neighbor', source = 'hotline'
WHERE center_id = $center AND status IN ('received', 'accepted', 'assigned') AND id % 2 = 1;
-- accept or decline what is still received
UPDATE cases SET status = 'accepted', accepted_at = now(), due_at = now() + interval '30 days'
WHERE center_id = $center AND status = 'received' AND id % 2 = 0;
UPDATE cases SET status = 'declined', declined_at = now(), decline_reason = '核对'
WHERE center_id = $center AND status = 'received';
-- close: resolved with an agreement, failed, withdrawn from accepted
-- (the agreement after the close, as the API writes them: it counts on the close date)
UPDATE cases SET status = 'closed', outcome = 'resolved', closed_at = now(),
                 prevented_escalation = id % 5 = 0
WHERE center_id = $center AND status = 'in_mediation' AND id % 3 <> 0;
INSERT INTO agreements (case_id, amount_fen, form, signed_on, terms)
SELECT id, 123456, 'written', current_date, '核对' FROM cases
WHERE center_id = $center AND status = 'closed' AND outcome = 'resolved' AND closed_at = now();
UPDATE cases SET status = 'closed', outcome = 'failed', closed_at = now()
WHERE center_id = $center AND status = 'in_mediation';
UPDATE cases SET status = 'closed', outcome = 'withdrawn', closed_at = now()
WHERE center_id = $center AND status = 'accepted';
-- follow-up of closed cases (not a dimension: nothing moves)
UPDATE cases SET return_visit_at = now(), performance = 'fulfilled'
WHERE center_id = $center AND status = 'closed' AND outcome = 'resolved' AND id % 4 = 0;
COMMIT;
-- the triggers appended to rollup_pending (migration 0011): fold it all, then compare
SELECT rollup_fold_all() \g /dev/null
SQL
  snapshot; echo "SELECT rollup_rebuild_bulk($center);"; compare true; } | q)
say "${out2:-   no differences}"
[ -z "$out1" ] && [ -z "$out2" ]
