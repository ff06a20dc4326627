-- Seed, on its search connection once the new rows are in case_search_next: builds its primary
-- key and trigram index (migration 0010).
-- no parameters
SELECT search_stage_keys()
