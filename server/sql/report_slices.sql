-- A report from the slices of 'all', of one dimension or of a pair of dimensions without the
-- mediator (migration 0008): one row per (value, value2, bucket) with the period's counts, the
-- open and overdue cases at the end of the bucket, and the close-days histograms the server
-- merges for the median (the columns of report_cube.sql). Reads the month rows of whole months
-- and the day rows of the rest (report_pieces, migration 0006): a bounded number of rows per
-- dimension value, never cases.
-- $1 center_id (NULL: every center), $2 dim ('all', a dimension or a pair such as
-- 'community,risk'), $3 value (NULL: every value of the first dimension), $4 from date, $5 to
-- date (inclusive), $6 bucket: 'period', 'month' or 'week', $7 value2 (NULL: every value of the
-- second dimension), $8 swap: true to return a pair's values the other way round (value2 first),
-- as the report lists its dimensions
WITH pieces AS MATERIALIZED (
    SELECT * FROM report_pieces($4::date, $5::date, $6::text, true)
),
centers_read AS MATERIALIZED (
    -- an array, so that the center is an index condition in a generic plan too
    SELECT CASE WHEN $1::integer IS NULL THEN (SELECT array_agg(id) FROM centers)
                ELSE ARRAY[$1::integer] END AS ids
),
-- the period's rows and the rows before it are read by separate index ranges and summed as they
-- are read: materialized together (with the histograms, a few hundred bytes a row), the rows of a
-- dimension with many values (1,500 mediators at 10 M cases: 63 k rows) spilled to disk and were
-- read twice
period AS MATERIALIZED (
    SELECT s.value, s.value2, p.bucket,
           sum(s.received) AS received,
           sum(s.accepted) AS accepted,
           sum(s.declined) AS declined,
           sum(s.assigned) AS assigned,
           sum(s.resolved) AS resolved,
           sum(s.failed) AS failed,
           sum(s.terminated) AS terminated,
           sum(s.withdrawn) AS withdrawn,
           sum(s.referred) AS referred,
           sum(s.agreements) AS agreements,
           sum(s.agreement_fen) AS agreement_fen,
           sum(s.prevented_escalation) AS prevented_escalation,
           sum(s.prevented_mass_petition) AS prevented_mass_petition,
           sum(s.close_days_sum) AS close_days_sum,
           sum(s.close_days_n) AS close_days_n,
           sum(s.open_delta) AS open_delta,
           sum(s.overdue_delta) AS overdue_delta,
           -- the histograms, concatenated: the server merges them for the median
           string_agg(s.close_hist::text, '') AS close_hist
    FROM pieces p, centers_read c
    -- one index range per piece (OFFSET 0 keeps the planner from turning this into a hash join
    -- over every row of the dimension)
    CROSS JOIN LATERAL (
        SELECT * FROM report_slices_live x
        WHERE x.center_id = ANY (c.ids) AND x.dim = $2 AND x.grain = p.grain
          AND x.day BETWEEN p.lo AND p.hi AND ($3::text IS NULL OR x.value = $3)
          AND ($7::text IS NULL OR x.value2 = $7)
        OFFSET 0) s
    WHERE p.kind = 'p'
    GROUP BY 1, 2, 3
),
base AS MATERIALIZED (
    -- open and overdue when the period starts
    SELECT s.value, s.value2, sum(s.open_delta) AS open, sum(s.overdue_delta) AS overdue
    FROM pieces p, centers_read c
    CROSS JOIN LATERAL (
        SELECT x.value, x.value2, x.open_delta, x.overdue_delta FROM report_slices_live x
        WHERE x.center_id = ANY (c.ids) AND x.dim = $2 AND x.grain = p.grain
          AND x.day BETWEEN p.lo AND p.hi AND ($3::text IS NULL OR x.value = $3)
          AND ($7::text IS NULL OR x.value2 = $7)
        OFFSET 0) s
    WHERE p.kind = 'b'
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
SELECT g.v1, g.v2, g.bucket::text,
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
FROM (SELECT grid.*, CASE WHEN $8::boolean THEN value2 ELSE value END AS v1,
             CASE WHEN $8::boolean THEN value ELSE value2 END AS v2
      FROM grid) g
-- ids in numeric order, names in text order
ORDER BY g.bucket, length(g.v1) * (g.v1 ~ '^[0-9]+$')::int, g.v1,
         length(g.v2) * (g.v2 ~ '^[0-9]+$')::int, g.v2
