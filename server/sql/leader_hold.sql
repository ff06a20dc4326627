-- Leadership of one background job across instances (db/leader.c): true when this session holds
-- the job's advisory lock, which it takes now when no other session holds it. A session lock: it
-- lasts until the connection ends, so an instance that dies gives it up at once. Checked first, so
-- that asking again does not stack the lock.
-- $1 int key space (the server's), $2 int the job's key
SELECT CASE
    WHEN EXISTS (SELECT 1 FROM pg_locks
                 WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                   AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2)
    THEN true
    ELSE pg_try_advisory_lock($1::int, $2::int)
END
