-- Seed: the center a seed goes to, the received range with its defaults (the last 365 days up to
-- today, in the center's time zone), today there, and how many cases the center has already.
-- No row: no such center.
-- $1 center code, $2 first day (date, NULL: 364 days before the last), $3 last day (date,
-- NULL: today)
SELECT c.id, c.time_zone,
       coalesce($2::date, coalesce($3::date, t.today) - 364)::text,
       coalesce($3::date, t.today)::text, t.today::text,
       (SELECT count(*) FROM cases k WHERE k.center_id = c.id)
FROM centers c CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE c.time_zone)::date AS today) t
WHERE c.code = $1
