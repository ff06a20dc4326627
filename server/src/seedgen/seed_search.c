/* A seed's case_search rows, written directly or staged by a thread (see seed_search.h). */
#include "seed_search.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "seed_db.h"
#include "copy.h"
#include "intake.h"
#include "rows.h"

/* Room for a case's search text: summary, claims and up to three names. */
#define SEARCH_TEXT_MAX 512

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* What intake writes for a case (domain/intake.h): summary, claims and the parties' names. */
static void search_text(const struct seed_gen_world *gen, int64_t number, char *out, size_t size)
{
    struct seed_gen_case c;
    struct seed_gen_case_texts t;
    seed_gen_case(gen, number, &c);
    seed_gen_case_texts(gen, &c, &t);
    struct seed_gen_party party[3];
    const char *names[3];
    int count = c.party_count < 3 ? c.party_count : 3;
    for (int p = 0; p < count; p++) {
        seed_gen_party(gen, &c, p + 1, &party[p]);
        names[p] = party[p].name;
    }
    intake_search_text(t.summary, t.claims, names, (size_t)count, out, size);
}

enum status seed_search_copy(struct db_conn *conn, const char *table,
                             const struct seed_search_cases *cases, atomic_bool *stop, long *rows,
                             struct error *err)
{
    char sql[96];
    snprintf(sql, sizeof(sql), "COPY %s (case_id, search_text) FROM STDIN (FORMAT binary)", table);
    struct db_copy copy;
    enum status st = db_copy_begin(conn, sql, &copy, err);
    if (st != STATUS_OK)
        return st;
    bool stopped = false;
    for (long i = 0; i < cases->count && !copy.failed; i++) {
        /* a look at the flag every 4,096 rows: cheap, and a failed seed waits little */
        if ((i & 4095) == 0 && stop && atomic_load(stop)) {
            stopped = true;
            break;
        }
        char text[SEARCH_TEXT_MAX];
        search_text(cases->gen, cases->numbers[i], text, sizeof(text));
        db_copy_row(&copy, 2);
        db_copy_int8(&copy, cases->first_id + i);
        db_copy_text(&copy, text);
    }
    if (stopped) {
        db_copy_end(&copy, true, NULL, err);
        return error_set(err, STATUS_UNAVAILABLE, "stopped: the seed failed");
    }
    return db_copy_end(&copy, false, rows, err);
}

enum status seed_search_stage_begin(struct db_conn *conn, long new_cases, bool *staged,
                                    struct error *err)
{
    char n[24];
    snprintf(n, sizeof(n), "%ld", new_cases);
    const char *values[] = {n};
    PGresult *res = NULL;
    *staged = false;
    enum status st = db_command(conn, "SET statement_timeout = 0", err);
    if (st == STATUS_OK)
        st = seed_db_exec(conn, SEED_SQL_SEARCH_STAGE_BEGIN, 1, values, &res, err);
    if (st == STATUS_OK)
        *staged = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return st;
}

/* The thread: the new rows, the keys, statistics, in one transaction that commits. */
static void *stage_run(void *arg)
{
    struct seed_search_stage *s = arg;
    static const char *const setup[] = {"BEGIN", "SET LOCAL maintenance_work_mem = '1GB'"};
    enum status st = STATUS_OK;
    for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]) && st == STATUS_OK; i++)
        st = db_command(s->conn, setup[i], &s->err);
    double started = now_seconds();
    if (st == STATUS_OK)
        st = seed_search_copy(s->conn, "case_search_next", s->cases, &s->stop, &s->rows, &s->err);
    s->copy_seconds = now_seconds() - started;
    started = now_seconds();
    PGresult *res = NULL;
    if (st == STATUS_OK)
        st = seed_db_exec(s->conn, SEED_SQL_SEARCH_STAGE_KEYS, 0, NULL, &res, &s->err);
    PQclear(res);
    /* statistics now, so that the first searches after the swap are planned on them */
    if (st == STATUS_OK)
        st = db_command(s->conn, "ANALYZE case_search_next", &s->err);
    if (st == STATUS_OK)
        st = db_command(s->conn, "COMMIT", &s->err);
    else
        (void)db_command(s->conn, "ROLLBACK", NULL);
    s->keys_seconds = now_seconds() - started;
    s->status = st;
    return NULL;
}

enum status seed_search_stage_start(struct seed_search_stage *s, struct db_conn *conn,
                                    const struct seed_search_cases *cases, struct error *err)
{
    memset(s, 0, sizeof(*s));
    s->conn = conn;
    s->cases = cases;
    atomic_init(&s->stop, false);
    error_init(&s->err);
    if (pthread_create(&s->thread, NULL, stage_run, s) != 0)
        return error_set(err, STATUS_NO_MEMORY, "cannot start the search staging thread");
    return STATUS_OK;
}

enum status seed_search_stage_finish(struct seed_search_stage *s, bool give_up, struct error *err)
{
    if (give_up)
        atomic_store(&s->stop, true);
    pthread_join(s->thread, NULL);
    if (s->status != STATUS_OK)
        *err = s->err;
    return s->status;
}

void seed_search_stage_drop(struct db_conn *conn)
{
    (void)db_command(conn, "DROP TABLE IF EXISTS case_search_next", NULL);
}
