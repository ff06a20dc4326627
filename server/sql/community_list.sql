-- One page of communities in id order (keyset: id > $2).
-- $1 center_id (NULL: every center), $2 after id, $3 limit
SELECT m.id, c.code, m.code, m.name, m.street,
       to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM communities m
JOIN centers c ON c.id = m.center_id
WHERE ($1::integer IS NULL OR m.center_id = $1) AND m.id > $2
ORDER BY m.id
LIMIT $3
