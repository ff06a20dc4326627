-- A frozen report, if the caller's center made it (city-level callers see all).
-- $1 number, $2 caller center_id (NULL: every center)
-- The columns of report_snapshot_list.sql, then the result.
SELECT s.id, s.number, s.report, s.params::text, s.created_by,
       to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), s.result::text
FROM report_snapshots s
WHERE s.number = $1 AND ($2::integer IS NULL OR s.center_id = $2)
