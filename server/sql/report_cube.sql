-- A report from the cube, for any combination of filters and up to two dimensions: one row per
-- (value, value2, bucket), as report_slices.sql. The cube has day rows only (its cells are nearly
-- as many as the things that happened, so month rows would not be fewer): its cost follows the
-- distinct combinations of dimensions that occur on the days it reads, not the cases. When the
-- report involves exactly two dimensions ($13 names the pair), its whole months come from the
-- pair's month slices (migration 0008) and only the days of partial months from the cube.
-- $1 center_id (NULL: every center), $2 first dimension ('none' or a dimension), $3 second
-- dimension, $4 from date, $5 to date (inclusive), $6 bucket: 'period', 'month' or 'week',
-- $7 community_id, $8 mediator_id, $9 dispute_type, $10 channel, $11 source, $12 risk_level
-- (filters: NULL for any), $13 the pair ('community,mediator'; NULL for three dimensions or
-- more), $14 and $15 the filters on the pair's first and second value (NULL for any)
WITH pieces AS MATERIALIZED (
    SELECT * FROM report_pieces($4::date, $5::date, $6::text, $13::text IS NOT NULL)
),
centers_read AS MATERIALIZED (
    -- an array, so that the center is an index condition in a generic plan too
    SELECT CASE WHEN $1::integer IS NULL THEN (SELECT array_agg(id) FROM centers)
                ELSE ARRAY[$1::integer] END AS ids
),
sums AS MATERIALIZED (
    -- the rows summed per piece kind, bucket and report row in one pass
    SELECT kind, bucket, value, value2,
           sum(received) AS received, sum(accepted) AS accepted,
           sum(declined) AS declined, sum(assigned) AS assigned,
           sum(resolved) AS resolved, sum(failed) AS failed,
           sum(terminated) AS terminated, sum(withdrawn) AS withdrawn,
           sum(referred) AS referred, sum(agreements) AS agreements,
           sum(agreement_fen) AS agreement_fen,
           sum(prevented_escalation) AS prevented_escalation,
           sum(prevented_mass_petition) AS prevented_mass_petition,
           sum(close_days_sum) AS close_days_sum, sum(close_days_n) AS close_days_n,
           sum(open_delta) AS open_delta, sum(overdue_delta) AS overdue_delta,
           -- the histograms of the period's rows, concatenated: the server merges them for the
           -- median (server/src/domain/histogram.c)
           string_agg(close_hist::text, '') FILTER (WHERE kind = 'p') AS close_hist
    FROM (
        -- whole months: the pair's month rows, one index range per piece
        SELECT p.kind, p.bucket,
               CASE $2 WHEN split_part($13, ',', 1) THEN s.value
                       WHEN split_part($13, ',', 2) THEN s.value2 ELSE '' END AS value,
               CASE $3 WHEN split_part($13, ',', 1) THEN s.value
                       WHEN split_part($13, ',', 2) THEN s.value2 ELSE '' END AS value2,
               s.received, s.accepted, s.declined, s.assigned, s.resolved, s.failed,
               s.terminated, s.withdrawn, s.referred, s.agreements, s.agreement_fen,
               s.prevented_escalation, s.prevented_mass_petition, s.close_days_sum,
               s.close_days_n, s.open_delta, s.overdue_delta, s.close_hist
        FROM pieces p, centers_read c
        CROSS JOIN LATERAL (
            SELECT * FROM report_slices_live y
            WHERE y.center_id = ANY (c.ids) AND y.dim = $13 AND y.grain = 'm'
              AND y.day BETWEEN p.lo AND p.hi AND ($14::text IS NULL OR y.value = $14)
              AND ($15::text IS NULL OR y.value2 = $15)
            OFFSET 0) s
        WHERE p.grain = 'm'
        UNION ALL
        -- days: the cube cells
        SELECT p.kind, p.bucket,
               CASE $2 WHEN 'community' THEN x.community_id::text
                    WHEN 'mediator' THEN x.mediator_id::text
                    WHEN 'dispute_type' THEN x.dispute_type::text
                    WHEN 'channel' THEN x.channel
                    WHEN 'source' THEN x.source::text
                    WHEN 'risk' THEN x.risk_level::text
                    ELSE '' END,
               CASE $3 WHEN 'community' THEN x.community_id::text
                    WHEN 'mediator' THEN x.mediator_id::text
                    WHEN 'dispute_type' THEN x.dispute_type::text
                    WHEN 'channel' THEN x.channel
                    WHEN 'source' THEN x.source::text
                    WHEN 'risk' THEN x.risk_level::text
                    ELSE '' END,
               x.received, x.accepted, x.declined, x.assigned, x.resolved, x.failed,
               x.terminated, x.withdrawn, x.referred, x.agreements, x.agreement_fen,
               x.prevented_escalation, x.prevented_mass_petition, x.close_days_sum,
               x.close_days_n, x.open_delta, x.overdue_delta, x.close_hist
        FROM pieces p, centers_read c
        -- one index range per piece, none when the period has no partial months
        CROSS JOIN LATERAL (
            SELECT * FROM report_cube_live z
            WHERE z.center_id = ANY (c.ids) AND z.day BETWEEN p.lo AND p.hi
              AND ($7::bigint IS NULL OR z.community_id = $7)
              AND ($8::bigint IS NULL OR z.mediator_id = $8)
              AND ($9::dispute_type IS NULL OR z.dispute_type = $9)
              AND ($10::text IS NULL OR z.channel = $10)
              AND ($11::case_source IS NULL OR z.source = $11)
              AND ($12::risk_level IS NULL OR z.risk_level = $12)
            OFFSET 0) x
        WHERE p.grain = 'd'
    ) u
    GROUP BY 1, 2, 3, 4
),
period AS MATERIALIZED (
    SELECT * FROM sums WHERE kind = 'p'
),
base AS MATERIALIZED (
    -- open and overdue when the period starts
    SELECT value, value2, open_delta AS open, overdue_delta AS overdue FROM sums WHERE kind = 'b'
),
buckets AS MATERIALIZED (
    SELECT DISTINCT bucket FROM pieces WHERE kind = 'p'
),
grid AS MATERIALIZED (
    -- every bucket from the first in which a value has rows (or from the start, when it has rows
    -- before the period), with the state at the bucket's end: the base plus the deltas so far
    SELECT f.value, f.value2, k.bucket, p.received, p.accepted, p.declined, p.assigned,
           p.resolved, p.failed, p.terminated, p.withdrawn, p.referred, p.agreements,
           p.agreement_fen, p.prevented_escalation, p.prevented_mass_petition, p.close_days_sum,
           p.close_days_n, p.close_hist,
           coalesce(b.open, 0) + sum(coalesce(p.open_delta, 0))
               OVER (PARTITION BY f.value, f.value2 ORDER BY k.bucket) AS open,
           coalesce(b.overdue, 0) + sum(coalesce(p.overdue_delta, 0))
               OVER (PARTITION BY f.value, f.value2 ORDER BY k.bucket) AS overdue
    FROM (SELECT value, value2, min(bucket) AS first
          FROM (SELECT value, value2, '-infinity'::date AS bucket FROM base
                UNION ALL SELECT value, value2, bucket FROM period) v
          GROUP BY 1, 2) f
    JOIN buckets k ON k.bucket >= f.first
    LEFT JOIN period p ON p.value = f.value AND p.value2 = f.value2 AND p.bucket = k.bucket
    LEFT JOIN base b ON b.value = f.value AND b.value2 = f.value2
)
SELECT g.value, g.value2, g.bucket::text,
       coalesce(g.received, 0),
       coalesce(g.accepted, 0),
       coalesce(g.declined, 0),
       coalesce(g.assigned, 0),
       coalesce(g.resolved, 0),
       coalesce(g.failed, 0),
       coalesce(g.terminated, 0),
       coalesce(g.withdrawn, 0),
       coalesce(g.referred, 0),
       coalesce(g.agreements, 0),
       coalesce(g.agreement_fen, 0),
       coalesce(g.prevented_escalation, 0),
       coalesce(g.prevented_mass_petition, 0),
       coalesce(g.close_days_sum, 0),
       coalesce(g.close_days_n, 0),
       g.open, g.overdue, g.close_hist
FROM grid g
-- ids in numeric order, names in text order
ORDER BY g.bucket, length(g.value) * (g.value ~ '^[0-9]+$')::int, g.value,
         length(g.value2) * (g.value2 ~ '^[0-9]+$')::int, g.value2
