/* SIGTERM while a request is in flight: the server stops accepting connections, lets the request
 * finish with its real answer, and exits 0. The request is held in flight by a table lock that the
 * test itself holds, so no test-only route is needed. */
#include <libpq-fe.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct harness h;
static char auth[160];

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "shutdown") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0)
        return -1;
    bearer(h.admin_key, auth);
    const char *env[] = {"STATEMENT_TIMEOUT_MS=60000", NULL};
    return harness_start_server(&h, env);
}

static int teardown(void **state)
{
    (void)state;
    if (h.server_pid)
        harness_stop_server(&h, SIGKILL);
    harness_drop_db(&h);
    return 0;
}

struct slow_request {
    struct http_result result;
    int rc;
};

static void *post_community(void *arg)
{
    struct slow_request *s = arg;
    const char *headers[] = {auth, "Content-Type: application/json", NULL};
    const char *body = "{\"code\":\"late\",\"name\":\"slow\",\"street\":\"street\"}";
    s->rc = http_call(&h, "POST", "/api/v1/communities", headers, body, strlen(body), &s->result);
    return NULL;
}

static PGresult *exec_ok(PGconn *pg, const char *sql)
{
    PGresult *r = PQexec(pg, sql);
    assert_true(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    return r;
}

static void test_sigterm_lets_the_request_in_flight_finish(void **state)
{
    (void)state;
    PGconn *lock = harness_pg(&h);
    assert_non_null(lock);
    PQclear(exec_ok(lock, "BEGIN"));
    PQclear(exec_ok(lock, "LOCK TABLE communities IN ACCESS EXCLUSIVE MODE"));

    struct slow_request slow;
    memset(&slow, 0, sizeof(slow));
    pthread_t thread;
    assert_int_equal(0, pthread_create(&thread, NULL, post_community, &slow));

    /* wait until the server's insert is blocked on our lock */
    PGconn *watch = harness_pg(&h);
    assert_non_null(watch);
    int waiting = 0;
    long start = harness_now_ms();
    while (!waiting && harness_now_ms() - start < 20000) {
        /* this request only: servers of other tests share the cluster, and this server's
         * rollup folder may wait on the lock too (its statements are prepared on connect) */
        PGresult *r = exec_ok(watch, "SELECT count(*) FROM pg_stat_activity WHERE "
                                     "application_name = 'mediationd' AND wait_event_type = "
                                     "'Lock' AND datname = current_database() AND query LIKE "
                                     "'%INSERT INTO communities%'");
        waiting = atoi(PQgetvalue(r, 0, 0)) > 0;
        PQclear(r);
        if (!waiting)
            usleep(20 * 1000);
    }
    PQfinish(watch);
    assert_true(waiting);

    assert_int_equal(0, kill(h.server_pid, SIGTERM));
    usleep(300 * 1000);
    /* still draining: alive, but no longer accepting new connections */
    assert_true(harness_server_alive(&h));
    struct http_result refused;
    assert_int_not_equal(0, http_call(&h, "GET", "/healthz", NULL, NULL, 0, &refused));
    http_result_cleanup(&refused);

    PQclear(exec_ok(lock, "COMMIT"));
    PQfinish(lock);
    assert_int_equal(0, pthread_join(thread, NULL));
    assert_int_equal(0, slow.rc);
    assert_int_equal(201, slow.result.status);
    assert_string_equal("late", cJSON_GetObjectItem(slow.result.json, "code")->valuestring);
    http_result_cleanup(&slow.result);

    assert_int_equal(0, harness_wait_server(&h));
    char n[16];
    assert_int_equal(
        0, harness_sql(&h, "SELECT count(*) FROM communities WHERE code = 'late'", n, sizeof(n)));
    assert_string_equal("1", n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigterm_lets_the_request_in_flight_finish),
    };
    return cmocka_run_group_tests_name("integration_shutdown", tests, setup, teardown);
}
