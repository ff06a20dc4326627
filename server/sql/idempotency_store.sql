-- Keeps the response of the request that claimed (caller, key), for replays: its body sealed
-- (never in clear), the case it shows and whether it showed parties in clear.
-- $1 caller, $2 key, $3 status, $4 location, $5 etag, $6 sealed body bytea (binary, NULL: none),
-- $7 case id (NULL: no case), $8 pii grant (0-3, migration 0014)
UPDATE idempotency_keys
SET status = $3, location = $4, etag = $5, body_sealed = $6, case_id = $7::bigint,
    pii_grant = $8::smallint
WHERE caller = $1 AND key = $2
