-- Ends a session (logout) and records it.
-- $1 session id, $2 request id
WITH s AS (
    UPDATE sessions SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
    RETURNING id, user_id
), audit AS (
    INSERT INTO audit_events (center_id, actor_user_id, actor, action, entity, entity_id,
                              request_id)
    SELECT u.center_id, u.id, u.display_name, 'session.logout', 'session', s.id, $2
    FROM s JOIN users u ON u.id = s.user_id
)
SELECT public_id FROM sessions WHERE id = $1
