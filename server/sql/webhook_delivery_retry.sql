-- Sends a delivery again as soon as a delivery thread is free: pending, due now (a dead one gets
-- one more attempt; a delivered one is delivered again), and writes the audit event, in one
-- statement. No row when it is not the webhook's.
-- $1 webhook id, $2 delivery id, $3 actor key id, $4 actor user id, $5 actor name, $6 request id
WITH retried AS (
    UPDATE webhook_deliveries d
    SET state = 'pending', next_attempt_at = now()
    WHERE d.id = $2::bigint AND d.webhook_id = $1::bigint
    RETURNING d.id, d.state, d.attempts
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT w.center_id, $3, $4, $5, 'webhook.retry', 'webhook', w.id,
           jsonb_build_object('delivery_id', r.id, 'attempts', r.attempts), $6
    FROM retried r JOIN webhooks w ON w.id = $1::bigint
)
SELECT id, state, attempts FROM retried
