-- On a replica, for the replica monitor: whether it is still a standby (a promoted one no longer
-- follows the primary and is not read from) and how far it has replayed the primary's WAL ('' when
-- it has replayed nothing yet).
-- no parameters
SELECT pg_is_in_recovery(), COALESCE(pg_last_wal_replay_lsn()::text, '')
