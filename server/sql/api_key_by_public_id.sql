-- Looks up a presented key by its public part; the caller compares the secret hash. Also records
-- last_used_at, at most once a minute per key (this runs only when the auth cache misses).
-- $1 public_id text
WITH k AS (
    SELECT k.id, k.secret_hash, k.name, k.role::text AS role, c.code, k.center_id,
           array_to_string(k.scopes, ' ') AS scopes,
           (k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())) AS usable,
           k.last_used_at
    FROM api_keys k
    LEFT JOIN centers c ON c.id = k.center_id
    WHERE k.public_id = $1
), touch AS (
    UPDATE api_keys SET last_used_at = now()
    WHERE id = (SELECT id FROM k WHERE usable)
      AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
)
SELECT id, secret_hash, name, role, code, center_id, scopes, usable FROM k
