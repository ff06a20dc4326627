-- Changes a user's display name, role, active flag or password (NULL: unchanged), when the
-- version matches; writes the audit event with before and after. Deactivating or changing the
-- password revokes the user's sessions. No row: no such user for the caller, or a stale version
-- (the caller tells which with user_get).
-- $1 user id, $2 caller center_id (NULL: every center), $3 expected version, $4 display name,
-- $5 role, $6 active, $7 password hash, $8 actor key id, $9 actor user id, $10 actor name,
-- $11 request id
WITH before AS (
    SELECT * FROM users
    WHERE id = $1 AND ($2::integer IS NULL OR center_id = $2) AND version = $3
    FOR UPDATE
), updated AS (
    UPDATE users u SET display_name = coalesce($4, u.display_name),
                       role = coalesce($5::role, u.role),
                       active = coalesce($6::boolean, u.active),
                       password_hash = coalesce($7, u.password_hash),
                       version = u.version + 1,
                       updated_at = now()
    FROM before b WHERE u.id = b.id
    RETURNING u.*
), sessions_ended AS (
    UPDATE sessions s SET revoked_at = now()
    FROM updated u
    WHERE s.user_id = u.id AND s.revoked_at IS NULL AND ($7 IS NOT NULL OR NOT u.active)
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, before, after, request_id)
    SELECT u.center_id, $8, $9, $10, 'user.update', 'user', u.id,
           jsonb_build_object('display_name', b.display_name, 'role', b.role, 'active', b.active),
           jsonb_build_object('display_name', u.display_name, 'role', u.role, 'active', u.active,
                              'password_changed', $7 IS NOT NULL),
           $11
    FROM updated u JOIN before b ON b.id = u.id
)
SELECT u.id, c.code, u.username, u.display_name, u.role::text, u.active, u.version,
       to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM updated u LEFT JOIN centers c ON c.id = u.center_id
