/* A fixed pool of PostgreSQL connections shared by the HTTP worker threads.
 *
 * Connections open lazily and every statement in server/sql/ is prepared on each one as it opens,
 * so a statement that no longer fits the schema fails at the first connection, loudly. A broken
 * connection is reopened on its next use, with a backoff between attempts; while PostgreSQL cannot
 * be reached, db_pool_acquire() fails at once with STATUS_UNAVAILABLE and a retry_after, never
 * hanging a request longer than the connect timeout.
 *
 * Ownership: the pool owns every connection. A caller that acquired a connection holds it
 * exclusively until it hands it back with db_pool_release(); it must not keep it past the request.
 */
#pragma once

#include <stdbool.h>

#include "error.h"

struct db_pool;
struct db_conn;

struct db_pool_config {
    const char *conninfo; /* copied */
    int size;
    int connect_timeout_s;
    int statement_timeout_ms;
    int acquire_timeout_ms; /* how long to wait for a free connection before 503 */
};

struct db_pool_stats {
    int size;
    int in_use;
    int idle;                 /* connected and free */
    unsigned long connects;   /* successful connection openings, including the first ones */
    unsigned long reconnects; /* openings that replaced a connection that had broken */
};

/* Never connects; NULL only when out of memory. */
struct db_pool *db_pool_new(const struct db_pool_config *config);
/* Closes every connection. No connection may be in use. */
void db_pool_free(struct db_pool *pool);

enum status db_pool_acquire(struct db_pool *pool, struct db_conn **out, struct error *err);
/* True when a statement on conn failed because the connection was lost (it is then reopened on
 * its next acquire, or by db_pool_reopen_lost). */
bool db_pool_conn_lost(const struct db_conn *conn);

/* Reopens a connection that db_pool_conn_lost() reports lost, at once (unless a backoff from an
 * earlier failed attempt is still running), and prepares its statements: STATUS_OK when it can be
 * used again, STATUS_UNAVAILABLE with err filled when the database cannot be reached (or conn was
 * not lost). For a caller whose first statement found the connection dead, so that nothing of
 * its work reached the server and the work may be sent again on the fresh connection (once). */
enum status db_pool_reopen_lost(struct db_pool *pool, struct db_conn *conn, struct error *err);

/* Rolls back an unfinished transaction and returns the connection to the pool. NULL is ignored. */
void db_pool_release(struct db_pool *pool, struct db_conn *conn);

void db_pool_get_stats(struct db_pool *pool, struct db_pool_stats *out);
