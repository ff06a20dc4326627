-- Logs a mediation session; the first one moves an assigned case to in_mediation.
-- $1 case_id, $2 held_at, $3 kind, $4 participants, $5 notes
WITH s AS (
    INSERT INTO mediation_sessions (case_id, held_at, kind, participants, notes, mediator_id)
    SELECT $1, $2::timestamptz, $3::session_kind, $4, $5, c.mediator_id FROM cases c WHERE c.id = $1
    RETURNING id, held_at
), c AS (
    UPDATE cases SET status = 'in_mediation', version = version + 1 WHERE id = $1
    RETURNING version
)
SELECT s.id, to_char(s.held_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), c.version
FROM s, c
