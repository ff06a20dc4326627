-- Seed: the cases with ids $1 .. $2 (those the seed made) by status, as (status, count) rows.
-- $1 first case id (bigint), $2 last case id (bigint)
SELECT status::text, count(*) FROM cases WHERE id BETWEEN $1 AND $2 GROUP BY status
