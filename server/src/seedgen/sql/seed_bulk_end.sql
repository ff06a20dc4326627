-- Seed: builds again the indexes and adds back (validating them) the foreign keys that
-- seed_bulk_begin dropped. Returns how many.
-- no parameters
SELECT seed_bulk_end()
