/* The migration runner: concurrent runs apply each migration exactly once; an applied file whose
 * checksum changed stops migrate and serve; /readyz reports migrations that are not current. */
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct harness h;

static int setup(void **state)
{
    (void)state;
    return harness_create_db(&h, "migrate");
}

static int teardown(void **state)
{
    (void)state;
    if (h.server_pid)
        harness_stop_server(&h, SIGKILL);
    harness_drop_db(&h);
    return 0;
}

static int shipped_migrations(void)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/migrations", harness_repo_root());
    DIR *d = opendir(path);
    assert_non_null(d);
    int n = 0;
    /* NNNN_*.sql, as server/CMakeLists.txt embeds them (schema.sql is not a migration) */
    for (struct dirent *e; (e = readdir(d));) {
        const char *name = e->d_name;
        size_t len = strlen(name);
        n += len > 9 && strspn(name, "0123456789") == 4 && name[4] == '_' &&
             strcmp(name + len - 4, ".sql") == 0;
    }
    closedir(d);
    return n;
}

static int count(const char *sql)
{
    char out[32];
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    return atoi(out);
}

static void test_concurrent_migrations_apply_each_once(void **state)
{
    (void)state;
    enum { RUNNERS = 4 };
    pid_t pids[RUNNERS];
    for (int i = 0; i < RUNNERS; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            const char *args[] = {"migrate", NULL};
            _exit(harness_run(&h, NULL, 0, args));
        }
    }
    for (int i = 0; i < RUNNERS; i++) {
        int status;
        assert_int_equal(pids[i], waitpid(pids[i], &status, 0));
        assert_true(WIFEXITED(status));
        assert_int_equal(0, WEXITSTATUS(status));
    }
    int shipped = shipped_migrations();
    assert_true(shipped >= 1);
    assert_int_equal(shipped, count("SELECT count(*) FROM schema_migrations"));
    assert_int_equal(shipped, count("SELECT count(DISTINCT name) FROM schema_migrations"));
    /* the first center was created once, from the defaults */
    assert_int_equal(1, count("SELECT count(*) FROM centers WHERE code = 'WD'"));

    const char *again[] = {"migrate", NULL};
    assert_int_equal(0, harness_run(&h, NULL, 0, again));
    assert_int_equal(shipped, count("SELECT count(*) FROM schema_migrations"));
    assert_int_equal(1, count("SELECT count(*) FROM centers"));
}

static void test_changed_checksum_is_refused(void **state)
{
    (void)state;
    assert_int_equal(0, harness_sql(&h,
                                    "UPDATE schema_migrations SET checksum = repeat('0', 64) "
                                    "WHERE name = (SELECT min(name) FROM schema_migrations)",
                                    NULL, 0));
    const char *args[] = {"migrate", NULL};
    assert_int_not_equal(0, harness_run(&h, NULL, 0, args));

    /* serve migrates first, so it refuses to start */
    assert_int_equal(-1, harness_start_server(&h, NULL));

    /* with --no-migrate (MIGRATE=false) it serves, but is not ready */
    const char *env[] = {"MIGRATE=false", NULL};
    assert_int_equal(0, harness_start_server(&h, env));
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/readyz", NULL, NULL, 0, &r));
    assert_int_equal(503, r.status);
    assert_non_null(strstr(cJSON_GetObjectItem(r.json, "detail")->valuestring, "changed"));
    http_result_cleanup(&r);
    assert_int_equal(0, harness_stop_server(&h, SIGTERM));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_migrations_apply_each_once),
        cmocka_unit_test(test_changed_checksum_is_refused),
    };
    return cmocka_run_group_tests_name("integration_migrate", tests, setup, teardown);
}
