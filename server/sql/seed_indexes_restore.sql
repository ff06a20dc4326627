-- Seed: builds again the indexes seed_indexes_drop dropped. Returns how many.
-- no parameters
SELECT seed_indexes_restore()
