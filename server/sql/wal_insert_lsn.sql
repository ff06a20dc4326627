-- The primary's current WAL insert position: after a COMMIT on the same connection it is at or past
-- the commit's record, so a replica that has replayed up to it shows the commit (read-your-writes,
-- X-Mediation-LSN); the replica monitor also samples it to measure each replica's lag.
-- no parameters
SELECT pg_current_wal_insert_lsn()::text
