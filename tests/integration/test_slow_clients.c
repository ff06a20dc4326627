/* Clients that do not read their answers, and a storm of logins, take no database connection
 * from anyone else: eight raw sockets that ask for large pages and never read leave every pooled
 * connection free (a request gives its connection back before its answer waits on the client's
 * socket), and twenty wrong-password logins at once (each a PBKDF2 computation) do not delay a
 * read. The server runs with a pool of four connections. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define PII_FLAG "--pii-hash-key=integration-tests-pii-hash-key"
#define STALLED 8
#define ORDINARY 50
#define STORM 20
#define LIMIT_MS 1000 /* the longest an ordinary request may take (the figure) */
#define PASSWORD "correct horse battery staple"

static struct harness h;
static char auth[160];

static int setup(void **state)
{
    (void)state;
    const char *migrate[] = {"migrate", NULL};
    const char *seed[] = {"--center", "WD", "--cases", "300", PII_FLAG, NULL};
    if (harness_create_db(&h, "slow_clients") != 0 || harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_seed(&h, NULL, 0, seed) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0)
        return -1;
    bearer(h.admin_key, auth);
    const char *env[] = {"DB_POOL_SIZE=4", NULL};
    return harness_start_server(&h, env);
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* One figure of /metrics: the value after "name " (name with its labels). */
static long metric(const char *name)
{
    double value = 0;
    assert_int_equal(0, harness_metric(&h, name, &value));
    return (long)value;
}

/* Requests answered on a route (every status), from /metrics. */
static long answered(const char *route)
{
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/metrics", NULL, NULL, 0, &r));
    char key[160];
    snprintf(key, sizeof(key), "mediationd_http_requests_total{method=\"GET\",route=\"%s\",",
             route);
    long n = 0;
    for (const char *p = strstr(r.body, key); p; p = strstr(p + 1, key)) {
        const char *value = strstr(p, "} ");
        if (value)
            n += atol(value + 2);
    }
    http_result_cleanup(&r);
    return n;
}

/* The largest a socket's send buffer may grow to (net.ipv4.tcp_wmem's maximum). */
static long send_buffer_max(void)
{
    long min = 0, def = 0, max = 0;
    FILE *f = fopen("/proc/sys/net/ipv4/tcp_wmem", "r");
    if (f) {
        if (fscanf(f, "%ld %ld %ld", &min, &def, &max) != 3)
            max = 0;
        fclose(f);
    }
    return max > 0 ? max : 4L << 20;
}

/* A raw socket with a small receive buffer that sends `requests` pipelined requests for path
 * (as many as the kernel takes without blocking) and never reads: the server's answers fill its
 * send buffer and the rest wait on the socket. Returns the descriptor. */
static int stalled_client(const char *path, long requests)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    int small = 1024;
    assert_int_equal(0, setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)));
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)h.port)};
    assert_int_equal(1, inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr));
    assert_int_equal(0, connect(fd, (struct sockaddr *)&addr, sizeof(addr)));
    int flags = fcntl(fd, F_GETFL);
    assert_true(flags >= 0);
    assert_int_equal(0, fcntl(fd, F_SETFL, flags | O_NONBLOCK));
    char one[512];
    int len =
        snprintf(one, sizeof(one), "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n\r\n", path, auth);
    assert_true(len > 0 && (size_t)len < sizeof(one));
    for (long i = 0; i < requests; i++) {
        ssize_t n = send(fd, one, (size_t)len, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break; /* the server stopped reading: it is stalled already */
        assert_int_equal(len, n);
    }
    return fd;
}

static void test_clients_that_never_read_hold_no_connection(void **state)
{
    (void)state;
    static const char page[] = "/api/v1/cases?limit=100";
    const char *headers[] = {auth, NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", page, headers, NULL, 0, &r));
    assert_int_equal(200, r.status);
    size_t page_bytes = r.body_len;
    http_result_cleanup(&r);
    /* enough pipelined pages to overflow the largest send buffer the kernel may give the
     * server's socket, twice over */
    long requests = 2 * send_buffer_max() / (long)page_bytes + 16;
    print_message("%zu bytes a page, %ld pipelined requests on each of %d sockets\n", page_bytes,
                  requests, STALLED);

    int fds[STALLED];
    for (int i = 0; i < STALLED; i++)
        fds[i] = stalled_client(page, requests);
    /* wait until the eight stall: each has a request in flight (the /metrics request itself
     * is one more) and none gets further (no answer to them in three polls in a row) */
    long start = harness_now_ms(), in_flight = 0, before = -1;
    int still = 0;
    while (still < 3 && harness_now_ms() - start < 60000) {
        usleep(100 * 1000);
        long now = answered("/api/v1/cases");
        in_flight = metric("mediationd_http_requests_in_flight");
        still = now == before && in_flight >= STALLED + 1 ? still + 1 : 0;
        before = now;
    }
    print_message("stalled after %ld ms: %ld requests in flight, %ld pages answered\n",
                  harness_now_ms() - start, in_flight, before);
    assert_true(in_flight >= STALLED + 1);

    long slowest = 0;
    for (int i = 0; i < ORDINARY; i++) {
        long t0 = harness_now_ms();
        assert_int_equal(0, http_call(&h, "GET", "/api/v1/communities", headers, NULL, 0, &r));
        long took = harness_now_ms() - t0;
        if (r.status != 200 || took > LIMIT_MS)
            fail_msg("request %d while %d clients stall: %ld in %ld ms", i, STALLED, r.status,
                     took);
        http_result_cleanup(&r);
        if (took > slowest)
            slowest = took;
    }
    print_message("%d reads while %d clients stall: slowest %ld ms\n", ORDINARY, STALLED, slowest);
    /* none of the stalled requests holds a database connection */
    long in_use = -1;
    start = harness_now_ms();
    while ((in_use = metric("mediationd_db_pool_connections{state=\"in_use\"}")) != 0 &&
           harness_now_ms() - start < 30000)
        usleep(100 * 1000);
    assert_int_equal(0, in_use);
    assert_true(metric("mediationd_http_requests_in_flight") >= STALLED + 1);
    for (int i = 0; i < STALLED; i++)
        assert_int_equal(0, close(fds[i]));
    /* the stalled requests end (aborted) once their sockets are gone */
    start = harness_now_ms();
    while (metric("mediationd_http_requests_in_flight") > 1 && harness_now_ms() - start < 30000)
        usleep(50 * 1000);
    assert_int_equal(1, metric("mediationd_http_requests_in_flight"));
}

struct storm {
    long status;
};

static void *wrong_login(void *arg)
{
    struct storm *s = arg;
    static const char body[] = "{\"username\":\"storm.user\",\"password\":\"not the password\"}";
    const char *headers[] = {"Content-Type: application/json", NULL};
    struct http_result r;
    s->status = -1;
    /* no cmocka assertion off the main thread: the test checks the statuses */
    if (http_call(&h, "POST", "/api/v1/auth/login", headers, body, strlen(body), &r) == 0)
        s->status = r.status;
    http_result_cleanup(&r);
    return NULL;
}

static void test_a_login_storm_does_not_delay_reads(void **state)
{
    (void)state;
    const char *admin[] = {auth, "Content-Type: application/json", NULL};
    static const char user[] =
        "{\"username\":\"storm.user\",\"display_name\":\"Storm\","
        "\"role\":\"mediator\",\"center\":\"WD\",\"password\":\"" PASSWORD "\"}";
    struct http_result r;
    assert_int_equal(0, http_call(&h, "POST", "/api/v1/users", admin, user, strlen(user), &r));
    assert_int_equal(201, r.status);
    http_result_cleanup(&r);

    pthread_t threads[STORM];
    struct storm storms[STORM];
    for (int i = 0; i < STORM; i++)
        assert_int_equal(0, pthread_create(&threads[i], NULL, wrong_login, &storms[i]));
    /* reads while the logins are being hashed (twenty take several seconds: two at a time) */
    const char *headers[] = {auth, NULL};
    long slowest = 0;
    int reads = 0;
    usleep(100 * 1000);
    for (; reads < 10; reads++) {
        long t0 = harness_now_ms();
        assert_int_equal(0, http_call(&h, "GET", "/api/v1/communities", headers, NULL, 0, &r));
        long took = harness_now_ms() - t0;
        if (r.status != 200 || took > LIMIT_MS)
            fail_msg("read %d during the login storm: %ld in %ld ms", reads, r.status, took);
        http_result_cleanup(&r);
        if (took > slowest)
            slowest = took;
        usleep(100 * 1000);
    }
    long storm_ms = harness_now_ms();
    for (int i = 0; i < STORM; i++)
        pthread_join(threads[i], NULL);
    storm_ms = harness_now_ms() - storm_ms;
    print_message("%d reads during %d parallel wrong logins: slowest %ld ms (the storm went on "
                  "%ld ms after them)\n",
                  reads, STORM, slowest, storm_ms);
    /* the throttle still holds: ten failures, then 429 */
    int unauthorized = 0, limited = 0;
    for (int i = 0; i < STORM; i++) {
        if (storms[i].status == 401)
            unauthorized++;
        else if (storms[i].status == 429)
            limited++;
        else
            fail_msg("login %d of the storm answered %ld", i, storms[i].status);
    }
    assert_int_equal(10, unauthorized);
    assert_int_equal(10, limited);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clients_that_never_read_hold_no_connection),
        cmocka_unit_test(test_a_login_storm_does_not_delay_reads),
    };
    return cmocka_run_group_tests_name("integration_slow_clients", tests, setup, teardown);
}
