-- The background folder: folds up to $1 pending rollup rows into the rollup tables (migration
-- 0011) and returns how many it folded.
-- $1 max rows
SELECT rollup_fold($1)
