-- One page of campaigns, by id, with the number of cases tagged with each.
-- $1 center_id (NULL: every center), $2 after id, $3 limit
SELECT p.id, c.code, p.name, p.starts_on::text, p.ends_on::text,
       to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       (SELECT count(*) FROM case_campaigns t WHERE t.campaign_id = p.id)
FROM campaigns p JOIN centers c ON c.id = p.center_id
WHERE ($1::integer IS NULL OR p.center_id = $1) AND p.id > $2
ORDER BY p.id
LIMIT $3
