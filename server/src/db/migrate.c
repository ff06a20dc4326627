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
#include "migrations_superseded.h"

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

/* Checks res (name, checksum rows) against the shipped files and migrations/superseded.txt.
 * accepted (NULL, or one entry per row) receives the superseded entry each row matched, or NULL
 * for a current checksum. */
static enum status plan_from_result(PGresult *res, size_t *first_pending,
                                    const struct migration_superseded **accepted, struct error *err)
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
        migration_plan(applied, (size_t)rows, shipped, MIGRATIONS_COUNT, migrations_superseded,
                       MIGRATIONS_SUPERSEDED_COUNT, first_pending, accepted, err);
    free(applied);
    return st;
}

/* Accepts each migration that was applied with a superseded text, in one transaction before any
 * pending migration: runs the entry's bridge when it has one (SQL that brings such a database to
 * what the shipped text leaves, where later migrations alone would fail or differ), and records
 * the shipped checksum, so the database converges and the next start sees only current
 * checksums. The later migrations that converge an entry without a bridge are pending or already
 * applied; they run either way (superseded.txt says which). */
static enum status accept_superseded(PGconn *pg, PGresult *res,
                                     const struct migration_superseded **accepted,
                                     struct error *err)
{
    int rows = PQntuples(res);
    int count = 0;
    for (int i = 0; i < rows; i++)
        count += accepted[i] != NULL;
    if (count == 0)
        return STATUS_OK;
    enum status st = exec_simple(pg, "BEGIN", err);
    for (int i = 0; i < rows && st == STATUS_OK; i++) {
        if (!accepted[i])
            continue;
        if (accepted[i]->bridge_sql &&
            (st = exec_simple(pg, accepted[i]->bridge_sql, err)) != STATUS_OK)
            break;
        /* rows are a prefix of the shipped files (migration_plan checked it) */
        const char *values[] = {PQgetvalue(res, i, 0), migrations_files[i].sha256,
                                PQgetvalue(res, i, 1)};
        st = exec_params(pg,
                         "UPDATE schema_migrations SET checksum = $2"
                         " WHERE name = $1 AND checksum = $3",
                         3, values, NULL, err);
    }
    if (st != STATUS_OK) {
        char reason[ERROR_MESSAGE_MAX];
        memcpy(reason, err->message, sizeof(reason));
        exec_simple(pg, "ROLLBACK", err);
        return error_set(err, STATUS_INTERNAL, "accepting superseded migration texts failed: %s",
                         reason);
    }
    if ((st = exec_simple(pg, "COMMIT", err)) != STATUS_OK)
        return st;
    for (int i = 0; i < rows; i++)
        if (accepted[i])
            log_msg(LOG_INFO,
                    "migration %s had been applied with a superseded text (checksum %.12s of "
                    "commit %s, listed in superseded.txt)%s; its checksum is now the shipped %.12s",
                    PQgetvalue(res, i, 0), accepted[i]->checksum, accepted[i]->commit,
                    accepted[i]->bridge_sql ? ", bridged" : "", migrations_files[i].sha256);
    return STATUS_OK;
}

static enum status apply_pending(PGconn *pg, int *applied_now, struct error *err)
{
    PGresult *res = NULL;
    enum status st = exec_params(pg, "SELECT name, checksum FROM schema_migrations ORDER BY name",
                                 0, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    const struct migration_superseded **accepted =
        calloc((size_t)PQntuples(res) + 1, sizeof(*accepted));
    if (!accepted) {
        PQclear(res);
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    size_t first = 0;
    st = plan_from_result(res, &first, accepted, err);
    if (st == STATUS_OK)
        st = accept_superseded(pg, res, accepted, err);
    for (size_t i = first; i < MIGRATIONS_COUNT && st == STATUS_OK; i++) {
        const struct embedded_migrations *m = &migrations_files[i];
        if ((st = exec_simple(pg, "BEGIN", err)) != STATUS_OK)
            break;
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
            st = error_set(err, STATUS_INTERNAL, "migration %s failed: %s", m->name, reason);
            break;
        }
        if ((st = exec_simple(pg, "COMMIT", err)) != STATUS_OK)
            break;
        log_msg(LOG_INFO, "applied migration %s", m->name);
        (*applied_now)++;
    }
    free(accepted);
    PQclear(res);
    return st;
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
    st = plan_from_result(res, &first, NULL, err);
    PQclear(res);
    if (st == STATUS_OK && first != MIGRATIONS_COUNT)
        st = error_set(err, STATUS_CONFLICT, "%zu migrations are pending",
                       (size_t)MIGRATIONS_COUNT - first);
    return st;
}
