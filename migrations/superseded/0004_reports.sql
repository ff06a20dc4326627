-- Bridge for the superseded text of 0004_reports.sql of ab78ed9 (superseded.txt): it lacked the
-- report_snapshot_numbers sequence, which no later migration creates and the server's
-- report_snapshot_insert.sql reads. Created here, past every snapshot id, so that a number the
-- server makes never repeats one made before (the unique constraint on report_snapshots.number).
CREATE SEQUENCE IF NOT EXISTS report_snapshot_numbers;
SELECT setval('report_snapshot_numbers', max(id)) FROM report_snapshots HAVING max(id) IS NOT NULL;
