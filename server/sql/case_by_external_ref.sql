-- The case an external system already pushed under this reference.
-- $1 system, $2 id
SELECT id, center_id FROM cases WHERE external_system = $1 AND external_id = $2
