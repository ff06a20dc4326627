-- Sends a delivery again as soon as a delivery thread is free: a dead one gets one more attempt,
-- a delivered one is delivered again (same webhook-id); and writes the audit event, in one
-- statement. A pending one is left alone (it is due, leased to a thread that is sending it, or
-- waiting for its backoff: making it due now could send it twice at once). Returns the
-- delivery's state before and whether it was retried; no row when it is not the webhook's.
-- $1 webhook id, $2 delivery id, $3 actor key id, $4 actor user id, $5 actor name, $6 request id
WITH target AS (
    SELECT d.id, d.state, d.next_attempt_at FROM webhook_deliveries d
    WHERE d.id = $2::bigint AND d.webhook_id = $1::bigint
    FOR UPDATE
), retried AS (
    UPDATE webhook_deliveries d
    SET state = 'pending', next_attempt_at = now()
    FROM target t
    WHERE d.id = t.id AND t.state <> 'pending'
    RETURNING d.id, d.attempts
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT w.center_id, $3, $4, $5, 'webhook.retry', 'webhook', w.id,
           jsonb_build_object('delivery_id', r.id, 'attempts', r.attempts), $6
    FROM retried r JOIN webhooks w ON w.id = $1::bigint
)
SELECT t.state, r.id IS NOT NULL,
       to_char(t.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM target t LEFT JOIN retried r ON true
