/* A seed's rows of case_search, the text full-text search reads (migration 0010): each new case's
 * summary, claims and party names, generated again from the case's number.
 *
 * A seed that rebuilds the indexes stages the table: seed_search_stage_begin (its own committed
 * transaction, before the seed's transaction drops anything) copies case_search into
 * case_search_next; seed_search_stage_start then runs a thread that COPYs the new rows into it
 * and builds its keys and trigram index, in a second transaction on the same connection, while
 * the seed's transaction loads and indexes the cases; seed_search_stage_finish waits for it, and
 * the seed's transaction puts the staged table in place (SEED_SQL_SEARCH_STAGE_SWAP). A smaller
 * seed calls seed_search_copy into case_search in its own transaction.
 *
 * Ownership: struct seed_search_cases and everything it points to are the caller's and must stay
 * unchanged until seed_search_stage_finish returns; the thread reads them and uses only the
 * search connection. */
#pragma once

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "seed_gen.h"

struct db_conn;

/* The new cases: the case with id first_id + i is the generator's case numbers[i]. */
struct seed_search_cases {
    const struct seed_gen_world *gen;
    const int64_t *numbers;
    long count;
    int64_t first_id;
};

/* COPYs the cases' rows into table ("case_search" or "case_search_next"); *rows gets how many. */
enum status seed_search_copy(struct db_conn *conn, const char *table,
                             const struct seed_search_cases *cases, atomic_bool *stop, long *rows,
                             struct error *err);

/* On the search connection, outside any transaction: stages case_search when a seed of
 * new_cases rebuilds the indexes; *staged says whether it did. */
enum status seed_search_stage_begin(struct db_conn *conn, long new_cases, bool *staged,
                                    struct error *err);

struct seed_search_stage {
    struct db_conn *conn;
    const struct seed_search_cases *cases;
    pthread_t thread;
    atomic_bool stop; /* set by seed_search_stage_finish(.., true): stop sending rows */
    /* the thread's result, read after the join */
    enum status status;
    struct error err;
    long rows;
    double copy_seconds, keys_seconds;
};

/* Starts the thread that fills and indexes case_search_next on conn (after
 * seed_search_stage_begin staged it). */
enum status seed_search_stage_start(struct seed_search_stage *s, struct db_conn *conn,
                                    const struct seed_search_cases *cases, struct error *err);

/* Waits for the thread (telling it to stop sending rows first when give_up) and returns its
 * status, its error in err. */
enum status seed_search_stage_finish(struct seed_search_stage *s, bool give_up, struct error *err);

/* On the search connection after a failed seed, best effort: drops the staged table. */
void seed_search_stage_drop(struct db_conn *conn);
