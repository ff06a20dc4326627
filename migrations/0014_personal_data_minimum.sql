-- 0014: no clear personal data in idempotency rows, and the rows go after their 24 hours.
--
-- The first response to an Idempotency-Key was kept in clear in idempotency_keys.body: a case
-- with its parties' ID numbers, phones and addresses, kept forever (nothing deleted the rows) and
-- replayed without checking that the caller could still see the case. Now:
--   - body_sealed holds the response sealed with AES-256-GCM under a key derived from the server's
--     PII_HASH_KEY (security/crypto.h, crypto_seal; the row's caller and key are the associated
--     data, so a sealed body does not open in another row); body stays NULL;
--   - case_id names the case the response shows, so that a replay checks first that the caller
--     may still see it;
--   - pii_grant says whether and why the response showed parties in clear (0 masked, 1 the case's
--     mediator, 2 the answer to an intake to its registrant, 3 the audited unmask), so that a
--     replay checks the caller still may, and is audited like the first answer;
--   - the server deletes rows older than 24 hours (idempotency_purge.sql, from its background
--     rollup folder), which is as long as a key is honoured.
-- Rows written by earlier versions: those past their 24 hours are deleted here; the others lose
-- their clear body (a retry within the day still gets the first status, Location and ETag, but no
-- body, instead of running twice).
ALTER TABLE idempotency_keys
    ADD COLUMN body_sealed bytea,
    ADD COLUMN case_id bigint,
    ADD COLUMN pii_grant smallint NOT NULL DEFAULT 0 CHECK (pii_grant BETWEEN 0 AND 3);

DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours';
UPDATE idempotency_keys SET body = NULL WHERE body IS NOT NULL;

-- The throttle of failed logins is kept in each server's memory now (api/guard.c): failures per
-- username alone let anyone lock anyone out. Nothing writes this table any more.
DROP TABLE login_failures;
