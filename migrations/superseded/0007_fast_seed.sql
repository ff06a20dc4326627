-- Bridge for the superseded text of 0007_fast_seed.sql of 71ef231 (merged into main by 7d7bd4b;
-- superseded.txt): run once, in the transaction that records 0007's current checksum, before any
-- pending migration. That text's bulk load dropped only indexes and foreign keys; the current one
-- also drops primary keys and unique constraints ('constraint' rows in seed_dropped_indexes). No
-- later migration replaces these functions or the check, so they are written as 0007 has them now.
ALTER TABLE seed_dropped_indexes
    DROP CONSTRAINT seed_dropped_indexes_kind_check,
    ADD CONSTRAINT seed_dropped_indexes_kind_check
        CHECK (kind IN ('index', 'constraint', 'foreign key'));

CREATE OR REPLACE FUNCTION seed_bulk_begin(new_cases bigint) RETURNS integer LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE FUNCTION seed_bulk_end() RETURNS integer LANGUAGE plpgsql AS $$
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
