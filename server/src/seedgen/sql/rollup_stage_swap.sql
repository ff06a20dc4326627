-- Bulk rollup rebuild, in the seed's transaction: puts the staged tables in place of the rollup
-- tables (migration 0009) and drops the center's pending rollup rows (migration 0011), which the
-- rebuild from its cases has counted already.
-- $1 center_id
WITH counted AS (DELETE FROM rollup_pending WHERE center_id = $1)
SELECT rollup_stage_swap()
