-- Bulk rollup rebuild: where each local day of a center begins, for every day its cases'
-- instants can fall on (one day of margin each side), so that the server can date instants by
-- binary search with the database's time zone rules. Days count from 2000-01-01 (PostgreSQL's
-- date epoch), instants are microseconds since 1970-01-01 UTC.
-- $1 center_id
WITH c AS (
    SELECT ce.time_zone AS tz,
           least(min(k.received_at), min(k.due_at)) AS lo,
           greatest(max(k.received_at), max(k.accepted_at), max(k.first_assigned_at),
                    max(k.declined_at), max(k.closed_at), max(k.due_at)) AS hi
    FROM centers ce JOIN cases k ON k.center_id = ce.id
    WHERE ce.id = $1
    GROUP BY ce.time_zone
)
SELECT d::date - date '2000-01-01',
       (extract(epoch FROM (d::timestamp AT TIME ZONE c.tz)) * 1000000)::bigint
FROM c, generate_series((c.lo AT TIME ZONE c.tz)::date - 1, (c.hi AT TIME ZONE c.tz)::date + 1,
                        interval '1 day') AS d
ORDER BY 1
