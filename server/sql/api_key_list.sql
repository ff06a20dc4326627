-- One page of API keys, newest id last (keyset: id > $2). Never returns hashes.
-- $1 center_id (NULL: every center), $2 after id, $3 limit
SELECT k.id, k.name, k.role::text, c.code, array_to_string(k.scopes, ' '),
       to_char(k.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(k.last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(k.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM api_keys k
LEFT JOIN centers c ON c.id = k.center_id
WHERE ($1::integer IS NULL OR k.center_id = $1) AND k.id > $2
ORDER BY k.id
LIMIT $3
