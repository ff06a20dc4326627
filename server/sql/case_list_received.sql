-- One page of cases, red risk first, then orange, then the rest, each newest received first
-- (keyset on list_priority, received_at, id, index cases_list_risk: deep pages cost what the first
-- costs). The cursor's sort key is list_priority * 10^17 + received_at in epoch microseconds.
-- $1 center_id (NULL: all), $2 status, $3 mediator_id, $4 community_id, $5 dispute_type,
-- $6 source, $7 risk_level, $8 overdue (bool), $9 due within 3 days (bool), $10 received from
-- (date, center time), $11 received to (inclusive date), $12 external system, $13 external id,
-- $14 q (LIKE-escaped), $15 only cases whose mediator is this user (mediators), $16 cursor sort
-- key (epoch microseconds), $17 cursor id, $18 limit
SELECT c.id, ce.code, c.case_no, c.status::text, c.dispute_type::text, c.source::text,
       c.community_id, c.summary, c.risk_level::text, c.channel::text, c.mediator_id,
       to_char(c.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(c.accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(c.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       c.outcome::text,
       (c.status IN ('accepted', 'assigned', 'in_mediation') AND c.paused_at IS NULL
        AND c.due_at < now()),
       c.version, c.external_system, c.external_id,
       list_priority(c.risk_level)::bigint * 100000000000000000
           + (extract(epoch FROM c.received_at) * 1000000)::bigint
FROM cases c
JOIN centers ce ON ce.id = c.center_id
LEFT JOIN mediators m ON m.id = c.mediator_id
-- the search text, only when searching: with q NULL the planner drops this join; with q, the
-- search condition makes it an inner join, which the planner may start from the trigram index
-- (a rare word) or from the list's index (a common one)
LEFT JOIN case_search s ON s.case_id = c.id AND $14::text IS NOT NULL
WHERE ($1::integer IS NULL OR c.center_id = $1)
  AND ($2::case_status IS NULL OR c.status = $2)
  AND ($3::bigint IS NULL OR c.mediator_id = $3)
  AND ($4::bigint IS NULL OR c.community_id = $4)
  AND ($5::dispute_type IS NULL OR c.dispute_type = $5)
  AND ($6::case_source IS NULL OR c.source = $6)
  AND ($7::risk_level IS NULL OR c.risk_level = $7)
  AND ($8::boolean IS NULL OR $8 = (c.status IN ('accepted', 'assigned', 'in_mediation')
                                    AND c.paused_at IS NULL AND c.due_at < now()))
  AND ($9::boolean IS NULL OR $9 = (c.status IN ('accepted', 'assigned', 'in_mediation')
                                    AND c.paused_at IS NULL
                                    AND c.due_at BETWEEN now() AND now() + interval '3 days'))
  AND ($10::date IS NULL OR c.received_at >= ($10::date)::timestamp AT TIME ZONE ce.time_zone)
  AND ($11::date IS NULL OR c.received_at < ($11::date + 1)::timestamp AT TIME ZONE ce.time_zone)
  -- the same dates a day wider in UTC (no time zone is a day away from it), constants that the
  -- index on received_at can range over: the exact bounds above depend on the joined center's
  -- time zone, so without these a list of an old week walked every newer case to reach it
  AND c.received_at >= coalesce(($10::date - 1)::timestamp AT TIME ZONE 'UTC', '-infinity')
  AND c.received_at < coalesce(($11::date + 2)::timestamp AT TIME ZONE 'UTC', 'infinity')
  AND ($12::text IS NULL OR c.external_system = $12)
  AND ($13::text IS NULL OR c.external_id = $13)
  AND ($14::text IS NULL OR s.search_text ILIKE '%' || $14 || '%')
  AND ($15::bigint IS NULL OR m.user_id = $15)
  -- the first page starts past every row: the row comparison stays usable by the index
  AND (list_priority(c.risk_level), c.received_at, c.id)
      < (coalesce(($16::bigint / 100000000000000000)::integer, 3),
         coalesce('epoch'::timestamptz + ($16::bigint % 100000000000000000) * interval '1 microsecond',
                  'infinity'::timestamptz),
         coalesce($17::bigint, 9223372036854775807))
ORDER BY list_priority(c.risk_level) DESC, c.received_at DESC, c.id DESC
LIMIT $18
