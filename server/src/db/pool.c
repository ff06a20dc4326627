/* Connection pool: a mutex-protected stack of free connections and a condition variable. */
#include "pool.h"

#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "log.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 1000 /* short, so service is back within about a second of PostgreSQL */

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t available;
    struct db_pool_config config;
    char *conninfo;
    struct db_conn *conns;
    struct db_conn **free_stack;
    int free_count;
    unsigned long connects;
    unsigned long reconnects;
};

static long ms_until(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (t->tv_sec - now.tv_sec) * 1000 + (t->tv_nsec - now.tv_nsec) / 1000000;
}

struct db_pool *db_pool_new(const struct db_pool_config *config)
{
    struct db_pool *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->config = *config;
    p->conninfo = strdup(config->conninfo);
    p->conns = calloc((size_t)config->size, sizeof(*p->conns));
    p->free_stack = calloc((size_t)config->size, sizeof(*p->free_stack));
    if (!p->conninfo || !p->conns || !p->free_stack) {
        free(p->conninfo);
        free(p->conns);
        free(p->free_stack);
        free(p);
        return NULL;
    }
    p->config.conninfo = p->conninfo;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->available, NULL);
    for (int i = 0; i < config->size; i++)
        p->free_stack[p->free_count++] = &p->conns[i];
    return p;
}

void db_pool_free(struct db_pool *pool)
{
    if (!pool)
        return;
    for (int i = 0; i < pool->config.size; i++)
        if (pool->conns[i].pg)
            PQfinish(pool->conns[i].pg);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->available);
    free(pool->conninfo);
    free(pool->conns);
    free(pool->free_stack);
    free(pool);
}

/* A connection the server closed (restart, admin shutdown) is still CONNECTION_OK until libpq
 * reads its end: libpq takes the termination notice the server sends first for a notice and
 * stays CONNECTION_OK, so the next statement would be the one to fail. A pooled connection is
 * idle, and the server says nothing to an idle session of ours (no LISTEN) unless it is going
 * away, so a socket that has anything to read (or has hung up) is taken for dead and reopened
 * before a statement is sent. A zero-timeout poll: no round trip. */
static bool still_alive(struct db_conn *c)
{
    if (c->broken || PQstatus(c->pg) != CONNECTION_OK || PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        return false;
    struct pollfd pfd = {.fd = PQsocket(c->pg), .events = POLLIN};
    if (pfd.fd < 0)
        return false;
    int r = poll(&pfd, 1, 0);
    if (r == 0)
        return true;
    if (r > 0 && PQconsumeInput(c->pg)) {
        /* log what it said (a termination notice goes to the notice processor) */
        log_msg(LOG_INFO, "idle database connection had data waiting; reopening it");
    }
    return false;
}

static enum status open_conn(struct db_pool *pool, struct db_conn *c, struct error *err)
{
    if (c->pg) {
        PQfinish(c->pg);
        c->pg = NULL;
    }
    long wait = ms_until(&c->next_attempt);
    if (wait > 0) {
        err->retry_after = (int)((wait + 999) / 1000);
        return error_set(err, STATUS_UNAVAILABLE, "the database is unreachable");
    }
    PGconn *pg = db_connect(pool->conninfo, pool->config.connect_timeout_s,
                            pool->config.statement_timeout_ms, err);
    if (pg && db_prepare_all(pg, err) != STATUS_OK) {
        PQfinish(pg);
        pg = NULL;
    }
    if (!pg) {
        c->backoff_ms = c->backoff_ms ? c->backoff_ms * 2 : BACKOFF_MIN_MS;
        if (c->backoff_ms > BACKOFF_MAX_MS)
            c->backoff_ms = BACKOFF_MAX_MS;
        clock_gettime(CLOCK_MONOTONIC, &c->next_attempt);
        c->next_attempt.tv_nsec += (long)c->backoff_ms * 1000000L;
        c->next_attempt.tv_sec += c->next_attempt.tv_nsec / 1000000000L;
        c->next_attempt.tv_nsec %= 1000000000L;
        err->retry_after = 1;
        log_msg(LOG_WARN, "%s", err->message);
        return STATUS_UNAVAILABLE;
    }
    c->pg = pg;
    c->broken = false;
    c->backoff_ms = 0;
    pthread_mutex_lock(&pool->lock);
    pool->connects++;
    if (c->ever_connected)
        pool->reconnects++;
    pthread_mutex_unlock(&pool->lock);
    if (c->ever_connected)
        log_msg(LOG_INFO, "database connection reopened");
    c->ever_connected = true;
    return STATUS_OK;
}

enum status db_pool_acquire(struct db_pool *pool, struct db_conn **out, struct error *err)
{
    *out = NULL;
    pthread_mutex_lock(&pool->lock);
    if (pool->free_count == 0) {
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        long ms = pool->config.acquire_timeout_ms;
        deadline.tv_sec += ms / 1000;
        deadline.tv_nsec += (ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        while (pool->free_count == 0) {
            if (pthread_cond_timedwait(&pool->available, &pool->lock, &deadline) != 0 &&
                pool->free_count == 0) {
                pthread_mutex_unlock(&pool->lock);
                err->retry_after = 1;
                return error_set(err, STATUS_UNAVAILABLE, "every database connection is busy");
            }
        }
    }
    struct db_conn *c = pool->free_stack[--pool->free_count];
    pthread_mutex_unlock(&pool->lock);

    if (!c->pg || !still_alive(c)) {
        if (open_conn(pool, c, err) != STATUS_OK) {
            db_pool_release(pool, c);
            return STATUS_UNAVAILABLE;
        }
    }
    *out = c;
    return STATUS_OK;
}

enum status db_pool_reopen_lost(struct db_pool *pool, struct db_conn *conn, struct error *err)
{
    if (!conn->broken)
        return STATUS_UNAVAILABLE;
    log_msg(LOG_INFO, "database connection found lost before the request reached it; reopening");
    struct error fresh;
    error_init(&fresh);
    enum status st = open_conn(pool, conn, &fresh);
    if (st != STATUS_OK) {
        *err = fresh;
        return st;
    }
    return STATUS_OK;
}

bool db_pool_conn_lost(const struct db_conn *conn)
{
    return conn->broken;
}

void db_pool_release(struct db_pool *pool, struct db_conn *conn)
{
    if (!conn)
        return;
    if (conn->pg && !conn->broken) {
        PGTransactionStatusType ts = PQtransactionStatus(conn->pg);
        if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
            PGresult *res = PQexec(conn->pg, "ROLLBACK");
            if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
                conn->broken = true;
            PQclear(res);
        } else if (ts != PQTRANS_IDLE) {
            conn->broken = true;
        }
    }
    pthread_mutex_lock(&pool->lock);
    pool->free_stack[pool->free_count++] = conn;
    pthread_cond_signal(&pool->available);
    pthread_mutex_unlock(&pool->lock);
}

void db_pool_get_stats(struct db_pool *pool, struct db_pool_stats *out)
{
    pthread_mutex_lock(&pool->lock);
    out->size = pool->config.size;
    out->in_use = pool->config.size - pool->free_count;
    out->idle = 0;
    for (int i = 0; i < pool->free_count; i++)
        if (pool->free_stack[i]->pg && !pool->free_stack[i]->broken)
            out->idle++;
    out->connects = pool->connects;
    out->reconnects = pool->reconnects;
    pthread_mutex_unlock(&pool->lock);
}
