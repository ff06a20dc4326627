-- What the feed watcher compares between polls (db/feed_watch.c): the newest event visible, the
-- xmin of the snapshot, and whether some visible event is still at or above that xmin (committed,
-- but held back behind a transaction still running: followers can read it once xmin passes it).
-- No parameters.
WITH s AS (
    SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin
)
SELECT coalesce((SELECT max(id) FROM feed_events), 0),
       (SELECT xmin FROM s)::text,
       EXISTS (SELECT 1 FROM feed_events f WHERE f.xid >= (SELECT xmin FROM s))
