-- The mediators of a center (or all), with their capacity, for the mediators report.
-- $1 center_id (NULL: every center)
SELECT m.id, m.name, m.organization, m.channel::text, m.max_open_cases, m.active, c.code
FROM mediators m JOIN centers c ON c.id = m.center_id
WHERE $1::integer IS NULL OR m.center_id = $1
ORDER BY m.id
