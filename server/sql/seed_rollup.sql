-- Seed: rebuilds the center's report rollups set-based, after a bulk load that skipped the rollup
-- triggers (migration 0005, rollup_rebuild_bulk).
-- $1 center_id
SELECT rollup_rebuild_bulk($1)
