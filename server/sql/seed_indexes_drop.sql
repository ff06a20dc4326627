-- Seed: drops the plain secondary indexes of the tables a large seed fills (migration 0005,
-- seed_indexes_drop), when the seed adds at least a quarter of the cases there are.
-- Returns how many were dropped.
-- $1 cases the seed adds (bigint)
SELECT seed_indexes_drop($1)
