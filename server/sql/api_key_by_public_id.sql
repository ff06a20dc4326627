-- Looks up a presented key by its public part; the caller compares the secret hash.
-- $1 public_id text
SELECT k.id, k.secret_hash, k.name, k.role::text, c.code, k.center_id,
       array_to_string(k.scopes, ' '),
       (k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())) AS usable
FROM api_keys k
LEFT JOIN centers c ON c.id = k.center_id
WHERE k.public_id = $1
