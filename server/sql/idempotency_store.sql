-- Keeps the response of the request that claimed (caller, key), for replays.
-- $1 caller, $2 key, $3 status, $4 location, $5 etag, $6 body
UPDATE idempotency_keys SET status = $3, location = $4, etag = $5, body = $6
WHERE caller = $1 AND key = $2
