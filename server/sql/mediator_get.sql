-- One mediator visible to the caller.
-- $1 mediator id, $2 caller center_id (NULL: every center)
SELECT m.id, m.center_id, c.code, m.name, m.organization, m.channel::text,
       array_to_string(m.specialties, ' '), m.max_open_cases, m.active, m.user_id, m.version,
       to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM mediators m JOIN centers c ON c.id = m.center_id
WHERE m.id = $1 AND ($2::integer IS NULL OR m.center_id = $2)
