-- 0009: a bulk rollup write into emptied tables builds their primary keys once, after the rows.
--
-- Why: the seed writes millions of rollup rows with COPY (server/src/db/rollup_bulk.c). Into a
-- table with its primary key, each row is also an index insertion; into a truncated table without
-- it, the key is built afterwards in one sorted pass, which also checks that every row is unique.
-- Measured at 1 M cases: the cube's 2.75 M rows took 16.5 s with the key in place, 10.8 s plus
-- a 0.4 s build without.
--
-- rollup_clear() (0006) truncates the rollup tables when no other center has rows there; it now
-- also drops their primary keys then, remembering them in seed_dropped_indexes, and the caller
-- restores them with seed_bulk_end() (0007) once the rows are written, in the same transaction.
-- When other centers have rows, it deletes the center's rows and keeps the keys, as before.
CREATE OR REPLACE FUNCTION rollup_clear(center integer) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF EXISTS (SELECT 1 FROM report_cube WHERE center_id < center)
       OR EXISTS (SELECT 1 FROM report_cube WHERE center_id > center)
       OR EXISTS (SELECT 1 FROM report_slices WHERE center_id < center)
       OR EXISTS (SELECT 1 FROM report_slices WHERE center_id > center) THEN
        DELETE FROM report_slices WHERE center_id = center;
        DELETE FROM report_cube WHERE center_id = center;
        RETURN false;
    END IF;
    TRUNCATE report_slices, report_cube;
    FOR r IN
        SELECT c.conrelid::regclass::text AS table_name, c.conname,
               format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                      pg_get_constraintdef(c.oid)) AS definition
        FROM pg_constraint c
        WHERE c.contype = 'p' AND c.conrelid IN ('report_slices'::regclass, 'report_cube'::regclass)
    LOOP
        INSERT INTO seed_dropped_indexes (table_name, index_name, definition, kind)
        VALUES (r.table_name, r.conname, r.definition, 'constraint');
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.table_name, r.conname);
    END LOOP;
    RETURN true;
END
$$;
