/* The background rollup folder: see rollup_folder.h. */
#include "rollup_folder.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conn.h"
#include "params.h"
#include "idempotency_store.h"
#include "leader.h"
#include "log.h"

/* A fold runs over many rows at once: longer than a request's statement timeout. It waits at
 * most this long for a lock (a seed holds rollup_pending for its whole run), then tries later. */
#define FOLD_STATEMENT_TIMEOUT_MS 60000
#define FOLD_SESSION "SET lock_timeout = '2s'; SET application_name = 'mediationd rollup folder'"
#define BACKOFF_MAX_MS 5000

struct db_folder {
    struct db_folder_config config;
    char *conninfo;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
    struct db_conn conn;
    struct db_leader maintenance; /* the once-for-all-instances work; the thread's own */
    struct db_folder_lead shown;  /* its state for /metrics; guarded by lock */
    char holder[200];             /* this instance in job_runs: host/pid */
};

/* Sleeps up to ms, or less when asked to stop; returns false when stopping. */
static bool pause_for(struct db_folder *f, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&f->lock);
    while (!f->stopping) {
        if (pthread_cond_timedwait(&f->wake, &f->lock, &until) == ETIMEDOUT)
            break;
    }
    bool go_on = !f->stopping;
    pthread_mutex_unlock(&f->lock);
    return go_on;
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

static void disconnect(struct db_folder *f)
{
    if (f->conn.pg)
        PQfinish(f->conn.pg);
    f->conn.pg = NULL;
    f->conn.broken = false;
    /* the maintenance lock went with the session */
    db_leader_forget(&f->maintenance);
    show_lead(f);
}

static bool connect_folder(struct db_folder *f, struct error *err)
{
    f->conn.pg =
        db_connect(f->conninfo, f->config.connect_timeout_s, FOLD_STATEMENT_TIMEOUT_MS, err);
    if (!f->conn.pg)
        return false;
    f->conn.broken = false;
    if (db_prepare_all(f->conn.pg, err) != STATUS_OK ||
        db_command(&f->conn, FOLD_SESSION, err) != STATUS_OK) {
        disconnect(f);
        return false;
    }
    return true;
}

/* One fold; returns the rows folded, or -1 after a failure (logged). */
static long fold_once(struct db_folder *f)
{
    struct error err;
    error_init(&err);
    if (!f->conn.pg && !connect_folder(f, &err)) {
        log_msg(LOG_DEBUG, "rollup folder: cannot connect: %s", err.message);
        return -1;
    }
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, f->config.batch_rows);
    PGresult *res = NULL;
    enum status st = db_exec_params(&f->conn, SQL_ROLLUP_FOLD, &p, &res, &err);
    if (st != STATUS_OK) {
        /* a lock held by a seed or a restart of PostgreSQL: both pass; log once per failure */
        log_msg(st == STATUS_UNAVAILABLE || st == STATUS_RETRY ? LOG_DEBUG : LOG_WARN,
                "rollup folder: %s", err.message);
        if (f->conn.broken || PQstatus(f->conn.pg) != CONNECTION_OK)
            disconnect(f);
        return -1;
    }
    long folded = PQntuples(res) == 1 ? strtol(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    return folded;
}

/* The folded rows stay in rollup_pending as dead tuples until a vacuum, and every report scans
 * that table (its live rows are few, so it has no index to skip them by): at a thousand intakes a
 * second autovacuum's minute let it grow to thousands of pages, 4 ms of every report's pieces.
 * The folder vacuums the queue it drains once it has folded this many rows. */
#define VACUUM_AFTER_ROWS 5000

static void vacuum_queue(struct db_folder *f)
{
    struct error err;
    error_init(&err);
    if (f->conn.pg &&
        db_command(&f->conn, "VACUUM (SKIP_LOCKED) rollup_pending", &err) != STATUS_OK)
        log_msg(LOG_DEBUG, "rollup folder: vacuum: %s", err.message);
}

/* Work done once for all instances, by the one that leads the "maintenance" job (leader.h), on
 * this connection: idempotency keys past their 24 hours are no longer honoured
 * (idempotency_claim.sql) and hold sealed answers about people, so they are deleted every
 * MAINTENANCE_EVERY_MS, a batch at a time (at once again after a full one); job_runs rows past
 * 7 days go too. Every instance asks for the lead every LEAD_CHECK_MS, so a dead leader's work is
 * taken over within about a second of PostgreSQL ending its session. */
#define MAINTENANCE_EVERY_MS 5000
#define LEAD_CHECK_MS 1000
#define PURGE_BATCH 1000

static int64_t monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void maintenance_failed(struct db_folder *f, const char *what, const struct error *err)
{
    log_msg(LOG_DEBUG, "rollup folder: %s: %s", what, err->message);
    if (f->conn.broken || PQstatus(f->conn.pg) != CONNECTION_OK)
        disconnect(f);
}

/* Whether this instance leads the maintenance job now (asks the database). */
static bool leading(struct db_folder *f)
{
    struct error err;
    error_init(&err);
    bool mine = false;
    if (!f->conn.pg)
        return false;
    enum status st = db_leader_hold(&f->maintenance, &f->conn, &mine, &err);
    show_lead(f);
    if (st != STATUS_OK)
        maintenance_failed(f, "maintenance lead", &err);
    return mine;
}

/* One maintenance run (the caller leads the job); returns true when a full batch went (more may
 * be waiting). */
static bool maintain(struct db_folder *f)
{
    struct error err;
    error_init(&err);
    struct timespec started;
    clock_gettime(CLOCK_REALTIME, &started);
    long deleted = 0, old_runs = 0;
    if (db_idempotency_purge(&f->conn, PURGE_BATCH, &deleted, &err) != STATUS_OK) {
        maintenance_failed(f, "idempotency purge", &err);
        return false;
    }
    if (deleted > 0)
        log_msg(LOG_DEBUG, "rollup folder: purged %ld idempotency keys past 24 hours", deleted);
    if (db_job_runs_purge(&f->conn, PURGE_BATCH, &old_runs, &err) != STATUS_OK) {
        maintenance_failed(f, "job_runs purge", &err);
        return false;
    }
    enum status st =
        db_leader_record(&f->maintenance, &f->conn, f->holder, &started, deleted + old_runs, &err);
    show_lead(f);
    if (st != STATUS_OK)
        maintenance_failed(f, "job run record", &err);
    return deleted >= PURGE_BATCH;
}

static void *folder_main(void *arg)
{
    struct db_folder *f = arg;
    int backoff_ms = f->config.interval_ms;
    long since_vacuum = 0;
    int64_t next_check = 0, next_run = 0;
    for (;;) {
        long folded = fold_once(f);
        int64_t now = monotonic_ms();
        if (folded >= 0 && now >= next_check) {
            next_check = now + LEAD_CHECK_MS;
            if (!leading(f))
                next_run = 0; /* a new term starts with a run */
            else if (now >= next_run)
                next_run = maintain(f) ? 0 : now + MAINTENANCE_EVERY_MS;
        }
        if (folded > 0 && (since_vacuum += folded) >= VACUUM_AFTER_ROWS) {
            vacuum_queue(f);
            since_vacuum = 0;
        }
        int wait_ms;
        if (folded < 0) {
            wait_ms = backoff_ms;
            backoff_ms = backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff_ms * 2;
        } else {
            backoff_ms = f->config.interval_ms;
            /* a full batch: more is waiting, fold again at once */
            wait_ms = folded >= f->config.batch_rows ? 0 : f->config.interval_ms;
        }
        if (!pause_for(f, wait_ms))
            break;
    }
    disconnect(f);
    return NULL;
}

struct db_folder *db_folder_start(const struct db_folder_config *config, struct error *err)
{
    struct db_folder *f = calloc(1, sizeof(*f));
    if (!f || !(f->conninfo = strdup(config->conninfo ? config->conninfo : ""))) {
        free(f);
        error_set(err, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    f->config = *config;
    f->config.conninfo = f->conninfo;
    db_leader_init(&f->maintenance, "maintenance");
    db_leader_holder_name(f->holder, sizeof(f->holder));
    if (f->config.interval_ms < 1)
        f->config.interval_ms = 1;
    if (f->config.batch_rows < 1)
        f->config.batch_rows = 1;
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->wake, NULL);
    int rc = pthread_create(&f->thread, NULL, folder_main, f);
    if (rc != 0) {
        pthread_cond_destroy(&f->wake);
        pthread_mutex_destroy(&f->lock);
        free(f->conninfo);
        free(f);
        error_set(err, STATUS_INTERNAL, "cannot start the rollup folder: %s", strerror(rc));
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
    pthread_mutex_lock(&f->lock);
    f->stopping = true;
    pthread_cond_signal(&f->wake);
    pthread_mutex_unlock(&f->lock);
    pthread_join(f->thread, NULL);
    pthread_cond_destroy(&f->wake);
    pthread_mutex_destroy(&f->lock);
    free(f->conninfo);
    free(f);
}
