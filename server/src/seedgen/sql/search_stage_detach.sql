-- Seed, in its transaction after seed_bulk_begin: keeps seed_bulk_end from adding case_search's
-- foreign key back, as the staged table replaces that table (migration 0010).
-- no parameters
SELECT search_stage_detach()
