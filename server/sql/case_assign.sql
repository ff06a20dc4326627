-- Assigns (or reassigns) a case to an active mediator of its center; the case's channel follows
-- the mediator's. No row: no such active mediator in the case's center.
-- $1 case_id, $2 mediator_id, $3 status after (assigned, or unchanged for a reassignment)
UPDATE cases c SET mediator_id = m.id, channel = m.channel, assigned_at = now(),
                   first_assigned_at = coalesce(c.first_assigned_at, now()),
                   status = $3::case_status, version = c.version + 1
FROM mediators m
WHERE c.id = $1 AND m.id = $2 AND m.center_id = c.center_id AND m.active
RETURNING c.version, m.channel::text
