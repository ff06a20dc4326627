-- The stored first response for (caller, key), and whether it answered the same request.
-- $1 caller, $2 key, $3 request hash bytea (binary)
SELECT request_hash = $3, status, location, etag, body_sealed, case_id, pii_grant
FROM idempotency_keys
WHERE caller = $1 AND key = $2
