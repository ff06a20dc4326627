-- A center's code and its deadline policy rows, the any-type rows first, then by dispute type and
-- risk level. One row with NULL policy columns: the center has no rows; no row: no such center.
-- $1 center_id
SELECT c.code, p.dispute_type::text, p.risk_level::text, p.days, p.max_extension_days
FROM centers c
LEFT JOIN deadline_policies p ON p.center_id = c.id
WHERE c.id = $1
ORDER BY p.dispute_type NULLS FIRST, p.risk_level
