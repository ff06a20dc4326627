-- Stores a new API key (only the hash of its secret).
-- $1 public_id text, $2 secret_hash bytea (binary), $3 name, $4 role, $5 center code (NULL: city)
INSERT INTO api_keys (public_id, secret_hash, name, role, center_id)
SELECT $1, $2, $3, $4::role, c.id
FROM (SELECT 1) AS one
LEFT JOIN centers c ON c.code = $5
WHERE $5::text IS NULL OR c.id IS NOT NULL
RETURNING id
