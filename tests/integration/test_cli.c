/* The mediationd command line: subcommands, --help listing every variable, and a one-line
 * non-zero exit for a bad flag, value or command. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static struct harness h; /* no database needed: db_url stays empty */

static void test_version_prints_the_version(void **state)
{
    (void)state;
    char out[256];
    const char *args[] = {"version", NULL};
    assert_int_equal(0, harness_run(&h, out, sizeof(out), args));
    assert_non_null(strstr(out, "mediationd "));
}

static void test_help_lists_every_variable(void **state)
{
    (void)state;
    static char out[16384];
    const char *args[] = {"help", NULL};
    assert_int_equal(0, harness_run(&h, out, sizeof(out), args));
    const char *vars[] = {"DATABASE_URL",
                          "LISTEN",
                          "PORT",
                          "THREADS",
                          "DB_POOL_SIZE",
                          "MAX_BODY_BYTES",
                          "MAX_JSON_DEPTH",
                          "LOG_LEVEL",
                          "CONNECTION_TIMEOUT",
                          "MAX_CONNECTIONS",
                          "MAX_CONNECTIONS_PER_IP",
                          "STATEMENT_TIMEOUT_MS",
                          "DB_CONNECT_TIMEOUT",
                          "SHUTDOWN_TIMEOUT",
                          "MIGRATE",
                          "CENTER_CODE",
                          "CENTER_NAME"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        assert_non_null(strstr(out, vars[i]));
    assert_non_null(strstr(out, "create-key"));
}

static void test_bad_flags_values_and_commands_exit_non_zero(void **state)
{
    (void)state;
    const char *cases[][4] = {
        {"serve", "--threads=abc", NULL},     {"serve", "--port", "70000", NULL},
        {"serve", "--no-such-flag", NULL},    {"serve", "--log-level=loud", NULL},
        {"serve", "--listen=::1", NULL},      {"frobnicate", NULL},
        {"admin", "delete-everything", NULL}, {"admin", "create-key", "--role", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[256];
        int rc = harness_run(&h, out, sizeof(out), cases[i]);
        print_message("mediationd %s %s -> %d\n", cases[i][0], cases[i][1] ? cases[i][1] : "", rc);
        assert_true(rc > 0 && rc < 128);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_prints_the_version),
        cmocka_unit_test(test_help_lists_every_variable),
        cmocka_unit_test(test_bad_flags_values_and_commands_exit_non_zero),
    };
    return cmocka_run_group_tests_name("integration_cli", tests, NULL, NULL);
}
