-- Seed: checks set-based what agreements_guard and cases_resolved_need_agreement check row by row
-- outside a bulk load (migration 0007, seed_check_agreements): every resolved case of the seed
-- has its agreement and every agreement of its cases belongs to a resolved case.
-- no parameters
SELECT seed_check_agreements()
