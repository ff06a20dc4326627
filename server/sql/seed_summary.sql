-- Seed: what the seed made: its cases by status, then parties, sessions, agreements and deadline
-- extensions, as (what, count) rows.
-- no parameters
SELECT c.status::text, count(*) FROM cases c JOIN seed_plan p ON p.id = c.id GROUP BY c.status
UNION ALL
SELECT 'parties', count(*) FROM seed_party_plan
UNION ALL
SELECT 'sessions', coalesce(sum(p.extra_sessions), 0) FROM seed_plan p
UNION ALL
SELECT 'agreements', count(*) FROM seed_plan p WHERE p.outcome = 'resolved'
UNION ALL
SELECT 'extensions', count(*) FROM seed_plan p WHERE p.extended_at IS NOT NULL
