-- One page of mediators in id order (keyset: id > $2), filtered.
-- $1 center_id (NULL: every center), $2 after id, $3 limit, $4 channel (NULL: any),
-- $5 active boolean (NULL: either), $6 specialty, a dispute type (NULL: any),
-- $7 substring of the name, case-insensitive (NULL: any)
SELECT m.id, m.center_id, c.code, m.name, m.organization, m.channel::text,
       array_to_string(m.specialties, ' '), m.max_open_cases, m.active, m.user_id, m.version,
       to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM mediators m
JOIN centers c ON c.id = m.center_id
WHERE ($1::integer IS NULL OR m.center_id = $1) AND m.id > $2
  AND ($4::mediation_channel IS NULL OR m.channel = $4::mediation_channel)
  AND ($5::boolean IS NULL OR m.active = $5::boolean)
  AND ($6::dispute_type IS NULL OR $6::dispute_type = ANY (m.specialties))
  AND ($7::text IS NULL OR strpos(lower(m.name), lower($7::text)) > 0)
ORDER BY m.id
LIMIT $3
