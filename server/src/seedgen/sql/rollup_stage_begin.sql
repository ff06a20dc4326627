-- Bulk rollup rebuild, on the seed's second connection: creates the staged rollup tables
-- (report_slices_next, report_cube_next) with every other center's rows (migration 0009).
-- $1 center_id
SELECT rollup_stage_begin($1)
