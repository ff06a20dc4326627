/* A background thread with a PostgreSQL connection of its own (never a pooled one), for work that
 * runs beside the requests: the feed watcher, the reminder scheduler, the webhook deliveries.
 *
 * The thread connects (and prepares every statement) before the first tick and again after a
 * tick that lost the connection, with a backoff while PostgreSQL cannot be reached; it shows as
 * `application_name` in pg_stat_activity. tick(conn, ctx) does one round of work and returns how
 * many milliseconds to sleep before the next (db_worker_poke cuts a sleep short), or -1 after a
 * failure (logged by the tick), which sleeps the backoff.
 *
 * A job that needs more (db_worker_start_job) adds settings to the session, its own first backoff,
 * a hook told when the connection is closed (a session's advisory locks go with it: the rollup
 * folder's maintenance lead, leader.h), or opens the connections it needs itself (the replica
 * monitor, which watches several servers): then tick gets NULL and is called every time.
 *
 * Ownership: db_worker_start returns a worker that the caller stops once with db_worker_stop,
 * which joins the thread (after its current tick) and closes the connection. ctx must outlive it.
 */
#pragma once

#include <stdbool.h>

#include "error.h"

struct db_conn;
struct db_worker;

struct db_worker_config {
    const char *conninfo; /* copied */
    const char *name;     /* application_name, copied */
    int connect_timeout_s;
    int statement_timeout_ms;
    int (*tick)(struct db_conn *conn, void *ctx);
    void *ctx;
};

/* What a job adds to the defaults; all zero is db_worker_start. */
struct db_worker_job {
    const char *session;  /* more settings after connecting ("SET lock_timeout = '2s'"); copied */
    int backoff_first_ms; /* the first sleep after a failure (0: 100 ms), doubled up to 5 s */
    void (*closed)(void *ctx); /* the connection was closed (after a failure, or at the stop) */
    bool no_connection;        /* tick(NULL, ctx): the job opens the connections it needs */
};

/* NULL with err set when the thread cannot start (never because of the database). */
struct db_worker *db_worker_start(const struct db_worker_config *config, struct error *err);
struct db_worker *db_worker_start_job(const struct db_worker_config *config,
                                      const struct db_worker_job *job, struct error *err);
/* Ends the current sleep now; from any thread. */
void db_worker_poke(struct db_worker *worker);
/* NULL is ignored. */
void db_worker_stop(struct db_worker *worker);
