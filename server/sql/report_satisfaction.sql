-- The satisfaction ratings given in a period (on the day given, in the center's time zone):
-- count and mean. Reads the ratings of the period (index case_ratings_center_rated).
-- $1 center_id (NULL: every center), $2 from (inclusive date), $3 to (inclusive date)
SELECT count(*), round(avg(r.rating), 2)::text
FROM case_ratings r JOIN centers c ON c.id = r.center_id
WHERE ($1::integer IS NULL OR r.center_id = $1)
  AND r.rated_at >= ($2::date)::timestamp AT TIME ZONE c.time_zone
  AND r.rated_at < ($3::date + 1)::timestamp AT TIME ZONE c.time_zone
