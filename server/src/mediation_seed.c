/* mediation-seed: the data generator, a program beside the server (issue 13). It fills one
 * center with realistic cases for benchmarks and demos (seedgen/seed.h), on connections of its
 * own on which it prepares its own statements (seedgen/sql/); mediationd carries none of it.
 *
 *   mediation-seed --center CODE --cases N [--from YYYY-MM-DD --to YYYY-MM-DD] [--seed S]
 *
 * plus the server's configuration flags and variables (DATABASE_URL, PII_HASH_KEY, LOG_LEVEL …).
 * It prints one summary line; the bench scripts read the seconds from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "crypto.h"
#include "dates.h"
#include "log.h"
#include "pool.h"
#include "seed.h"
#include "tx.h"

/* conn for the load's transaction, then the rollups' and the search text's side connections */
#define SEED_CONNECTIONS 3

static void usage(FILE *out)
{
    fprintf(out,
            "usage: mediation-seed --center CODE --cases N [--from YYYY-MM-DD --to YYYY-MM-DD]\n"
            "                      [--seed S] [FLAGS]\n\n"
            "Generates N realistic cases in a center (benchmarks, demos): communities and\n"
            "mediators as needed, cases in every status, parties, sessions, deadline\n"
            "extensions, agreements, the search text and the report rollups, then ANALYZE.\n"
            "Needs the server's PII_HASH_KEY (the parties' keyed hashes) and a migrated\n"
            "database; locks out other writers of the cases while it runs.\n"
            "No --from: the 365 days that end with --to (default: today).\n\n");
    config_print_help(out);
}

/* The parties' keyed hashes, as intake computes them (ctx: the PII key's HMAC object). */
static enum status pii_hash(void *ctx, const char *text, unsigned char out[SEED_HASH_LEN])
{
    return crypto_hmac_key_sha256(ctx, text, strlen(text), out);
}

/* Runs the seed on connections of its own: the load in one transaction on the first, the
 * rollups and the search text on the others (seed.h). */
static enum status run(const struct config *cfg, const struct seed_options *opt,
                       struct seed_result *result, struct error *err)
{
    struct db_pool_config pc = {cfg->database_url, SEED_CONNECTIONS, cfg->db_connect_timeout_s,
                                cfg->statement_timeout_ms, 5000};
    struct db_pool *pool = db_pool_new(&pc);
    if (!pool)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    struct db_conn *conn[SEED_CONNECTIONS] = {NULL};
    enum status st = STATUS_OK;
    for (int i = 0; i < SEED_CONNECTIONS && st == STATUS_OK; i++)
        st = db_pool_acquire(pool, &conn[i], err);
    if (st == STATUS_OK)
        st = db_tx_begin(conn[0], err);
    if (st == STATUS_OK)
        st = db_seed(conn[0], conn[1], conn[2], opt, result, err);
    if (st == STATUS_OK)
        st = db_tx_commit(conn[0], err);
    for (int i = SEED_CONNECTIONS - 1; i >= 0; i--)
        db_pool_release(pool, conn[i]);
    db_pool_free(pool);
    return st;
}

static int seed_with_flags(int argc, char **argv, char **rest)
{
    int rest_count = 0;
    struct config cfg;
    struct error err;
    error_init(&err);
    if (config_parse(&cfg, argc, argv, (config_getenv_fn)getenv, rest, &rest_count, &err) !=
        STATUS_OK)
        return config_fail("%s", err.message);
    log_set_level(cfg.log_level);
    for (int i = 0; i < rest_count; i++) {
        if (strcmp(rest[i], "--help") == 0 || strcmp(rest[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
    }
    static const char *const names[] = {"--center", "--cases", "--from", "--to", "--seed", NULL};
    const char *v[5] = {NULL};
    if (config_flags("mediation-seed", rest_count, rest, names, v) != 0)
        return 2;
    struct seed_options opt = {.center_code = v[0],
                               .from = v[2],
                               .to = v[3],
                               .seed = 1,
                               .pii_hash = pii_hash,
                               .actor = "mediation-seed"};
    char *end = NULL;
    struct date day;
    if (!v[0] || !*v[0])
        return config_fail("--center CODE is required%s", "");
    if (v[1])
        opt.cases = strtol(v[1], &end, 10);
    if (!v[1] || *end || opt.cases < 1 || opt.cases > SEED_CASES_MAX)
        return config_fail("--cases must be a number from 1 to 100000000%s", "");
    if (v[2] && date_parse(v[2], &day) != STATUS_OK)
        return config_fail("--from must be a date YYYY-MM-DD, not %s", v[2]);
    if (v[3] && date_parse(v[3], &day) != STATUS_OK)
        return config_fail("--to must be a date YYYY-MM-DD, not %s", v[3]);
    if (v[4]) {
        opt.seed = strtoll(v[4], &end, 10);
        if (!*v[4] || *end)
            return config_fail("--seed must be an integer, not %s", v[4]);
    }
    if (!cfg.database_url[0])
        return config_fail("%s", "DATABASE_URL (or --database-url) is required");
    if (strlen(cfg.pii_hash_key) < 16)
        return config_fail("%s",
                           "PII_HASH_KEY (or --pii-hash-key) must be set to the server's secret: "
                           "the parties' keyed hashes are computed with it");

    opt.pii_hash_ctx = crypto_hmac_key_new(cfg.pii_hash_key, strlen(cfg.pii_hash_key));
    if (!opt.pii_hash_ctx)
        return config_fail("%s", "out of memory");
    struct seed_result r;
    struct timespec started, finished;
    clock_gettime(CLOCK_MONOTONIC, &started);
    enum status st = run(&cfg, &opt, &r, &err);
    clock_gettime(CLOCK_MONOTONIC, &finished);
    crypto_hmac_key_free(opt.pii_hash_ctx);
    if (st != STATUS_OK)
        return config_fail("%s", err.field_count ? err.fields[0].message : err.message);
    double seconds = (double)(finished.tv_sec - started.tv_sec) +
                     (double)(finished.tv_nsec - started.tv_nsec) / 1e9;
    printf("seeded %ld cases into %s (received %s..%s, seed %lld) in %.1f s: received %ld, "
           "accepted %ld, declined %ld, assigned %ld, in_mediation %ld, closed %ld; %ld parties, "
           "%ld sessions, %ld agreements, %ld deadline extensions\n",
           opt.cases, opt.center_code, r.from, r.to, opt.seed, seconds, r.received, r.accepted,
           r.declined, r.assigned, r.in_mediation, r.closed, r.parties, r.sessions, r.agreements,
           r.extensions);
    return 0;
}

int main(int argc, char **argv)
{
    config_set_program("mediation-seed");
    char **rest = calloc((size_t)argc + 1, sizeof(char *));
    if (!rest)
        return config_fail("%s", "out of memory");
    int rc = seed_with_flags(argc - 1, argv + 1, rest);
    free(rest);
    return rc;
}
