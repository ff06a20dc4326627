-- A report from the cube, for any combination of filters and up to two dimensions: one row per
-- (value, value2, bucket), as report_slices.sql. The cube has day rows only (its cells are nearly
-- as many as the things that happened, so month rows would not be fewer): its cost follows the
-- distinct combinations of dimensions that occur, not the cases.
-- $1 center_id (NULL: every center), $2 first dimension ('none' or a dimension), $3 second
-- dimension, $4 from date, $5 to date (inclusive), $6 bucket: 'period', 'month' or 'week',
-- $7 community_id, $8 mediator_id, $9 dispute_type, $10 channel, $11 source, $12 risk_level
-- (filters: NULL for any)
WITH pieces AS MATERIALIZED (
    SELECT * FROM report_pieces($4::date, $5::date, $6::text, false)
),
centers_read AS MATERIALIZED (
    -- an array, so that the center is an index condition in a generic plan too
    SELECT CASE WHEN $1::integer IS NULL THEN (SELECT array_agg(id) FROM centers)
                ELSE ARRAY[$1::integer] END AS ids
),
r AS MATERIALIZED (
    SELECT p.bucket, p.kind,
           CASE $2 WHEN 'community' THEN x.community_id::text
                WHEN 'mediator' THEN x.mediator_id::text
                WHEN 'dispute_type' THEN x.dispute_type::text
                WHEN 'channel' THEN x.channel
                WHEN 'source' THEN x.source::text
                WHEN 'risk' THEN x.risk_level::text
                ELSE '' END AS value,
           CASE $3 WHEN 'community' THEN x.community_id::text
                WHEN 'mediator' THEN x.mediator_id::text
                WHEN 'dispute_type' THEN x.dispute_type::text
                WHEN 'channel' THEN x.channel
                WHEN 'source' THEN x.source::text
                WHEN 'risk' THEN x.risk_level::text
                ELSE '' END AS value2,
           x.received, x.accepted, x.declined, x.assigned, x.resolved, x.failed, x.terminated,
           x.withdrawn, x.referred, x.agreements, x.agreement_fen, x.prevented_escalation,
           x.prevented_mass_petition, x.close_days_sum, x.close_days_n, x.open_delta,
           x.overdue_delta, x.close_hist
    FROM pieces p, centers_read c, report_cube x
    WHERE x.center_id = ANY (c.ids) AND x.day BETWEEN p.lo AND p.hi
      AND ($7::bigint IS NULL OR x.community_id = $7)
      AND ($8::bigint IS NULL OR x.mediator_id = $8)
      AND ($9::dispute_type IS NULL OR x.dispute_type = $9)
      AND ($10::text IS NULL OR x.channel = $10)
      AND ($11::case_source IS NULL OR x.source = $11)
      AND ($12::risk_level IS NULL OR x.risk_level = $12)
),
period AS MATERIALIZED (
    SELECT value, value2, bucket,
           sum(received) AS received,
           sum(accepted) AS accepted,
           sum(declined) AS declined,
           sum(assigned) AS assigned,
           sum(resolved) AS resolved,
           sum(failed) AS failed,
           sum(terminated) AS terminated,
           sum(withdrawn) AS withdrawn,
           sum(referred) AS referred,
           sum(agreements) AS agreements,
           sum(agreement_fen) AS agreement_fen,
           sum(prevented_escalation) AS prevented_escalation,
           sum(prevented_mass_petition) AS prevented_mass_petition,
           sum(close_days_sum) AS close_days_sum,
           sum(close_days_n) AS close_days_n,
           sum(open_delta) AS open_delta,
           sum(overdue_delta) AS overdue_delta,
           -- the histograms, concatenated: the server merges them for the median
           string_agg(close_hist::text, '') AS close_hist
    FROM r WHERE kind = 'p'
    GROUP BY 1, 2, 3
),
base AS MATERIALIZED (
    -- open and overdue when the period starts
    SELECT value, value2, sum(open_delta) AS open, sum(overdue_delta) AS overdue
    FROM r WHERE kind = 'b'
    GROUP BY 1, 2
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
