-- Seed: checks set-based what agreements_guard and cases_resolved_need_agreement check row by row
-- outside a bulk load (migration 0007, seed_check_agreements): every resolved case with an id in
-- $1 .. $2 has its agreement, and every agreement of those cases belongs to a resolved case.
-- $1 first case id (bigint), $2 last case id (bigint)
SELECT seed_check_agreements($1, $2)
