-- Seed: the ids of a center's communities, ascending.
-- $1 center_id
SELECT id FROM communities WHERE center_id = $1 ORDER BY id
