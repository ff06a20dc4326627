-- Deletes up to $1 job_runs rows older than 7 days, oldest first; returns how many went.
-- $1 int batch size
WITH gone AS (
    DELETE FROM job_runs
    WHERE id IN (SELECT id FROM job_runs
                 WHERE started_at < now() - interval '7 days'
                 ORDER BY started_at
                 LIMIT $1::int)
    RETURNING 1
)
SELECT count(*) FROM gone
