-- The case an external system already pushed under this reference, in this center (references
-- are unique per center, migration 0013).
-- $1 system, $2 id, $3 center_id
SELECT id FROM cases WHERE center_id = $3 AND external_system = $1 AND external_id = $2
