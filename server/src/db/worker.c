/* Background threads with a connection of their own: see worker.h. */
#include "worker.h"

#include <errno.h>
#include <pthread.h>
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
    struct db_worker_job job;
    char *conninfo;
    char *name;
    char *session; /* SET application_name, then the job's settings */
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
    db_conn_close(&w->conn);
    if (w->job.closed)
        w->job.closed(w->config.ctx);
}

/* One round: connect if needed, then the job's tick; returns its wait (-1: back off). */
static int round_once(struct db_worker *w)
{
    if (w->job.no_connection)
        return w->config.tick(NULL, w->config.ctx);
    struct error err;
    error_init(&err);
    if (!w->conn.pg && !db_conn_open(&w->conn, w->conninfo, w->config.connect_timeout_s,
                                     w->config.statement_timeout_ms, w->session, &err)) {
        log_msg(LOG_DEBUG, "%s: cannot connect: %s", w->name, err.message);
        return -1;
    }
    int wait_ms = w->config.tick(&w->conn, w->config.ctx);
    if (db_conn_lost(&w->conn))
        disconnect(w);
    return wait_ms;
}

static void *worker_main(void *arg)
{
    struct db_worker *w = arg;
    int first = w->job.backoff_first_ms > 0 ? w->job.backoff_first_ms : BACKOFF_FIRST_MS;
    int backoff_ms = first;
    for (;;) {
        int wait_ms = round_once(w);
        if (wait_ms < 0) {
            wait_ms = backoff_ms;
            backoff_ms = backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff_ms * 2;
        } else {
            backoff_ms = first;
        }
        if (!pause_for(w, wait_ms))
            break;
    }
    disconnect(w);
    return NULL;
}

static void free_worker(struct db_worker *w)
{
    free(w->conninfo);
    free(w->name);
    free(w->session);
    free(w);
}

struct db_worker *db_worker_start(const struct db_worker_config *config, struct error *err)
{
    return db_worker_start_job(config, NULL, err);
}

struct db_worker *db_worker_start_job(const struct db_worker_config *config,
                                      const struct db_worker_job *job, struct error *err)
{
    struct db_worker *w = calloc(1, sizeof(*w));
    const char *more = job && job->session ? job->session : NULL;
    size_t size = 0;
    if (w && (w->conninfo = strdup(config->conninfo ? config->conninfo : "")) &&
        (w->name = strdup(config->name ? config->name : "mediationd worker"))) {
        size = strlen(w->name) + (more ? strlen(more) : 0) + 40;
        w->session = malloc(size);
    }
    if (!w || !w->session) {
        if (w)
            free_worker(w);
        error_set(err, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    /* the name goes into a SET between quotes: keep it to safe characters */
    for (char *c = w->name; *c; c++)
        if (*c == '\'' || *c == '\\')
            *c = ' ';
    snprintf(w->session, size, "SET application_name = '%s'%s%s", w->name, more ? "; " : "",
             more ? more : "");
    w->config = *config;
    if (job)
        w->job = *job;
    w->job.session = NULL; /* copied into w->session */
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        error_set(err, STATUS_INTERNAL, "cannot start %s: %s", w->name, strerror(rc));
        free_worker(w);
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
    free_worker(w);
}
