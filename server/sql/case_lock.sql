-- Locks a case for a change and returns what the change needs to check, if the caller's center
-- may see it. Concurrent changes of one case queue here.
-- $1 id, $2 caller center_id (NULL: every center)
SELECT c.id, c.center_id, c.status::text, c.version, c.mediator_id, m.user_id,
       c.dispute_type::text, c.risk_level::text, c.paused_at IS NOT NULL, c.extended_days,
       c.case_no, c.summary, c.claims, c.community_id, c.source::text, c.occurred_on::text
FROM cases c
LEFT JOIN mediators m ON m.id = c.mediator_id
WHERE c.id = $1 AND ($2::integer IS NULL OR c.center_id = $2)
FOR UPDATE OF c
