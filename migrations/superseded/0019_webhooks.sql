-- Bridge for the superseded text of 0019_webhooks.sql of 4f4febe (superseded.txt): run once, in
-- the transaction that records 0019's current checksum, before any pending migration. That text
-- wrote the outbox from a trigger on feed_events; the current one writes it in feed_emit()
-- (which no later migration replaces), and has no such trigger.
DROP TRIGGER IF EXISTS feed_events_outbox ON feed_events;
DROP FUNCTION IF EXISTS feed_events_outbox();

CREATE OR REPLACE FUNCTION feed_emit(p_case_id bigint, p_type text, p_data jsonb) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    WITH e AS (
        INSERT INTO feed_events (center_id, case_id, case_no, type, status, version, data)
        SELECT c.center_id, c.id, c.case_no, p_type, c.status, c.version,
               coalesce(p_data, '{}'::jsonb)
        FROM cases c WHERE c.id = p_case_id
        RETURNING id, center_id, type
    )
    INSERT INTO webhook_deliveries (webhook_id, event_id)
    SELECT w.id, e.id
    FROM e JOIN webhooks w
      ON w.active AND w.deleted_at IS NULL
     AND (w.center_id IS NULL OR w.center_id = e.center_id)
     AND (cardinality(w.event_types) = 0 OR e.type = ANY (w.event_types));
END
$$;
