-- Why case_insert.sql inserted nothing (its error path only): whether the community is not one of
-- the center's, and whether occurred_on is after today in the center's time zone.
-- $1 center_id, $2 community_id, $3 occurred_on (date or NULL)
SELECT NOT EXISTS (SELECT 1 FROM communities m WHERE m.id = $2 AND m.center_id = c.id),
       coalesce($3::date > (now() AT TIME ZONE c.time_zone)::date, false)
FROM centers c
WHERE c.id = $1
