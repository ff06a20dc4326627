/* Internal to db/: the connection behind struct db_conn and statement execution helpers.
 * Nothing outside db/ includes this file, so PGresult never leaves db/. */
#pragma once

#include <libpq-fe.h>
#include <stdbool.h>
#include <time.h>

#include "error.h"
#include "sql_statements.h"

struct db_conn {
    PGconn *pg;  /* NULL when not connected */
    bool broken; /* a call found the connection unusable: reopen before the next use */
    bool ever_connected;
    struct timespec next_attempt; /* monotonic; no reconnect before this */
    int backoff_ms;
};

/* Opens a connection with the server's session settings (UTF8, UTC, statement_timeout).
 * Returns NULL and fills err (STATUS_UNAVAILABLE) on failure. */
PGconn *db_connect(const char *conninfo, int connect_timeout_s, int statement_timeout_ms,
                   struct error *err);

/* Opens c (closed) for a thread of its own: db_connect, every statement prepared, then session
 * (settings, NULL for none) run. False with err set on failure, c closed. */
bool db_conn_open(struct db_conn *c, const char *conninfo, int connect_timeout_s,
                  int statement_timeout_ms, const char *session, struct error *err);
/* Closes c if open (a closed one is left as it is). */
void db_conn_close(struct db_conn *c);
/* Whether c is closed, marked broken, or found broken by libpq: close it and open it again. */
bool db_conn_lost(const struct db_conn *c);

/* Prepares every statement of server/sql/ on pg. */
enum status db_prepare_all(PGconn *pg, struct error *err);

/* Prepares count statements of another set on pg (the data generator's own, seedgen/sql/, which
 * the server never prepares); run them with db_exec_named and db_send_named. */
enum status db_prepare_set(PGconn *pg, const struct embedded_sql *set, int count,
                           struct error *err);

/* Runs a prepared statement with text parameters (values[i] NULL for SQL NULL; lengths and
 * formats may be NULL for all-text). On success *out holds the result, which the caller PQclear()s;
 * on failure *out is NULL and err says why, through the SQLSTATE table. */
enum status db_exec(struct db_conn *conn, enum sql_id id, int nparams, const char *const *values,
                    const int *lengths, const int *formats, PGresult **out, struct error *err);

/* db_exec for a statement of another set, by its prepared name (db_prepare_set). */
enum status db_exec_named(struct db_conn *conn, const char *name, int nparams,
                          const char *const *values, const int *lengths, const int *formats,
                          PGresult **out, struct error *err);

/* Sends a prepared statement (of a set prepared with db_prepare_set) without waiting for it, so
 * that the caller can work while the server runs it; db_wait then collects its result as db_exec
 * would return it. Nothing else may use the connection in between. */
enum status db_send_named(struct db_conn *conn, const char *name, int nparams,
                          const char *const *values, struct error *err);
enum status db_wait(struct db_conn *conn, PGresult **out, struct error *err);

/* Runs a parameterless utility command (BEGIN, COMMIT …) through the simple protocol. */
enum status db_command(struct db_conn *conn, const char *sql, struct error *err);

/* Maps a failed result (or a NULL one) to a status and logs the server's message. */
enum status db_result_error(PGconn *pg, const PGresult *res, struct error *err);
