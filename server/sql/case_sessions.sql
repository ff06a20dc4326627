-- The mediation sessions of a case, oldest first.
-- $1 case_id
SELECT id, to_char(held_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), kind::text,
       participants, notes, mediator_id,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM mediation_sessions WHERE case_id = $1 ORDER BY held_at, id
