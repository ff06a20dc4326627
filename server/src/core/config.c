/* Configuration table and parser. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum option_kind { OPT_STRING, OPT_INT, OPT_LONG, OPT_BOOL, OPT_LISTEN, OPT_LOG_LEVEL };

struct option_row {
    const char *env;
    const char *flag; /* without the leading "--" */
    enum option_kind kind;
    size_t offset;
    size_t size; /* for strings: the field's size */
    long min, max;
    const char *fallback;
    const char *help;
};

#define FIELD(f) offsetof(struct config, f), sizeof(((struct config *)0)->f)

static const struct option_row options[] = {
    {"DATABASE_URL", "database-url", OPT_STRING, FIELD(database_url), 0, 0, "",
     "libpq connection string or URI of the PostgreSQL database"},
    {"LISTEN", "listen", OPT_LISTEN, FIELD(listen_host), 0, 0, "127.0.0.1:8080",
     "address to serve on, HOST or HOST:PORT ([::1]:PORT for IPv6); port 0 picks a free one"},
    {"PORT", "port", OPT_INT, FIELD(port), 0, 65535, NULL, "port, overriding the one in LISTEN"},
    {"THREADS", "threads", OPT_INT, FIELD(threads), 1, 256, "4", "HTTP worker threads"},
    {"DB_POOL_SIZE", "db-pool-size", OPT_INT, FIELD(db_pool_size), 0, 512, "0",
     "PostgreSQL connections; 0 means one per worker thread"},
    {"MAX_BODY_BYTES", "max-body-bytes", OPT_LONG, FIELD(max_body_bytes), 1024, 1L << 30, "1048576",
     "largest request body accepted; larger ones get 413"},
    {"MAX_JSON_DEPTH", "max-json-depth", OPT_INT, FIELD(max_json_depth), 2, 512, "32",
     "deepest nesting of arrays and objects accepted in a JSON body"},
    {"LOG_LEVEL", "log-level", OPT_LOG_LEVEL, FIELD(log_level), 0, 0, "info",
     "debug, info, warn or error"},
    {"CONNECTION_TIMEOUT", "connection-timeout", OPT_INT, FIELD(connection_timeout_s), 1, 3600,
     "30", "seconds an idle or stalled client connection is kept"},
    {"MAX_CONNECTIONS", "max-connections", OPT_INT, FIELD(max_connections), 1, 100000, "1024",
     "client connections served at once"},
    {"MAX_CONNECTIONS_PER_IP", "max-connections-per-ip", OPT_INT, FIELD(max_connections_per_ip), 1,
     100000, "256", "client connections from one address at once"},
    {"STATEMENT_TIMEOUT_MS", "statement-timeout-ms", OPT_INT, FIELD(statement_timeout_ms), 100,
     3600000, "5000", "PostgreSQL statement_timeout for every request"},
    {"DB_CONNECT_TIMEOUT", "db-connect-timeout", OPT_INT, FIELD(db_connect_timeout_s), 1, 60, "2",
     "seconds to wait for a PostgreSQL connection before answering 503"},
    {"SHUTDOWN_TIMEOUT", "shutdown-timeout", OPT_INT, FIELD(shutdown_timeout_s), 1, 3600, "30",
     "seconds SIGTERM waits for in-flight requests before exiting"},
    {"MIGRATE", "migrate", OPT_BOOL, FIELD(migrate_on_start), 0, 0, "true",
     "apply pending migrations when serve starts (--no-migrate to skip)"},
    {"CENTER_CODE", "center-code", OPT_STRING, FIELD(center_code), 0, 0, "WD",
     "code of the center a fresh installation creates"},
    {"CENTER_NAME", "center-name", OPT_STRING, FIELD(center_name), 0, 0,
     "\xe9\xad\x8f\xe9\x83\xbd\xe5\x8c\xba\xe7\x9f\x9b\xe8\xb0\x83\xe4\xb8\xad\xe5\xbf\x83",
     "name of the center a fresh installation creates"},
    {"REPORT_CUBE_CELLS_MAX", "report-cube-cells-max", OPT_INT, FIELD(report_cube_cells_max), 0,
     100000000, "100000",
     "most cells of the daily report cube one report may scan (three or more dimensions, or the "
     "mediator paired over partial months); a report that needs more answers 422"},
    {"ROLLUP_FOLD_INTERVAL_MS", "rollup-fold-interval-ms", OPT_INT, FIELD(rollup_fold_interval_ms),
     10, 60000, "100",
     "milliseconds between the background folds of pending rollup rows (reports are exact either "
     "way; a longer interval folds bigger batches for less work, reports sum a longer tail)"},
    {"AUTH_CACHE_TTL_MS", "auth-cache-ttl-ms", OPT_INT, FIELD(auth_cache_ttl_ms), 0, 60000, "5000",
     "how long a token lookup is trusted before the database is asked again (a revocation made "
     "on another instance takes effect within it); 0 asks every time"},
    {"SESSION_TTL", "session-ttl", OPT_INT, FIELD(session_ttl_s), 300, 2592000, "28800",
     "seconds a login session lasts"},
    {"LOGIN_MAX_FAILURES", "login-max-failures", OPT_INT, FIELD(login_max_failures), 1, 1000, "10",
     "login attempts for one username from one client address before each further one waits "
     "longer (1 s, 2 s, 4 s ... 15 min; 429 with Retry-After); forgotten after 15 quiet minutes "
     "or a success"},
    {"LOGIN_MAX_FAILURES_PER_CLIENT", "login-max-failures-per-client", OPT_INT,
     FIELD(login_max_failures_per_client), 1, 100000, "50",
     "login attempts from one client address, whatever the usernames, before each further one "
     "waits longer (as above)"},
    {"UNKNOWN_TOKENS_PER_CLIENT", "unknown-tokens-per-client", OPT_INT,
     FIELD(unknown_tokens_per_client), 1, 100000, "20",
     "well-formed bearer tokens that turn out not to exist, from one client address, before its "
     "next uncached token waits (429, 1 s doubling to 5 min) instead of costing a database lookup"},
    {"PORTAL_REQUESTS_PER_CLIENT", "portal-requests-per-client", OPT_INT,
     FIELD(portal_requests_per_client), 1, 100000, "60",
     "requests to the party portal's API (apply, follow, rate) from one client address before "
     "each further one waits longer (429, 1 s doubling to 5 min; forgotten after 10 quiet "
     "minutes)"},
    {"TRUSTED_PROXIES", "trusted-proxies", OPT_STRING, FIELD(trusted_proxies), 0, 0, "",
     "addresses or CIDR blocks of reverse proxies whose X-Forwarded-For names the client (comma-"
     "or space-separated); empty: the client is the connection's peer and X-Forwarded-For is "
     "ignored"},
    {"PII_HASH_KEY", "pii-hash-key", OPT_STRING, FIELD(pii_hash_key), 0, 0, "",
     "secret for the keyed hash (HMAC-SHA256) that recognises a person across cases; at least 16 "
     "characters; serve refuses to start without it"},
    {"REPORT_MAX_DAYS", "report-max-days", OPT_INT, FIELD(report_max_days), 1, 36600, "1830",
     "longest from..to range a report may cover, in days"},
    {"REMINDER_INTERVAL_MS", "reminder-interval-ms", OPT_INT, FIELD(reminder_interval_ms), 100,
     3600000, "10000",
     "milliseconds between passes of the deadline reminder scheduler (case.due_soon, "
     "case.overdue); one instance at a time runs a pass"},
    {"DUE_SOON_HOURS", "due-soon-hours", OPT_INT, FIELD(due_soon_hours), 1, 8760, "72",
     "how long before a running deadline case.due_soon is emitted, in hours"},
    {"WEBHOOK_WORKERS", "webhook-workers", OPT_INT, FIELD(webhook_workers), 0, 64, "2",
     "webhook delivery threads, each with a database connection of its own; 0 delivers nothing "
     "from this instance"},
    {"WEBHOOK_MAX_ATTEMPTS", "webhook-max-attempts", OPT_INT, FIELD(webhook_max_attempts), 1, 50,
     "8", "attempts of one delivery before it is dead-lettered"},
    {"WEBHOOK_BACKOFF_MS", "webhook-backoff-ms", OPT_INT, FIELD(webhook_backoff_ms), 10, 86400000,
     "360000",
     "wait before the second attempt of a delivery; each later wait doubles, plus up to 20% "
     "random jitter (the default, 6 minutes, spreads 8 attempts over more than 12 hours)"},
    {"WEBHOOK_POLL_MS", "webhook-poll-ms", OPT_INT, FIELD(webhook_poll_ms), 10, 60000, "1000",
     "milliseconds a delivery thread sleeps when no delivery is due"},
    {"WEBHOOK_TIMEOUT_MS", "webhook-timeout-ms", OPT_INT, FIELD(webhook_timeout_ms), 100, 60000,
     "10000", "time allowed for one delivery attempt, connecting included"},
    {"WEBHOOK_ALLOW_NETS", "webhook-allow-nets", OPT_STRING, FIELD(webhook_allow_nets), 0, 0, "",
     "address classes a webhook may reach besides public ones (comma-separated: loopback, "
     "private, link_local, metadata); empty refuses all of them"},
    {"MAX_UPLOAD_BYTES", "max-upload-bytes", OPT_LONG, FIELD(max_upload_bytes), 1024, 1L << 31,
     "20971520", "largest attachment accepted; larger ones get 413 before they are stored"},
    {"REPLICA_DATABASE_URL", "replica-database-url", OPT_STRING, FIELD(replica_database_url), 0, 0,
     "",
     "libpq connection strings or URIs of PostgreSQL streaming replicas of DATABASE_URL, separated "
     "by spaces; reports, lists and case reads go to a healthy one (writes and reads that name a "
     "newer If-Min-LSN go to the primary); empty: everything goes to the primary"},
    {"REPLICA_POOL_SIZE", "replica-pool-size", OPT_INT, FIELD(replica_pool_size), 0, 512, "0",
     "connections to each replica; 0 means DB_POOL_SIZE"},
    {"REPLICA_MAX_LAG_MS", "replica-max-lag-ms", OPT_INT, FIELD(replica_max_lag_ms), 0, 3600000,
     "5000",
     "a replica further behind the primary than this is not read from (readiness says "
     "replica: lagging) until it catches up"},
    {"REPLICA_CHECK_MS", "replica-check-ms", OPT_INT, FIELD(replica_check_ms), 50, 60000, "250",
     "milliseconds between two checks of every replica's replay position and lag"},
};

#define OPTION_COUNT (sizeof(options) / sizeof(options[0]))

static enum status parse_long(const char *text, long min, long max, long *out)
{
    if (!*text)
        return STATUS_INVALID;
    errno = 0;
    char *end;
    long v = strtol(text, &end, 10);
    if (errno || *end != '\0' || v < min || v > max)
        return STATUS_INVALID;
    *out = v;
    return STATUS_OK;
}

static enum status parse_bool(const char *text, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(text, yes[i]) == 0) {
            *out = true;
            return STATUS_OK;
        }
        if (strcmp(text, no[i]) == 0) {
            *out = false;
            return STATUS_OK;
        }
    }
    return STATUS_INVALID;
}

/* HOST, HOST:PORT or [V6]:PORT. */
static enum status parse_listen(struct config *cfg, const char *text)
{
    const char *host = text;
    size_t host_len;
    const char *port = NULL;
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (!close)
            return STATUS_INVALID;
        host = text + 1;
        host_len = (size_t)(close - host);
        if (close[1] == ':')
            port = close + 2;
        else if (close[1] != '\0')
            return STATUS_INVALID;
    } else {
        const char *colon = strrchr(text, ':');
        if (colon && strchr(text, ':') != colon)
            return STATUS_INVALID; /* bare IPv6 needs brackets */
        host_len = colon ? (size_t)(colon - text) : strlen(text);
        if (colon)
            port = colon + 1;
    }
    if (host_len == 0 || host_len >= sizeof(cfg->listen_host))
        return STATUS_INVALID;
    memcpy(cfg->listen_host, host, host_len);
    cfg->listen_host[host_len] = '\0';
    if (port) {
        long p;
        if (parse_long(port, 0, 65535, &p) != STATUS_OK)
            return STATUS_INVALID;
        cfg->port = (int)p;
    }
    return STATUS_OK;
}

static enum status apply(struct config *cfg, const struct option_row *o, const char *value,
                         const char *source, struct error *err)
{
    char *field = (char *)cfg + o->offset;
    enum status st = STATUS_OK;
    long v = 0;
    switch (o->kind) {
    case OPT_STRING:
        if (strlen(value) >= o->size)
            return error_set(err, STATUS_INVALID, "%s is too long (at most %zu bytes)", source,
                             o->size - 1);
        memcpy(field, value, strlen(value) + 1);
        return STATUS_OK;
    case OPT_INT:
    case OPT_LONG:
        st = parse_long(value, o->min, o->max, &v);
        if (st != STATUS_OK)
            return error_set(err, STATUS_INVALID, "%s must be a whole number from %ld to %ld",
                             source, o->min, o->max);
        if (o->kind == OPT_INT)
            *(int *)(void *)field = (int)v;
        else
            *(long *)(void *)field = v;
        return STATUS_OK;
    case OPT_BOOL:
        if (parse_bool(value, (bool *)(void *)field) != STATUS_OK)
            return error_set(err, STATUS_INVALID, "%s must be true or false", source);
        return STATUS_OK;
    case OPT_LISTEN:
        if (parse_listen(cfg, value) != STATUS_OK)
            return error_set(err, STATUS_INVALID, "%s must be HOST, HOST:PORT or [IPV6]:PORT",
                             source);
        return STATUS_OK;
    case OPT_LOG_LEVEL:
        if (log_level_parse(value, (enum log_level *)(void *)field) != 0)
            return error_set(err, STATUS_INVALID, "%s must be debug, info, warn or error", source);
        return STATUS_OK;
    }
    return error_set(err, STATUS_INTERNAL, "unknown option kind");
}

static const struct option_row *find_flag(const char *name, size_t len)
{
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (strlen(options[i].flag) == len && strncmp(options[i].flag, name, len) == 0)
            return &options[i];
    return NULL;
}

enum status config_parse(struct config *cfg, int argc, char **argv, config_getenv_fn env,
                         char **rest, int *rest_count, struct error *err)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->port = 8080;
    *rest_count = 0;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (options[i].fallback &&
            apply(cfg, &options[i], options[i].fallback, options[i].env, err) != STATUS_OK)
            return STATUS_INTERNAL;
    }
    int port_env = -1, port_flag = -1;
    bool listen_flag_port = false;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const char *value = env ? env(options[i].env) : NULL;
        if (value && apply(cfg, &options[i], value, options[i].env, err) != STATUS_OK)
            return STATUS_INVALID;
        if (value && options[i].offset == offsetof(struct config, port))
            port_env = cfg->port;
    }
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0) {
            rest[(*rest_count)++] = argv[i];
            continue;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
        if (name_len == 10 && strncmp(name, "no-migrate", 10) == 0 && !eq) {
            cfg->migrate_on_start = false;
            continue;
        }
        const struct option_row *o = find_flag(name, name_len);
        if (!o) {
            rest[(*rest_count)++] = argv[i];
            continue;
        }
        const char *value;
        if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return error_set(err, STATUS_INVALID, "--%s needs a value", o->flag);
        }
        char source[64];
        snprintf(source, sizeof(source), "--%s", o->flag);
        int port_before = cfg->port;
        cfg->port = -1;
        if (apply(cfg, o, value, source, err) != STATUS_OK)
            return STATUS_INVALID;
        if (o->offset == offsetof(struct config, port))
            port_flag = cfg->port;
        else if (o->kind == OPT_LISTEN && cfg->port >= 0)
            listen_flag_port = true;
        if (cfg->port < 0)
            cfg->port = port_before;
    }
    /* PORT beats the port in LISTEN wherever each came from, and a flag beats the environment. */
    if (port_flag >= 0)
        cfg->port = port_flag;
    else if (!listen_flag_port && port_env >= 0)
        cfg->port = port_env;
    if (cfg->db_pool_size == 0)
        cfg->db_pool_size = cfg->threads;
    if (cfg->replica_pool_size == 0)
        cfg->replica_pool_size = cfg->db_pool_size;
    return STATUS_OK;
}

void config_print_help(FILE *out)
{
    fprintf(out, "Configuration (environment variable, flag, default):\n");
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const struct option_row *o = &options[i];
        fprintf(out, "  %-24s --%-24s %s\n      %s\n", o->env, o->flag,
                o->fallback ? (*o->fallback ? o->fallback : "(empty)") : "(from LISTEN)", o->help);
    }
}

int config_flags(const char *who, int argc, char **argv, const char *const *names,
                 const char **slots)
{
    for (int i = 0; i < argc; i++) {
        int found = -1;
        for (int k = 0; names[k]; k++)
            if (strcmp(argv[i], names[k]) == 0)
                found = k;
        if (found < 0) {
            fprintf(stderr, "%s: unknown argument %s\n", who, argv[i]);
            return -1;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "%s: %s needs a value\n", who, argv[i]);
            return -1;
        }
        slots[found] = argv[++i];
    }
    return 0;
}

/* The program that config_fail speaks for. */
static const char *program_name = "mediationd";

void config_set_program(const char *program)
{
    program_name = program;
}

int config_fail(const char *fmt, const char *detail)
{
    fprintf(stderr, "%s: ", program_name);
    fprintf(stderr, fmt, detail);
    fputc('\n', stderr);
    return 2;
}
