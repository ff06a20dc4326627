-- The campaigns a case is tagged with, in the order they were tagged.
-- $1 case_id
SELECT p.id, c.code, p.name, p.starts_on::text, p.ends_on::text,
       to_char(t.tagged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM case_campaigns t
JOIN campaigns p ON p.id = t.campaign_id
JOIN centers c ON c.id = p.center_id
WHERE t.case_id = $1
ORDER BY t.tagged_at, p.id
