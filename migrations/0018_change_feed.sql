-- 0018: the change feed (issue 14): feed_events, written by a trigger on the audit trail in the
-- transaction of the change, and the deadline reminders (due soon, overdue), once per deadline.
--
-- Why a transaction id beside the sequence: a sequence number is taken before the commit, so two
-- transactions may commit in the other order than their numbers, and a reader that remembered
-- "after 41" would never see 40 if 40 committed after 41 was read. Each row keeps the id of the
-- transaction that wrote it (pg_current_xact_id(), 64-bit, never wraps). A reader orders by
-- (xid, id) and returns only rows whose xid is below a horizon (feed_horizon() below) under which
-- every transaction of this database has ended, and at or above which every transaction that
-- will ever write a row later gets its xid, so nothing can appear later before the reader's
-- position. See docs/architecture.md (Change feed).

CREATE TABLE feed_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    center_id integer NOT NULL REFERENCES centers (id),
    case_id bigint NOT NULL REFERENCES cases (id),
    case_no text NOT NULL,
    type text NOT NULL CHECK (type ~ '^case\.[a-z_]{1,40}$'),
    status case_status NOT NULL,
    version integer NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    data jsonb NOT NULL DEFAULT '{}'::jsonb
);
-- the feed's order; a case's events (case_id filter). A reader of one center reads the feed's
-- order and skips other centers' rows: no third index for every event to maintain.
CREATE INDEX feed_events_position ON feed_events (xid, id);
CREATE INDEX feed_events_case ON feed_events (case_id, xid, id);

-- The feed's horizon for the statement that calls it: every transaction that may write a feed
-- event and has an xid below it has ended. It is the snapshot's xmin
-- (pg_snapshot_xmin(pg_current_snapshot())), except that transactions seen running where they
-- can never write a feed event do not hold it back: in other databases of the cluster, in
-- autovacuum workers (an ANALYZE holds an xid), and on the server's own connections that never
-- write one (the rollup folder, the feed watcher, the webhook delivery threads, by their
-- application_name: keep it so). The horizon is the oldest xid still running in the snapshot that
-- is not known to be one of those, or the snapshot's xmax when there is none. "Known" is what
-- pg_stat_activity says, read after the snapshot was taken: a transaction that ended in between,
-- or whose backend the role may not see, counts as a writer, which only holds the horizon back
-- (safe). STABLE: it sees the calling statement's snapshot.
CREATE FUNCTION feed_horizon() RETURNS xid8
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

CREATE TRIGGER feed_events_append_only BEFORE DELETE OR UPDATE ON feed_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER feed_events_no_truncate BEFORE TRUNCATE ON feed_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The rank of a risk level (none 0 .. red 3), to tell a raise from a lowering.
CREATE FUNCTION risk_rank(r risk_level) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_position(enum_range(NULL::risk_level), r) - 1 $$;

-- Appends one feed event for a case as it is now (in the calling transaction). PL/pgSQL, not SQL:
-- called once per event from the trigger below, a SQL function would be planned again on every
-- call (0.6 ms of an intake's time), while PL/pgSQL keeps the statement's plan for the session.
CREATE FUNCTION feed_emit(p_case_id bigint, p_type text, p_data jsonb) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO feed_events (center_id, case_id, case_no, type, status, version, data)
    SELECT c.center_id, c.id, c.case_no, p_type, c.status, c.version,
           coalesce(p_data, '{}'::jsonb)
    FROM cases c WHERE c.id = p_case_id;
END
$$;

-- The audit trail's actions as feed events. The trigger runs at the end of the statement that
-- inserted the audit row (an AFTER trigger), so it sees the case as that statement left it. Only
-- ids, codes, statuses and dates go into data: never a party's name, number or phone, and no free
-- text (reasons, notes), which may name people.
CREATE FUNCTION case_events_feed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    c cases%ROWTYPE;
    t text;
    d jsonb;
    due text;
BEGIN
    IF current_setting('mediation.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    SELECT * INTO c FROM cases WHERE id = NEW.case_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    due := to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
    d := jsonb_build_object('from_status', NEW.from_status, 'to_status', NEW.to_status);
    CASE NEW.action
    WHEN 'intake' THEN
        t := 'case.received';
        d := d || jsonb_build_object('dispute_type', c.dispute_type, 'source', c.source,
                                     'risk_level', c.risk_level, 'community_id', c.community_id,
                                     'received_at', to_char(c.received_at AT TIME ZONE 'UTC',
                                                            'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
        IF c.external_system IS NOT NULL THEN
            d := d || jsonb_build_object('external_ref', jsonb_build_object(
                          'system', c.external_system, 'id', c.external_id));
        END IF;
    WHEN 'accept' THEN
        t := 'case.accepted';
        d := d || jsonb_build_object('due_at', due);
    WHEN 'decline' THEN
        t := 'case.declined';
    WHEN 'assign', 'reassign' THEN
        t := 'case.assigned';
        d := d || jsonb_build_object('mediator_id', c.mediator_id, 'channel', c.channel,
                                     'reassigned', NEW.action = 'reassign');
    WHEN 'session' THEN
        t := 'case.session_logged';
    WHEN 'close' THEN
        t := 'case.closed';
        d := d || jsonb_build_object('outcome', c.outcome,
                                     'prevented_escalation', c.prevented_escalation,
                                     'prevented_mass_petition', c.prevented_mass_petition);
    WHEN 'follow_up' THEN
        t := 'case.followed_up';
        d := d || jsonb_build_object('performance', c.performance,
                                     'judicial_confirmation', c.judicial_confirmation);
    WHEN 'deadline' THEN
        t := CASE NEW.after ->> 'kind' WHEN 'extend' THEN 'case.deadline_extended'
                                       WHEN 'pause' THEN 'case.paused'
                                       WHEN 'resume' THEN 'case.resumed' END;
        d := d || jsonb_build_object('due_at', due, 'extended_days', c.extended_days,
                                     'paused', c.paused_at IS NOT NULL);
        IF NEW.after ? 'days' AND NEW.after ->> 'kind' = 'extend' THEN
            d := d || jsonb_build_object('days', (NEW.after ->> 'days')::int);
        END IF;
    WHEN 'edit' THEN
        t := 'case.edited';
    WHEN 'attachment.add' THEN
        t := 'case.attachment_added';
        d := coalesce(NEW.after, '{}'::jsonb) - 'filename';
    ELSE
        t := NULL; -- pii.view, pii.unmask, risk.red (said by case.risk_raised), downloads
    END CASE;
    IF t IS NOT NULL THEN
        PERFORM feed_emit(c.id, t, d);
    END IF;
    -- 红色预警 and orange: raised at intake, or by an edit from a lower level
    IF c.risk_level >= 'orange' AND
       (NEW.action = 'intake' OR
        (NEW.action = 'edit' AND NEW.before ? 'risk_level' AND
         risk_rank((NEW.before ->> 'risk_level')::risk_level) < risk_rank(c.risk_level))) THEN
        PERFORM feed_emit(c.id, 'case.risk_raised',
                          jsonb_build_object('risk_level', c.risk_level,
                                             'previous_risk_level',
                                             CASE WHEN NEW.action = 'edit'
                                                  THEN NEW.before ->> 'risk_level' END));
    END IF;
    RETURN NULL;
END
$$;

-- Only the actions the feed says something about reach the function (pii.view, pii.unmask and
-- attachment downloads are as frequent as reads: they cost no call).
CREATE TRIGGER case_events_feed AFTER INSERT ON case_events
    FOR EACH ROW
    WHEN (NEW.action IN ('intake', 'accept', 'decline', 'assign', 'reassign', 'session', 'close',
                         'follow_up', 'deadline', 'edit', 'attachment.add'))
    EXECUTE FUNCTION case_events_feed();

-- Reminders: one row per case, kind and deadline, so each is emitted once per deadline. An
-- extension or a resume moves due_at, which is a new deadline: the reminders are armed again.
-- While the clock is paused no reminder is emitted (the deadline does not run).
CREATE TABLE deadline_reminders (
    case_id bigint NOT NULL REFERENCES cases (id),
    kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    due_at timestamptz NOT NULL,
    emitted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, kind, due_at)
);

-- Open cases with a running clock, by deadline: what the reminder scheduler scans.
CREATE INDEX cases_running_due ON cases (due_at, id)
    WHERE status IN ('accepted', 'assigned', 'in_mediation') AND paused_at IS NULL;

-- One pass of the reminder scheduler: emits case.due_soon for running deadlines within
-- p_due_soon and case.overdue for passed ones, at most p_limit of each, each once per deadline.
-- Several server instances call it: the transaction-scoped advisory lock lets one run at a time
-- (the others get -1 at once and try again on their next tick), and the primary key of
-- deadline_reminders keeps each reminder once even so. Returns the events emitted, or -1.
CREATE FUNCTION deadline_reminders_run(p_due_soon interval, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
    n integer := 0;
    r record;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7243581902) THEN
        RETURN -1;
    END IF;
    FOR r IN
        SELECT c.id, c.due_at, CASE WHEN c.due_at <= now() THEN 'overdue' ELSE 'due_soon' END AS kind
        FROM cases c
        WHERE c.status IN ('accepted', 'assigned', 'in_mediation') AND c.paused_at IS NULL
          AND c.due_at <= now() + p_due_soon
          AND NOT EXISTS (SELECT 1 FROM deadline_reminders d
                          WHERE d.case_id = c.id AND d.due_at = c.due_at
                            AND d.kind = CASE WHEN c.due_at <= now() THEN 'overdue'
                                              ELSE 'due_soon' END)
        ORDER BY c.due_at, c.id
        LIMIT p_limit
    LOOP
        INSERT INTO deadline_reminders (case_id, kind, due_at) VALUES (r.id, r.kind, r.due_at)
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            PERFORM feed_emit(r.id, 'case.' || r.kind,
                              jsonb_build_object('due_at', to_char(r.due_at AT TIME ZONE 'UTC',
                                                              'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END
$$;
