/* The data generator: runs the seed_*.sql statements in order, each one set-based over the plan
 * that seed_plan.sql writes, and times them. See seed.h for the rules it keeps,
 * migrations/0005_seed_support.sql for the plan tables and the set-based rollup rebuild, and
 * migrations/0007_fast_seed.sql for the bulk-load insert guard, index and foreign-key handling. */
#include "seed.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "conn.h"
#include "log.h"
#include "rows.h"

/* Mediators a center gets: 48 (six of each of the eight organization slots, so all four
 * channels), plus one per 2,500 cases up to about the 1,500 of a real district. */
#define SEED_MEDIATORS_BASE 48
#define SEED_MEDIATORS_MAX 1500
#define SEED_CASES_PER_MEDIATOR 2500

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void record(struct seed_result *out, const char *name, long rows, double started)
{
    double seconds = now_seconds() - started;
    if (out->step_count < SEED_STEPS_MAX)
        out->steps[out->step_count++] = (struct seed_step){name, rows, seconds};
    log_msg(LOG_INFO, "seed: %s: %ld rows in %.2f s", name, rows, seconds);
}

/* Says which step failed, keeping the cause. */
static enum status step_failed(const char *name, enum status st, struct error *err)
{
    char cause[ERROR_MESSAGE_MAX];
    snprintf(cause, sizeof(cause), "%s", err->message);
    return error_set(err, st, "seed step %s failed: %s", name, cause);
}

/* A utility command (SET, LOCK, TRUNCATE, ANALYZE), timed. */
static enum status command(struct db_conn *conn, struct seed_result *out, const char *name,
                           const char *sql, struct error *err)
{
    double started = now_seconds();
    enum status st = db_command(conn, sql, err);
    if (st != STATUS_OK)
        return step_failed(name, st, err);
    record(out, name, 0, started);
    return STATUS_OK;
}

/* A prepared seed statement, timed. *rows (may be NULL) gets the rows it wrote, or for a SELECT
 * the number in its first cell. */
static enum status statement(struct db_conn *conn, struct seed_result *out, const char *name,
                             enum sql_id id, int nparams, const char *const *values, long *rows,
                             struct error *err)
{
    double started = now_seconds();
    PGresult *res = NULL;
    enum status st = db_exec(conn, id, nparams, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return step_failed(name, st, err);
    const char *tuples = PQcmdTuples(res);
    long n = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 && PQnfields(res) > 0
                 ? row_long(res, 0, 0)
                 : strtol(tuples, NULL, 10);
    PQclear(res);
    if (rows)
        *rows = n;
    record(out, name, n, started);
    return STATUS_OK;
}

/* Resolves the center and the received range; checks the range against today there. */
static enum status resolve(struct db_conn *conn, const struct seed_options *opt,
                           struct seed_result *out, long *existing, struct error *err)
{
    const char *values[] = {opt->center_code, opt->from, opt->to};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_SEED_CENTER, 3, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_add_field(err, "center", "no center with code %s", opt->center_code);
    }
    char today[16];
    out->center_id = (int)row_long(res, 0, 0);
    snprintf(out->from, sizeof(out->from), "%s", PQgetvalue(res, 0, 2));
    snprintf(out->to, sizeof(out->to), "%s", PQgetvalue(res, 0, 3));
    snprintf(today, sizeof(today), "%s", PQgetvalue(res, 0, 4));
    *existing = row_long(res, 0, 5);
    PQclear(res);
    /* ISO dates of four-digit years compare as text */
    if (strcmp(out->from, today) > 0)
        return error_add_field(err, "from",
                               "--from %s is after today (%s in the center's time zone): cases "
                               "are received in the past",
                               out->from, today);
    if (strcmp(out->from, out->to) > 0)
        return error_add_field(err, "from", "--from %s is after --to %s", out->from, out->to);
    return STATUS_OK;
}

/* Reads the summary rows (what, count) into out. */
static enum status summarize(struct db_conn *conn, struct seed_result *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_SEED_SUMMARY, 0, NULL, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return step_failed("summary", st, err);
    static const char *const names[] = {"received",     "accepted",  "declined", "assigned",
                                        "in_mediation", "closed",    "parties",  "sessions",
                                        "agreements",   "extensions"};
    long *slots[] = {&out->received,     &out->accepted,  &out->declined, &out->assigned,
                     &out->in_mediation, &out->closed,    &out->parties,  &out->sessions,
                     &out->agreements,   &out->extensions};
    for (int i = 0; i < PQntuples(res); i++)
        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
            if (strcmp(PQgetvalue(res, i, 0), names[k]) == 0)
                *slots[k] = row_long(res, i, 1);
    PQclear(res);
    return STATUS_OK;
}

enum status db_seed(struct db_conn *conn, const struct seed_options *opt, struct seed_result *out,
                    struct error *err)
{
    memset(out, 0, sizeof(*out));
    if (!opt->center_code || !*opt->center_code)
        return error_add_field(err, "center", "--center is required");
    if (opt->cases < 1 || opt->cases > SEED_CASES_MAX)
        return error_add_field(err, "cases", "--cases must be 1 to %ld", SEED_CASES_MAX);
    if (!opt->pii_hash_key || !*opt->pii_hash_key)
        return error_add_field(err, "pii_hash_key", "the PII hash key is required");

    /* The transaction's settings: no statement timeout for statements over millions of rows, the
     * rollup triggers skipped (rebuilt at the end), room to hash and sort in memory. Then the
     * lock that keeps other writers out while the rollups are rebuilt from the cases, and empty
     * plan tables (TRUNCATE also makes concurrent seeds wait for each other). */
    static const struct {
        const char *name, *sql;
    } setup[] = {
        {"settings", "SET LOCAL statement_timeout = 0"},
        {"bulk load", "SET LOCAL mediation.bulk_load = 'on'"},
        {"work_mem", "SET LOCAL work_mem = '256MB'"},
        {"maintenance_work_mem", "SET LOCAL maintenance_work_mem = '1GB'"},
        {"lock", "LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE"},
        {"clear plan", "TRUNCATE seed_plan, seed_party_plan, seed_dropped_indexes"},
    };
    enum status st = STATUS_OK;
    for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]) && st == STATUS_OK; i++)
        st = command(conn, out, setup[i].name, setup[i].sql, err);
    if (st != STATUS_OK)
        return st;

    long existing = 0;
    if ((st = resolve(conn, opt, out, &existing, err)) != STATUS_OK)
        return st;

    char center[16], cases[24], seed[24], wanted[24];
    snprintf(center, sizeof(center), "%d", out->center_id);
    snprintf(cases, sizeof(cases), "%ld", opt->cases);
    snprintf(seed, sizeof(seed), "%lld", opt->seed);
    long mediators = SEED_MEDIATORS_BASE + (existing + opt->cases) / SEED_CASES_PER_MEDIATOR;
    snprintf(wanted, sizeof(wanted), "%ld",
             mediators > SEED_MEDIATORS_MAX ? (long)SEED_MEDIATORS_MAX : mediators);
    const char *actor = opt->actor ? opt->actor : "mediationd seed";

    const char *communities_args[] = {center, actor};
    const char *mediators_args[] = {center, wanted, actor};
    const char *plan_args[] = {center, cases, out->from, out->to, seed};
    const char *center_seed[] = {center, seed};
    const char *seed_only[] = {seed};
    const char *key_only[] = {opt->pii_hash_key};
    const char *actor_only[] = {actor};
    const char *center_only[] = {center};
    const char *cases_only[] = {cases};
    long planned = 0;
    struct {
        const char *name;
        enum sql_id id; /* SQL_COUNT: a utility command */
        const char *sql;
        int nparams;
        const char *const *values;
        long *rows;
    } steps[] = {
        {"communities", SQL_SEED_COMMUNITIES, NULL, 2, communities_args, &out->communities},
        {"mediators", SQL_SEED_MEDIATORS, NULL, 3, mediators_args, &out->mediators_added},
        {"plan", SQL_SEED_PLAN, NULL, 5, plan_args, &planned},
        {"analyze plan", SQL_COUNT, "ANALYZE seed_plan", 0, NULL, NULL},
        {"drop indexes and foreign keys", SQL_SEED_BULK_BEGIN, NULL, 1, cases_only, NULL},
        {"plan parties", SQL_SEED_PARTY_PLAN, NULL, 1, seed_only, NULL},
        {"analyze parties", SQL_COUNT, "ANALYZE seed_party_plan", 0, NULL, NULL},
        {"insert cases", SQL_SEED_CASES, NULL, 2, center_seed, NULL},
        {"insert parties", SQL_SEED_PARTIES, NULL, 1, key_only, NULL},
        {"sessions", SQL_SEED_SESSIONS, NULL, 1, seed_only, NULL},
        {"extend deadlines", SQL_SEED_EXTEND, NULL, 1, actor_only, NULL},
        {"agreements", SQL_SEED_AGREEMENTS, NULL, 1, seed_only, NULL},
        /* what agreements_guard and cases_resolved_need_agreement would check row by row */
        {"check agreements", SQL_SEED_CHECK_AGREEMENTS, NULL, 0, NULL, NULL},
        /* any deferred check left runs now rather than at commit: an index cannot be built on a
         * table with trigger events pending */
        {"deferred checks", SQL_COUNT, "SET CONSTRAINTS ALL IMMEDIATE", 0, NULL, NULL},
        {"build indexes and foreign keys", SQL_SEED_BULK_END, NULL, 0, NULL, NULL},
        {"rebuild rollups", SQL_SEED_ROLLUP, NULL, 1, center_only, NULL},
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && st == STATUS_OK; i++) {
        if (steps[i].id == SQL_COUNT)
            st = command(conn, out, steps[i].name, steps[i].sql, err);
        else
            st = statement(conn, out, steps[i].name, steps[i].id, steps[i].nparams, steps[i].values,
                           steps[i].rows, err);
        if (st == STATUS_OK && steps[i].rows == &planned && planned != opt->cases)
            st = error_set(err, STATUS_INTERNAL, "seed planned %ld cases, not %ld", planned,
                           opt->cases);
    }
    if (st == STATUS_OK)
        st = summarize(conn, out, err);
    if (st == STATUS_OK)
        st = command(conn, out, "clear plan", "TRUNCATE seed_plan, seed_party_plan", err);
    return st;
}
