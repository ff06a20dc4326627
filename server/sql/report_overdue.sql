-- Open cases past their deadline or due within $3 days, soonest due first (keyset on due_at, id).
-- $1 center_id (NULL: every center), $2 limit, $3 within days, $4 cursor due (epoch
-- microseconds), $5 cursor id
SELECT c.id, c.case_no, ce.code, c.status::text, c.risk_level::text,
       to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       floor(extract(epoch FROM now() - c.due_at) / 86400)::int,
       c.mediator_id, m.name, c.community_id, c.dispute_type::text,
       (extract(epoch FROM c.due_at) * 1000000)::bigint
FROM cases c
JOIN centers ce ON ce.id = c.center_id
LEFT JOIN mediators m ON m.id = c.mediator_id
WHERE ($1::integer IS NULL OR c.center_id = $1)
  AND c.status IN ('accepted', 'assigned', 'in_mediation') AND c.paused_at IS NULL
  AND c.due_at < now() + make_interval(days => $3)
  AND (c.due_at, c.id) > (coalesce('epoch'::timestamptz + $4::bigint * interval '1 microsecond',
                                   '-infinity'::timestamptz),
                          coalesce($5::bigint, 0))
ORDER BY c.due_at, c.id
LIMIT $2
