-- 0011: an intake that no other intake has to wait for.
--
-- Before, every intake of a center updated rows that every other intake of that center updated
-- too, and held them until commit (the parties, the event, the duplicate check and the commit's
-- WAL flush all ran while they were locked), so intakes ran one at a time:
--   - the center-year counter row (case_counters) that numbered the case;
--   - the day's and the month's rollup rows ('all', each dimension, each pair: about 40 upserts
--     per change) written by the rollup trigger.
-- And the duplicate check read every earlier case that shared a phone, however many.
--
-- Now:
--   1. Case numbers come from a sequence per center and year (case_no_<center>_<year>), created
--      by the first case of the year. A sequence never waits and never rolls back, so a number
--      is lost when the transaction that took it fails: the numbers have gaps then, and only
--      then. Two first cases of a year that race to create the sequence: the second gets a
--      serialization failure and the server retries it (in a new transaction, which sees the
--      sequence).
--   2. Rollups are deferred. A change appends its contribution rows (rollup_rows: one per thing
--      that happened, at its day and its month) to rollup_pending, an insert and no update.
--      rollup_fold() moves pending rows into report_slices and report_cube in one transaction
--      (taken with FOR UPDATE SKIP LOCKED, so several folders never take the same rows); the
--      server folds in the background. Reports read report_slices_live and report_cube_live:
--      the folded rows plus the pending ones expanded the same way, so every report is exact at
--      every instant, folded or not (in any snapshot a pending row is either still pending or
--      folded, never both and never neither).
--   3. The duplicate check reads open_party_hashes: the keyed hashes (ID number, phone) of the
--      parties of open cases, by center and hash, so that it finds the newest matching open
--      cases by an index range of at most 20 rows per hash, whatever the number of earlier ones.
--      Triggers keep it: a party of an open case adds its hashes; a case that is declined or
--      closed removes its own.
--   4. An index of the cases with a deadline, whatever their status, for lists sorted by it.

-- 1. Case numbers ------------------------------------------------------------------------------

CREATE FUNCTION case_number_sequence(p_center integer, p_year integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format('case_no_%s_%s', p_center, p_year);
$$;

-- Reserves p_count consecutive numbers of the center and year and returns the last one (the
-- first is the result - p_count + 1). Creates the year's sequence when it is the first.
CREATE FUNCTION case_number_reserve(p_center integer, p_year integer, p_count integer DEFAULT 1)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    seq text := format('case_no_%s_%s', p_center, p_year); -- case_number_sequence(), inlined
    first bigint;
BEGIN
    IF p_count < 1 THEN
        RAISE EXCEPTION 'case_number_reserve: p_count must be at least 1, not %', p_count;
    END IF;
    IF to_regclass(seq) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE SEQUENCE %I AS bigint MINVALUE 1', seq);
        EXCEPTION WHEN duplicate_table OR unique_violation THEN
            -- created by a transaction that committed after this one looked: retry anew
            RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
                MESSAGE = format('sequence %s was created concurrently', seq);
        END;
    END IF;
    first := nextval(seq::regclass);
    IF p_count > 1 THEN
        PERFORM setval(seq::regclass, first + p_count - 1);
    END IF;
    RETURN first + p_count - 1;
END
$$;

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT center_id, year, last_seq FROM case_counters LOOP
        EXECUTE format('CREATE SEQUENCE %I AS bigint MINVALUE 1 START %s',
                       case_number_sequence(r.center_id, r.year), r.last_seq + 1);
    END LOOP;
END
$$;

DROP TABLE case_counters;

-- 2. Deferred rollups --------------------------------------------------------------------------

-- One row per contribution of a change (as rollup_rows() gives them, sign applied) or of an
-- agreement, with the dimensions of the case at that change. Append-only until folded.
CREATE TABLE rollup_pending (
    id                      bigserial PRIMARY KEY,
    center_id               integer NOT NULL,
    community_id            bigint NOT NULL,
    mediator_id             bigint NOT NULL,  -- 0: none
    dispute_type            dispute_type NOT NULL,
    channel                 text COLLATE "C" NOT NULL, -- a mediation_channel, or 'none'
    source                  case_source NOT NULL,
    risk_level              risk_level NOT NULL,
    grain                   "char" NOT NULL CHECK (grain IN ('d', 'm')),
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
    close_days              integer,          -- the histogram bucket of a close, if any
    close_days_sum          bigint NOT NULL DEFAULT 0,
    close_days_n            integer NOT NULL DEFAULT 0, -- +1 or -1 with close_days
    open_delta              integer NOT NULL DEFAULT 0,
    overdue_delta           integer NOT NULL DEFAULT 0
);
-- Folders take the oldest rows first; the primary key serves that.
ALTER TABLE rollup_pending SET (autovacuum_vacuum_scale_factor = 0.0,
                                autovacuum_vacuum_threshold = 10000);

-- rollup_apply and agreement_rollup keep their names and callers (the cases and agreements
-- triggers, rollup_rebuild_rows) and now append to rollup_pending. PL/pgSQL rather than SQL: a
-- SQL function called from a trigger is planned again on every call (0.3 ms an intake), a
-- PL/pgSQL one keeps its plans for the session.
CREATE OR REPLACE FUNCTION rollup_apply(c cases, sign integer, contributions jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_pending (center_id, community_id, mediator_id, dispute_type, channel,
                                source, risk_level, grain, day, received, accepted, declined,
                                assigned, resolved, failed, terminated, withdrawn, referred,
                                prevented_escalation, prevented_mass_petition, close_days,
                                close_days_sum, close_days_n, open_delta, overdue_delta)
    SELECT c.center_id, c.community_id, coalesce(c.mediator_id, 0), c.dispute_type,
           coalesce(c.channel::text, 'none'), c.source, c.risk_level, k.grain, k.day,
           k.received, k.accepted, k.declined, k.assigned, k.resolved, k.failed, k.terminated,
           k.withdrawn, k.referred, k.prevented_escalation, k.prevented_mass_petition,
           k.close_days, k.close_days_sum, k.close_days_n, k.open_delta, k.overdue_delta
    FROM rollup_rows(contributions, sign) k;
END
$$;

CREATE OR REPLACE FUNCTION agreement_rollup(a agreements, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_pending (center_id, community_id, mediator_id, dispute_type, channel,
                                source, risk_level, grain, day, agreements, agreement_fen)
    SELECT c.center_id, c.community_id, coalesce(c.mediator_id, 0), c.dispute_type,
           coalesce(c.channel::text, 'none'), c.source, c.risk_level, g.grain, g.day, sign,
           sign * a.amount_fen
    FROM cases c JOIN centers ce ON ce.id = c.center_id
    CROSS JOIN LATERAL (SELECT (c.closed_at AT TIME ZONE ce.time_zone)::date AS day) d
    CROSS JOIN LATERAL (VALUES ('d'::"char", d.day),
                               ('m'::"char", date_trunc('month', d.day::timestamp)::date))
        AS g(grain, day)
    WHERE c.id = a.case_id;
END
$$;

-- A new case contributes one thing, its receipt (cases_insert_guard: a case starts received), so
-- the insert trigger appends that directly instead of computing every contribution a case may
-- have and passing them through jsonb (0.08 ms of each intake). A row inserted with more than a
-- receipt (a state only a bulk load may insert, which skips this trigger) takes the general way.
CREATE FUNCTION cases_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    received_day date;
BEGIN
    IF NEW.status <> 'received' OR NEW.accepted_at IS NOT NULL OR NEW.declined_at IS NOT NULL
       OR NEW.closed_at IS NOT NULL OR NEW.due_at IS NOT NULL
       OR NEW.first_assigned_at IS NOT NULL THEN
        PERFORM rollup_apply(NEW, 1, (SELECT jsonb_agg(x) FROM rollup_contributions(NEW) x));
        RETURN NULL;
    END IF;
    SELECT (NEW.received_at AT TIME ZONE time_zone)::date INTO received_day
    FROM centers WHERE id = NEW.center_id;
    INSERT INTO rollup_pending (center_id, community_id, mediator_id, dispute_type, channel,
                                source, risk_level, grain, day, received, open_delta)
    SELECT NEW.center_id, NEW.community_id, coalesce(NEW.mediator_id, 0), NEW.dispute_type,
           coalesce(NEW.channel::text, 'none'), NEW.source, NEW.risk_level, g.grain, g.day, 1, 1
    FROM (VALUES ('d'::"char", received_day),
                 ('m'::"char", date_trunc('month', received_day::timestamp)::date)) AS g(grain, day);
    RETURN NULL;
END
$$;

DROP TRIGGER cases_rollup ON cases;
CREATE TRIGGER cases_rollup AFTER UPDATE ON cases
    FOR EACH ROW WHEN (current_setting('mediation.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION cases_rollup();
CREATE TRIGGER cases_rollup_insert AFTER INSERT ON cases
    FOR EACH ROW WHEN (current_setting('mediation.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION cases_rollup_insert();

-- A pending row as the slice rows it adds to (day rows of month_only pairs excepted), and as the
-- cube cell (day rows only). Its histogram is its one close, in hist_merge's canonical form.
CREATE VIEW rollup_pending_slices AS
SELECT p.center_id, s.dim, p.grain, p.day, s.value, s.value2, p.received, p.accepted,
       p.declined, p.assigned, p.resolved, p.failed, p.terminated, p.withdrawn, p.referred,
       p.agreements, p.agreement_fen, p.prevented_escalation, p.prevented_mass_petition,
       p.close_days, p.close_days_sum, p.close_days_n, p.open_delta, p.overdue_delta
FROM rollup_pending p
CROSS JOIN LATERAL rollup_slice_keys(p.community_id, p.mediator_id, p.dispute_type, p.channel,
                                     p.source, p.risk_level) s
WHERE p.grain = 'm' OR NOT s.month_only;

-- What reports read: the folded rows plus the pending ones. A function, because the seed's swap
-- of the rollup tables (rollup_stage_swap) drops the views with the tables and makes them anew.
CREATE FUNCTION rollup_live_views_create() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE $v$
CREATE VIEW report_slices_live AS
SELECT center_id, dim, grain, day, value, value2, received, accepted, declined, assigned,
       resolved, failed, terminated, withdrawn, referred, agreements, agreement_fen,
       prevented_escalation, prevented_mass_petition, close_days_sum, close_days_n, open_delta,
       overdue_delta, close_hist
FROM report_slices
UNION ALL
SELECT center_id, dim, grain, day, value, value2, received, accepted, declined, assigned,
       resolved, failed, terminated, withdrawn, referred, agreements, agreement_fen,
       prevented_escalation, prevented_mass_petition, close_days_sum, close_days_n, open_delta,
       overdue_delta,
       CASE WHEN close_days IS NOT NULL THEN ARRAY[ARRAY[close_days, close_days_n]] END
FROM rollup_pending_slices
    $v$;
    EXECUTE $v$
CREATE VIEW report_cube_live AS
SELECT center_id, day, community_id, mediator_id, dispute_type, channel, source, risk_level,
       received, accepted, declined, assigned, resolved, failed, terminated, withdrawn, referred,
       agreements, agreement_fen, prevented_escalation, prevented_mass_petition, close_days_sum,
       close_days_n, open_delta, overdue_delta, close_hist
FROM report_cube
UNION ALL
SELECT center_id, day, community_id, mediator_id, dispute_type, channel, source, risk_level,
       received, accepted, declined, assigned, resolved, failed, terminated, withdrawn, referred,
       agreements, agreement_fen, prevented_escalation, prevented_mass_petition, close_days_sum,
       close_days_n, open_delta, overdue_delta,
       CASE WHEN close_days IS NOT NULL THEN ARRAY[ARRAY[close_days, close_days_n]] END
FROM rollup_pending
WHERE grain = 'd'
    $v$;
END
$fn$;

SELECT rollup_live_views_create();

ALTER FUNCTION rollup_stage_swap() RENAME TO rollup_stage_swap_tables;
CREATE FUNCTION rollup_stage_swap() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP VIEW report_slices_live, report_cube_live;
    PERFORM rollup_stage_swap_tables();
    PERFORM rollup_live_views_create();
END
$$;

-- Folds up to max_rows of the oldest pending rows that no other folder holds into the rollup
-- tables, in the caller's transaction; returns how many it folded. Each rollup row is written
-- once per call, in key order (two folders that meet on a row wait rather than deadlock).
-- PL/pgSQL so that its plan is kept across calls: as a SQL function it was planned on every
-- call (2 ms, each of the folder's ten calls a second).
CREATE FUNCTION rollup_fold(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    folded integer;
BEGIN
    WITH taken AS (
        DELETE FROM rollup_pending
        WHERE id IN (SELECT id FROM rollup_pending ORDER BY id LIMIT max_rows
                     FOR UPDATE SKIP LOCKED)
        RETURNING *
    ), slices AS (
        INSERT INTO report_slices AS r (center_id, dim, grain, day, value, value2, received,
                                        accepted, declined, assigned, resolved, failed, terminated,
                                        withdrawn, referred, agreements, agreement_fen,
                                        prevented_escalation, prevented_mass_petition,
                                        close_days_sum, close_days_n, open_delta, overdue_delta,
                                        close_hist)
        SELECT p.center_id, s.dim, p.grain, p.day, s.value, s.value2, sum(p.received),
               sum(p.accepted), sum(p.declined), sum(p.assigned), sum(p.resolved), sum(p.failed),
               sum(p.terminated), sum(p.withdrawn), sum(p.referred), sum(p.agreements),
               sum(p.agreement_fen), sum(p.prevented_escalation), sum(p.prevented_mass_petition),
               sum(p.close_days_sum), sum(p.close_days_n), sum(p.open_delta), sum(p.overdue_delta),
               CASE WHEN count(p.close_days) > 0
                    THEN hist_merge(NULL, array_agg(ARRAY[p.close_days, p.close_days_n])
                                              FILTER (WHERE p.close_days IS NOT NULL)) END
        FROM taken p
        CROSS JOIN LATERAL rollup_slice_keys(p.community_id, p.mediator_id, p.dispute_type,
                                             p.channel, p.source, p.risk_level) s
        WHERE p.grain = 'm' OR NOT s.month_only
        GROUP BY p.center_id, s.dim, p.grain, p.day, s.value, s.value2
        ORDER BY p.center_id, s.dim, p.grain, p.day, s.value, s.value2
        ON CONFLICT (center_id, dim, grain, day, value, value2) DO UPDATE SET
            received = r.received + EXCLUDED.received,
            accepted = r.accepted + EXCLUDED.accepted,
            declined = r.declined + EXCLUDED.declined,
            assigned = r.assigned + EXCLUDED.assigned,
            resolved = r.resolved + EXCLUDED.resolved,
            failed = r.failed + EXCLUDED.failed,
            terminated = r.terminated + EXCLUDED.terminated,
            withdrawn = r.withdrawn + EXCLUDED.withdrawn,
            referred = r.referred + EXCLUDED.referred,
            agreements = r.agreements + EXCLUDED.agreements,
            agreement_fen = r.agreement_fen + EXCLUDED.agreement_fen,
            prevented_escalation = r.prevented_escalation + EXCLUDED.prevented_escalation,
            prevented_mass_petition = r.prevented_mass_petition + EXCLUDED.prevented_mass_petition,
            close_days_sum = r.close_days_sum + EXCLUDED.close_days_sum,
            close_days_n = r.close_days_n + EXCLUDED.close_days_n,
            open_delta = r.open_delta + EXCLUDED.open_delta,
            overdue_delta = r.overdue_delta + EXCLUDED.overdue_delta,
            close_hist = CASE WHEN EXCLUDED.close_hist IS NULL THEN r.close_hist
                              ELSE hist_merge(r.close_hist, EXCLUDED.close_hist) END
        RETURNING 1
    ), cube AS (
        INSERT INTO report_cube AS r (center_id, day, community_id, mediator_id, dispute_type,
                                      channel, source, risk_level, received, accepted, declined,
                                      assigned, resolved, failed, terminated, withdrawn, referred,
                                      agreements, agreement_fen, prevented_escalation,
                                      prevented_mass_petition, close_days_sum, close_days_n,
                                      open_delta, overdue_delta, close_hist)
        SELECT p.center_id, p.day, p.community_id, p.mediator_id, p.dispute_type, p.channel,
               p.source, p.risk_level, sum(p.received), sum(p.accepted), sum(p.declined),
               sum(p.assigned), sum(p.resolved), sum(p.failed), sum(p.terminated), sum(p.withdrawn),
               sum(p.referred), sum(p.agreements), sum(p.agreement_fen), sum(p.prevented_escalation),
               sum(p.prevented_mass_petition), sum(p.close_days_sum), sum(p.close_days_n),
               sum(p.open_delta), sum(p.overdue_delta),
               CASE WHEN count(p.close_days) > 0
                    THEN hist_merge(NULL, array_agg(ARRAY[p.close_days, p.close_days_n])
                                              FILTER (WHERE p.close_days IS NOT NULL)) END
        FROM taken p
        WHERE p.grain = 'd'
        GROUP BY p.center_id, p.day, p.community_id, p.mediator_id, p.dispute_type, p.channel,
                 p.source, p.risk_level
        ORDER BY p.center_id, p.day, p.community_id, p.mediator_id, p.dispute_type, p.channel,
                 p.source, p.risk_level
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
            agreements = r.agreements + EXCLUDED.agreements,
            agreement_fen = r.agreement_fen + EXCLUDED.agreement_fen,
            prevented_escalation = r.prevented_escalation + EXCLUDED.prevented_escalation,
            prevented_mass_petition = r.prevented_mass_petition + EXCLUDED.prevented_mass_petition,
            close_days_sum = r.close_days_sum + EXCLUDED.close_days_sum,
            close_days_n = r.close_days_n + EXCLUDED.close_days_n,
            open_delta = r.open_delta + EXCLUDED.open_delta,
            overdue_delta = r.overdue_delta + EXCLUDED.overdue_delta,
            close_hist = CASE WHEN EXCLUDED.close_hist IS NULL THEN r.close_hist
                              ELSE hist_merge(r.close_hist, EXCLUDED.close_hist) END
        RETURNING 1
    )
    SELECT count(*)::integer INTO folded FROM taken;
    RETURN folded;
END
$$;

-- Folds everything pending (for tests, checks and rebuilds); returns how many rows.
CREATE FUNCTION rollup_fold_all() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    total bigint := 0;
    n integer;
BEGIN
    LOOP
        n := rollup_fold(10000);
        EXIT WHEN n = 0;
        total := total + n;
    END LOOP;
    RETURN total;
END
$$;

-- The rebuilds compute a center's rollups from its cases: its pending rows are then counted
-- already, so they go first. (The rebuilds run while no one else changes the center's cases.)
ALTER FUNCTION rollup_rebuild_rows(integer) RENAME TO rollup_rebuild_rows_deferred;
CREATE FUNCTION rollup_rebuild_rows(center integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rollup_pending WHERE center_id = center;
    PERFORM rollup_rebuild_rows_deferred(center);
    PERFORM rollup_fold_all();
END
$$;

ALTER FUNCTION rollup_rebuild_bulk(integer) RENAME TO rollup_rebuild_bulk_folded;
CREATE FUNCTION rollup_rebuild_bulk(center integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rollup_pending WHERE center_id = center;
    PERFORM rollup_rebuild_bulk_folded(center);
END
$$;

-- 3. Open cases by party hash ------------------------------------------------------------------

CREATE TABLE open_party_hashes (
    center_id integer NOT NULL,
    hash      bytea NOT NULL,   -- parties.id_hash or parties.phone_hash
    case_id   bigint NOT NULL,
    PRIMARY KEY (center_id, hash, case_id)
);

INSERT INTO open_party_hashes (center_id, hash, case_id)
SELECT DISTINCT c.center_id, h.hash, c.id
FROM parties p JOIN cases c ON c.id = p.case_id
CROSS JOIN LATERAL unnest(ARRAY[p.id_hash, p.phone_hash]) AS h(hash)
WHERE h.hash IS NOT NULL AND c.status IN ('received', 'accepted', 'assigned', 'in_mediation');

CREATE FUNCTION parties_open_hashes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('mediation.bulk_load', true) = 'on' THEN
        RETURN NULL; -- the seed fills the table for its cases in one statement
    END IF;
    INSERT INTO open_party_hashes (center_id, hash, case_id)
    SELECT c.center_id, h.hash, c.id
    FROM cases c CROSS JOIN LATERAL unnest(ARRAY[NEW.id_hash, NEW.phone_hash]) AS h(hash)
    WHERE c.id = NEW.case_id AND h.hash IS NOT NULL
      AND c.status IN ('received', 'accepted', 'assigned', 'in_mediation')
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER parties_open_hashes AFTER INSERT ON parties
    FOR EACH ROW EXECUTE FUNCTION parties_open_hashes();

CREATE FUNCTION cases_open_hashes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM open_party_hashes o
    USING parties p CROSS JOIN LATERAL unnest(ARRAY[p.id_hash, p.phone_hash]) AS h(hash)
    WHERE p.case_id = NEW.id AND o.center_id = NEW.center_id AND o.hash = h.hash
      AND o.case_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER cases_open_hashes AFTER UPDATE OF status ON cases
    FOR EACH ROW
    WHEN (NEW.status IN ('declined', 'closed') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION cases_open_hashes();

-- 4. Lists by deadline over every status ------------------------------------------------------

-- GET /cases?sort=due without a status filter lists closed cases too (they keep their deadline):
-- cases_due (0003) holds open cases only, so such a list sorted every case with a deadline (7 M
-- at 10 M cases, past the statement timeout). Intake adds nothing here (no deadline yet).
CREATE INDEX cases_due_any ON cases (center_id, due_at, id) WHERE due_at IS NOT NULL;
