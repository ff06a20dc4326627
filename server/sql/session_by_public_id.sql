-- Looks up a presented session token; the caller compares the secret hash.
-- $1 public_id
SELECT s.id, s.secret_hash, u.display_name, u.role::text, c.code, u.center_id, u.id,
       (s.revoked_at IS NULL AND s.expires_at > now() AND u.active) AS usable,
       floor(extract(epoch FROM s.expires_at))::bigint
FROM sessions s
JOIN users u ON u.id = s.user_id
LEFT JOIN centers c ON c.id = u.center_id
WHERE s.public_id = $1
