-- Tags a case (locked by the caller) with a campaign of the same center. One row: tagged now
-- (true) or already (false); no row: no such campaign in the case's center.
-- $1 case_id, $2 campaign_id
WITH campaign AS (
    SELECT p.id FROM campaigns p JOIN cases k ON k.center_id = p.center_id
    WHERE p.id = $2 AND k.id = $1
), tagged AS (
    INSERT INTO case_campaigns (campaign_id, case_id)
    SELECT id, $1 FROM campaign
    ON CONFLICT DO NOTHING
    RETURNING campaign_id
)
SELECT EXISTS (SELECT 1 FROM tagged) FROM campaign
