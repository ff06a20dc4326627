-- 0009: the seed writes the report rollups on a second connection, into staged copies of the
-- rollup tables, while its own transaction is still building indexes; that transaction then puts
-- the staged tables in place of the rollup tables, atomically with the cases.
--
-- Why: a seed's transaction does everything on one PostgreSQL backend, one core. At 1 M cases it
-- spent about 75 s building indexes (the trigram index alone 50 s, which PostgreSQL 15 builds on
-- one core) and then 17 s writing 3.2 M rollup rows, while the machine's other core had nothing
-- to do once the rollups were summed. Writing them on another backend during the index builds
-- takes those 17 s off the seed's time.
--
-- How, without a second transaction over the same rows:
--   1. rollup_stage_begin(center), on the second connection: creates report_slices_next and
--      report_cube_next like the rollup tables (no indexes yet) and copies every other center's
--      rows into them (the seed holds a lock on cases, so no rollup changes meanwhile).
--   2. The seed COPYs the center's rows into them, then rollup_stage_keys() builds their keys
--      (one sorted pass each, which also checks that every row is unique) and the second
--      connection commits. The staged tables are invisible to the application.
--   3. rollup_stage_swap(), in the seed's transaction: drops the rollup tables and renames the
--      staged ones (and their keys) in their place. It commits or rolls back with the cases: a
--      failed seed leaves the rollup tables as they were, and staged tables that the next
--      rollup_stage_begin() drops.
-- The rollup functions name the tables, so they use the new ones from then on.

CREATE FUNCTION rollup_stage_begin(center integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE IF EXISTS report_slices_next, report_cube_next;
    -- INCLUDING ALL EXCLUDING INDEXES: defaults, checks, storage and statistics settings, not
    -- the keys (rollup_stage_keys builds them after the rows)
    CREATE TABLE report_slices_next (LIKE report_slices INCLUDING ALL EXCLUDING INDEXES);
    CREATE TABLE report_cube_next (LIKE report_cube INCLUDING ALL EXCLUDING INDEXES);
    INSERT INTO report_slices_next SELECT * FROM report_slices WHERE center_id <> center;
    INSERT INTO report_cube_next SELECT * FROM report_cube WHERE center_id <> center;
END
$$;

-- The staged tables' keys, as the rollup tables define theirs (named with a _next suffix until
-- the swap). A rollup table with an index that is not a key is an error here, so that a later
-- migration that adds one extends this function rather than losing the index at the next seed.
CREATE FUNCTION rollup_stage_keys() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_index i
               WHERE i.indrelid IN ('report_slices'::regclass, 'report_cube'::regclass)
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid))
    THEN
        RAISE EXCEPTION 'a rollup table has an index that rollup_stage_keys() does not build';
    END IF;
    FOR r IN SELECT c.conrelid::regclass::text AS table_name, c.conname,
                    pg_get_constraintdef(c.oid) AS definition
             FROM pg_constraint c
             WHERE c.contype IN ('p', 'u')
               AND c.conrelid IN ('report_slices'::regclass, 'report_cube'::regclass)
    LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', r.table_name || '_next',
                       r.conname || '_next', r.definition);
    END LOOP;
END
$$;

-- Puts the staged tables in place of the rollup tables (in the seed's transaction).
CREATE FUNCTION rollup_stage_swap() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    DROP TABLE report_slices, report_cube;
    ALTER TABLE report_slices_next RENAME TO report_slices;
    ALTER TABLE report_cube_next RENAME TO report_cube;
    FOR r IN SELECT c.conrelid::regclass::text AS table_name, c.conname
             FROM pg_constraint c
             WHERE c.conrelid IN ('report_slices'::regclass, 'report_cube'::regclass)
               AND c.conname LIKE '%\_next'
    LOOP
        EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', r.table_name, r.conname,
                       left(r.conname, -5));
    END LOOP;
END
$$;

-- rollup_clear() (0006) emptied the rollup tables for the seed's writes in its own transaction;
-- the staged tables replace it, and nothing calls it any more.
DROP FUNCTION rollup_clear(integer);
