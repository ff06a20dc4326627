-- 0010: what full-text search reads moves out of `cases` into its own table, case_search, with
-- the trigram index; a large seed builds that table's index on another connection.
--
-- Why:
-- * Each status transition writes a new version of the case row. With the search text and its
--   trigram index on `cases`, every such version also put the case's ~50 trigrams into the index
--   again (a transition changes indexed columns, so it is never a HOT update). In its own table,
--   the text and its index are written when the case is registered and when its summary or
--   claims change, and not by transitions or other edits.
-- * The trigram index is the most expensive part of a large seed (at 1 M cases about 55 of the
--   seed's ~120 s, on one core: PostgreSQL 15 builds GIN indexes without parallel workers). On
--   `cases` it could only be built by the seed's own transaction, after the rows, one index after
--   another. In a table of its own it can be staged: built by another backend while the seed's
--   transaction loads and indexes the cases, as 0009 does for the rollups.
--
-- How a seed that rebuilds indexes (seed_bulk_begin() dropped them) uses it:
--   1. search_stage_begin(), on a second connection and committed at once: creates
--      case_search_next like case_search (no indexes yet) and copies every row of case_search
--      into it (the seed holds a lock on cases, so no case is registered or edited meanwhile).
--   2. A thread of the seed COPYs the new cases' rows into it on that connection, in a second
--      transaction; search_stage_keys() builds its primary key and trigram index, and that
--      transaction commits. The staged table is invisible to the application.
--   3. search_stage_swap(), in the seed's transaction: drops case_search, renames the staged
--      table and its indexes in its place and adds its foreign key to cases (validated against
--      the seed's own rows). It commits or rolls back with the cases; leftovers of a failed seed
--      are dropped by the next search_stage_begin().
-- A smaller seed COPYs its rows into case_search directly, in its transaction.

CREATE TABLE case_search (
    case_id     bigint PRIMARY KEY REFERENCES cases (id),
    -- summary, claims and party names, space-separated (kept by the statements that write them)
    search_text text NOT NULL
);
INSERT INTO case_search (case_id, search_text) SELECT id, search_text FROM cases;
CREATE INDEX case_search_text ON case_search USING gin (search_text gin_trgm_ops);
ALTER TABLE cases DROP COLUMN search_text;

-- The status machine of 0003 without the column: a closed case's search text cannot change
-- either, as it changes only with the summary or claims, which the guard refuses.
CREATE OR REPLACE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'declined' THEN
        RAISE EXCEPTION 'case % is declined and final', OLD.case_no
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_status_transition';
    END IF;
    IF OLD.status = 'closed' THEN
        IF (NEW.*) IS DISTINCT FROM (OLD.*) AND (
               NEW.status, NEW.outcome, NEW.closed_at, NEW.dispute_type, NEW.source,
               NEW.community_id, NEW.summary, NEW.claims, NEW.risk_level, NEW.mediator_id,
               NEW.due_at, NEW.prevented_escalation, NEW.prevented_mass_petition,
               NEW.external_system, NEW.external_id)
               IS DISTINCT FROM (
               OLD.status, OLD.outcome, OLD.closed_at, OLD.dispute_type, OLD.source,
               OLD.community_id, OLD.summary, OLD.claims, OLD.risk_level, OLD.mediator_id,
               OLD.due_at, OLD.prevented_escalation, OLD.prevented_mass_petition,
               OLD.external_system, OLD.external_id) THEN
            RAISE EXCEPTION 'case % is closed: only its follow-up may change', OLD.case_no
                USING ERRCODE = 'check_violation', CONSTRAINT = 'case_closed_immutable';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
           (OLD.status = 'received' AND NEW.status IN ('accepted', 'declined'))
        OR (OLD.status = 'accepted' AND NEW.status = 'assigned')
        OR (OLD.status = 'assigned' AND NEW.status = 'in_mediation')
        OR (NEW.status = 'closed' AND (
               (OLD.status = 'in_mediation')
            OR (NEW.outcome = 'withdrawn')
            OR (NEW.outcome = 'referred' AND OLD.status IN ('accepted', 'assigned'))))) THEN
        RAISE EXCEPTION 'case % cannot go from % to %', OLD.case_no, OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_status_transition';
    END IF;
    RETURN NEW;
END
$$;

-- Stages case_search for a seed of new_cases cases, when that seed rebuilds the indexes: the rule
-- of seed_bulk_begin(), at least a quarter of the cases there are (by the planner's estimate).
-- A smaller seed writes case_search directly: copying the whole table and building its index
-- again would cost more than the rows it adds. Returns whether it staged. Runs in a transaction
-- of its own, committed before the seed's transaction alters anything that refers to cases (a
-- lock on case_search held here would make that wait for this connection's whole staging).
CREATE FUNCTION search_stage_begin(new_cases bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE IF EXISTS case_search_next;
    IF new_cases * 4 < (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'cases'::regclass)
    THEN
        RETURN false;
    END IF;
    CREATE TABLE case_search_next (LIKE case_search INCLUDING ALL EXCLUDING INDEXES);
    INSERT INTO case_search_next SELECT * FROM case_search;
    RETURN true;
END
$$;

-- The staged table's indexes, as case_search defines them (named with a _next suffix until the
-- swap). An index of case_search that this function does not know is an error, so that a later
-- migration that adds one extends it rather than losing the index at the next seed.
CREATE FUNCTION search_stage_keys() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
               WHERE i.indrelid = 'case_search'::regclass
                 AND x.relname NOT IN ('case_search_pkey', 'case_search_text')) THEN
        RAISE EXCEPTION 'case_search has an index that search_stage_keys() does not build';
    END IF;
    ALTER TABLE case_search_next ADD CONSTRAINT case_search_pkey_next PRIMARY KEY (case_id);
    CREATE INDEX case_search_text_next ON case_search_next USING gin (search_text gin_trgm_ops);
END
$$;

-- Puts the staged table in place of case_search (in the seed's transaction).
CREATE FUNCTION search_stage_swap() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE case_search;
    ALTER TABLE case_search_next RENAME TO case_search;
    ALTER TABLE case_search RENAME CONSTRAINT case_search_pkey_next TO case_search_pkey;
    ALTER INDEX case_search_text_next RENAME TO case_search_text;
    ALTER TABLE case_search ADD CONSTRAINT case_search_case_id_fkey
        FOREIGN KEY (case_id) REFERENCES cases (id);
END
$$;

-- seed_bulk_begin() drops the foreign keys that point at cases (cases' primary key goes too) and
-- seed_bulk_end() adds them back. case_search's is left out of that when its table is staged: the
-- staged table replaces it and gets its own key at the swap. Returns whether there was one.
CREATE FUNCTION search_stage_detach() RETURNS void LANGUAGE sql AS $$
    DELETE FROM seed_dropped_indexes WHERE table_name = 'case_search' AND kind = 'foreign key';
$$;
