-- One user visible to the caller.
-- $1 user id, $2 caller center_id (NULL: every center)
SELECT u.id, c.code, u.username, u.display_name, u.role::text, u.active, u.version,
       to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM users u LEFT JOIN centers c ON c.id = u.center_id
WHERE u.id = $1 AND ($2::integer IS NULL OR u.center_id = $2)
