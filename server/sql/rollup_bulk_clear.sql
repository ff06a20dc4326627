-- Bulk rollup rebuild: removes a center's rollup rows before they are written again. When no
-- other center has rollup rows (a single-center installation, or a fresh one) the tables are
-- truncated instead: cheaper than deleting millions of rows, and the rows written next then
-- meet no dead index entries. Both happen in the caller's transaction (TRUNCATE holds an
-- exclusive lock on the tables until it ends). When it truncates it also drops the tables'
-- primary keys (migration 0009), which rollup_bulk_keys.sql builds again after the rows are
-- written. Returns true when it truncated.
-- $1 center_id
SELECT rollup_clear($1)
