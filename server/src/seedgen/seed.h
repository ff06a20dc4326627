/* The data generator behind `mediation-seed` (issue 5): realistic cases for one center, loaded
 * in bulk through the same rules as the API. The cases, parties, sessions, deadline extensions
 * and agreements are generated here in C (seed_gen.h: every choice a pure function of
 * (seed, case number), so the same seed on the same database state gives the same data) and
 * streamed into their tables with binary COPY while the server inserts them.
 *
 * Each case arrives once, in the state its path through the status machine leaves it in; in a
 * bulk load (mediation.bulk_load) the insert guard of migration 0007 checks row by row that the
 * legal transitions reach that state, the CHECK constraints hold as always, and the seed checks
 * set-based that every resolved case has its agreement and every agreement a resolved case. The
 * per-row rollup triggers do not fire; the center's report rollups are rebuilt set-based at the
 * end, in the same transaction. A seed that adds at least a quarter of the cases there are also
 * drops the secondary indexes and foreign keys of the tables it fills and restores them at the
 * end (the foreign keys validated then). It locks the cases table against other writers (SHARE
 * ROW EXCLUSIVE) for its whole transaction: run it on a center nobody is using, as a benchmark or
 * demo tool. */
#pragma once

#include <stddef.h>

#include "error.h"

struct db_conn;

#define SEED_CASES_MAX 100000000L
#define SEED_STEPS_MAX 32
#define SEED_HASH_LEN 32

/* The keyed hash of a party's normalized ID number or phone, as intake computes it (HMAC-SHA256
 * under the server's PII_HASH_KEY): 32 bytes into out. */
typedef enum status (*seed_pii_hash_fn)(void *ctx, const char *text,
                                        unsigned char out[SEED_HASH_LEN]);

struct seed_options {
    const char *center_code;   /* required */
    long cases;                /* 1..SEED_CASES_MAX */
    const char *from, *to;     /* received range, YYYY-MM-DD inclusive in the center's time zone;
                                  NULL: the 365 days that end with `to`, and today */
    long long seed;            /* any value; the same seed gives the same data */
    seed_pii_hash_fn pii_hash; /* required: parties' id_hash and phone_hash */
    void *pii_hash_ctx;        /* passed to pii_hash */
    const char *actor;         /* the name audit events give as who did it */
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
    long parties, sessions, agreements, extensions, search_rows;
    size_t step_count;
    struct seed_step steps[SEED_STEPS_MAX];
};

/* Generates opt->cases cases of the center in the caller's transaction on conn (which must be
 * open and is left open: the caller commits). side is a second connection, outside any
 * transaction, on which the report rollups are written into staged tables meanwhile (its own
 * transaction, committed); conn's transaction puts them in place (migration 0009). search is a
 * third (may be NULL: the search text is then written on conn), on which a thread stages
 * case_search and builds its trigram index likewise (seed_search.h, migration 0010). The
 * generator's statements (seedgen/sql/) are prepared here on each of them. Options are
 * checked here as well as by the command line: an unknown center, a from after to, or a range
 * starting after today is STATUS_INVALID with a field error named after the option ("center",
 * "cases", "from") whose message names the option too. On failure the caller must roll back. */
enum status db_seed(struct db_conn *conn, struct db_conn *side, struct db_conn *search,
                    const struct seed_options *opt, struct seed_result *out, struct error *err);
