-- Webhooks a caller may manage, by id (keyset): its center's, or all for a city-level caller.
-- $1 center_id (NULL: every center), $2 after id, $3 limit
SELECT w.id, w.url, array_to_string(w.event_types, ' '), w.active,
       to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(w.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), w.center_id
FROM webhooks w
WHERE w.deleted_at IS NULL AND ($1::integer IS NULL OR w.center_id = $1::integer)
  AND w.id > $2::bigint
ORDER BY w.id
LIMIT $3::integer
