/* Migration runner. The DDL comes from files in the repository, never from a request, so it runs
 * through the simple protocol; the bookkeeping statements are parameterized. */
#include "migrate.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "log.h"
#include "migration_plan.h"
#include "migrations.h"

/* An arbitrary constant that names the migration lock among advisory locks. */
#define MIGRATION_LOCK_KEY "7243581901"

static enum status exec_simple(PGconn *pg, const char *sql, struct error *err)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType rs = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    enum status st = STATUS_OK;
    if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
        /* migrate runs from the command line, never for a client: the operator needs the text */
        const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(pg);
        st = error_set(err, STATUS_INTERNAL, "%.*s", (int)strcspn(m, "\n"), m);
    }
    PQclear(res);
    return st;
}

static enum status exec_params(PGconn *pg, const char *sql, int n, const char *const *values,
                               PGresult **out, struct error *err)
{
    PGresult *res = PQexecParams(pg, sql, n, NULL, values, NULL, NULL, 0);
    ExecStatusType rs = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
        const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(pg);
        error_set(err, STATUS_INTERNAL, "%.*s", (int)strcspn(m, "\n"), m);
        PQclear(res);
        return STATUS_INTERNAL;
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return STATUS_OK;
}

static void shipped_records(struct migration_record *out)
{
    for (int i = 0; i < MIGRATIONS_COUNT; i++) {
        out[i].name = migrations_files[i].name;
        out[i].checksum = migrations_files[i].sha256;
    }
}

/* Checks res (name, checksum rows) against the shipped files. */
static enum status plan_from_result(PGresult *res, size_t *first_pending, struct error *err)
{
    int rows = PQntuples(res);
    struct migration_record shipped[MIGRATIONS_COUNT + 1];
    struct migration_record *applied = calloc((size_t)rows + 1, sizeof(*applied));
    if (!applied)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    for (int i = 0; i < rows; i++) {
        applied[i].name = PQgetvalue(res, i, 0);
        applied[i].checksum = PQgetvalue(res, i, 1);
    }
    shipped_records(shipped);
    enum status st =
        migration_plan(applied, (size_t)rows, shipped, MIGRATIONS_COUNT, first_pending, err);
    free(applied);
    return st;
}

static enum status apply_pending(PGconn *pg, int *applied_now, struct error *err)
{
    PGresult *res = NULL;
    enum status st = exec_params(pg, "SELECT name, checksum FROM schema_migrations ORDER BY name",
                                 0, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    size_t first = 0;
    st = plan_from_result(res, &first, err);
    PQclear(res);
    if (st != STATUS_OK)
        return st;
    for (size_t i = first; i < MIGRATIONS_COUNT; i++) {
        const struct embedded_migrations *m = &migrations_files[i];
        if ((st = exec_simple(pg, "BEGIN", err)) != STATUS_OK)
            return st;
        st = exec_simple(pg, m->text, err);
        if (st == STATUS_OK) {
            const char *values[] = {m->name, m->sha256};
            st = exec_params(pg, "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                             2, values, NULL, err);
        }
        if (st != STATUS_OK) {
            char reason[ERROR_MESSAGE_MAX];
            memcpy(reason, err->message, sizeof(reason));
            exec_simple(pg, "ROLLBACK", err);
            return error_set(err, STATUS_INTERNAL, "migration %s failed: %s", m->name, reason);
        }
        if ((st = exec_simple(pg, "COMMIT", err)) != STATUS_OK)
            return st;
        log_msg(LOG_INFO, "applied migration %s", m->name);
        (*applied_now)++;
    }
    return STATUS_OK;
}

enum status db_migrate(const char *conninfo, int connect_timeout_s, const char *center_code,
                       const char *center_name, int *applied_now, struct error *err)
{
    *applied_now = 0;
    PGconn *pg = db_connect(conninfo, connect_timeout_s, 0, err);
    if (!pg)
        return STATUS_UNAVAILABLE;
    /* The lock is taken before the table is created: CREATE TABLE IF NOT EXISTS itself races. */
    enum status st = exec_simple(pg, "SELECT pg_advisory_lock(" MIGRATION_LOCK_KEY ")", err);
    if (st == STATUS_OK) {
        st = exec_simple(pg,
                         "CREATE TABLE IF NOT EXISTS schema_migrations ("
                         " name text PRIMARY KEY,"
                         " checksum text NOT NULL,"
                         " applied_at timestamptz NOT NULL DEFAULT now())",
                         err);
        if (st == STATUS_OK)
            st = apply_pending(pg, applied_now, err);
        if (st == STATUS_OK) {
            const char *values[] = {center_code, center_name};
            st = exec_params(pg,
                             "INSERT INTO centers (code, name) SELECT $1, $2"
                             " WHERE NOT EXISTS (SELECT 1 FROM centers)",
                             2, values, NULL, err);
        }
        struct error ignored;
        error_init(&ignored);
        exec_simple(pg, "SELECT pg_advisory_unlock(" MIGRATION_LOCK_KEY ")", &ignored);
    }
    PQfinish(pg);
    return st;
}

enum status db_migrations_current(struct db_conn *conn, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MIGRATIONS_APPLIED, 0, NULL, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    size_t first = 0;
    st = plan_from_result(res, &first, err);
    PQclear(res);
    if (st == STATUS_OK && first != MIGRATIONS_COUNT)
        st = error_set(err, STATUS_CONFLICT, "%zu migrations are pending",
                       (size_t)MIGRATIONS_COUNT - first);
    return st;
}
