-- What the portal shows a party who holds a case's number and tracking code: the case's status
-- and dates, its mediator's name and channel, its rating; and the code's hash, which the caller
-- compares. Nothing about the parties. No row: no such case applied for in the portal.
-- $1 case_no
SELECT k.id, k.case_no, k.status::text, k.dispute_type::text,
       to_char(k.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(k.accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(k.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(k.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       k.outcome::text, m.name, m.channel::text, r.rating,
       to_char(r.rated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       a.code_hash, k.center_id,
       (SELECT max(s.held_at) FROM mediation_sessions s WHERE s.case_id = k.id) IS NOT NULL
FROM cases k
JOIN portal_access a ON a.case_id = k.id
LEFT JOIN mediators m ON m.id = k.mediator_id
LEFT JOIN case_ratings r ON r.case_id = k.id
WHERE k.case_no = $1
