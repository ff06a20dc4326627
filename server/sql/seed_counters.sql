-- Seed: advances the center's case counters by the number of cases the seed numbers in each year
-- (their year of receipt in the center's time zone); returns each year with its counter after
-- (the seed's cases take the numbers just below it).
-- $1 center_id, $2 years (int[]), $3 cases in each of them (int[])
INSERT INTO case_counters AS cc (center_id, year, last_seq)
SELECT $1, u.year, u.k FROM unnest($2::int[], $3::int[]) AS u(year, k)
ON CONFLICT (center_id, year) DO UPDATE SET last_seq = cc.last_seq + EXCLUDED.last_seq
RETURNING year, last_seq
