/* Opening connections, preparing statements and running them. */
#include "conn.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "sqlstate.h"

/* Server notices (e.g. "relation already exists, skipping") go to the log, not raw stderr. */
static void on_notice(void *arg, const char *message)
{
    (void)arg;
    log_msg(LOG_DEBUG, "database notice: %.*s", (int)strcspn(message, "\n"), message);
}

PGconn *db_connect(const char *conninfo, int connect_timeout_s, int statement_timeout_ms,
                   struct error *err)
{
    char timeout[16];
    char options[96];
    snprintf(timeout, sizeof(timeout), "%d", connect_timeout_s);
    /* Session settings ride on the startup packet: no extra round trip per connection. */
    /* jit off: the report queries are short; compiling them cost about 1.3 s a request at 1M
     * cases against about 50 ms without (measured with tests/bench/reports.sh) */
    snprintf(options, sizeof(options), "-c statement_timeout=%d -c TimeZone=UTC -c jit=off",
             statement_timeout_ms);
    const char *const keys[] = {"dbname",  "connect_timeout",  "client_encoding",
                                "options", "application_name", NULL};
    const char *const values[] = {conninfo, timeout, "UTF8", options, "mediationd", NULL};
    PGconn *pg = PQconnectdbParams(keys, values, 1);
    if (!pg) {
        error_set(err, STATUS_UNAVAILABLE, "out of memory opening a database connection");
        return NULL;
    }
    if (PQstatus(pg) != CONNECTION_OK) {
        /* libpq's text names the host, the user and why: for the log, never for a client */
        const char *m = PQerrorMessage(pg);
        log_msg(LOG_WARN, "database unreachable: %.*s", (int)strcspn(m, "\n"), m);
        error_set(err, STATUS_UNAVAILABLE, "the database is unreachable");
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, on_notice, NULL);
    return pg;
}

bool db_conn_open(struct db_conn *c, const char *conninfo, int connect_timeout_s,
                  int statement_timeout_ms, const char *session, struct error *err)
{
    c->pg = db_connect(conninfo, connect_timeout_s, statement_timeout_ms, err);
    if (!c->pg)
        return false;
    c->broken = false;
    if (db_prepare_all(c->pg, err) != STATUS_OK ||
        (session && db_command(c, session, err) != STATUS_OK)) {
        db_conn_close(c);
        return false;
    }
    return true;
}

void db_conn_close(struct db_conn *c)
{
    if (c->pg)
        PQfinish(c->pg);
    c->pg = NULL;
    c->broken = false;
}

bool db_conn_lost(const struct db_conn *c)
{
    return !c->pg || c->broken || PQstatus(c->pg) != CONNECTION_OK;
}

/* What a client is told for each status the SQLSTATE table gives: the server's own words. A store
 * that knows better (a taken code, a missing community) replaces them with its own. */
static const char *client_words(enum status st)
{
    switch (st) {
    case STATUS_CONFLICT:
        return "the request conflicts with data already stored";
    case STATUS_INVALID:
        return "the database refused a value of the request";
    case STATUS_RETRY:
        return "the database could not complete the transaction; try again";
    case STATUS_UNAVAILABLE:
        return "the database is not available; try again later";
    case STATUS_FORBIDDEN:
        return "this record may not be changed";
    default:
        return "unexpected database error";
    }
}

enum status db_result_error(PGconn *pg, const PGresult *res, struct error *err)
{
    if (!res || PQstatus(pg) == CONNECTION_BAD) {
        const char *m = PQerrorMessage(pg);
        log_msg(LOG_WARN, "database connection lost: %.*s", (int)strcspn(m, "\n"), m);
        return error_set(err, STATUS_UNAVAILABLE, "the database connection was lost");
    }
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    enum status st = db_sqlstate_status(state);
    /* PostgreSQL's message (values, names of the schema) goes to the log, with the request id
     * that log_msg adds; the client gets the server's words for the status */
    log_msg(st == STATUS_INTERNAL                           ? LOG_ERROR
            : st == STATUS_CONFLICT || st == STATUS_INVALID ? LOG_INFO
                                                            : LOG_WARN,
            "database error %s: %s%s%s", state ? state : "?", primary ? primary : "",
            constraint ? "; constraint " : "", constraint ? constraint : "");
    return error_set(err, st, "%s", client_words(st));
}

enum status db_prepare_all(PGconn *pg, struct error *err)
{
    return db_prepare_set(pg, sql_files, SQL_COUNT, err);
}

enum status db_prepare_set(PGconn *pg, const struct embedded_sql *set, int count, struct error *err)
{
    for (int i = 0; i < count; i++) {
        PGresult *res = PQprepare(pg, set[i].name, set[i].text, 0, NULL);
        if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
            const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(pg);
            log_msg(LOG_ERROR, "cannot prepare statement %s: %.*s", set[i].name,
                    (int)strcspn(m, "\n"), m);
            error_set(err, STATUS_UNAVAILABLE, "the database schema does not match this server");
            PQclear(res);
            return STATUS_UNAVAILABLE;
        }
        PQclear(res);
    }
    return STATUS_OK;
}

/* A statement's result: *out when it succeeded, else the mapped error (and the connection marked
 * broken when it is gone). Takes res. */
static enum status take_result(struct db_conn *conn, PGresult *res, PGresult **out,
                               struct error *err)
{
    *out = NULL;
    ExecStatusType rs = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
        *out = res;
        return STATUS_OK;
    }
    enum status st = db_result_error(conn->pg, res, err);
    if (st == STATUS_UNAVAILABLE && PQstatus(conn->pg) == CONNECTION_BAD)
        conn->broken = true;
    PQclear(res);
    return st;
}

enum status db_exec(struct db_conn *conn, enum sql_id id, int nparams, const char *const *values,
                    const int *lengths, const int *formats, PGresult **out, struct error *err)
{
    return db_exec_named(conn, sql_files[id].name, nparams, values, lengths, formats, out, err);
}

enum status db_exec_named(struct db_conn *conn, const char *name, int nparams,
                          const char *const *values, const int *lengths, const int *formats,
                          PGresult **out, struct error *err)
{
    return take_result(conn, PQexecPrepared(conn->pg, name, nparams, values, lengths, formats, 0),
                       out, err);
}

enum status db_send_named(struct db_conn *conn, const char *name, int nparams,
                          const char *const *values, struct error *err)
{
    if (PQsendQueryPrepared(conn->pg, name, nparams, values, NULL, NULL, 0) == 1)
        return STATUS_OK;
    enum status st = db_result_error(conn->pg, NULL, err);
    if (PQstatus(conn->pg) == CONNECTION_BAD)
        conn->broken = true;
    return st;
}

enum status db_wait(struct db_conn *conn, PGresult **out, struct error *err)
{
    PGresult *first = PQgetResult(conn->pg), *more;
    while ((more = PQgetResult(conn->pg)) != NULL)
        PQclear(more);
    return take_result(conn, first, out, err);
}

enum status db_command(struct db_conn *conn, const char *sql, struct error *err)
{
    PGresult *res = PQexec(conn->pg, sql);
    if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
        PQclear(res);
        return STATUS_OK;
    }
    enum status st = db_result_error(conn->pg, res, err);
    if (PQstatus(conn->pg) == CONNECTION_BAD)
        conn->broken = true;
    PQclear(res);
    return st;
}
