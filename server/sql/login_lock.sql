-- Serializes logins for one username across server instances for the rest of the transaction, so
-- the failure count and the new failure cannot interleave with another attempt's.
-- $1 username
SELECT pg_advisory_xact_lock(hashtextextended('login:' || $1, 0))
