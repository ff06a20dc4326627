/* mediationd: reads configuration, then runs one subcommand.
 *
 *   serve                 migrate (unless --no-migrate), start the pool and the HTTP server, wait
 *                         for SIGTERM or SIGINT, drain in-flight requests, exit 0
 *   migrate               apply pending migrations and exit
 *   version               print the version
 *   admin create-key      print a new API key (the bootstrap for scripts and tests)
 */
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "actor.h"
#include "api_key.h"
#include "arena.h"
#include "auth_cache.h"
#include "client_addr.h"
#include "guard.h"
#include "app.h"
#include "config.h"
#include "crypto.h"
#include "dates.h"
#include "key_store.h"
#include "log.h"
#include "migrate.h"
#include "password.h"
#include "tx.h"
#include "user_store.h"
#include "pool.h"
#include "rollup_folder.h"
#include "token_mint.h"
#include "routes.h"
#include "web.h"
#include "seed.h"
#include "server.h"

#ifndef MEDIATION_VERSION
#define MEDIATION_VERSION "dev"
#endif

#define STARTUP_DB_ATTEMPTS 30

static void usage(FILE *out)
{
    fprintf(out,
            "usage: mediationd COMMAND [FLAGS]\n\n"
            "Commands:\n"
            "  serve                 apply migrations, then serve HTTP until SIGTERM or SIGINT\n"
            "  migrate               apply pending migrations and exit\n"
            "  version               print the version and exit\n"
            "  admin create-key --role ROLE --name NAME [--center CODE] [--scopes LIST]\n"
            "                        print a new API key; roles: front_desk, mediator,\n"
            "                        supervisor, admin, integration (with --scopes, e.g.\n"
            "                        \"cases:read cases:write\"); no --center: city-level\n"
            "  admin create-user --username NAME --display-name TEXT --role ROLE\n"
            "                    [--center CODE]\n"
            "                        create a login account; the password is read from the\n"
            "                        first line of standard input\n"
            "  seed --center CODE --cases N [--from YYYY-MM-DD --to YYYY-MM-DD] [--seed S]\n"
            "                        generate N realistic cases in a center (benchmarks, demos;\n"
            "                        needs PII_HASH_KEY; locks out other writers while it runs)\n"
            "  help                  this text\n\n");
    config_print_help(out);
}

static int fail(const char *fmt, const char *detail)
{
    fprintf(stderr, "mediationd: ");
    fprintf(stderr, fmt, detail);
    fputc('\n', stderr);
    return 2;
}

static enum status migrate_with_wait(const struct config *cfg, struct error *err)
{
    for (int attempt = 1;; attempt++) {
        int applied = 0;
        error_init(err);
        enum status st = db_migrate(cfg->database_url, cfg->db_connect_timeout_s, cfg->center_code,
                                    cfg->center_name, &applied, err);
        if (st == STATUS_OK) {
            log_msg(LOG_INFO, "migrations current (%d applied now)", applied);
            return STATUS_OK;
        }
        if (st != STATUS_UNAVAILABLE || attempt >= STARTUP_DB_ATTEMPTS)
            return st;
        log_msg(LOG_WARN, "waiting for the database: %s", err->message);
        sleep(1);
    }
}

static int cmd_migrate(const struct config *cfg)
{
    struct error err;
    if (migrate_with_wait(cfg, &err) != STATUS_OK)
        return fail("migrate: %s", err.message);
    return 0;
}

static int cmd_serve(const struct config *cfg)
{
    /* Block the shutdown signals before any thread starts, so that every thread inherits the mask
     * and only sigwait() below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (strlen(cfg->pii_hash_key) < 16)
        return fail("%s", "PII_HASH_KEY (or --pii-hash-key) must be set to a secret of at least "
                          "16 characters");
    struct error err;
    error_init(&err);
    struct client_addr_proxies proxies;
    if (client_addr_proxies_parse(cfg->trusted_proxies, &proxies, &err) != STATUS_OK)
        return fail("TRUSTED_PROXIES (or --trusted-proxies): %s", err.message);
    if (cfg->migrate_on_start && migrate_with_wait(cfg, &err) != STATUS_OK)
        return fail("migrate: %s", err.message);

    struct db_pool_config pc = {cfg->database_url, cfg->db_pool_size, cfg->db_connect_timeout_s,
                                cfg->statement_timeout_ms, 5000};
    struct db_pool *pool = db_pool_new(&pc);
    struct auth_cache *cache = auth_cache_new(4096, cfg->auth_cache_ttl_ms);
    struct guard_config gc = {cfg->login_max_failures,
                              cfg->login_max_failures_per_client,
                              cfg->unknown_tokens_per_client,
                              cfg->portal_requests_per_client,
                              8192,
                              4096};
    struct guard *guard = guard_new(&gc);
    if (!pool || !cache || !guard) {
        db_pool_free(pool);
        auth_cache_free(cache);
        guard_free(guard);
        return fail("%s", "out of memory");
    }
    /* Open one connection now: every statement is prepared on it, so a statement that no longer
     * fits the schema stops start-up here. An unreachable database does not: the server starts
     * and answers 503 until it is back. */
    struct db_conn *probe = NULL;
    enum status ps = db_pool_acquire(pool, &probe, &err);
    db_pool_release(pool, probe);
    if (ps != STATUS_OK && strstr(err.message, "cannot prepare")) {
        db_pool_free(pool);
        auth_cache_free(cache);
        guard_free(guard);
        return fail("%s", err.message);
    }
    /* report contributions are folded into the rollups off the request path (migration 0011) */
    struct db_folder_config fc = {cfg->database_url, cfg->db_connect_timeout_s,
                                  cfg->rollup_fold_interval_ms, 5000};
    struct db_folder *folder = db_folder_start(&fc, &err);
    if (!folder) {
        db_pool_free(pool);
        auth_cache_free(cache);
        guard_free(guard);
        return fail("serve: %s", err.message);
    }
    struct app app = {cfg, pool, cache, guard, proxies, {0}, NULL};
    /* the key that seals stored idempotent answers: derived from PII_HASH_KEY, never stored */
    static const char seal_label[] = "mediationd idempotency seal v1";
    if (crypto_hmac_sha256(cfg->pii_hash_key, strlen(cfg->pii_hash_key), seal_label,
                           sizeof(seal_label) - 1, app.seal_key) != STATUS_OK) {
        db_folder_stop(folder);
        db_pool_free(pool);
        auth_cache_free(cache);
        guard_free(guard);
        return fail("%s", "cannot derive the idempotency seal key");
    }
    struct http_server_config hc = {
        .host = cfg->listen_host,
        .port = cfg->port,
        .threads = cfg->threads,
        .max_body_bytes = (size_t)cfg->max_body_bytes,
        .max_json_depth = cfg->max_json_depth,
        .connection_timeout_s = cfg->connection_timeout_s,
        .max_connections = cfg->max_connections,
        .max_connections_per_ip = cfg->max_connections_per_ip,
        /* deferred work is password hashing, which runs this many at a time anyway */
        .background_threads = PASSWORD_MAX_CONCURRENT,
        .routes = api_routes,
        .route_count = api_route_count,
        .fallback = web_serve,
        .hooks = {api_authorize, api_cleanup, &app},
    };
    app.server = http_server_start(&hc, &err);
    if (!app.server) {
        db_folder_stop(folder);
        db_pool_free(pool);
        auth_cache_free(cache);
        guard_free(guard);
        return fail("serve: %s", err.message);
    }
    const char *host = cfg->listen_host;
    int v6 = strchr(host, ':') != NULL;
    log_msg(LOG_INFO, "listening on http://%s%s%s:%d", v6 ? "[" : "", host, v6 ? "]" : "",
            http_server_port(app.server));

    int sig = 0;
    sigwait(&stop, &sig);
    log_msg(LOG_INFO, "received %s, draining requests", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    int left = http_server_shutdown(app.server, cfg->shutdown_timeout_s);
    db_folder_stop(folder);
    db_pool_free(pool);
    auth_cache_free(cache);
    guard_free(guard);
    if (left > 0) {
        log_msg(LOG_WARN, "stopped with %d requests unfinished", left);
        return 1;
    }
    log_msg(LOG_INFO, "stopped");
    return 0;
}

/* Parses "--name value" pairs of an admin subcommand into the slots of names[]. */
static int parse_admin_flags(const char *command, int argc, char **argv, const char *const *names,
                             const char **slots)
{
    for (int i = 0; i < argc; i++) {
        int found = -1;
        for (int k = 0; names[k]; k++)
            if (strcmp(argv[i], names[k]) == 0)
                found = k;
        if (found < 0) {
            fprintf(stderr, "mediationd: %s: unknown argument %s\n", command, argv[i]);
            return -1;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "mediationd: %s: %s needs a value\n", command, argv[i]);
            return -1;
        }
        slots[found] = argv[++i];
    }
    return 0;
}

/* Runs one store call on a connection of its own, in a transaction; the call also gets up to
 * SIDES_MAX more connections (sides), outside that transaction (the rest NULL). */
#define SIDES_MAX 2
static enum status with_connection(const struct config *cfg, int sides,
                                   enum status (*work)(struct db_conn *, struct db_conn *const *,
                                                       void *, struct error *),
                                   void *ctx, struct error *err)
{
    struct db_pool_config pc = {cfg->database_url, 1 + sides, cfg->db_connect_timeout_s,
                                cfg->statement_timeout_ms, 5000};
    struct db_pool *pool = db_pool_new(&pc);
    if (!pool)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    struct db_conn *conn = NULL, *side[SIDES_MAX] = {NULL};
    enum status st = db_pool_acquire(pool, &conn, err);
    for (int i = 0; i < sides && i < SIDES_MAX && st == STATUS_OK; i++)
        st = db_pool_acquire(pool, &side[i], err);
    if (st == STATUS_OK)
        st = db_tx_begin(conn, err);
    if (st == STATUS_OK)
        st = work(conn, side, ctx, err);
    if (st == STATUS_OK)
        st = db_tx_commit(conn, err);
    for (int i = 0; i < SIDES_MAX; i++)
        db_pool_release(pool, side[i]);
    db_pool_release(pool, conn);
    db_pool_free(pool);
    return st;
}

static const struct db_actor cli_actor = {0, 0, "mediationd admin", "cli"};

struct create_key_ctx {
    struct api_key_new key;
    struct arena *arena;
    struct api_key_info created;
};

static enum status create_key_work(struct db_conn *conn, struct db_conn *const *side, void *ctxv,
                                   struct error *err)
{
    (void)side;
    struct create_key_ctx *ctx = ctxv;
    return db_key_insert(conn, ctx->arena, &ctx->key, &cli_actor, &ctx->created, err);
}

static int cmd_create_key(const struct config *cfg, int argc, char **argv)
{
    static const char *const names[] = {"--role", "--name", "--center", "--scopes", NULL};
    const char *v[4] = {NULL};
    if (parse_admin_flags("admin create-key", argc, argv, names, v) != 0)
        return 2;
    struct create_key_ctx ctx = {.key = {.name = v[1], .center_code = v[2], .scopes = v[3]}};
    unsigned scopes = 0;
    if (!v[0] || !role_parse(v[0], &ctx.key.role))
        return fail("admin create-key: --role must be one of front_desk, mediator, supervisor, "
                    "admin, integration%s",
                    "");
    if (!v[1] || !*v[1])
        return fail("admin create-key: --name is required%s", "");
    if (v[3] && !scopes_parse_list(v[3], &scopes))
        return fail("admin create-key: unknown scope in %s", v[3]);
    if ((ctx.key.role == ROLE_INTEGRATION) != (scopes != 0))
        return fail("admin create-key: %s", "integration keys need --scopes, others take none");

    struct minted_token minted;
    if (token_mint(TOKEN_API_KEY, &minted) != STATUS_OK)
        return fail("admin create-key: %s", "no random bytes available");
    ctx.key.public_id = minted.public_id;
    ctx.key.secret_hash = minted.secret_hash;
    ctx.arena = arena_new(4096);
    if (!ctx.arena)
        return fail("%s", "out of memory");
    struct error err;
    error_init(&err);
    enum status st = with_connection(cfg, 0, create_key_work, &ctx, &err);
    arena_free(ctx.arena);
    if (st != STATUS_OK)
        return fail("admin create-key: %s", err.field_count ? err.fields[0].message : err.message);
    printf("%s\n", minted.token);
    return 0;
}

struct create_user_ctx {
    const char *center, *username, *display_name;
    enum role role;
    char hash[PASSWORD_HASH_MAX];
    struct arena *arena;
    struct user created;
};

static enum status create_user_work(struct db_conn *conn, struct db_conn *const *side, void *ctxv,
                                    struct error *err)
{
    (void)side;
    struct create_user_ctx *ctx = ctxv;
    return db_user_insert(conn, ctx->arena, ctx->center, ctx->username, ctx->display_name,
                          ctx->role, ctx->hash, &cli_actor, &ctx->created, err);
}

static int cmd_create_user(const struct config *cfg, int argc, char **argv)
{
    static const char *const names[] = {"--username", "--display-name", "--role", "--center", NULL};
    const char *v[4] = {NULL};
    if (parse_admin_flags("admin create-user", argc, argv, names, v) != 0)
        return 2;
    struct create_user_ctx ctx = {.username = v[0], .display_name = v[1], .center = v[3]};
    if (!v[0] || !account_username_valid(v[0]))
        return fail("admin create-user: --username must be 2 to 64 lower-case letters, digits, "
                    "'.', '_' or '-'%s",
                    "");
    if (!v[1] || !*v[1])
        return fail("admin create-user: --display-name is required%s", "");
    if (!v[2] || !role_parse(v[2], &ctx.role) || ctx.role == ROLE_INTEGRATION)
        return fail("admin create-user: --role must be front_desk, mediator, supervisor or "
                    "admin%s",
                    "");
    char password[PASSWORD_MAX_LENGTH + 2];
    if (!fgets(password, sizeof(password), stdin))
        return fail("admin create-user: %s", "no password on standard input");
    password[strcspn(password, "\r\n")] = '\0';
    struct error err;
    error_init(&err);
    account_password_check(password, &err);
    if (err.field_count)
        return fail("admin create-user: password %s", err.fields[0].message);
    if (password_hash(password, ctx.hash) != STATUS_OK)
        return fail("admin create-user: %s", "cannot hash the password");
    ctx.arena = arena_new(4096);
    if (!ctx.arena)
        return fail("%s", "out of memory");
    enum status st = with_connection(cfg, 0, create_user_work, &ctx, &err);
    long id = ctx.created.id;
    arena_free(ctx.arena);
    if (st != STATUS_OK)
        return fail("admin create-user: %s", err.field_count ? err.fields[0].message : err.message);
    printf("%ld\n", id);
    return 0;
}

struct seed_ctx {
    struct seed_options options;
    struct seed_result result;
};

/* The parties' keyed hashes, as intake computes them (ctx: the PII key's HMAC object). */
static enum status seed_pii_hash(void *ctx, const char *text, unsigned char out[SEED_HASH_LEN])
{
    return crypto_hmac_key_sha256(ctx, text, strlen(text), out);
}

static enum status seed_work(struct db_conn *conn, struct db_conn *const *side, void *ctxv,
                             struct error *err)
{
    struct seed_ctx *ctx = ctxv;
    return db_seed(conn, side[0], side[1], &ctx->options, &ctx->result, err);
}

/* seed: the configuration flags, then --center, --cases, --from, --to and --seed; rest has room
 * for argc arguments. */
static int seed_with_flags(int argc, char **argv, char **rest)
{
    int rest_count = 0;
    struct config cfg;
    struct error err;
    error_init(&err);
    if (config_parse(&cfg, argc, argv, (config_getenv_fn)getenv, rest, &rest_count, &err) !=
        STATUS_OK)
        return fail("%s", err.message);
    log_set_level(cfg.log_level);
    for (int i = 0; i < rest_count; i++) {
        if (strcmp(rest[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
    }
    static const char *const names[] = {"--center", "--cases", "--from", "--to", "--seed", NULL};
    const char *v[5] = {NULL};
    if (parse_admin_flags("seed", rest_count, rest, names, v) != 0)
        return 2;
    struct seed_ctx ctx = {.options = {.center_code = v[0],
                                       .from = v[2],
                                       .to = v[3],
                                       .seed = 1,
                                       .pii_hash = seed_pii_hash,
                                       .actor = "mediationd seed"}};
    char *end = NULL;
    struct date day;
    if (!v[0] || !*v[0])
        return fail("seed: --center CODE is required%s", "");
    if (v[1])
        ctx.options.cases = strtol(v[1], &end, 10);
    if (!v[1] || *end || ctx.options.cases < 1 || ctx.options.cases > SEED_CASES_MAX)
        return fail("seed: --cases must be a number from 1 to 100000000%s", "");
    if (v[2] && date_parse(v[2], &day) != STATUS_OK)
        return fail("seed: --from must be a date YYYY-MM-DD, not %s", v[2]);
    if (v[3] && date_parse(v[3], &day) != STATUS_OK)
        return fail("seed: --to must be a date YYYY-MM-DD, not %s", v[3]);
    if (v[4]) {
        ctx.options.seed = strtoll(v[4], &end, 10);
        if (!*v[4] || *end)
            return fail("seed: --seed must be an integer, not %s", v[4]);
    }
    if (!cfg.database_url[0])
        return fail("%s", "DATABASE_URL (or --database-url) is required");
    if (strlen(cfg.pii_hash_key) < 16)
        return fail("%s", "PII_HASH_KEY (or --pii-hash-key) must be set to the server's secret: "
                          "the parties' keyed hashes are computed with it");

    ctx.options.pii_hash_ctx = crypto_hmac_key_new(cfg.pii_hash_key, strlen(cfg.pii_hash_key));
    if (!ctx.options.pii_hash_ctx)
        return fail("%s", "out of memory");
    struct timespec started, finished;
    clock_gettime(CLOCK_MONOTONIC, &started);
    enum status st = with_connection(&cfg, SIDES_MAX, seed_work, &ctx, &err);
    clock_gettime(CLOCK_MONOTONIC, &finished);
    crypto_hmac_key_free(ctx.options.pii_hash_ctx);
    if (st != STATUS_OK)
        return fail("seed: %s", err.field_count ? err.fields[0].message : err.message);
    const struct seed_result *r = &ctx.result;
    double seconds = (double)(finished.tv_sec - started.tv_sec) +
                     (double)(finished.tv_nsec - started.tv_nsec) / 1e9;
    printf("seeded %ld cases into %s (received %s..%s, seed %lld) in %.1f s: received %ld, "
           "accepted %ld, declined %ld, assigned %ld, in_mediation %ld, closed %ld; %ld parties, "
           "%ld sessions, %ld agreements, %ld deadline extensions\n",
           ctx.options.cases, ctx.options.center_code, r->from, r->to, ctx.options.seed, seconds,
           r->received, r->accepted, r->declined, r->assigned, r->in_mediation, r->closed,
           r->parties, r->sessions, r->agreements, r->extensions);
    return 0;
}

static int cmd_seed(int argc, char **argv)
{
    char **rest = calloc((size_t)argc + 1, sizeof(char *));
    if (!rest)
        return fail("%s", "out of memory");
    int rc = seed_with_flags(argc, argv, rest);
    free(rest);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *command = argv[1];
    if (strcmp(command, "version") == 0 || strcmp(command, "--version") == 0) {
        printf("mediationd %s\n", MEDIATION_VERSION);
        return 0;
    }
    if (strcmp(command, "seed") == 0)
        return cmd_seed(argc - 2, argv + 2);
    bool is_admin = strcmp(command, "admin") == 0;
    if (strcmp(command, "serve") != 0 && strcmp(command, "migrate") != 0 && !is_admin)
        return fail("unknown command %s (see mediationd help)", command);
    if (is_admin &&
        (argc < 3 || (strcmp(argv[2], "create-key") != 0 && strcmp(argv[2], "create-user") != 0)))
        return fail("unknown admin command %s (see mediationd help)", argc < 3 ? "" : argv[2]);
    char **rest = calloc((size_t)argc, sizeof(char *));
    if (!rest)
        return fail("%s", "out of memory");
    int rest_count = 0;
    struct config cfg;
    struct error err;
    error_init(&err);
    int first = is_admin ? 3 : 2;
    int rc;
    if (config_parse(&cfg, argc - first, argv + first, (config_getenv_fn)getenv, rest, &rest_count,
                     &err) != STATUS_OK) {
        rc = fail("%s", err.message);
        goto out;
    }
    for (int i = 0; i < rest_count; i++) {
        if (strcmp(rest[i], "--help") == 0) {
            usage(stdout);
            rc = 0;
            goto out;
        }
    }
    log_set_level(cfg.log_level);
    if (!is_admin && rest_count > 0) {
        rc = fail("unknown argument %s (see mediationd help)", rest[0]);
        goto out;
    }
    if (!cfg.database_url[0]) {
        rc = fail("%s", "DATABASE_URL (or --database-url) is required");
        goto out;
    }
    if (strcmp(command, "serve") == 0)
        rc = cmd_serve(&cfg);
    else if (strcmp(command, "migrate") == 0)
        rc = cmd_migrate(&cfg);
    else if (strcmp(argv[2], "create-key") == 0)
        rc = cmd_create_key(&cfg, rest_count, rest);
    else
        rc = cmd_create_user(&cfg, rest_count, rest);
out:
    free(rest);
    return rc;
}
