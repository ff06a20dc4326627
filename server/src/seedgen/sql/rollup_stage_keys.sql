-- Bulk rollup rebuild, on the seed's second connection: builds the staged tables' keys once
-- their rows are written (migration 0009).
-- no parameters
SELECT rollup_stage_keys()
