-- Deletes up to $1 idempotency keys past their 24 hours (no longer honoured, see
-- idempotency_claim.sql), oldest first, skipping rows another transaction holds; returns how
-- many went.
-- $1 batch size
WITH gone AS (
    DELETE FROM idempotency_keys
    WHERE ctid IN (SELECT ctid FROM idempotency_keys
                   WHERE created_at < now() - interval '24 hours'
                   ORDER BY created_at
                   LIMIT $1::int
                   FOR UPDATE SKIP LOCKED)
    RETURNING 1
)
SELECT count(*) FROM gone
