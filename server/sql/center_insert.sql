-- Creates a center (city-level admins only) and its audit event.
-- $1 code, $2 name, $3 time zone, $4 actor key id, $5 actor user id, $6 actor name, $7 request id
WITH inserted AS (
    INSERT INTO centers (code, name, time_zone) VALUES ($1, $2, $3)
    RETURNING id, code, name, time_zone, created_at
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT i.id, $4, $5, $6, 'center.create', 'center', i.id,
           jsonb_build_object('code', i.code, 'name', i.name, 'time_zone', i.time_zone), $7
    FROM inserted i
)
SELECT id, code, name, time_zone,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM inserted
