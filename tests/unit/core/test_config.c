/* Unit tests for core/config.c: defaults, environment, flags, and the errors they produce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "config.h"

/* The fake environment: NULL-terminated name/value pairs set by each test. */
static const char *const *fake_env;

static const char *fake_getenv(const char *name)
{
    for (size_t i = 0; fake_env && fake_env[i]; i += 2)
        if (strcmp(fake_env[i], name) == 0)
            return fake_env[i + 1];
    return NULL;
}

struct parsed {
    struct config cfg;
    struct error err;
    char *rest[16];
    int rest_count;
    enum status status;
};

/* Parses argv (NULL-terminated) against env (NULL-terminated pairs, or NULL). */
static void parse(struct parsed *p, const char *const *env, char **argv)
{
    int argc = 0;
    while (argv && argv[argc])
        argc++;
    assert_true(argc <= 16);
    fake_env = env;
    error_init(&p->err);
    p->rest_count = -1;
    p->status = config_parse(&p->cfg, argc, argv, fake_getenv, p->rest, &p->rest_count, &p->err);
}

static void test_config_defaults_apply_without_env_or_flags(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, NULL, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.listen_host, "127.0.0.1");
    assert_int_equal(p.cfg.port, 8080);
    assert_int_equal(p.cfg.threads, 4);
    assert_int_equal(p.cfg.max_body_bytes, 1048576);
    assert_int_equal(p.cfg.max_json_depth, 32);
    assert_int_equal(p.cfg.log_level, LOG_INFO);
    assert_true(p.cfg.migrate_on_start);
    assert_string_equal(p.cfg.center_code, "WD");
    assert_string_equal(p.cfg.database_url, "");
    assert_int_equal(p.rest_count, 0);
}

static void test_config_null_getenv_means_empty_environment(void **state)
{
    (void)state;
    struct config cfg;
    struct error err;
    char *rest[1];
    int rest_count = -1;
    error_init(&err);
    assert_int_equal(config_parse(&cfg, 0, NULL, NULL, rest, &rest_count, &err), STATUS_OK);
    assert_int_equal(cfg.port, 8080);
    assert_int_equal(rest_count, 0);
}

static void test_config_env_sets_values(void **state)
{
    (void)state;
    static const char *const env[] = {"DATABASE_URL",
                                      "postgres://localhost/mediation",
                                      "THREADS",
                                      "8",
                                      "LOG_LEVEL",
                                      "debug",
                                      "MAX_BODY_BYTES",
                                      "2048",
                                      "CENTER_CODE",
                                      "XC",
                                      NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.database_url, "postgres://localhost/mediation");
    assert_int_equal(p.cfg.threads, 8);
    assert_int_equal(p.cfg.log_level, LOG_DEBUG);
    assert_int_equal(p.cfg.max_body_bytes, 2048);
    assert_string_equal(p.cfg.center_code, "XC");
}

static void test_config_flag_overrides_env(void **state)
{
    (void)state;
    static const char *const env[] = {"THREADS", "8", "LOG_LEVEL", "debug", NULL};
    char *argv[] = {"--threads=2", "--log-level", "error", NULL};
    struct parsed p;
    parse(&p, env, argv);
    assert_int_equal(p.status, STATUS_OK);
    assert_int_equal(p.cfg.threads, 2);
    assert_int_equal(p.cfg.log_level, LOG_ERROR);
    assert_int_equal(p.rest_count, 0);
}

/* Replicas (issue 17): none by default; the replica pools default to the primary's size, which
 * defaults to the worker threads; several URLs stay one string, split by the replica set. */
static void test_config_replicas(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, NULL, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.replica_database_url, "");
    assert_int_equal(p.cfg.replica_pool_size, 4);
    assert_int_equal(p.cfg.replica_max_lag_ms, 5000);
    assert_int_equal(p.cfg.replica_check_ms, 250);
    static const char *const env[] = {"REPLICA_DATABASE_URL",
                                      "postgresql://r1/m postgresql://r2,r3/m",
                                      "DB_POOL_SIZE",
                                      "6",
                                      "REPLICA_MAX_LAG_MS",
                                      "0",
                                      NULL};
    char *argv[] = {"--replica-check-ms", "100", NULL};
    parse(&p, env, argv);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.replica_database_url, "postgresql://r1/m postgresql://r2,r3/m");
    assert_int_equal(p.cfg.replica_pool_size, 6);
    assert_int_equal(p.cfg.replica_max_lag_ms, 0);
    assert_int_equal(p.cfg.replica_check_ms, 100);
    static const char *const too_fast[] = {"REPLICA_CHECK_MS", "10", NULL};
    parse(&p, too_fast, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "REPLICA_CHECK_MS"));
}

static void test_config_rest_collects_non_config_args_in_order(void **state)
{
    (void)state;
    char *argv[] = {"serve", "--threads", "3", "extra", "--unknown-flag", "--port=9", NULL};
    struct parsed p;
    parse(&p, NULL, argv);
    assert_int_equal(p.status, STATUS_OK);
    assert_int_equal(p.rest_count, 3);
    assert_ptr_equal(p.rest[0], argv[0]);
    assert_ptr_equal(p.rest[1], argv[3]);
    assert_ptr_equal(p.rest[2], argv[4]);
    assert_int_equal(p.cfg.threads, 3);
    assert_int_equal(p.cfg.port, 9);
}

static void test_config_bad_env_value_names_the_variable(void **state)
{
    (void)state;
    static const char *const env[] = {"THREADS", "many", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "THREADS"));
}

static void test_config_out_of_range_env_value_is_invalid(void **state)
{
    (void)state;
    static const char *const env[] = {"THREADS", "0", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "THREADS"));

    static const char *const env2[] = {"MAX_BODY_BYTES", "1023", NULL};
    parse(&p, env2, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "MAX_BODY_BYTES"));
}

static void test_config_number_with_trailing_text_is_invalid(void **state)
{
    (void)state;
    static const char *const env[] = {"PORT", "80x", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "PORT"));

    static const char *const empty[] = {"PORT", "", NULL};
    parse(&p, empty, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
}

static void test_config_bad_flag_value_names_the_flag(void **state)
{
    (void)state;
    char *argv[] = {"--max-json-depth=1", NULL};
    struct parsed p;
    parse(&p, NULL, argv);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "--max-json-depth"));
}

static void test_config_bad_log_level_is_invalid(void **state)
{
    (void)state;
    static const char *const env[] = {"LOG_LEVEL", "verbose", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "LOG_LEVEL"));
}

static void test_config_bad_boolean_is_invalid(void **state)
{
    (void)state;
    static const char *const env[] = {"MIGRATE", "maybe", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "MIGRATE"));
}

static void test_config_flag_without_value_is_invalid(void **state)
{
    (void)state;
    char *argv[] = {"--threads", NULL};
    struct parsed p;
    parse(&p, NULL, argv);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "--threads"));
}

static void test_config_too_long_string_is_invalid(void **state)
{
    (void)state;
    static const char *const env[] = {"CENTER_CODE", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_INVALID);
    assert_non_null(strstr(p.err.message, "CENTER_CODE"));
}

static void test_config_listen_host_only_keeps_default_port(void **state)
{
    (void)state;
    static const char *const env[] = {"LISTEN", "0.0.0.0", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.listen_host, "0.0.0.0");
    assert_int_equal(p.cfg.port, 8080);
}

static void test_config_listen_host_and_port(void **state)
{
    (void)state;
    static const char *const env[] = {"LISTEN", "localhost:9090", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.listen_host, "localhost");
    assert_int_equal(p.cfg.port, 9090);
}

static void test_config_listen_port_zero_is_allowed(void **state)
{
    (void)state;
    char *argv[] = {"--listen=127.0.0.1:0", NULL};
    struct parsed p;
    parse(&p, NULL, argv);
    assert_int_equal(p.status, STATUS_OK);
    assert_int_equal(p.cfg.port, 0);
}

static void test_config_listen_bracketed_ipv6_with_port(void **state)
{
    (void)state;
    static const char *const env[] = {"LISTEN", "[::1]:7000", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.listen_host, "::1");
    assert_int_equal(p.cfg.port, 7000);
}

static void test_config_listen_bracketed_ipv6_without_port(void **state)
{
    (void)state;
    static const char *const env[] = {"LISTEN", "[fe80::1]", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.listen_host, "fe80::1");
    assert_int_equal(p.cfg.port, 8080);
}

static void test_config_listen_malformed_forms_are_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "::1",        "[::1",    "[::1]x", "[::1]:", "host:",   ":8080",
        "host:70000", "host:-1", "",       "[]:80",  "h:12:34", NULL};
    for (size_t i = 0; bad[i]; i++) {
        const char *env[] = {"LISTEN", bad[i], NULL};
        struct parsed p;
        parse(&p, env, NULL);
        if (p.status != STATUS_INVALID)
            fail_msg("LISTEN=\"%s\" was accepted", bad[i]);
        assert_non_null(strstr(p.err.message, "LISTEN"));
    }
}

static void test_config_port_env_overrides_listen_port(void **state)
{
    (void)state;
    static const char *const env[] = {"PORT", "9999", "LISTEN", "0.0.0.0:7000", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.listen_host, "0.0.0.0");
    assert_int_equal(p.cfg.port, 9999);
}

static void test_config_port_flag_overrides_listen_flag_port_after_it(void **state)
{
    (void)state;
    char *argv[] = {"--listen=0.0.0.0:7000", "--port=9999", NULL};
    struct parsed p;
    parse(&p, NULL, argv);
    assert_int_equal(p.status, STATUS_OK);
    assert_int_equal(p.cfg.port, 9999);
}

static void test_config_port_flag_overrides_listen_flag_port_before_it(void **state)
{
    (void)state;
    /* PORT overrides the port in LISTEN whatever the order of the flags */
    char *argv[] = {"--port=9999", "--listen=0.0.0.0:7000", NULL};
    struct parsed p;
    parse(&p, NULL, argv);
    assert_int_equal(p.status, STATUS_OK);
    assert_string_equal(p.cfg.listen_host, "0.0.0.0");
    assert_int_equal(p.cfg.port, 9999);
}

static void test_config_port_flag_overrides_listen_env_port(void **state)
{
    (void)state;
    static const char *const env[] = {"LISTEN", "0.0.0.0:7000", NULL};
    char *argv[] = {"--port", "9999", NULL};
    struct parsed p;
    parse(&p, env, argv);
    assert_int_equal(p.status, STATUS_OK);
    assert_int_equal(p.cfg.port, 9999);
}

static void test_config_db_pool_size_zero_means_threads(void **state)
{
    (void)state;
    static const char *const env[] = {"THREADS", "6", "DB_POOL_SIZE", "0", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_int_equal(p.cfg.db_pool_size, 6);

    static const char *const unset[] = {"THREADS", "5", NULL};
    parse(&p, unset, NULL);
    assert_int_equal(p.cfg.db_pool_size, 5);
}

static void test_config_db_pool_size_explicit_is_kept(void **state)
{
    (void)state;
    static const char *const env[] = {"THREADS", "6", "DB_POOL_SIZE", "3", NULL};
    struct parsed p;
    parse(&p, env, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_int_equal(p.cfg.db_pool_size, 3);
}

static void test_config_no_migrate_flag_disables_migrations(void **state)
{
    (void)state;
    static const char *const env[] = {"MIGRATE", "true", NULL};
    char *argv[] = {"serve", "--no-migrate", NULL};
    struct parsed p;
    parse(&p, env, argv);
    assert_int_equal(p.status, STATUS_OK);
    assert_false(p.cfg.migrate_on_start);
    assert_int_equal(p.rest_count, 1);
    assert_string_equal(p.rest[0], "serve");
}

static void test_config_migrate_env_accepts_boolean_words(void **state)
{
    (void)state;
    static const char *const off[] = {"MIGRATE", "off", NULL};
    struct parsed p;
    parse(&p, off, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_false(p.cfg.migrate_on_start);

    static const char *const on[] = {"MIGRATE", "yes", NULL};
    parse(&p, on, NULL);
    assert_int_equal(p.status, STATUS_OK);
    assert_true(p.cfg.migrate_on_start);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_defaults_apply_without_env_or_flags),
        cmocka_unit_test(test_config_null_getenv_means_empty_environment),
        cmocka_unit_test(test_config_env_sets_values),
        cmocka_unit_test(test_config_flag_overrides_env),
        cmocka_unit_test(test_config_replicas),
        cmocka_unit_test(test_config_rest_collects_non_config_args_in_order),
        cmocka_unit_test(test_config_bad_env_value_names_the_variable),
        cmocka_unit_test(test_config_out_of_range_env_value_is_invalid),
        cmocka_unit_test(test_config_number_with_trailing_text_is_invalid),
        cmocka_unit_test(test_config_bad_flag_value_names_the_flag),
        cmocka_unit_test(test_config_bad_log_level_is_invalid),
        cmocka_unit_test(test_config_bad_boolean_is_invalid),
        cmocka_unit_test(test_config_flag_without_value_is_invalid),
        cmocka_unit_test(test_config_too_long_string_is_invalid),
        cmocka_unit_test(test_config_listen_host_only_keeps_default_port),
        cmocka_unit_test(test_config_listen_host_and_port),
        cmocka_unit_test(test_config_listen_port_zero_is_allowed),
        cmocka_unit_test(test_config_listen_bracketed_ipv6_with_port),
        cmocka_unit_test(test_config_listen_bracketed_ipv6_without_port),
        cmocka_unit_test(test_config_listen_malformed_forms_are_invalid),
        cmocka_unit_test(test_config_port_env_overrides_listen_port),
        cmocka_unit_test(test_config_port_flag_overrides_listen_flag_port_after_it),
        cmocka_unit_test(test_config_port_flag_overrides_listen_flag_port_before_it),
        cmocka_unit_test(test_config_port_flag_overrides_listen_env_port),
        cmocka_unit_test(test_config_db_pool_size_zero_means_threads),
        cmocka_unit_test(test_config_db_pool_size_explicit_is_kept),
        cmocka_unit_test(test_config_no_migrate_flag_disables_migrations),
        cmocka_unit_test(test_config_migrate_env_accepts_boolean_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
