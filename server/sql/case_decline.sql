-- Declines to file a received case (final).
-- $1 case_id, $2 reason, $3 referral advice
UPDATE cases SET status = 'declined', declined_at = now(), decline_reason = $2,
                 referral_advice = $3,
                 version = version + 1
WHERE id = $1
RETURNING version
