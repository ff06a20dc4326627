-- Seed: accepted → assigned to the planned mediator; the case's channel follows the mediator's.
-- no parameters
UPDATE cases c
SET status = 'assigned', mediator_id = m.id, channel = m.channel, assigned_at = p.assigned_at,
    first_assigned_at = p.assigned_at, version = c.version + 1
FROM seed_plan p JOIN mediators m ON m.id = p.mediator_id
WHERE c.id = p.id AND p.assigned_at IS NOT NULL
