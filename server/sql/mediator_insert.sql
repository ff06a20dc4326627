-- Creates a mediator and its audit event.
-- $1 center_id, $2 name, $3 organization, $4 channel, $5 specialties (a dispute_type[] literal,
-- e.g. {neighbor,labor}), $6 max_open_cases, $7 active, $8 linked user id (NULL: none),
-- $9 actor key id, $10 actor user id, $11 actor name, $12 request id
WITH inserted AS (
    INSERT INTO mediators (center_id, name, organization, channel, specialties, max_open_cases,
                           active, user_id)
    VALUES ($1, $2, $3, $4::mediation_channel, $5::dispute_type[], $6, $7, $8)
    RETURNING *
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT i.center_id, $9, $10, $11, 'mediator.create', 'mediator', i.id,
           jsonb_build_object('name', i.name, 'organization', i.organization,
                              'channel', i.channel, 'specialties', to_jsonb(i.specialties),
                              'max_open_cases', i.max_open_cases, 'active', i.active,
                              'user_id', i.user_id), $12
    FROM inserted i
)
SELECT i.id, i.center_id, c.code, i.name, i.organization, i.channel::text,
       array_to_string(i.specialties, ' '), i.max_open_cases, i.active, i.user_id, i.version,
       to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM inserted i JOIN centers c ON c.id = i.center_id
