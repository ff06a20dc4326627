/* The background rollup folder: see rollup_folder.h. A job of worker.h: the worker owns the
 * thread, the connection, its backoff and reconnects; this file is the tick. */
#include "rollup_folder.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "idempotency_store.h"
#include "leader.h"
#include "log.h"
#include "query.h"
#include "worker.h"

/* A fold runs over many rows at once: longer than a request's statement timeout. It waits at
 * most this long for a lock (a seed holds rollup_pending for its whole run), then tries later. */
#define FOLD_STATEMENT_TIMEOUT_MS 60000
#define FOLD_SESSION "SET lock_timeout = '2s'"

/* The folded rows stay in rollup_pending as dead tuples until a vacuum, and every report scans
 * that table (its live rows are few, so it has no index to skip them by): at a thousand intakes a
 * second autovacuum's minute let it grow to thousands of pages, 4 ms of every report's pieces.
 * The folder vacuums the queue it drains once it has folded this many rows. */
#define VACUUM_AFTER_ROWS 5000

/* Work done once for all instances, by the one that leads the "maintenance" job (leader.h), on
 * this connection: idempotency keys past their 24 hours are no longer honoured
 * (idempotency_claim.sql) and hold sealed answers about people, so they are deleted every
 * MAINTENANCE_EVERY_MS, a batch at a time (at once again after a full one); job_runs rows past
 * 7 days go too. Every instance asks for the lead every LEAD_CHECK_MS, so a dead leader's work is
 * taken over within about a second of PostgreSQL ending its session. */
#define MAINTENANCE_EVERY_MS 5000
#define LEAD_CHECK_MS 1000
#define PURGE_BATCH 1000

struct db_folder {
    struct db_folder_config config;
    struct db_worker *worker;
    pthread_mutex_t lock;         /* guards shown */
    struct db_folder_lead shown;  /* the lead's state for /metrics */
    struct db_leader maintenance; /* the once-for-all-instances work; the worker thread's own */
    char holder[200];             /* this instance in job_runs: host/pid */
    /* the worker thread's own */
    long since_vacuum;
    int64_t next_check, next_run;
};

static int64_t monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Publishes the maintenance leadership for db_folder_lead (the thread never holds the lock across
 * a statement). */
static void show_lead(struct db_folder *f)
{
    pthread_mutex_lock(&f->lock);
    f->shown.leading = f->maintenance.held;
    f->shown.terms = f->maintenance.terms;
    f->shown.runs = f->maintenance.runs;
    pthread_mutex_unlock(&f->lock);
}

/* The worker closed the connection: the maintenance lock went with the session. */
static void folder_closed(void *ctx)
{
    struct db_folder *f = ctx;
    db_leader_forget(&f->maintenance);
    show_lead(f);
}

/* Whether this instance leads the maintenance job now (asks the database). */
static bool leading(struct db_folder *f, struct db_conn *conn)
{
    struct error err;
    error_init(&err);
    bool mine = false;
    enum status st = db_leader_hold(&f->maintenance, conn, &mine, &err);
    show_lead(f);
    if (st != STATUS_OK)
        log_msg(LOG_DEBUG, "rollup folder: maintenance lead: %s", err.message);
    return mine;
}

/* One maintenance run (the caller leads the job); returns true when a full batch went (more may
 * be waiting). */
static bool maintain(struct db_folder *f, struct db_conn *conn)
{
    struct error err;
    error_init(&err);
    struct timespec started;
    clock_gettime(CLOCK_REALTIME, &started);
    long deleted = 0, old_runs = 0;
    const char *step = "idempotency purge";
    enum status st = db_idempotency_purge(conn, PURGE_BATCH, &deleted, &err);
    if (st == STATUS_OK && deleted > 0)
        log_msg(LOG_DEBUG, "rollup folder: purged %ld idempotency keys past 24 hours", deleted);
    if (st == STATUS_OK) {
        step = "job_runs purge";
        st = db_job_runs_purge(conn, PURGE_BATCH, &old_runs, &err);
    }
    if (st == STATUS_OK) {
        step = "job run record";
        st = db_leader_record(&f->maintenance, conn, f->holder, &started, deleted + old_runs, &err);
        show_lead(f);
    }
    if (st != STATUS_OK) {
        log_msg(LOG_DEBUG, "rollup folder: %s: %s", step, err.message);
        return false;
    }
    return deleted >= PURGE_BATCH;
}

/* One fold, then the maintenance job when due; the worker's tick. */
static int fold_tick(struct db_conn *conn, void *ctx)
{
    struct db_folder *f = ctx;
    struct error err;
    error_init(&err);
    long folded = 0;
    enum status st =
        db_query_long(conn, SQL_ROLLUP_FOLD, DB_ARGS(DB_INT(f->config.batch_rows)), &folded, &err);
    if (st != STATUS_OK) {
        /* a lock held by a seed or a restart of PostgreSQL: both pass; log once per failure */
        log_msg(st == STATUS_UNAVAILABLE || st == STATUS_RETRY ? LOG_DEBUG : LOG_WARN,
                "rollup folder: %s", err.message);
        return -1;
    }
    int64_t now = monotonic_ms();
    if (now >= f->next_check) {
        f->next_check = now + LEAD_CHECK_MS;
        if (!leading(f, conn))
            f->next_run = 0; /* a new term starts with a run */
        else if (now >= f->next_run)
            f->next_run = maintain(f, conn) ? 0 : now + MAINTENANCE_EVERY_MS;
    }
    if (folded > 0 && (f->since_vacuum += folded) >= VACUUM_AFTER_ROWS) {
        if (!db_conn_lost(conn) &&
            db_command(conn, "VACUUM (SKIP_LOCKED) rollup_pending", &err) != STATUS_OK)
            log_msg(LOG_DEBUG, "rollup folder: vacuum: %s", err.message);
        f->since_vacuum = 0;
    }
    /* a full batch: more is waiting, fold again at once */
    return folded >= f->config.batch_rows ? 0 : f->config.interval_ms;
}

struct db_folder *db_folder_start(const struct db_folder_config *config, struct error *err)
{
    struct db_folder *f = calloc(1, sizeof(*f));
    if (!f) {
        error_set(err, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    f->config = *config;
    f->config.conninfo = NULL; /* the worker's copy is the one used */
    db_leader_init(&f->maintenance, "maintenance");
    db_leader_holder_name(f->holder, sizeof(f->holder));
    if (f->config.interval_ms < 1)
        f->config.interval_ms = 1;
    if (f->config.batch_rows < 1)
        f->config.batch_rows = 1;
    pthread_mutex_init(&f->lock, NULL);
    struct db_worker_config wc = {config->conninfo,
                                  "mediationd rollup folder",
                                  config->connect_timeout_s,
                                  FOLD_STATEMENT_TIMEOUT_MS,
                                  fold_tick,
                                  f};
    struct db_worker_job job = {FOLD_SESSION, f->config.interval_ms, folder_closed, false};
    f->worker = db_worker_start_job(&wc, &job, err);
    if (!f->worker) {
        pthread_mutex_destroy(&f->lock);
        free(f);
        return NULL;
    }
    return f;
}

void db_folder_lead(struct db_folder *f, struct db_folder_lead *out)
{
    memset(out, 0, sizeof(*out));
    if (!f)
        return;
    pthread_mutex_lock(&f->lock);
    *out = f->shown;
    pthread_mutex_unlock(&f->lock);
}

void db_folder_stop(struct db_folder *f)
{
    if (!f)
        return;
    db_worker_stop(f->worker);
    pthread_mutex_destroy(&f->lock);
    free(f);
}
