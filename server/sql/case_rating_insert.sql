-- A party's satisfaction rating of a closed case, once, with its case event in the same
-- statement. No row: the case is not closed, or was rated before.
-- $1 case_id, $2 rating (1 to 5), $3 comment, $4 request id
WITH k AS (
    SELECT id, center_id FROM cases WHERE id = $1 AND status = 'closed'
), rated AS (
    INSERT INTO case_ratings (case_id, center_id, rating, comment)
    SELECT id, center_id, $2::smallint, $3 FROM k
    ON CONFLICT (case_id) DO NOTHING
    RETURNING case_id, center_id, rating, rated_at
), event AS (
    INSERT INTO case_events (case_id, center_id, actor, action, after, request_id)
    SELECT case_id, center_id, 'portal', 'portal.rating', jsonb_build_object('rating', rating), $4
    FROM rated
)
SELECT rating, to_char(rated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM rated
