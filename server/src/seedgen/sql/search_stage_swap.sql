-- Seed, in its transaction: puts case_search_next in place of case_search and adds its foreign
-- key (migration 0010).
-- no parameters
SELECT search_stage_swap()
