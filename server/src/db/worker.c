/* Background threads with a connection of their own: see worker.h. */
#include "worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conn.h"
#include "log.h"

#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS 5000

struct db_worker {
    struct db_worker_config config;
    char *conninfo;
    char *name;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
    bool poked;
    struct db_conn conn;
};

/* Sleeps up to ms, less when poked or stopping; false when stopping. */
static bool pause_for(struct db_worker *w, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&w->lock);
    while (!w->stopping && !w->poked) {
        if (pthread_cond_timedwait(&w->wake, &w->lock, &until) == ETIMEDOUT)
            break;
    }
    w->poked = false;
    bool go_on = !w->stopping;
    pthread_mutex_unlock(&w->lock);
    return go_on;
}

static void disconnect(struct db_worker *w)
{
    if (w->conn.pg)
        PQfinish(w->conn.pg);
    w->conn.pg = NULL;
    w->conn.broken = false;
}

static bool connect_worker(struct db_worker *w, struct error *err)
{
    w->conn.pg =
        db_connect(w->conninfo, w->config.connect_timeout_s, w->config.statement_timeout_ms, err);
    if (!w->conn.pg)
        return false;
    w->conn.broken = false;
    char set[160];
    snprintf(set, sizeof(set), "SET application_name = '%s'", w->name);
    if (db_prepare_all(w->conn.pg, err) != STATUS_OK ||
        db_command(&w->conn, set, err) != STATUS_OK) {
        disconnect(w);
        return false;
    }
    return true;
}

static void *worker_main(void *arg)
{
    struct db_worker *w = arg;
    int backoff_ms = BACKOFF_FIRST_MS;
    for (;;) {
        int wait_ms;
        struct error err;
        error_init(&err);
        if (!w->conn.pg && !connect_worker(w, &err)) {
            log_msg(LOG_DEBUG, "%s: cannot connect: %s", w->name, err.message);
            wait_ms = -1;
        } else {
            wait_ms = w->config.tick(&w->conn, w->config.ctx);
            if (w->conn.broken || PQstatus(w->conn.pg) != CONNECTION_OK)
                disconnect(w);
        }
        if (wait_ms < 0) {
            wait_ms = backoff_ms;
            backoff_ms = backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff_ms * 2;
        } else {
            backoff_ms = BACKOFF_FIRST_MS;
        }
        if (!pause_for(w, wait_ms))
            break;
    }
    disconnect(w);
    return NULL;
}

struct db_worker *db_worker_start(const struct db_worker_config *config, struct error *err)
{
    struct db_worker *w = calloc(1, sizeof(*w));
    if (!w || !(w->conninfo = strdup(config->conninfo ? config->conninfo : "")) ||
        !(w->name = strdup(config->name ? config->name : "mediationd worker"))) {
        if (w)
            free(w->conninfo);
        free(w);
        error_set(err, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    /* the name goes into a SET between quotes: keep it to safe characters */
    for (char *c = w->name; *c; c++)
        if (*c == '\'' || *c == '\\')
            *c = ' ';
    w->config = *config;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w->conninfo);
        free(w->name);
        free(w);
        error_set(err, STATUS_INTERNAL, "cannot start %s: %s",
                  config->name ? config->name : "a worker", strerror(rc));
        return NULL;
    }
    return w;
}

void db_worker_poke(struct db_worker *w)
{
    pthread_mutex_lock(&w->lock);
    w->poked = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

void db_worker_stop(struct db_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w->conninfo);
    free(w->name);
    free(w);
}
