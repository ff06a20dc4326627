-- One webhook, when the caller may manage it (not deleted).
-- $1 id, $2 center_id (NULL: any center)
SELECT w.id, w.url, array_to_string(w.event_types, ' '), w.active,
       to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(w.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), w.center_id
FROM webhooks w
WHERE w.id = $1::bigint AND w.deleted_at IS NULL
  AND ($2::integer IS NULL OR w.center_id = $2::integer)
