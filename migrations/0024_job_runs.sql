-- 0024: a record of the background jobs that one instance runs for all (issue 17, scale-out).
--
-- Several mediationd instances share one database. Work that must happen once for all of them
-- (the purge of idempotency keys past their 24 hours, the vacuum of rollup_pending, and later
-- reminders and other schedules) is run by the instance that holds the job's PostgreSQL advisory
-- lock on a dedicated connection (server/src/db/leader.c): the lock goes with the connection, so
-- the next instance takes the job over within seconds of the holder's death.
--
-- job_runs keeps one row per run: which job, which instance (host/pid), when it started and ended,
-- and how many rows it handled. It shows operators (and the scale tests) that each job runs, on one
-- instance at a time, and who took it over when. Rows older than 7 days are deleted by the same
-- maintenance job (job_runs_purge.sql). Append-only: a run is never edited.
CREATE TABLE job_runs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job text NOT NULL CHECK (job ~ '^[a-z][a-z0-9_.-]{0,47}$'),
    holder text NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    rows_done bigint NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
    CHECK (finished_at >= started_at)
);

CREATE INDEX job_runs_job_started ON job_runs (job, started_at);

CREATE TRIGGER job_runs_no_update
    BEFORE UPDATE ON job_runs
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
