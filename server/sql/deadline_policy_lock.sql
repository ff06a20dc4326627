-- Serializes replacements of one center's deadline policy for the rest of the transaction (across
-- server instances), so that two concurrent replacements do not clash on the unique key: the
-- second waits, then sees and replaces the first's rows.
-- $1 center_id
SELECT pg_advisory_xact_lock(hashtextextended('deadline_policies:' || $1::text, 0))
