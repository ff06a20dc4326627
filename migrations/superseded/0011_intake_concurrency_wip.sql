-- Bridge for the superseded texts of 0011_intake_concurrency.sql of 41fad59, 37d1a05 and 519bf55,
-- on main for 25 minutes while 0011 was being written (superseded.txt): run once, in the
-- transaction that records 0011's current checksum, before any pending migration (every migration
-- after 0011 is pending on such a database: 0013 came later). They differ from the current text in
-- plans, not in what they write: functions in SQL where the current text has PL/pgSQL
-- (case_number_reserve in 37d1a05; rollup_apply, agreement_rollup and rollup_fold), the receipt of
-- a new case through cases_rollup() where the current text has its own trigger and function, and no
-- cases_due_any index. Everything is written as 0011 has it now; no later migration replaces these
-- objects.

CREATE OR REPLACE FUNCTION case_number_reserve(p_center integer, p_year integer, p_count integer DEFAULT 1)
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

CREATE OR REPLACE FUNCTION cases_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE FUNCTION rollup_fold(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
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

DROP TRIGGER cases_rollup ON cases;
DROP TRIGGER IF EXISTS cases_rollup_insert ON cases;
CREATE TRIGGER cases_rollup AFTER UPDATE ON cases
    FOR EACH ROW WHEN (current_setting('mediation.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION cases_rollup();
CREATE TRIGGER cases_rollup_insert AFTER INSERT ON cases
    FOR EACH ROW WHEN (current_setting('mediation.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION cases_rollup_insert();

CREATE INDEX IF NOT EXISTS cases_due_any ON cases (center_id, due_at, id) WHERE due_at IS NOT NULL;

-- 41fad59 made the live views with CREATE VIEW (the same definitions: they stay) and had neither
-- rollup_live_views_create() nor the seed's swap split in two.
CREATE OR REPLACE FUNCTION rollup_live_views_create() RETURNS void LANGUAGE plpgsql AS $fn$
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

DO $bridge$
BEGIN
    IF to_regprocedure('rollup_stage_swap_tables()') IS NULL THEN
        ALTER FUNCTION rollup_stage_swap() RENAME TO rollup_stage_swap_tables;
        -- the body as 0011 writes it, unindented: a function's text is kept as written
        CREATE FUNCTION rollup_stage_swap() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP VIEW report_slices_live, report_cube_live;
    PERFORM rollup_stage_swap_tables();
    PERFORM rollup_live_views_create();
END
$$;
    END IF;
END
$bridge$;
