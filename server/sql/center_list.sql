-- Centers visible to the caller, in id order.
-- $1 center_id (NULL: every center)
SELECT id, code, name, time_zone,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM centers
WHERE $1::integer IS NULL OR id = $1
ORDER BY id
