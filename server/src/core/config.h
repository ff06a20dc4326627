/* Server configuration: environment variables, overridden by matching command-line flags.
 *
 * Every option has one row in the table in config.c (environment name, flag, default, bounds,
 * help), so --help, the README and the parser cannot drift apart. Parsing is pure: the environment
 * is read through a callback, which lets the unit tests pass their own. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "log.h"

struct config {
    char database_url[1024];
    char listen_host[256];
    int port;
    int threads;
    int db_pool_size;
    long max_body_bytes;
    int max_json_depth;
    enum log_level log_level;
    int connection_timeout_s;
    int max_connections;
    int max_connections_per_ip;
    int statement_timeout_ms;
    int db_connect_timeout_s;
    int shutdown_timeout_s;
    bool migrate_on_start;
    char center_code[16];
    char center_name[128];
    int auth_cache_ttl_ms;
    int rollup_fold_interval_ms;
    int report_cube_cells_max;
    int session_ttl_s;
    int login_max_failures;
    int login_max_failures_per_client;
    int unknown_tokens_per_client;
    int portal_requests_per_client;
    char trusted_proxies[1024];
    char pii_hash_key[256];
    int report_max_days;
    int reminder_interval_ms;
    int due_soon_hours;
    int webhook_workers;
    int webhook_max_attempts;
    int webhook_backoff_ms;
    int webhook_poll_ms;
    int webhook_timeout_ms;
    char webhook_allow_nets[256];
    long max_upload_bytes;
    char replica_database_url[2048];
    int replica_pool_size;
    int replica_max_lag_ms;
    int replica_check_ms;
};

/* Reads one environment variable; returns NULL when unset. */
typedef const char *(*config_getenv_fn)(const char *name);

/* Fills cfg from defaults, then env, then argv (flags as --name=value or --name value, and
 * --no-migrate). Arguments that are not configuration flags are copied, in order, to rest (which
 * must have room for argc pointers) and counted in *rest_count, for the subcommand to interpret.
 * Returns STATUS_INVALID with a one-line reason naming the variable or flag. */
enum status config_parse(struct config *cfg, int argc, char **argv, config_getenv_fn env,
                         char **rest, int *rest_count, struct error *err);

/* Prints every option with its environment variable, flag, default and meaning. */
void config_print_help(FILE *out);

/* Names the program for config_fail (once, first thing in main; the name is not copied). */
void config_set_program(const char *program);

/* Says on stderr why a command cannot run, as "program: " (config_set_program's) and fmt with
 * detail (one %s), and returns its exit status, 2. */
int config_fail(const char *fmt, const char *detail);

/* Reads a command's own "--name value" pairs (what config_parse left) into slots: slots[k] gets
 * the value of names[k] (names NULL-terminated; slots of absent flags are left as they are).
 * An unknown flag or one without a value is said on stderr after who ("mediation-seed: …");
 * returns 0, or -1 then. */
int config_flags(const char *who, int argc, char **argv, const char *const *names,
                 const char **slots);
