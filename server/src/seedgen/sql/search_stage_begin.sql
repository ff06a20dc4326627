-- Seed, on its search connection before the seed's transaction drops anything: stages
-- case_search (case_search_next with every row there is) when a seed of $1 cases rebuilds the
-- indexes (migration 0010). Returns whether it staged; false: the seed writes case_search
-- directly.
-- $1 cases the seed adds (bigint)
SELECT search_stage_begin($1)
