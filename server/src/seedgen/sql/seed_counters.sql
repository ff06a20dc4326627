-- Seed: reserves in each year's case-number sequence of the center (migration 0011) as many
-- numbers as the seed numbers cases in that year (their year of receipt in the center's time
-- zone); returns each year with the last number reserved (the seed's cases take the numbers up
-- to it). The seed holds its lock on cases, so no intake takes a number in between.
-- $1 center_id, $2 years (int[]), $3 cases in each of them (int[])
SELECT u.year, case_number_reserve($1, u.year, u.k)
FROM unnest($2::int[], $3::int[]) AS u(year, k)
WHERE u.k > 0
