-- A report from the cube, for any combination of filters and up to two dimensions: one row per
-- (value, value2, bucket), as report_slices.sql. Its cost follows the distinct combinations of
-- dimensions that occur, not the cases.
-- $1 center_id (NULL: every center), $2 first dimension ('none' or a dimension), $3 second
-- dimension, $4 from date, $5 to date (inclusive), $6 bucket: 'period', 'month' or 'week',
-- $7 community_id, $8 mediator_id, $9 dispute_type, $10 channel, $11 source, $12 risk_level
-- (filters: NULL for any)
WITH buckets AS (
    SELECT b::date AS bucket,
           least(CASE $6 WHEN 'month' THEN (b + interval '1 month' - interval '1 day')::date
                         WHEN 'week' THEN (b + interval '6 days')::date
                         ELSE $5::date END, $5::date) AS bucket_end
    FROM generate_series(CASE $6 WHEN 'month' THEN date_trunc('month', $4::date)
                                 WHEN 'week' THEN date_trunc('week', $4::date)
                                 ELSE $4::date END,
                         $5::date,
                         CASE $6 WHEN 'month' THEN interval '1 month'
                                 WHEN 'week' THEN interval '1 week'
                                 ELSE interval '1000 years' END) b
),
r AS (
    SELECT CASE $2 WHEN 'community' THEN community_id::text
                WHEN 'mediator' THEN mediator_id::text
                WHEN 'dispute_type' THEN dispute_type::text
                WHEN 'channel' THEN channel
                WHEN 'source' THEN source::text
                WHEN 'risk' THEN risk_level::text
                ELSE '' END AS value,
           CASE $3 WHEN 'community' THEN community_id::text
                WHEN 'mediator' THEN mediator_id::text
                WHEN 'dispute_type' THEN dispute_type::text
                WHEN 'channel' THEN channel
                WHEN 'source' THEN source::text
                WHEN 'risk' THEN risk_level::text
                ELSE '' END AS value2,
           day, received, accepted, declined, assigned, resolved, failed, terminated, withdrawn, referred, agreements, agreement_fen, prevented_escalation, prevented_mass_petition, close_days_sum, close_days_n, open_delta, overdue_delta
    FROM report_cube
    WHERE ($1::integer IS NULL OR center_id = $1)
      AND ($7::bigint IS NULL OR community_id = $7)
      AND ($8::bigint IS NULL OR mediator_id = $8)
      AND ($9::dispute_type IS NULL OR dispute_type = $9)
      AND ($10::text IS NULL OR channel = $10)
      AND ($11::case_source IS NULL OR source = $11)
      AND ($12::risk_level IS NULL OR risk_level = $12)
      AND day <= $5::date
),
hist AS (
    SELECT d.value, d.value2, b.bucket, d.days, sum(d.n)::bigint AS n
    FROM (SELECT CASE $2 WHEN 'community' THEN community_id::text
                WHEN 'mediator' THEN mediator_id::text
                WHEN 'dispute_type' THEN dispute_type::text
                WHEN 'channel' THEN channel
                WHEN 'source' THEN source::text
                WHEN 'risk' THEN risk_level::text
                ELSE '' END AS value,
                 CASE $3 WHEN 'community' THEN community_id::text
                WHEN 'mediator' THEN mediator_id::text
                WHEN 'dispute_type' THEN dispute_type::text
                WHEN 'channel' THEN channel
                WHEN 'source' THEN source::text
                WHEN 'risk' THEN risk_level::text
                ELSE '' END AS value2,
                 day, days, n
          FROM report_cube_close_days
          WHERE ($1::integer IS NULL OR center_id = $1)
      AND ($7::bigint IS NULL OR community_id = $7)
      AND ($8::bigint IS NULL OR mediator_id = $8)
      AND ($9::dispute_type IS NULL OR dispute_type = $9)
      AND ($10::text IS NULL OR channel = $10)
      AND ($11::case_source IS NULL OR source = $11)
      AND ($12::risk_level IS NULL OR risk_level = $12)) d
    JOIN buckets b ON d.day BETWEEN greatest(b.bucket, $4::date) AND b.bucket_end
    GROUP BY 1, 2, 3, 4 HAVING sum(d.n) <> 0
),
vals AS (SELECT DISTINCT value, value2 FROM r),
period AS (
    SELECT r.value, r.value2, b.bucket,
           sum(r.received) AS received,
           sum(r.accepted) AS accepted,
           sum(r.declined) AS declined,
           sum(r.assigned) AS assigned,
           sum(r.resolved) AS resolved,
           sum(r.failed) AS failed,
           sum(r.terminated) AS terminated,
           sum(r.withdrawn) AS withdrawn,
           sum(r.referred) AS referred,
           sum(r.agreements) AS agreements,
           sum(r.agreement_fen) AS agreement_fen,
           sum(r.prevented_escalation) AS prevented_escalation,
           sum(r.prevented_mass_petition) AS prevented_mass_petition,
           sum(r.close_days_sum) AS close_days_sum,
           sum(r.close_days_n) AS close_days_n
    FROM r JOIN buckets b ON r.day BETWEEN greatest(b.bucket, $4::date) AND b.bucket_end
    GROUP BY 1, 2, 3
),
state AS (
    SELECT v.value, v.value2, b.bucket, sum(r.open_delta) AS open,
           sum(r.overdue_delta) AS overdue
    FROM vals v CROSS JOIN buckets b
    JOIN r ON r.value = v.value AND r.value2 = v.value2 AND r.day <= b.bucket_end
    GROUP BY 1, 2, 3
),
cum AS (
    SELECT value, value2, bucket, days,
           -- bigint, so that the positions below are whole-number divisions
           (sum(n) OVER (PARTITION BY value, value2, bucket ORDER BY days))::bigint AS upto,
           (sum(n) OVER (PARTITION BY value, value2, bucket))::bigint AS total
    FROM hist
),
median AS (
    SELECT value, value2, bucket,
           (min(days) FILTER (WHERE upto >= (total + 1) / 2)
            + min(days) FILTER (WHERE upto >= total / 2 + 1)) / 2.0 AS median
    FROM cum GROUP BY 1, 2, 3
)
SELECT s.value, s.value2, s.bucket::text,
       coalesce(p.received, 0),
       coalesce(p.accepted, 0),
       coalesce(p.declined, 0),
       coalesce(p.assigned, 0),
       coalesce(p.resolved, 0),
       coalesce(p.failed, 0),
       coalesce(p.terminated, 0),
       coalesce(p.withdrawn, 0),
       coalesce(p.referred, 0),
       coalesce(p.agreements, 0),
       coalesce(p.agreement_fen, 0),
       coalesce(p.prevented_escalation, 0),
       coalesce(p.prevented_mass_petition, 0),
       coalesce(p.close_days_sum, 0),
       coalesce(p.close_days_n, 0),
       s.open, s.overdue, m.median
FROM state s
LEFT JOIN period p ON p.value = s.value AND p.value2 = s.value2 AND p.bucket = s.bucket
LEFT JOIN median m ON m.value = s.value AND m.value2 = s.value2 AND m.bucket = s.bucket
-- ids in numeric order, names in text order
ORDER BY s.bucket, length(s.value) * (s.value ~ '^[0-9]+$')::int, s.value,
         length(s.value2) * (s.value2 ~ '^[0-9]+$')::int, s.value2
