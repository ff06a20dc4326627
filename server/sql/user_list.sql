-- One page of users in id order (keyset: id > $2).
-- $1 center_id (NULL: every center), $2 after id, $3 limit
SELECT u.id, c.code, u.username, u.display_name, u.role::text, u.active, u.version,
       to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM users u LEFT JOIN centers c ON c.id = u.center_id
WHERE ($1::integer IS NULL OR u.center_id = $1) AND u.id > $2
ORDER BY u.id
LIMIT $3
