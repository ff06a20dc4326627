-- Changes a mediator (NULL: a field stays as it is) when the version matches, and writes the audit
-- event with before and after. No row: no such mediator for the caller, or a stale version (the
-- caller tells which with mediator_get).
-- $1 mediator id, $2 caller center_id (NULL: every center), $3 expected version, $4 name,
-- $5 organization, $6 channel, $7 specialties (dispute_type[] literal), $8 max_open_cases,
-- $9 active, $10 whether to change the linked user (boolean), $11 the user id to link (NULL with
-- $10 true: unlink), $12 actor key id, $13 actor user id, $14 actor name, $15 request id
WITH before AS (
    SELECT * FROM mediators
    WHERE id = $1 AND ($2::integer IS NULL OR center_id = $2) AND version = $3
    FOR UPDATE
), updated AS (
    UPDATE mediators m SET name = coalesce($4, m.name),
                           organization = coalesce($5, m.organization),
                           channel = coalesce($6::mediation_channel, m.channel),
                           specialties = coalesce($7::dispute_type[], m.specialties),
                           max_open_cases = coalesce($8::integer, m.max_open_cases),
                           active = coalesce($9::boolean, m.active),
                           user_id = CASE WHEN $10::boolean THEN $11::bigint ELSE m.user_id END,
                           version = m.version + 1
    FROM before b WHERE m.id = b.id
    RETURNING m.*
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, before, after, request_id)
    SELECT u.center_id, $12, $13, $14, 'mediator.update', 'mediator', u.id,
           jsonb_build_object('name', b.name, 'organization', b.organization,
                              'channel', b.channel, 'specialties', to_jsonb(b.specialties),
                              'max_open_cases', b.max_open_cases, 'active', b.active,
                              'user_id', b.user_id, 'version', b.version),
           jsonb_build_object('name', u.name, 'organization', u.organization,
                              'channel', u.channel, 'specialties', to_jsonb(u.specialties),
                              'max_open_cases', u.max_open_cases, 'active', u.active,
                              'user_id', u.user_id, 'version', u.version),
           $15
    FROM updated u JOIN before b ON b.id = u.id
)
SELECT u.id, u.center_id, c.code, u.name, u.organization, u.channel::text,
       array_to_string(u.specialties, ' '), u.max_open_cases, u.active, u.user_id, u.version,
       to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM updated u JOIN centers c ON c.id = u.center_id
