-- A webhook's deliveries, newest first (keyset on id), each with every attempt as JSON.
-- $1 webhook id, $2 before id (0: from the newest), $3 limit
SELECT d.id, d.event_id, e.type, d.state, d.attempts,
       to_char(d.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       d.last_status, d.last_error,
       to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'attempt', a.attempt,
                   'started_at', to_char(a.started_at AT TIME ZONE 'UTC',
                                         'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'status_code', a.status_code, 'latency_ms', a.latency_ms, 'error', a.error)
                   ORDER BY a.attempt), '[]'::jsonb)::text
        FROM webhook_attempts a WHERE a.delivery_id = d.id)
FROM webhook_deliveries d
JOIN feed_events e ON e.id = d.event_id
WHERE d.webhook_id = $1::bigint AND ($2::bigint = 0 OR d.id < $2::bigint)
ORDER BY d.id DESC
LIMIT $3::integer
