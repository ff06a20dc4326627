-- 0019: webhooks (issue 14): subscriptions, a transactional outbox of deliveries and every
-- attempt.
--
-- The outbox: feed_emit(), which writes every feed event (migration 0018), writes in the same
-- statement one delivery per matching active webhook, in the transaction that wrote the event, so
-- a delivery exists exactly when its event committed. The
-- delivery threads (api/webhook_delivery.c, each with a connection of its own) claim due rows with
-- FOR UPDATE SKIP LOCKED and push next_attempt_at past the attempt's time limit in the same
-- statement (a lease): no other instance takes the row while it is being delivered, and a row
-- whose deliverer died is taken again after the lease. Deliveries are at least once; the
-- webhook-id (msg_<delivery id>) is the same on every attempt, so receivers can drop repeats.

CREATE TABLE webhooks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id integer REFERENCES centers (id), -- NULL: a city-level webhook, every center
    url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2048 AND url ~ '^https?://'),
    event_types text[] NOT NULL DEFAULT '{}', -- empty: every type
    active boolean NOT NULL DEFAULT true,
    secret text NOT NULL CHECK (secret ~ '^whsec_[A-Za-z0-9+/=]{40,60}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CHECK (cardinality(event_types) <= 32)
);
CREATE INDEX webhooks_center ON webhooks (center_id) WHERE deleted_at IS NULL AND active;

CREATE TABLE webhook_deliveries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id bigint NOT NULL REFERENCES webhooks (id),
    event_id bigint NOT NULL REFERENCES feed_events (id),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status integer,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id DESC);

CREATE TABLE webhook_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id),
    attempt integer NOT NULL,
    started_at timestamptz NOT NULL,
    status_code integer,
    latency_ms integer NOT NULL,
    error text CHECK (length(error) <= 500),
    instance text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);

CREATE TRIGGER webhook_attempts_append_only BEFORE DELETE OR UPDATE ON webhook_attempts
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- feed_emit() again (see 0018), now with the outbox: the event and a delivery for each active
-- webhook of the event's center (or city-level) that asks for its type, in one statement of the
-- event's transaction (no trigger on feed_events: one function call per event, not two).
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
