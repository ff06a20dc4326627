-- Claims an Idempotency-Key for this request. A row (caller, key) that another transaction is
-- inserting makes this statement wait for it, so concurrent retries serialize here. A claim older
-- than 24 hours is taken over. One row back: claimed; none: an earlier request holds the key.
-- $1 caller, $2 key, $3 request hash bytea (binary)
INSERT INTO idempotency_keys (caller, key, request_hash)
VALUES ($1, $2, $3)
ON CONFLICT (caller, key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, status = NULL, location = NULL, etag = NULL,
        body = NULL, body_sealed = NULL, case_id = NULL, pii_grant = 0, created_at = now()
    WHERE idempotency_keys.created_at < now() - interval '24 hours'
RETURNING 1
