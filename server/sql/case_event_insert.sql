-- Appends to a case's audit trail.
-- $1 case_id, $2 center_id, $3 actor key id, $4 actor user id, $5 actor name, $6 action,
-- $7 from status, $8 to status, $9 before (json text), $10 after (json text), $11 reason,
-- $12 request id
INSERT INTO case_events (case_id, center_id, actor_key_id, actor_user_id, actor, action,
                         from_status, to_status, before, after, reason, request_id)
VALUES ($1, $2, $3, $4, $5, $6, $7::case_status, $8::case_status, $9::jsonb, $10::jsonb, $11, $12)
