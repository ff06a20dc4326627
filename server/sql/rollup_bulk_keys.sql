-- Bulk rollup rebuild: builds again the primary keys rollup_clear dropped when it truncated the
-- rollup tables (migration 0009), after the rows are written: seed_bulk_end() restores whatever
-- seed_dropped_indexes remembers. Returns how many it restored.
-- no parameters
SELECT seed_bulk_end()
