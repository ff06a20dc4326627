-- One campaign, if the caller's center holds it.
-- $1 id, $2 caller center_id (NULL: every center)
SELECT p.id, c.code, p.name, p.starts_on::text, p.ends_on::text,
       to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       (SELECT count(*) FROM case_campaigns t WHERE t.campaign_id = p.id)
FROM campaigns p JOIN centers c ON c.id = p.center_id
WHERE p.id = $1 AND ($2::integer IS NULL OR p.center_id = $2)
