-- Creates a webhook and writes its audit event (the secret is never audited) in one statement.
-- $1 center_id (NULL: city-level, every center), $2 url, $3 event types (text[]), $4 active,
-- $5 secret, $6 actor key id, $7 actor user id, $8 actor name, $9 request id
WITH inserted AS (
    INSERT INTO webhooks (center_id, url, event_types, active, secret, created_by)
    VALUES ($1::integer, $2, $3::text[], $4::boolean, $5, $8)
    RETURNING *
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT i.center_id, $6, $7, $8, 'webhook.create', 'webhook', i.id,
           jsonb_build_object('url', i.url, 'event_types', i.event_types, 'active', i.active), $9
    FROM inserted i
)
SELECT i.id, i.url, array_to_string(i.event_types, ' '), i.active,
       to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), i.center_id
FROM inserted i
