-- Opens a login session and records the login.
-- $1 public_id, $2 secret_hash bytea (binary), $3 user id, $4 lifetime in seconds, $5 request id
WITH s AS (
    INSERT INTO sessions (public_id, secret_hash, user_id, expires_at)
    VALUES ($1, $2, $3, now() + make_interval(secs => $4))
    RETURNING id, user_id, expires_at
), audit AS (
    INSERT INTO audit_events (center_id, actor_user_id, actor, action, entity, entity_id,
                              request_id)
    SELECT u.center_id, u.id, u.display_name, 'session.login', 'session', s.id, $5
    FROM s JOIN users u ON u.id = s.user_id
)
SELECT id, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM s
