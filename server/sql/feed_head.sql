-- What the feed watcher compares between polls (api/background.c): the newest event visible, the
-- feed's horizon (feed_horizon(), migration 0018), and whether some visible event is still at or
-- above it (committed, but held back behind a transaction still running: followers can read it
-- once the horizon passes it). No parameters.
WITH s AS (
    SELECT feed_horizon() AS horizon
)
SELECT coalesce((SELECT max(id) FROM feed_events), 0),
       (SELECT horizon FROM s)::text,
       EXISTS (SELECT 1 FROM feed_events f WHERE f.xid >= (SELECT horizon FROM s))
