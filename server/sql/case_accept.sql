-- Files a received case and starts its deadline.
-- $1 case_id, $2 days to conclude it
UPDATE cases SET status = 'accepted', accepted_at = now(),
                 due_at = now() + make_interval(days => $2), version = version + 1
WHERE id = $1
RETURNING version
