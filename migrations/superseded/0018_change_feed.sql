-- Bridge for superseded texts of 0018_change_feed.sql (superseded.txt names them): run once, in
-- the transaction that records 0018's current checksum, before any pending migration. It leaves
-- what 0018's current text leaves, and changes nothing that a later migration replaced (feed_emit()
-- is 0019's: its own bridge, or 0019 itself when pending, writes it):
-- - 7144c15 and 6ee467d indexed feed_events by (center_id, xid, id), which the current text drops;
-- - they called case_events_feed() for every audit event (the current trigger has a WHEN);
-- - 7144c15 had no feed_horizon(), 6ee467d .. 41eef4f an older one (no later migration replaces
--   it, so it is written as 0018 has it now).
DROP INDEX IF EXISTS feed_events_center_position;

DROP TRIGGER case_events_feed ON case_events;
CREATE TRIGGER case_events_feed AFTER INSERT ON case_events
    FOR EACH ROW
    WHEN (NEW.action IN ('intake', 'accept', 'decline', 'assign', 'reassign', 'session', 'close',
                         'follow_up', 'deadline', 'edit', 'attachment.add'))
    EXECUTE FUNCTION case_events_feed();

CREATE OR REPLACE FUNCTION feed_horizon() RETURNS xid8
    LANGUAGE sql STABLE
    AS $$
    WITH snap AS (
        SELECT pg_current_snapshot() AS s
    ), elsewhere AS (
        SELECT a.backend_xid FROM pg_stat_activity a
        WHERE a.backend_xid IS NOT NULL AND a.datid IS NOT NULL
          AND (a.datname IS DISTINCT FROM current_database()
               OR a.backend_type = 'autovacuum worker'
               OR (a.backend_type = 'client backend'
                   AND a.application_name IN ('mediationd rollup folder',
                                              'mediationd feed watcher',
                                              'mediationd webhook delivery')))
    )
    SELECT coalesce(
        (SELECT min(x) FROM snap, pg_snapshot_xip(snap.s) AS x
         WHERE xid(x) NOT IN (SELECT backend_xid FROM elsewhere)),
        (SELECT pg_snapshot_xmax(s) FROM snap))
$$;
