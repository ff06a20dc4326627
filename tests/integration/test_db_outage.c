/* PostgreSQL goes away while the server runs: readiness and API routes answer 503 with
 * Retry-After (never hang, never 500), health stays 200, and service returns by itself within
 * 5 seconds of PostgreSQL coming back, without restarting the server. A clean restart of
 * PostgreSQL behind warm pooled connections costs no request a 503: each stale connection is
 * found and replaced before a request's statement goes out. Uses a private cluster of its own
 * (scripts/pg) so that stopping it disturbs no other test. */
#include <setjmp.h>
#include <pthread.h>
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
static char cluster_dir[512];
static char cluster_port[64];
static char auth[160];

static int cluster(const char *verb)
{
    char cmd[1400], out[64];
    snprintf(cmd, sizeof(cmd), "'%s/scripts/pg' %s '%s' %s", harness_repo_root(), verb, cluster_dir,
             cluster_port);
    int rc = harness_shell(cmd, out, sizeof(out));
    if (rc == 0 && strcmp(verb, "start") == 0 && !cluster_port[0])
        snprintf(cluster_port, sizeof(cluster_port), "%s", out);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    snprintf(cluster_dir, sizeof(cluster_dir), "%s/outage-pg-%d", harness_work_dir(),
             (int)getpid());
    if (cluster("start") != 0)
        return -1;
    char url[256];
    snprintf(url, sizeof(url), "postgresql://postgres@127.0.0.1:%s/postgres", cluster_port);
    if (harness_create_db_at(&h, url, "outage") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0)
        return -1;
    bearer(h.admin_key, auth);
    const char *env[] = {"DB_CONNECT_TIMEOUT=1", NULL};
    return harness_start_server(&h, env);
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    cluster("remove");
    return rc == 0 ? 0 : -1;
}

static long get_status(const char *path, char *retry_after, size_t size)
{
    const char *headers[] = {auth, NULL};
    struct http_result r;
    if (http_call(&h, "GET", path, headers, NULL, 0, &r) != 0)
        return -1;
    long status = r.status;
    if (retry_after)
        http_header(&r, "Retry-After", retry_after, size);
    if (status == 503) {
        char ct[64];
        assert_string_equal("application/problem+json",
                            http_header(&r, "Content-Type", ct, sizeof(ct)));
        /* the server's words only: never libpq's text, which names the host, port and user */
        const char *leaks[] = {"127.0.0.1", "port",     "connection to server",
                               "FATAL",     "postgres", "refused"};
        for (size_t i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++)
            if (strstr(r.body, leaks[i]))
                fail_msg("%s answered libpq's text (%s): %s", path, leaks[i], r.body);
    }
    http_result_cleanup(&r);
    return status;
}

static void test_outage_gives_503_and_recovers_without_restart(void **state)
{
    (void)state;
    char ra[16];
    assert_int_equal(200, get_status("/readyz", NULL, 0));
    assert_int_equal(200, get_status("/api/v1/communities", NULL, 0));
    pid_t pid_before = h.server_pid;

    assert_int_equal(0, cluster("stop"));
    for (int i = 0; i < 3; i++) {
        assert_int_equal(503, get_status("/readyz", ra, sizeof(ra)));
        assert_true(atoi(ra) >= 1);
        /* /api/v1/me needs no query once the token is cached; a list does */
        assert_int_equal(503, get_status("/api/v1/communities", ra, sizeof(ra)));
        assert_true(atoi(ra) >= 1);
        assert_int_equal(200, get_status("/healthz", NULL, 0));
    }

    assert_int_equal(0, cluster("start"));
    long back = harness_now_ms();
    long ready_after = -1;
    while (harness_now_ms() - back < 5000) {
        if (get_status("/readyz", NULL, 0) == 200 &&
            get_status("/api/v1/communities", NULL, 0) == 200) {
            ready_after = harness_now_ms() - back;
            break;
        }
        usleep(100 * 1000);
    }
    print_message("service back %ld ms after PostgreSQL started\n", ready_after);
    assert_true(ready_after >= 0);
    assert_int_equal(pid_before, h.server_pid);
    assert_true(harness_server_alive(&h));

    /* the reconnects were counted */
    double reconnects = 0;
    assert_int_equal(0, harness_metric(&h, "mediationd_db_reconnects_total", &reconnects));
    assert_true(reconnects >= 1);
}

/* The pool's figure for state (in_use, idle, size) from /metrics. */
static long pool_gauge(const char *state)
{
    char series[96];
    snprintf(series, sizeof(series), "mediationd_db_pool_connections{state=\"%s\"}", state);
    double value = 0;
    assert_int_equal(0, harness_metric(&h, series, &value));
    return (long)value;
}

#define PARALLEL 8

/* PARALLEL threads each send rounds requests for the communities list; the statuses go into
 * statuses[thread * rounds + round]. */
struct burst {
    int rounds;
    long *statuses;
    int index;
};

static void *burst_thread(void *arg)
{
    struct burst *b = arg;
    const char *headers[] = {auth, NULL};
    for (int i = 0; i < b->rounds; i++) {
        /* no cmocka assertion off the main thread: the caller checks the statuses */
        struct http_result r;
        long status = -1;
        if (http_call(&h, "GET", "/api/v1/communities", headers, NULL, 0, &r) == 0)
            status = r.status;
        http_result_cleanup(&r);
        b->statuses[b->index * b->rounds + i] = status;
    }
    return NULL;
}

static void burst(int rounds, long *statuses)
{
    pthread_t threads[PARALLEL];
    struct burst args[PARALLEL];
    for (int t = 0; t < PARALLEL; t++) {
        args[t] = (struct burst){rounds, statuses, t};
        assert_int_equal(0, pthread_create(&threads[t], NULL, burst_thread, &args[t]));
    }
    for (int t = 0; t < PARALLEL; t++)
        pthread_join(threads[t], NULL);
}

static void test_restart_behind_warm_connections_costs_no_request(void **state)
{
    (void)state;
    /* warm the pool: parallel requests until every pooled connection is open */
    long size = pool_gauge("size");
    long statuses[PARALLEL * 20];
    for (int i = 0; i < 20 && pool_gauge("idle") < size; i++) {
        burst(20, statuses);
        for (int k = 0; k < PARALLEL * 20; k++)
            assert_int_equal(200, statuses[k]);
    }
    long warm = pool_gauge("idle");
    print_message("%ld of %ld pooled connections open before the restart\n", warm, size);
    assert_true(warm >= 2);
    /* a key never used yet: the first request's first statement is its lookup */
    char fresh_key[128], fresh_auth[160];
    assert_int_equal(0, harness_create_key(&h, "admin", "WD", fresh_key));
    bearer(fresh_key, fresh_auth);

    assert_int_equal(0, cluster("restart"));

    /* the very first request, and every one after it */
    const char *headers[] = {fresh_auth, NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/communities", headers, NULL, 0, &r));
    if (r.status != 200)
        fail_msg("first request after the restart: %ld %s", r.status, r.body);
    http_result_cleanup(&r);
    for (int i = 0; i < 8; i++)
        assert_int_equal(200, get_status("/api/v1/communities", NULL, 0));
    /* parallel ones reach the other pooled connections, each stale until now */
    burst(5, statuses);
    for (int k = 0; k < PARALLEL * 5; k++)
        assert_int_equal(200, statuses[k]);
    assert_int_equal(200, get_status("/readyz", NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restart_behind_warm_connections_costs_no_request),
        cmocka_unit_test(test_outage_gives_503_and_recovers_without_restart),
    };
    return cmocka_run_group_tests_name("integration_db_outage", tests, setup, teardown);
}
