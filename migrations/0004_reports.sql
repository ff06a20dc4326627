-- 0004: report rollups, kept exact by triggers in the same transaction as every case change, so
-- that a report reads a few rows per day and dimension, never the cases.
--
-- The rule: a case contributes to the rollup, on the date (in its center's time zone) of each
-- thing that happened to it, under its current dimensions. Any change to a case subtracts its
-- whole old contribution and adds its new one, so reassignments, edits of dimension fields and
-- deadline changes keep every figure exact by construction.

ALTER TABLE cases ADD COLUMN declined_at timestamptz,
                  ADD COLUMN first_assigned_at timestamptz;
UPDATE cases SET declined_at = received_at WHERE status = 'declined';
UPDATE cases SET first_assigned_at = assigned_at WHERE assigned_at IS NOT NULL;
ALTER TABLE cases ADD CONSTRAINT cases_declined_at CHECK ((status = 'declined') = (declined_at IS NOT NULL));

-- Counters kept per day for each "slice": dim 'all' (value '') for the whole center, and one
-- slice per dimension value (community, mediator, dispute_type, channel, source, risk). A summary
-- with at most one filter, and a breakdown by one dimension (and month or week), read slices:
-- rows per day and dimension value, however many cases there are.
CREATE TABLE report_slices (
    center_id               integer NOT NULL,
    dim                     text NOT NULL,
    value                   text NOT NULL,
    day                     date NOT NULL,
    received                integer NOT NULL DEFAULT 0,
    accepted                integer NOT NULL DEFAULT 0,
    declined                integer NOT NULL DEFAULT 0,
    assigned                integer NOT NULL DEFAULT 0,
    resolved                integer NOT NULL DEFAULT 0,
    failed                  integer NOT NULL DEFAULT 0,
    terminated              integer NOT NULL DEFAULT 0,
    withdrawn               integer NOT NULL DEFAULT 0,
    referred                integer NOT NULL DEFAULT 0,
    agreements              integer NOT NULL DEFAULT 0,
    agreement_fen           bigint NOT NULL DEFAULT 0,
    prevented_escalation    integer NOT NULL DEFAULT 0,
    prevented_mass_petition integer NOT NULL DEFAULT 0,
    close_days_sum          bigint NOT NULL DEFAULT 0, -- days from acceptance to close, summed
    close_days_n            integer NOT NULL DEFAULT 0,
    open_delta              integer NOT NULL DEFAULT 0, -- open at D = sum over days <= D
    overdue_delta           integer NOT NULL DEFAULT 0, -- overdue at D = sum over days <= D
    PRIMARY KEY (center_id, dim, value, day)
);

-- The same counters under every dimension at once, for reports that filter or break down by two
-- dimensions (their cost is bounded by the distinct combinations, not by the cases).
CREATE TABLE report_cube (
    center_id               integer NOT NULL,
    day                     date NOT NULL,
    community_id            bigint NOT NULL,
    mediator_id             bigint NOT NULL,  -- 0: none
    dispute_type            dispute_type NOT NULL,
    channel                 text NOT NULL,    -- a mediation_channel, or 'none'
    source                  case_source NOT NULL,
    risk_level              risk_level NOT NULL,
    received                integer NOT NULL DEFAULT 0,
    accepted                integer NOT NULL DEFAULT 0,
    declined                integer NOT NULL DEFAULT 0,
    assigned                integer NOT NULL DEFAULT 0,
    resolved                integer NOT NULL DEFAULT 0,
    failed                  integer NOT NULL DEFAULT 0,
    terminated              integer NOT NULL DEFAULT 0,
    withdrawn               integer NOT NULL DEFAULT 0,
    referred                integer NOT NULL DEFAULT 0,
    agreements              integer NOT NULL DEFAULT 0,
    agreement_fen           bigint NOT NULL DEFAULT 0,
    prevented_escalation    integer NOT NULL DEFAULT 0,
    prevented_mass_petition integer NOT NULL DEFAULT 0,
    close_days_sum          bigint NOT NULL DEFAULT 0,
    close_days_n            integer NOT NULL DEFAULT 0,
    open_delta              integer NOT NULL DEFAULT 0,
    overdue_delta           integer NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, day, community_id, mediator_id, dispute_type, channel, source,
                 risk_level)
);

-- How many cases closed after how many days, for medians: per slice, and per cube cell.
CREATE TABLE report_close_days (
    center_id integer NOT NULL,
    dim       text NOT NULL,
    value     text NOT NULL,
    day       date NOT NULL,
    days      integer NOT NULL,
    n         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, dim, value, day, days)
);
CREATE TABLE report_cube_close_days (
    center_id    integer NOT NULL,
    day          date NOT NULL,
    community_id bigint NOT NULL,
    mediator_id  bigint NOT NULL,
    dispute_type dispute_type NOT NULL,
    channel      text NOT NULL,
    source       case_source NOT NULL,
    risk_level   risk_level NOT NULL,
    days         integer NOT NULL,
    n            integer NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, day, community_id, mediator_id, dispute_type, channel, source,
                 risk_level, days)
);

-- What one case contributes, one row per thing that happened, dated in its center's time zone.
CREATE FUNCTION rollup_contributions(c cases)
RETURNS TABLE (day date, received integer, accepted integer, declined integer, assigned integer,
               outcome case_outcome, prevented_escalation integer,
               prevented_mass_petition integer, close_days integer, open_delta integer,
               overdue_delta integer)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    tz text;
    received_day date;
    ended_at timestamptz := coalesce(c.closed_at, c.declined_at);
    ended_day date;
    due_day date;
BEGIN
    SELECT time_zone INTO tz FROM centers WHERE id = c.center_id;
    received_day := (c.received_at AT TIME ZONE tz)::date;
    ended_day := (ended_at AT TIME ZONE tz)::date;
    RETURN QUERY SELECT received_day, 1, 0, 0, 0, NULL::case_outcome, 0, 0, NULL::int, 1, 0;
    IF c.accepted_at IS NOT NULL THEN
        RETURN QUERY SELECT (c.accepted_at AT TIME ZONE tz)::date, 0, 1, 0, 0, NULL::case_outcome,
                            0, 0, NULL::int, 0, 0;
    END IF;
    IF c.first_assigned_at IS NOT NULL THEN
        RETURN QUERY SELECT (c.first_assigned_at AT TIME ZONE tz)::date, 0, 0, 0, 1,
                            NULL::case_outcome, 0, 0, NULL::int, 0, 0;
    END IF;
    IF c.declined_at IS NOT NULL THEN
        RETURN QUERY SELECT ended_day, 0, 0, 1, 0, NULL::case_outcome, 0, 0, NULL::int, -1, 0;
    END IF;
    IF c.closed_at IS NOT NULL THEN
        RETURN QUERY SELECT ended_day, 0, 0, 0, 0, c.outcome, c.prevented_escalation::int,
                            c.prevented_mass_petition::int,
                            CASE WHEN c.accepted_at IS NOT NULL
                                 THEN ended_day - (c.accepted_at AT TIME ZONE tz)::date END,
                            -1, 0;
    END IF;
    -- overdue at the end of day D: still open then, and due before D ends
    IF c.due_at IS NOT NULL THEN
        due_day := (c.due_at AT TIME ZONE tz)::date;
        IF ended_at IS NULL OR ended_day >= due_day THEN
            RETURN QUERY SELECT greatest(due_day, received_day), 0, 0, 0, 0, NULL::case_outcome,
                                0, 0, NULL::int, 0, 1;
            IF ended_at IS NOT NULL THEN
                RETURN QUERY SELECT ended_day, 0, 0, 0, 0, NULL::case_outcome, 0, 0, NULL::int, 0,
                                    -1;
            END IF;
        END IF;
    END IF;
END
$$;

-- The slices a case belongs to.
CREATE FUNCTION rollup_slices(c cases) RETURNS TABLE (dim text, value text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('all', ''), ('community', c.community_id::text),
           ('mediator', coalesce(c.mediator_id, 0)::text), ('dispute_type', c.dispute_type::text),
           ('channel', coalesce(c.channel::text, 'none')), ('source', c.source::text),
           ('risk', c.risk_level::text);
$$;

-- Adds sign × the given contributions of case c to every table.
CREATE FUNCTION rollup_apply(c cases, sign integer, contributions jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    k record;
BEGIN
    FOR k IN SELECT * FROM jsonb_to_recordset(contributions) AS x(
                 day date, received integer, accepted integer, declined integer,
                 assigned integer, outcome case_outcome, prevented_escalation integer,
                 prevented_mass_petition integer, close_days integer, open_delta integer,
                 overdue_delta integer) LOOP
        INSERT INTO report_slices AS r (center_id, dim, value, day, received, accepted, declined,
                                        assigned, resolved, failed, terminated, withdrawn,
                                        referred, prevented_escalation, prevented_mass_petition,
                                        close_days_sum, close_days_n, open_delta, overdue_delta)
        SELECT c.center_id, s.dim, s.value, k.day, sign * k.received, sign * k.accepted,
               sign * k.declined, sign * k.assigned,
               sign * (k.outcome IS NOT DISTINCT FROM 'resolved')::int,
               sign * (k.outcome IS NOT DISTINCT FROM 'failed')::int,
               sign * (k.outcome IS NOT DISTINCT FROM 'terminated')::int,
               sign * (k.outcome IS NOT DISTINCT FROM 'withdrawn')::int,
               sign * (k.outcome IS NOT DISTINCT FROM 'referred')::int,
               sign * k.prevented_escalation, sign * k.prevented_mass_petition,
               sign * coalesce(k.close_days, 0), sign * (k.close_days IS NOT NULL)::int,
               sign * k.open_delta, sign * k.overdue_delta
        FROM rollup_slices(c) s
        ON CONFLICT (center_id, dim, value, day) DO UPDATE SET
            received = r.received + EXCLUDED.received,
            accepted = r.accepted + EXCLUDED.accepted,
            declined = r.declined + EXCLUDED.declined,
            assigned = r.assigned + EXCLUDED.assigned,
            resolved = r.resolved + EXCLUDED.resolved,
            failed = r.failed + EXCLUDED.failed,
            terminated = r.terminated + EXCLUDED.terminated,
            withdrawn = r.withdrawn + EXCLUDED.withdrawn,
            referred = r.referred + EXCLUDED.referred,
            prevented_escalation = r.prevented_escalation + EXCLUDED.prevented_escalation,
            prevented_mass_petition = r.prevented_mass_petition + EXCLUDED.prevented_mass_petition,
            close_days_sum = r.close_days_sum + EXCLUDED.close_days_sum,
            close_days_n = r.close_days_n + EXCLUDED.close_days_n,
            open_delta = r.open_delta + EXCLUDED.open_delta,
            overdue_delta = r.overdue_delta + EXCLUDED.overdue_delta;
        INSERT INTO report_cube AS r (center_id, day, community_id, mediator_id, dispute_type,
                                      channel, source, risk_level, received, accepted, declined,
                                      assigned, resolved, failed, terminated, withdrawn, referred,
                                      prevented_escalation, prevented_mass_petition,
                                      close_days_sum, close_days_n, open_delta, overdue_delta)
        VALUES (c.center_id, k.day, c.community_id, coalesce(c.mediator_id, 0), c.dispute_type,
                coalesce(c.channel::text, 'none'), c.source, c.risk_level,
                sign * k.received, sign * k.accepted, sign * k.declined, sign * k.assigned,
                sign * (k.outcome IS NOT DISTINCT FROM 'resolved')::int,
                sign * (k.outcome IS NOT DISTINCT FROM 'failed')::int,
                sign * (k.outcome IS NOT DISTINCT FROM 'terminated')::int,
                sign * (k.outcome IS NOT DISTINCT FROM 'withdrawn')::int,
                sign * (k.outcome IS NOT DISTINCT FROM 'referred')::int,
                sign * k.prevented_escalation, sign * k.prevented_mass_petition,
                sign * coalesce(k.close_days, 0), sign * (k.close_days IS NOT NULL)::int,
                sign * k.open_delta, sign * k.overdue_delta)
        ON CONFLICT (center_id, day, community_id, mediator_id, dispute_type, channel, source,
                     risk_level) DO UPDATE SET
            received = r.received + EXCLUDED.received,
            accepted = r.accepted + EXCLUDED.accepted,
            declined = r.declined + EXCLUDED.declined,
            assigned = r.assigned + EXCLUDED.assigned,
            resolved = r.resolved + EXCLUDED.resolved,
            failed = r.failed + EXCLUDED.failed,
            terminated = r.terminated + EXCLUDED.terminated,
            withdrawn = r.withdrawn + EXCLUDED.withdrawn,
            referred = r.referred + EXCLUDED.referred,
            prevented_escalation = r.prevented_escalation + EXCLUDED.prevented_escalation,
            prevented_mass_petition = r.prevented_mass_petition + EXCLUDED.prevented_mass_petition,
            close_days_sum = r.close_days_sum + EXCLUDED.close_days_sum,
            close_days_n = r.close_days_n + EXCLUDED.close_days_n,
            open_delta = r.open_delta + EXCLUDED.open_delta,
            overdue_delta = r.overdue_delta + EXCLUDED.overdue_delta;
        IF k.close_days IS NOT NULL THEN
            INSERT INTO report_close_days AS r (center_id, dim, value, day, days, n)
            SELECT c.center_id, s.dim, s.value, k.day, k.close_days, sign FROM rollup_slices(c) s
            ON CONFLICT (center_id, dim, value, day, days) DO UPDATE SET n = r.n + EXCLUDED.n;
            INSERT INTO report_cube_close_days AS r
            VALUES (c.center_id, k.day, c.community_id, coalesce(c.mediator_id, 0),
                    c.dispute_type, coalesce(c.channel::text, 'none'), c.source, c.risk_level,
                    k.close_days, sign)
            ON CONFLICT (center_id, day, community_id, mediator_id, dispute_type, channel, source,
                         risk_level, days) DO UPDATE SET n = r.n + EXCLUDED.n;
        END IF;
    END LOOP;
END
$$;

-- After every insert or update of a case: when its dimensions are unchanged only the
-- contributions that changed move (most transitions add one); otherwise the whole old
-- contribution leaves its old cells and the new one enters the new cells. A bulk load (the seed
-- command) sets mediation.bulk_load for its transaction and calls rollup_rebuild() at the end.
CREATE FUNCTION cases_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added jsonb;
    removed jsonb;
BEGIN
    IF current_setting('mediation.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM rollup_apply(NEW, 1, (SELECT jsonb_agg(x) FROM rollup_contributions(NEW) x));
        RETURN NULL;
    END IF;
    IF (OLD.center_id, OLD.community_id, OLD.mediator_id, OLD.dispute_type, OLD.channel,
        OLD.source, OLD.risk_level) IS NOT DISTINCT FROM
       (NEW.center_id, NEW.community_id, NEW.mediator_id, NEW.dispute_type, NEW.channel,
        NEW.source, NEW.risk_level) THEN
        SELECT jsonb_agg(x) INTO added
        FROM (SELECT * FROM rollup_contributions(NEW)
              EXCEPT ALL SELECT * FROM rollup_contributions(OLD)) x;
        SELECT jsonb_agg(x) INTO removed
        FROM (SELECT * FROM rollup_contributions(OLD)
              EXCEPT ALL SELECT * FROM rollup_contributions(NEW)) x;
    ELSE
        SELECT jsonb_agg(x) INTO added FROM rollup_contributions(NEW) x;
        SELECT jsonb_agg(x) INTO removed FROM rollup_contributions(OLD) x;
    END IF;
    IF removed IS NOT NULL THEN
        PERFORM rollup_apply(OLD, -1, removed);
    END IF;
    IF added IS NOT NULL THEN
        PERFORM rollup_apply(NEW, 1, added);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER cases_rollup AFTER INSERT OR UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_rollup();

-- Agreements count on the close date of their case (a closed case's dimensions never change).
CREATE FUNCTION agreement_rollup(a agreements, sign integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_slices AS r (center_id, dim, value, day, agreements, agreement_fen)
    SELECT c.center_id, s.dim, s.value, (c.closed_at AT TIME ZONE ce.time_zone)::date, sign,
           sign * a.amount_fen
    FROM cases c JOIN centers ce ON ce.id = c.center_id, rollup_slices(c) s
    WHERE c.id = a.case_id
    ON CONFLICT (center_id, dim, value, day) DO UPDATE
        SET agreements = r.agreements + EXCLUDED.agreements,
            agreement_fen = r.agreement_fen + EXCLUDED.agreement_fen;
    INSERT INTO report_cube AS r (center_id, day, community_id, mediator_id, dispute_type,
                                  channel, source, risk_level, agreements, agreement_fen)
    SELECT c.center_id, (c.closed_at AT TIME ZONE ce.time_zone)::date, c.community_id,
           coalesce(c.mediator_id, 0), c.dispute_type, coalesce(c.channel::text, 'none'),
           c.source, c.risk_level, sign, sign * a.amount_fen
    FROM cases c JOIN centers ce ON ce.id = c.center_id
    WHERE c.id = a.case_id
    ON CONFLICT (center_id, day, community_id, mediator_id, dispute_type, channel, source,
                 risk_level) DO UPDATE
        SET agreements = r.agreements + EXCLUDED.agreements,
            agreement_fen = r.agreement_fen + EXCLUDED.agreement_fen;
$$;

CREATE FUNCTION agreements_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('mediation.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM agreement_rollup(NEW, 1);
    RETURN NULL;
END
$$;

CREATE TRIGGER agreements_rollup AFTER INSERT ON agreements
    FOR EACH ROW EXECUTE FUNCTION agreements_rollup();

-- Recomputes a center's rollups from its cases (after a bulk load, or to verify them).
CREATE FUNCTION rollup_rebuild(center integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c cases;
    a agreements;
BEGIN
    DELETE FROM report_slices WHERE center_id = center;
    DELETE FROM report_cube WHERE center_id = center;
    DELETE FROM report_close_days WHERE center_id = center;
    DELETE FROM report_cube_close_days WHERE center_id = center;
    FOR c IN SELECT * FROM cases WHERE center_id = center LOOP
        PERFORM rollup_apply(c, 1, (SELECT jsonb_agg(x) FROM rollup_contributions(c) x));
    END LOOP;
    FOR a IN SELECT g.* FROM agreements g JOIN cases k ON k.id = g.case_id
             WHERE k.center_id = center LOOP
        PERFORM agreement_rollup(a, 1);
    END LOOP;
END
$$;

SELECT rollup_rebuild(id) FROM centers;

-- Frozen reports: parameters and result kept as they were, under a number such as
-- WD-R-2026-000001 (the sequence is its own, so numbers do not skip with the row ids).
CREATE SEQUENCE report_snapshot_numbers;
CREATE TABLE report_snapshots (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id   integer REFERENCES centers (id), -- NULL: a city-level report
    number      text NOT NULL UNIQUE,
    report      text NOT NULL,
    params      jsonb NOT NULL,
    result      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL,
    actor_key_id bigint REFERENCES api_keys (id),
    actor_user_id bigint REFERENCES users (id)
);
CREATE TRIGGER report_snapshots_append_only
    BEFORE UPDATE OR DELETE ON report_snapshots
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
