-- Creates a community in a center and writes its audit event in the same statement.
-- $1 center_id, $2 code, $3 name, $4 street, $5 actor key id, $6 actor user id, $7 actor name,
-- $8 request id
WITH inserted AS (
    INSERT INTO communities (center_id, code, name, street)
    VALUES ($1, $2, $3, $4)
    RETURNING id, center_id, code, name, street, created_at
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT i.center_id, $5, $6, $7, 'community.create', 'community', i.id,
           jsonb_build_object('code', i.code, 'name', i.name, 'street', i.street), $8
    FROM inserted i
)
SELECT i.id, c.code, i.code, i.name, i.street,
       to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM inserted i JOIN centers c ON c.id = i.center_id
