-- Extends, pauses or resumes a case's deadline and keeps the change.
--   extend: due_at + days;  pause: the clock stops (paused_at);  resume: due_at moves by the time
--   spent paused.
-- $1 case_id, $2 kind, $3 days, $4 reason, $5 applicant consent, $6 respondent consent, $7 actor
WITH before AS (
    SELECT id, due_at, paused_at FROM cases WHERE id = $1
), updated AS (
    UPDATE cases c SET
        due_at = CASE $2 WHEN 'extend' THEN c.due_at + make_interval(days => $3::int)
                         WHEN 'resume' THEN c.due_at + (now() - c.paused_at)
                         ELSE c.due_at END,
        extended_days = c.extended_days + CASE $2 WHEN 'extend' THEN $3::int ELSE 0 END,
        paused_at = CASE $2 WHEN 'pause' THEN now() WHEN 'resume' THEN NULL ELSE c.paused_at END,
        version = c.version + 1
    WHERE c.id = $1
    RETURNING c.id, c.due_at, c.version
), kept AS (
    INSERT INTO deadline_changes (case_id, kind, days, reason, applicant_consent,
                                  respondent_consent, due_before, due_after, actor)
    SELECT u.id, $2, $3::int, $4, $5::boolean, $6::boolean, b.due_at, u.due_at, $7
    FROM updated u JOIN before b ON b.id = u.id
)
SELECT version, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM updated
