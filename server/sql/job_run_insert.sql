-- Records one run of a background job by the instance that leads it (migration 0024): who ran it,
-- when, and how many rows it handled. Operations read job_runs to see that each job runs, and once.
-- $1 text job, $2 text holder (host/pid of the instance), $3 text start (RFC 3339), $4 bigint rows
INSERT INTO job_runs (job, holder, started_at, rows_done)
VALUES ($1::text, $2::text, $3::timestamptz, $4::bigint)
