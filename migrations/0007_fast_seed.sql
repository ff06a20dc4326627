-- 0007: a faster bulk load for the data generator (`mediationd seed`).
--
-- * case_state_reachable(): whether a case row is a state that the legal transitions of
--   DESIGN.md §2 reach from `received` (statuses, outcomes, timestamps, mediator and deadline
--   consistent and in order). The insert guard now lets a bulk load (mediation.bulk_load on)
--   insert a case directly in such a state, instead of inserting it received and moving it by one
--   UPDATE per transition; everything else still starts received.
-- * The triggers whose work a bulk load does set-based afterwards no longer fire at all during
--   one (a WHEN condition instead of an early return): the rollup triggers (the seed rebuilds the
--   rollups) and agreements_guard (the seed checks its agreements with seed_check_agreements()).
-- * seed_bulk_begin() / seed_bulk_end() replace seed_indexes_drop() / seed_indexes_restore(): a
--   large seed also drops the foreign keys, primary keys and unique constraints of the tables it
--   fills and adds them back at the end (one sorted index build or one set-based validation each
--   instead of work for every inserted row); case_events, which it does not fill, keeps its
--   indexes.
-- * The generator plans in C now and loads with COPY: its plan tables and seed_u() go.
-- * Two redundant indexes go: parties_case (the unique (case_id, position) index serves every
--   query by case) and case_events_feed (the primary key is the same index).

-- The state machine, for rows that arrive whole ---------------------------------------------------

-- True when c is a state that a legal sequence of transitions reaches from `received`: every step
-- that happened has its instant, in order and not in the future, and nothing that belongs to a
-- later step is set. Outcomes come only from the statuses that may record them: closed without
-- acceptance (from received) only withdrawn; closed before any assignment (from accepted) withdrawn
-- or referred; closed after assignment (assigned or in_mediation) any outcome. Whether an assigned
-- case had a session before a mediated outcome is not in the row (sessions are a sample), so an
-- assigned case may record any outcome.
CREATE FUNCTION case_state_reachable(c cases) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        c.version >= 1
        AND c.received_at <= now()
        AND greatest(c.accepted_at, c.declined_at, c.first_assigned_at, c.assigned_at,
                     c.closed_at, c.return_visit_at) <= now() IS NOT FALSE
        -- declined: straight from received, final
        AND (c.declined_at IS NULL OR (c.declined_at >= c.received_at AND c.accepted_at IS NULL))
        -- accepted: a deadline after the acceptance; nothing of acceptance before it
        AND CASE WHEN c.accepted_at IS NULL
                 THEN c.due_at IS NULL AND c.assigned_at IS NULL AND c.extended_days = 0
                      AND c.paused_at IS NULL
                 ELSE c.accepted_at >= c.received_at AND c.due_at > c.accepted_at
                      AND (c.paused_at IS NULL OR c.paused_at >= c.accepted_at) END
        -- assigned: a mediator and its channel, first assigned after the acceptance
        AND CASE WHEN c.assigned_at IS NULL
                 THEN c.first_assigned_at IS NULL AND c.mediator_id IS NULL AND c.channel IS NULL
                 ELSE c.accepted_at IS NOT NULL AND c.mediator_id IS NOT NULL
                      AND c.channel IS NOT NULL AND c.first_assigned_at >= c.accepted_at
                      AND c.assigned_at >= c.first_assigned_at END
        AND CASE c.status
                WHEN 'received' THEN c.accepted_at IS NULL
                WHEN 'declined' THEN true
                WHEN 'accepted' THEN c.accepted_at IS NOT NULL AND c.assigned_at IS NULL
                WHEN 'assigned' THEN c.assigned_at IS NOT NULL
                WHEN 'in_mediation' THEN c.assigned_at IS NOT NULL
                WHEN 'closed' THEN
                    c.closed_at >= greatest(c.received_at, c.accepted_at, c.assigned_at)
                    AND c.paused_at IS NULL
                    AND CASE WHEN c.accepted_at IS NULL THEN c.outcome = 'withdrawn'
                             WHEN c.assigned_at IS NULL THEN c.outcome IN ('withdrawn', 'referred')
                             ELSE true END
                    AND (c.return_visit_at IS NULL OR c.return_visit_at >= c.closed_at)
                ELSE false END
        -- what only a close or its follow-up sets
        AND (c.status = 'closed' OR (NOT c.prevented_escalation AND NOT c.prevented_mass_petition
                                     AND c.return_visit_at IS NULL AND c.performance IS NULL
                                     AND NOT c.judicial_confirmation)),
        false);
$$;

-- A new case starts received; a bulk load may insert it in any state the transitions reach. The
-- rule is the trigger's WHEN condition, which the executor evaluates on the row itself (the SQL
-- function above is inlined there), so a row that passes costs no function call; the function
-- only runs for a row to refuse, and says why.
CREATE OR REPLACE FUNCTION cases_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'received' THEN
        IF current_setting('mediation.bulk_load', true) IS DISTINCT FROM 'on' THEN
            RAISE EXCEPTION 'a new case starts received'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'case_status_transition';
        END IF;
        IF NOT case_state_reachable(NEW) THEN
            RAISE EXCEPTION 'case % (%) is not a state the transitions reach from received',
                            NEW.case_no, NEW.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'case_status_transition';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER cases_insert_guard ON cases;
CREATE TRIGGER cases_insert_guard BEFORE INSERT ON cases
    FOR EACH ROW WHEN (NEW.status <> 'received'
                       AND NOT (coalesce(current_setting('mediation.bulk_load', true), '') = 'on'
                                AND case_state_reachable(NEW)))
    EXECUTE FUNCTION cases_insert_guard();

-- Triggers a bulk load replaces with set-based work -----------------------------------------------

DROP TRIGGER cases_rollup ON cases;
CREATE TRIGGER cases_rollup AFTER INSERT OR UPDATE ON cases
    FOR EACH ROW WHEN (current_setting('mediation.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION cases_rollup();

DROP TRIGGER agreements_rollup ON agreements;
CREATE TRIGGER agreements_rollup AFTER INSERT ON agreements
    FOR EACH ROW WHEN (current_setting('mediation.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION agreements_rollup();

DROP TRIGGER agreements_guard ON agreements;
CREATE CONSTRAINT TRIGGER agreements_guard AFTER INSERT OR UPDATE ON agreements
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (current_setting('mediation.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION agreements_guard();

-- What agreements_guard and cases_resolved_need_agreement check row by row, for the cases with ids
-- first_id .. last_id at once: each resolved case has its agreement, and each of their agreements
-- belongs to a resolved case. Raises as those triggers do.
CREATE FUNCTION seed_check_agreements(first_id bigint, last_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    bad_id bigint;
    resolved boolean;
BEGIN
    -- one pass over both: a resolved case without an agreement, or an agreement without one
    SELECT coalesce(c.id, a.case_id), c.id IS NOT NULL INTO bad_id, resolved
    FROM (SELECT id FROM cases WHERE id BETWEEN first_id AND last_id AND outcome = 'resolved') c
    FULL JOIN (SELECT g.case_id FROM agreements g WHERE g.case_id BETWEEN first_id AND last_id) a
        ON a.case_id = c.id
    WHERE c.id IS NULL OR a.case_id IS NULL
    LIMIT 1;
    IF FOUND AND resolved THEN
        RAISE EXCEPTION 'case % is resolved without an agreement',
                        (SELECT k.case_no FROM cases k WHERE k.id = bad_id)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'resolved_case_needs_agreement';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'an agreement needs a resolved case'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'agreement_needs_resolved_case';
    END IF;
END
$$;

-- The generator's plan tables and its SQL randomness: the generator now plans in C
-- (server/src/domain/seed_gen.c, whose seed_gen_u() equals seed_u()) and loads with COPY.
DROP TABLE seed_plan, seed_party_plan;
DROP FUNCTION seed_u(bigint, bigint, integer);

-- Redundant indexes ------------------------------------------------------------------------------

DROP INDEX parties_case;
DROP INDEX case_events_feed;

-- Bulk loading: indexes and constraints -------------------------------------------------------

-- What seed_bulk_begin() dropped, to be restored by seed_bulk_end(): kind 'index' (definition: the
-- CREATE INDEX), 'constraint' (a primary key or unique constraint: the ALTER TABLE … ADD
-- CONSTRAINT, which builds its index) or 'foreign key' (likewise, validated when added). Cases are
-- no longer updated after the insert, so their storage options stay as they are.
ALTER TABLE seed_dropped_indexes ADD COLUMN kind text NOT NULL DEFAULT 'index'
    CHECK (kind IN ('index', 'constraint', 'foreign key'));

DROP FUNCTION seed_indexes_drop(bigint);
DROP FUNCTION seed_indexes_restore();

-- When new_cases is at least a quarter of the cases there are (by the planner's estimate), drops
-- for the transaction what the tables the seed fills (cases, parties, mediation_sessions,
-- agreements, deadline_changes) would otherwise maintain row by row: their foreign keys and those
-- that point at them, their primary keys and unique constraints, and their plain indexes,
-- remembering each definition in seed_dropped_indexes. Returns how many it dropped.
CREATE FUNCTION seed_bulk_begin(new_cases bigint) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    filled regclass[] := ARRAY['cases', 'parties', 'mediation_sessions', 'agreements',
                               'deadline_changes']::regclass[];
    r record;
    dropped integer := 0;
BEGIN
    IF new_cases * 4 < (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'cases'::regclass)
    THEN
        RETURN 0;
    END IF;
    -- foreign keys first (they depend on the primary keys they point at), then the constraints
    FOR r IN
        SELECT c.conrelid::regclass::text AS table_name, c.conname,
               CASE c.contype WHEN 'f' THEN 'foreign key' ELSE 'constraint' END AS kind,
               format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                      pg_get_constraintdef(c.oid)) AS definition
        FROM pg_constraint c
        WHERE (c.contype = 'f' AND (c.conrelid = ANY (filled) OR c.confrelid = ANY (filled)))
           OR (c.contype IN ('p', 'u') AND c.conrelid = ANY (filled))
        ORDER BY c.contype <> 'f', c.conrelid::regclass::text, c.conname
    LOOP
        INSERT INTO seed_dropped_indexes (table_name, index_name, definition, kind)
        VALUES (r.table_name, r.conname, r.definition, r.kind);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.table_name, r.conname);
        dropped := dropped + 1;
    END LOOP;
    FOR r IN
        SELECT t.relname AS table_name, x.relname AS index_name,
               pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i
        JOIN pg_class x ON x.oid = i.indexrelid
        JOIN pg_class t ON t.oid = i.indrelid
        WHERE i.indrelid = ANY (filled)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY x.relname
    LOOP
        INSERT INTO seed_dropped_indexes (table_name, index_name, definition)
        VALUES (r.table_name, r.index_name, r.definition);
        EXECUTE format('DROP INDEX %I', r.index_name);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END
$$;

-- Restores everything seed_bulk_begin() dropped: the primary keys and unique constraints (each
-- index built in one sorted pass, which also checks the uniqueness of every row), the plain
-- indexes, then the foreign keys (each validated by one query over its table). Returns how many.
CREATE FUNCTION seed_bulk_end() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    r record;
    restored integer := 0;
BEGIN
    FOR r IN SELECT * FROM seed_dropped_indexes
             ORDER BY CASE kind WHEN 'constraint' THEN 0 WHEN 'index' THEN 1 ELSE 2 END,
                      index_name LOOP
        EXECUTE r.definition;
        restored := restored + 1;
    END LOOP;
    DELETE FROM seed_dropped_indexes;
    RETURN restored;
END
$$;
