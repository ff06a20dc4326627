-- Bulk rollup rebuild: the facts of every case of a center that its rollup contributions depend
-- on (seedgen/rollup.h), instants as microseconds since 1970-01-01 UTC, the agreement's amount
-- (NULL: none). date_part's double precision holds microseconds exactly for these years.
-- $1 center_id
SELECT c.community_id, coalesce(c.mediator_id, 0), c.dispute_type, coalesce(c.channel::text, 'none'),
       c.source, c.risk_level, c.outcome, c.prevented_escalation, c.prevented_mass_petition,
       (date_part('epoch', c.received_at) * 1000000)::bigint,
       (date_part('epoch', c.accepted_at) * 1000000)::bigint,
       (date_part('epoch', c.first_assigned_at) * 1000000)::bigint,
       (date_part('epoch', c.declined_at) * 1000000)::bigint,
       (date_part('epoch', c.closed_at) * 1000000)::bigint,
       (date_part('epoch', c.due_at) * 1000000)::bigint,
       a.amount_fen
FROM cases c LEFT JOIN agreements a ON a.case_id = c.id
WHERE c.center_id = $1
