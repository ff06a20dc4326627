-- Revokes a key visible to the caller and records who did it. No row: no such key (for them).
-- $1 key id, $2 caller center_id (NULL: every center), $3 actor key id, $4 actor user id,
-- $5 actor name, $6 request id
WITH revoked AS (
    UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
    WHERE id = $1 AND ($2::integer IS NULL OR center_id = $2)
    RETURNING id, center_id, public_id
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, request_id)
    SELECT r.center_id, $3, $4, $5, 'api_key.revoke', 'api_key', r.id, $6 FROM revoked r
)
SELECT id, public_id FROM revoked
