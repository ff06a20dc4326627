-- Seed: drops the plain secondary indexes and the foreign keys of the tables a large seed fills
-- (migration 0007, seed_bulk_begin), when the seed adds at least a quarter of the cases there
-- are. Returns how many it dropped.
-- $1 cases the seed adds (bigint)
SELECT seed_bulk_begin($1)
