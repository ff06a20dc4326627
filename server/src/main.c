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

#include "admin.h"
#include "auth_cache.h"
#include "client_addr.h"
#include "guard.h"
#include "app.h"
#include "config.h"
#include "crypto.h"
#include "log.h"
#include "migrate.h"
#include "password.h"
#include "background.h"
#include "pool.h"
#include "replica.h"
#include "rollup_folder.h"
#include "routes.h"
#include "web.h"
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
            "  help                  this text\n\n");
    config_print_help(out);
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
        return config_fail("migrate: %s", err.message);
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
        return config_fail("%s",
                           "PII_HASH_KEY (or --pii-hash-key) must be set to a secret of at least "
                           "16 characters");
    struct error err;
    error_init(&err);
    struct client_addr_proxies proxies;
    if (client_addr_proxies_parse(cfg->trusted_proxies, &proxies, &err) != STATUS_OK)
        return config_fail("TRUSTED_PROXIES (or --trusted-proxies): %s", err.message);
    if (cfg->migrate_on_start && migrate_with_wait(cfg, &err) != STATUS_OK)
        return config_fail("migrate: %s", err.message);

    struct db_pool_config pc = {cfg->database_url, cfg->db_pool_size, cfg->db_connect_timeout_s,
                                cfg->statement_timeout_ms, 5000};
    struct guard_config gc = {cfg->login_max_failures,
                              cfg->login_max_failures_per_client,
                              cfg->unknown_tokens_per_client,
                              cfg->portal_requests_per_client,
                              8192,
                              4096};
    struct app app = {.config = cfg,
                      .pool = db_pool_new(&pc),
                      .auth_cache = auth_cache_new(4096, cfg->auth_cache_ttl_ms),
                      .guard = guard_new(&gc),
                      .proxies = proxies};
    struct api_background *background = NULL;
    int rc = 0;
    if (!app.pool || !app.auth_cache || !app.guard) {
        rc = config_fail("%s", "out of memory");
        goto out;
    }
    /* Open one connection now: every statement is prepared on it, so a statement that no longer
     * fits the schema stops start-up here. An unreachable database does not: the server starts
     * and answers 503 until it is back. */
    struct db_conn *probe = NULL;
    enum status ps = db_pool_acquire(app.pool, &probe, &err);
    db_pool_release(app.pool, probe);
    if (ps != STATUS_OK && strstr(err.message, "cannot prepare")) {
        rc = config_fail("%s", err.message);
        goto out;
    }
    /* report contributions are folded into the rollups off the request path (migration 0011) */
    struct db_folder_config fc = {cfg->database_url, cfg->db_connect_timeout_s,
                                  cfg->rollup_fold_interval_ms, 5000};
    app.folder = db_folder_start(&fc, &err);
    if (!app.folder) {
        rc = config_fail("serve: %s", err.message);
        goto out;
    }
    /* reads of reports, lists and cases go to streaming replicas when there are (issue 17) */
    struct db_replicas_config rpc = {cfg->database_url,         cfg->replica_database_url,
                                     cfg->replica_pool_size,    cfg->db_connect_timeout_s,
                                     cfg->statement_timeout_ms, cfg->replica_max_lag_ms,
                                     cfg->replica_check_ms};
    if (db_replicas_start(&rpc, &app.replicas, &err) != STATUS_OK) {
        rc = config_fail("REPLICA_DATABASE_URL (or --replica-database-url): %s", err.message);
        goto out;
    }
    /* the key that seals stored idempotent answers: derived from PII_HASH_KEY, never stored */
    static const char seal_label[] = "mediationd idempotency seal v1";
    if (crypto_hmac_sha256(cfg->pii_hash_key, strlen(cfg->pii_hash_key), seal_label,
                           sizeof(seal_label) - 1, app.seal_key) != STATUS_OK) {
        rc = config_fail("%s", "cannot derive the idempotency seal key");
        goto out;
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
        .max_upload_bytes = (size_t)cfg->max_upload_bytes,
        .routes = api_routes,
        .route_count = api_route_count,
        .hooks = {.authorize = api_authorize,
                  .cleanup = api_cleanup,
                  .spool_body = api_spool_body,
                  .retry = api_retry_read,
                  .fallback = web_serve,
                  .app = &app},
    };
    app.server = http_server_start(&hc, &err);
    if (!app.server) {
        rc = config_fail("serve: %s", err.message);
        goto out;
    }
    /* the feed watcher, the reminder scheduler and the webhook deliveries */
    background = api_background_start(&app, &err);
    if (!background) {
        http_server_shutdown(app.server, 1);
        rc = config_fail("serve: %s", err.message);
        goto out;
    }
    const char *host = cfg->listen_host;
    int v6 = strchr(host, ':') != NULL;
    log_msg(LOG_INFO, "listening on http://%s%s%s:%d", v6 ? "[" : "", host, v6 ? "]" : "",
            http_server_port(app.server));

    int sig = 0;
    sigwait(&stop, &sig);
    log_msg(LOG_INFO, "received %s, draining requests", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    /* the feed watcher wakes requests of the server, which shutdown frees */
    api_background_detach(background);
    int left = http_server_shutdown(app.server, cfg->shutdown_timeout_s);
    if (left > 0) {
        log_msg(LOG_WARN, "stopped with %d requests unfinished", left);
        rc = 1;
    }
out:
    api_background_stop(background);
    db_replicas_stop(app.replicas);
    db_folder_stop(app.folder);
    db_pool_free(app.pool);
    auth_cache_free(app.auth_cache);
    guard_free(app.guard);
    if (background && rc == 0)
        log_msg(LOG_INFO, "stopped");
    return rc;
}

/* Says why an admin command failed: a field error as "--flag message" (the password, read
 * from standard input, without dashes). */
static int admin_failed(const char *command, const struct error *err)
{
    fprintf(stderr, "mediationd: admin %s: ", command);
    const char *field = err->field_count ? err->fields[0].field : NULL;
    if (field)
        fprintf(stderr, "%s%s %s\n", strcmp(field, "password") ? "--" : "", field,
                err->fields[0].message);
    else
        fprintf(stderr, "%s\n", err->message);
    return 2;
}

/* Runs an admin command (api/admin.h) with a pool of one connection: 0, or 2 when it failed
 * (said on stderr). */
static int run_admin(const struct config *cfg, const char *name,
                     enum status (*command)(struct app *app, const void *args, void *out,
                                            struct error *err),
                     const void *args, void *out)
{
    struct db_pool_config pc = {cfg->database_url, 1, cfg->db_connect_timeout_s,
                                cfg->statement_timeout_ms, 5000};
    struct app app = {.config = cfg, .pool = db_pool_new(&pc)};
    struct error err;
    error_init(&err);
    enum status st = STATUS_NO_MEMORY;
    if (!app.pool)
        error_set(&err, st, "out of memory");
    else
        st = command(&app, args, out, &err);
    db_pool_free(app.pool);
    return st == STATUS_OK ? 0 : admin_failed(name, &err);
}

static enum status create_key(struct app *app, const void *args, void *out, struct error *err)
{
    return admin_create_key(app, args, out, err);
}

/* v: --role, --name, --center, --scopes */
static int cmd_create_key(const struct config *cfg, const char *const *v)
{
    struct admin_key key = {.role = v[0], .name = v[1], .center = v[2], .scopes = v[3]};
    struct minted_token minted;
    if (run_admin(cfg, "create-key", create_key, &key, &minted) != 0)
        return 2;
    printf("%s\n", minted.token);
    return 0;
}

static enum status create_user(struct app *app, const void *args, void *out, struct error *err)
{
    return admin_create_user(app, args, out, err);
}

/* v: --username, --display-name, --role, --center; the password from standard input */
static int cmd_create_user(const struct config *cfg, const char *const *v)
{
    char password[PASSWORD_MAX_LENGTH + 2];
    if (!fgets(password, sizeof(password), stdin))
        return config_fail("admin create-user: %s", "no password on standard input");
    password[strcspn(password, "\r\n")] = '\0';
    struct admin_user user = {
        .username = v[0], .display_name = v[1], .role = v[2], .center = v[3], .password = password};
    long id = 0;
    if (run_admin(cfg, "create-user", create_user, &user, &id) != 0)
        return 2;
    printf("%ld\n", id);
    return 0;
}

/* The most flags an admin command takes. */
#define ADMIN_FLAGS_MAX 4

/* The admin commands: their flags (config_flags), read into v in this order. */
static const struct {
    const char *name;
    const char *const flags[ADMIN_FLAGS_MAX + 1]; /* NULL-terminated */
    int (*run)(const struct config *cfg, const char *const *v);
} admin_commands[] = {
    {"create-key", {"--role", "--name", "--center", "--scopes", NULL}, cmd_create_key},
    {"create-user", {"--username", "--display-name", "--role", "--center", NULL}, cmd_create_user},
};

static int admin_command(const char *name)
{
    for (size_t i = 0; i < sizeof(admin_commands) / sizeof(admin_commands[0]); i++)
        if (strcmp(admin_commands[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int cmd_admin(const struct config *cfg, int command, int argc, char **argv)
{
    char who[64];
    snprintf(who, sizeof(who), "mediationd: admin %s", admin_commands[command].name);
    const char *v[ADMIN_FLAGS_MAX] = {NULL};
    if (config_flags(who, argc, argv, admin_commands[command].flags, v) != 0)
        return 2;
    return admin_commands[command].run(cfg, v);
}

int main(int argc, char **argv)
{
    config_set_program("mediationd");
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
        return config_fail("%s",
                           "the data generator is its own program now: mediation-seed --help");
    bool is_admin = strcmp(command, "admin") == 0;
    if (strcmp(command, "serve") != 0 && strcmp(command, "migrate") != 0 && !is_admin)
        return config_fail("unknown command %s (see mediationd help)", command);
    int admin = is_admin && argc >= 3 ? admin_command(argv[2]) : -1;
    if (is_admin && admin < 0)
        return config_fail("unknown admin command %s (see mediationd help)",
                           argc < 3 ? "" : argv[2]);
    char **rest = calloc((size_t)argc, sizeof(char *));
    if (!rest)
        return config_fail("%s", "out of memory");
    int rest_count = 0;
    struct config cfg;
    struct error err;
    error_init(&err);
    int first = is_admin ? 3 : 2;
    int rc;
    if (config_parse(&cfg, argc - first, argv + first, (config_getenv_fn)getenv, rest, &rest_count,
                     &err) != STATUS_OK) {
        rc = config_fail("%s", err.message);
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
        rc = config_fail("unknown argument %s (see mediationd help)", rest[0]);
        goto out;
    }
    if (!cfg.database_url[0]) {
        rc = config_fail("%s", "DATABASE_URL (or --database-url) is required");
        goto out;
    }
    if (strcmp(command, "serve") == 0)
        rc = cmd_serve(&cfg);
    else if (strcmp(command, "migrate") == 0)
        rc = cmd_migrate(&cfg);
    else
        rc = cmd_admin(&cfg, admin, rest_count, rest);
out:
    free(rest);
    return rc;
}
