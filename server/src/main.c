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
#include <unistd.h>

#include "api_key.h"
#include "app.h"
#include "config.h"
#include "crypto.h"
#include "key_store.h"
#include "log.h"
#include "migrate.h"
#include "pool.h"
#include "routes.h"
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
            "  admin create-key --role ROLE --name NAME [--center CODE]\n"
            "                        print a new API key; roles: front_desk, mediator,\n"
            "                        supervisor, admin, integration; no --center: city-level\n"
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

    struct error err;
    error_init(&err);
    if (cfg->migrate_on_start && migrate_with_wait(cfg, &err) != STATUS_OK)
        return fail("migrate: %s", err.message);

    struct db_pool_config pc = {cfg->database_url, cfg->db_pool_size, cfg->db_connect_timeout_s,
                                cfg->statement_timeout_ms, 5000};
    struct db_pool *pool = db_pool_new(&pc);
    if (!pool)
        return fail("%s", "out of memory");
    struct app app = {cfg, pool, NULL};
    struct http_server_config hc = {
        .host = cfg->listen_host,
        .port = cfg->port,
        .threads = cfg->threads,
        .max_body_bytes = (size_t)cfg->max_body_bytes,
        .max_json_depth = cfg->max_json_depth,
        .connection_timeout_s = cfg->connection_timeout_s,
        .max_connections = cfg->max_connections,
        .max_connections_per_ip = cfg->max_connections_per_ip,
        .routes = api_routes,
        .route_count = api_route_count,
        .hooks = {api_authorize, api_cleanup, &app},
    };
    app.server = http_server_start(&hc, &err);
    if (!app.server) {
        db_pool_free(pool);
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
    db_pool_free(pool);
    if (left > 0) {
        log_msg(LOG_WARN, "stopped with %d requests unfinished", left);
        return 1;
    }
    log_msg(LOG_INFO, "stopped");
    return 0;
}

static int cmd_create_key(const struct config *cfg, int argc, char **argv)
{
    const char *role_text = NULL, *name = NULL, *center = NULL;
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--role") == 0     ? &role_text
                            : strcmp(argv[i], "--name") == 0   ? &name
                            : strcmp(argv[i], "--center") == 0 ? &center
                                                               : NULL;
        if (!slot)
            return fail("admin create-key: unknown argument %s", argv[i]);
        if (i + 1 >= argc)
            return fail("admin create-key: %s needs a value", argv[i]);
        *slot = argv[++i];
    }
    enum role role;
    if (!role_text || !role_parse(role_text, &role))
        return fail("admin create-key: --role must be one of front_desk, mediator, supervisor, "
                    "admin, integration%s",
                    "");
    if (!name || !*name)
        return fail("admin create-key: --name is required%s", "");

    unsigned char id[API_KEY_ID_BYTES], secret[API_KEY_SECRET_BYTES];
    if (crypto_random(id, sizeof(id)) != STATUS_OK ||
        crypto_random(secret, sizeof(secret)) != STATUS_OK)
        return fail("admin create-key: %s", "no random bytes available");
    char key[API_KEY_LEN + 1];
    api_key_format(id, secret, key);
    char public_id[API_KEY_ID_HEX_LEN + 1];
    const char *secret_text;
    size_t secret_len;
    if (!api_key_parse(key, strlen(key), public_id, &secret_text, &secret_len))
        return fail("admin create-key: %s", "generated key does not parse");
    unsigned char hash[CRYPTO_SHA256_LEN];
    crypto_sha256(secret_text, secret_len, hash);

    struct db_pool_config pc = {cfg->database_url, 1, cfg->db_connect_timeout_s,
                                cfg->statement_timeout_ms, 5000};
    struct db_pool *pool = db_pool_new(&pc);
    if (!pool)
        return fail("%s", "out of memory");
    struct error err;
    error_init(&err);
    struct db_conn *conn = NULL;
    long key_id = 0;
    enum status st = db_pool_acquire(pool, &conn, &err);
    if (st == STATUS_OK)
        st = db_key_insert(conn, public_id, hash, name, role, center, &key_id, &err);
    db_pool_release(pool, conn);
    db_pool_free(pool);
    if (st != STATUS_OK)
        return fail("admin create-key: %s", err.message);
    printf("%s\n", key);
    return 0;
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
    bool is_admin = strcmp(command, "admin") == 0;
    if (strcmp(command, "serve") != 0 && strcmp(command, "migrate") != 0 && !is_admin)
        return fail("unknown command %s (see mediationd help)", command);
    if (is_admin && (argc < 3 || strcmp(argv[2], "create-key") != 0))
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
    else
        rc = cmd_create_key(&cfg, rest_count, rest);
out:
    free(rest);
    return rc;
}
