-- One community visible to the caller.
-- $1 id, $2 caller center_id (NULL: every center)
SELECT m.id, c.code, m.code, m.name, m.street,
       to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM communities m JOIN centers c ON c.id = m.center_id
WHERE m.id = $1 AND ($2::integer IS NULL OR m.center_id = $2)
