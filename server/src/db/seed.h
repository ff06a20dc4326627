/* The data generator behind `mediationd seed` (issue 5): realistic cases for one center, made in
 * bulk by set-based SQL (server/sql/seed_*.sql) through the same rules as the API. Each case is
 * INSERTed once, directly in the state its planned path through the status machine leaves it in;
 * in a bulk load the insert guard (migration 0007) checks row by row that the legal transitions
 * reach that state, and resolved cases get their agreements before the transaction commits
 * (checked set-based at the end). Every choice is a pure function of (seed, case number), so the
 * same seed on the same database state gives the same data.
 *
 * The generator skips the per-row rollup triggers (mediation.bulk_load) and rebuilds the center's
 * report rollups set-based at the end, in the same transaction. A seed that adds at least a
 * quarter of the cases there are also drops the secondary indexes and foreign keys of the tables
 * it fills and restores them at the end. It locks the cases table against other writers (SHARE
 * ROW EXCLUSIVE) for its whole transaction: run it on a center nobody is using, as a benchmark or
 * demo tool. */
#pragma once

#include <stddef.h>

#include "error.h"

struct db_conn;

#define SEED_CASES_MAX 100000000L
#define SEED_STEPS_MAX 24

struct seed_options {
    const char *center_code;  /* required */
    long cases;               /* 1..SEED_CASES_MAX */
    const char *from, *to;    /* received range, YYYY-MM-DD inclusive in the center's time zone;
                                 NULL: the 365 days that end with `to`, and today */
    long long seed;           /* any value; the same seed gives the same data */
    const char *pii_hash_key; /* the server's PII_HASH_KEY: parties' id_hash and phone_hash */
    const char *actor;        /* the name audit events give as who did it */
};

/* One step of the generator: a statement, the rows it touched and its time. */
struct seed_step {
    const char *name; /* static */
    long rows;
    double seconds;
};

struct seed_result {
    int center_id;
    char from[16], to[16]; /* the received range used */
    long communities, mediators_added;
    /* the new cases by final status */
    long received, accepted, declined, assigned, in_mediation, closed;
    long parties, sessions, agreements, extensions;
    size_t step_count;
    struct seed_step steps[SEED_STEPS_MAX];
};

/* Generates opt->cases cases of the center in the caller's transaction (which must be open and
 * is left open: the caller commits). Options are checked here as well as by the command line: an
 * unknown center, a from after to, or a range starting after today is STATUS_INVALID with a field
 * error named after the option ("center", "cases", "from") whose message names the option too.
 * On failure the caller must roll back. */
enum status db_seed(struct db_conn *conn, const struct seed_options *opt, struct seed_result *out,
                    struct error *err);
