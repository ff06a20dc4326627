-- Seed: the center a seed goes to, the received range with its defaults (the last 365 days up to
-- today, in the center's time zone), today there, how many cases the center has already, the
-- range and today again as days since 2000-01-01, and now() as microseconds since 2000-01-01 UTC
-- (the generator's binary dates and instants). No row: no such center.
-- $1 center code, $2 first day (date, NULL: 364 days before the last), $3 last day (date,
-- NULL: today)
SELECT c.id, c.time_zone, r.first_day::text, r.last_day::text, t.today::text,
       (SELECT count(*) FROM cases k WHERE k.center_id = c.id),
       r.first_day - date '2000-01-01', r.last_day - date '2000-01-01',
       t.today - date '2000-01-01',
       ((extract(epoch FROM now()) - 946684800) * 1000000)::bigint
FROM centers c
CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE c.time_zone)::date AS today) t
CROSS JOIN LATERAL (SELECT coalesce($2::date, coalesce($3::date, t.today) - 364) AS first_day,
                           coalesce($3::date, t.today) AS last_day) r
WHERE c.code = $1
