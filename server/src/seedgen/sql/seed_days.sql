-- Seed: the local midnights of a center's time zone as instants, for its days $2 .. $3 in order:
-- each day's midnight in microseconds since 2000-01-01 UTC (the generator turns local days and
-- times into instants and instants into local dates with them).
-- $1 center_id, $2 first day (date), $3 last day (date)
SELECT ((extract(epoch FROM ($2::date + i)::timestamp AT TIME ZONE c.time_zone) - 946684800)
        * 1000000)::bigint
FROM centers c, generate_series(0, $3::date - $2::date) AS i
WHERE c.id = $1
ORDER BY i
