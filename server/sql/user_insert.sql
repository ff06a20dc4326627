-- Creates a user and its audit event.
-- $1 center code (NULL: city-level), $2 username, $3 display name, $4 role, $5 password hash,
-- $6 actor key id, $7 actor user id, $8 actor name, $9 request id
WITH inserted AS (
    INSERT INTO users (center_id, username, display_name, role, password_hash)
    SELECT c.id, $2, $3, $4::role, $5
    FROM (SELECT 1) AS one
    LEFT JOIN centers c ON c.code = $1
    WHERE $1::text IS NULL OR c.id IS NOT NULL
    RETURNING id, center_id, username, display_name, role, active, version, created_at
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT i.center_id, $6, $7, $8, 'user.create', 'user', i.id,
           jsonb_build_object('username', i.username, 'display_name', i.display_name,
                              'role', i.role), $9
    FROM inserted i
)
SELECT i.id, c.code, i.username, i.display_name, i.role::text, i.active, i.version,
       to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM inserted i LEFT JOIN centers c ON c.id = i.center_id
