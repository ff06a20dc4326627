-- The figures of each campaign's tagged cases over a period, one row per campaign (of the
-- caller's center, or one campaign). Every count is taken on the date its event happened, in
-- the center's time zone, as the rollup reports count them (docs/design.md): received on the
-- received date, accepted, declined, outcomes and agreements on their dates; open: not closed
-- nor declined at the end of the period among the cases received by then; ratings on the day
-- they were given. The period is the campaign's own (start to end, or to today) where $3 or $4
-- is NULL. Reads the tagged cases (index case_campaigns' primary key): its cost grows with the
-- campaign, not with all cases.
-- $1 caller center_id (NULL: every center), $2 campaign id (NULL: every campaign),
-- $3 from (inclusive date), $4 to (inclusive date)
WITH p AS (
    SELECT p.id, p.name, p.center_id, c.code, c.time_zone,
           coalesce($3::date, p.starts_on) AS d_from,
           coalesce($4::date, p.ends_on, (now() AT TIME ZONE c.time_zone)::date) AS d_to
    FROM campaigns p JOIN centers c ON c.id = p.center_id
    WHERE ($1::integer IS NULL OR p.center_id = $1) AND ($2::bigint IS NULL OR p.id = $2)
), b AS (
    SELECT p.*, (p.d_from::timestamp AT TIME ZONE p.time_zone) AS t0,
           ((p.d_to + 1)::timestamp AT TIME ZONE p.time_zone) AS t1
    FROM p
)
SELECT b.id, b.name, b.code, b.d_from::text, b.d_to::text,
       count(k.id) FILTER (WHERE k.received_at >= b.t0 AND k.received_at < b.t1),
       count(k.id) FILTER (WHERE k.accepted_at >= b.t0 AND k.accepted_at < b.t1),
       count(k.id) FILTER (WHERE k.declined_at >= b.t0 AND k.declined_at < b.t1),
       count(k.id) FILTER (WHERE k.closed_at >= b.t0 AND k.closed_at < b.t1 AND k.outcome = 'resolved'),
       count(k.id) FILTER (WHERE k.closed_at >= b.t0 AND k.closed_at < b.t1 AND k.outcome = 'failed'),
       count(k.id) FILTER (WHERE k.closed_at >= b.t0 AND k.closed_at < b.t1 AND k.outcome = 'terminated'),
       count(k.id) FILTER (WHERE k.closed_at >= b.t0 AND k.closed_at < b.t1 AND k.outcome = 'withdrawn'),
       count(k.id) FILTER (WHERE k.closed_at >= b.t0 AND k.closed_at < b.t1 AND k.outcome = 'referred'),
       count(k.id) FILTER (WHERE k.received_at < b.t1 AND (k.closed_at IS NULL OR k.closed_at >= b.t1)
                                 AND (k.declined_at IS NULL OR k.declined_at >= b.t1)),
       count(a.case_id) FILTER (WHERE k.closed_at >= b.t0 AND k.closed_at < b.t1),
       coalesce(sum(a.amount_fen) FILTER (WHERE k.closed_at >= b.t0 AND k.closed_at < b.t1), 0),
       count(r.case_id) FILTER (WHERE r.rated_at >= b.t0 AND r.rated_at < b.t1),
       round(avg(r.rating) FILTER (WHERE r.rated_at >= b.t0 AND r.rated_at < b.t1), 2)::text
FROM b
LEFT JOIN case_campaigns t ON t.campaign_id = b.id
LEFT JOIN cases k ON k.id = t.case_id
LEFT JOIN agreements a ON a.case_id = k.id
LEFT JOIN case_ratings r ON r.case_id = k.id
GROUP BY b.id, b.name, b.code, b.d_from, b.d_to
ORDER BY b.id
