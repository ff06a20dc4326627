-- Bulk rollup rebuild, in the seed's transaction: puts the staged tables in place of the rollup
-- tables (migration 0009).
-- no parameters
SELECT rollup_stage_swap()
