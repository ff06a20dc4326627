-- Creates a campaign (专项行动) of a center and writes its audit event in the same statement.
-- $1 center_id, $2 name, $3 starts_on, $4 ends_on (NULL: open-ended), $5 actor key id,
-- $6 actor user id, $7 actor name, $8 request id
WITH inserted AS (
    INSERT INTO campaigns (center_id, name, starts_on, ends_on)
    VALUES ($1, $2, $3::date, $4::date)
    RETURNING *
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT i.center_id, $5, $6, $7, 'campaign.create', 'campaign', i.id,
           jsonb_build_object('name', i.name, 'starts_on', i.starts_on, 'ends_on', i.ends_on), $8
    FROM inserted i
)
SELECT i.id, c.code, i.name, i.starts_on::text, i.ends_on::text,
       to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 0::bigint
FROM inserted i JOIN centers c ON c.id = i.center_id
