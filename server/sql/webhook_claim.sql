-- Claims due deliveries for one delivery thread: FOR UPDATE SKIP LOCKED, so that concurrent
-- threads and instances never take the same row, and next_attempt_at moved past the attempt's
-- time limit in the same statement (a lease: nobody else takes it while it is being delivered;
-- if this instance dies, it is due again after the lease). Inactive or deleted webhooks wait.
-- $1 most rows, $2 lease in seconds
WITH due AS (
    SELECT d.id
    FROM webhook_deliveries d
    JOIN webhooks w ON w.id = d.webhook_id
    WHERE d.state = 'pending' AND d.next_attempt_at <= now()
      AND w.active AND w.deleted_at IS NULL
    ORDER BY d.next_attempt_at, d.id
    LIMIT $1::integer
    FOR UPDATE OF d SKIP LOCKED
)
UPDATE webhook_deliveries d
SET attempts = d.attempts + 1,
    next_attempt_at = now() + make_interval(secs => $2::double precision)
FROM due, webhooks w, feed_events e
WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id
-- The delivery, then its event in feed_list.sql's columns (read by db_feed_event_read).
RETURNING d.id, d.attempts, w.url, w.secret,
          e.id, e.xid::text, e.type, e.case_id, e.case_no, e.status::text, e.version,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), e.data::text
