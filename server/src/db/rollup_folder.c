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

static void disconnect(struct db_folder *f)
{
    if (f->conn.pg)
        PQfinish(f->conn.pg);
    f->conn.pg = NULL;
    f->conn.broken = false;
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

/* Idempotency keys past their 24 hours are no longer honoured (idempotency_claim.sql) and hold
 * sealed answers about people: the folder, which has a connection of its own and wakes often
 * anyway, deletes them every PURGE_EVERY_MS, a batch at a time (at once again after a full one). */
#define PURGE_EVERY_MS 5000
#define PURGE_BATCH 1000

static int64_t monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Returns true when a full batch went (more may be waiting). */
static bool purge_idempotency_keys(struct db_folder *f)
{
    struct error err;
    error_init(&err);
    long deleted = 0;
    if (!f->conn.pg)
        return false;
    if (db_idempotency_purge(&f->conn, PURGE_BATCH, &deleted, &err) != STATUS_OK) {
        log_msg(LOG_DEBUG, "rollup folder: idempotency purge: %s", err.message);
        if (f->conn.broken || PQstatus(f->conn.pg) != CONNECTION_OK)
            disconnect(f);
        return false;
    }
    if (deleted > 0)
        log_msg(LOG_DEBUG, "rollup folder: purged %ld idempotency keys past 24 hours", deleted);
    return deleted >= PURGE_BATCH;
}

static void *folder_main(void *arg)
{
    struct db_folder *f = arg;
    int backoff_ms = f->config.interval_ms;
    long since_vacuum = 0;
    int64_t next_purge = 0;
    for (;;) {
        long folded = fold_once(f);
        if (folded >= 0 && monotonic_ms() >= next_purge)
            next_purge = purge_idempotency_keys(f) ? 0 : monotonic_ms() + PURGE_EVERY_MS;
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
