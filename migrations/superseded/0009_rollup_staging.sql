-- Bridge for the superseded text of 0009_rollup_staging.sql of 6480967 (superseded.txt): the
-- current text also drops rollup_clear(integer) (0006), which nothing calls any more.
DROP FUNCTION IF EXISTS rollup_clear(integer);
