-- Bridge for the superseded texts of 0006_report_grains.sql of 8afab8d and 209f089
-- (superseded.txt): run once, in the transaction that records 0006's current checksum, before any
-- pending migration. Those texts had no rollup_clear(integer), which the current text creates and
-- 0009_rollup_staging drops (without IF EXISTS): created here while 0009 is still to come. Their
-- other differences (rollup_apply(), the bulk rebuild) are replaced by 0008 and later migrations.
DO $bridge$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM schema_migrations WHERE name = '0009_rollup_staging') THEN
        CREATE OR REPLACE FUNCTION rollup_clear(center integer) RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM report_cube WHERE center_id < center)
               AND NOT EXISTS (SELECT 1 FROM report_cube WHERE center_id > center)
               AND NOT EXISTS (SELECT 1 FROM report_slices WHERE center_id < center)
               AND NOT EXISTS (SELECT 1 FROM report_slices WHERE center_id > center) THEN
                TRUNCATE report_slices, report_cube;
                RETURN true;
            END IF;
            DELETE FROM report_slices WHERE center_id = center;
            DELETE FROM report_cube WHERE center_id = center;
            RETURN false;
        END
        $$;
    END IF;
END
$bridge$;
