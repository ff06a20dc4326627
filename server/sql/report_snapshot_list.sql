-- Frozen reports, newest first (keyset: id < $2).
-- $1 caller center_id (NULL: every center), $2 before id, $3 limit
SELECT s.id, s.number, s.report, s.params::text, s.created_by,
       to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM report_snapshots s
WHERE ($1::integer IS NULL OR s.center_id = $1) AND s.id < $2
ORDER BY s.id DESC
LIMIT $3
