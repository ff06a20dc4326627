-- Seed: the active mediators of a center and their channels, ascending by id (a case takes the
-- channel of its mediator).
-- $1 center_id
SELECT id, channel::text FROM mediators WHERE center_id = $1 AND active ORDER BY id
