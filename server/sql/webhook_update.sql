-- Changes a webhook's url, event types or active flag (NULL: unchanged), or deletes it (soft:
-- deleted_at, inactive; its deliveries are kept), and writes the audit event, in one statement.
-- No row when the caller may not manage it.
-- $1 id, $2 center_id (NULL: any center), $3 url, $4 event types (text[]), $5 active,
-- $6 delete (boolean), $7 actor key id, $8 actor user id, $9 actor name, $10 request id
WITH before AS (
    SELECT w.id, w.url, w.event_types, w.active FROM webhooks w
    WHERE w.id = $1::bigint AND w.deleted_at IS NULL
      AND ($2::integer IS NULL OR w.center_id = $2::integer)
    FOR UPDATE
), updated AS (
    UPDATE webhooks w
    SET url = coalesce($3, w.url),
        event_types = coalesce($4::text[], w.event_types),
        active = CASE WHEN $6::boolean THEN false ELSE coalesce($5::boolean, w.active) END,
        deleted_at = CASE WHEN $6::boolean THEN now() END,
        updated_at = now()
    FROM before b WHERE w.id = b.id
    RETURNING w.*
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, before, after, request_id)
    SELECT u.center_id, $7, $8, $9,
           CASE WHEN $6::boolean THEN 'webhook.delete' ELSE 'webhook.update' END, 'webhook', u.id,
           jsonb_build_object('url', b.url, 'event_types', b.event_types, 'active', b.active),
           jsonb_build_object('url', u.url, 'event_types', u.event_types, 'active', u.active), $10
    FROM updated u JOIN before b ON b.id = u.id
)
SELECT u.id, u.url, array_to_string(u.event_types, ' '), u.active,
       to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(u.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), u.center_id
FROM updated u
