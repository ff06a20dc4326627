-- Records a case's outcome and closes it.
-- $1 case_id, $2 outcome, $3 note, $4 referred to, $5 prevented criminal escalation,
-- $6 prevented mass petition
UPDATE cases SET status = 'closed', outcome = $2::case_outcome, outcome_note = $3,
                 referred_to = $4, prevented_escalation = $5, prevented_mass_petition = $6,
                 closed_at = now(), paused_at = NULL, version = version + 1
WHERE id = $1
RETURNING version
