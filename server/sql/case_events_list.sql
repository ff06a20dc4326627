-- A case's audit trail, oldest first (keyset: id > $2).
-- $1 case_id, $2 after event id, $3 limit
SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, action,
       from_status::text, to_status::text, before::text, after::text, reason, request_id,
       client_request_id
FROM case_events WHERE case_id = $1 AND id > $2
ORDER BY id LIMIT $3
