-- Stores a new API key (only the hash of its secret) and its audit event.
-- $1 public_id, $2 secret_hash bytea (binary), $3 name, $4 role, $5 center code (NULL: city),
-- $6 scopes (space-separated), $7 expires_at (NULL: never), $8 creator key id, $9 creator user id,
-- $10 actor name, $11 request id
WITH inserted AS (
    INSERT INTO api_keys (public_id, secret_hash, name, role, center_id, scopes, expires_at,
                          created_by_key, created_by_user)
    SELECT $1, $2, $3, $4::role, c.id, coalesce(string_to_array(nullif($6, ''), ' '), '{}'),
           $7::timestamptz,
           $8, $9
    FROM (SELECT 1) AS one
    LEFT JOIN centers c ON c.code = $5
    WHERE $5::text IS NULL OR c.id IS NOT NULL
    RETURNING id, center_id, name, role, scopes, expires_at, created_at
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, after, request_id)
    SELECT i.center_id, $8, $9, $10, 'api_key.create', 'api_key', i.id,
           jsonb_build_object('name', i.name, 'role', i.role, 'scopes', i.scopes), $11
    FROM inserted i
)
SELECT i.id, i.name, i.role::text, c.code, array_to_string(i.scopes, ' '),
       to_char(i.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       NULL::text, NULL::text
FROM inserted i LEFT JOIN centers c ON c.id = i.center_id
