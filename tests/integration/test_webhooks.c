/* Webhooks with a receiver on loopback and two server instances on one database: signatures
 * verify with the documented algorithm (Standard Webhooks); a receiver failing half of the time
 * still gets every event, with the same webhook-id on every retry; the two instances never deliver
 * one event twice, concurrently or at all; a receiver that never answers holds no HTTP worker and
 * no request's connection; dead letters, the deliveries list and retry; CRUD and refusals. */
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

#include "events_util.h"
#include "harness.h"

static struct harness h, h2;
static char front_desk[128], hooks_key[128], supervisor[128];
static long community_id;
/* one receiver per test, static: their connection threads may outlive a failed test */
static struct receiver rcv_sig, rcv_flaky, rcv_once, rcv_silent, rcv_dead;

static int setup(void **state)
{
    (void)state;
    const char *migrate[] = {"migrate", NULL};
    const char *hooks[] = {
        "admin", "create-key", "--role", "integration", "--name",
        "grid",  "--center",   "WD",     "--scopes",    "webhooks:manage events:read",
        NULL};
    if (harness_create_db(&h, "webhooks") != 0 || harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_run(&h, hooks_key, sizeof(hooks_key), hooks) != 0)
        return -1;
    hooks_key[strcspn(hooks_key, "\n")] = '\0';
    /* two workers, two connections each instance: a delivery holding one would show */
    const char *env[] = {"WEBHOOK_ALLOW_NETS=loopback",
                         "WEBHOOK_BACKOFF_MS=100",
                         "WEBHOOK_POLL_MS=20",
                         "WEBHOOK_WORKERS=4",
                         "WEBHOOK_MAX_ATTEMPTS=3",
                         "WEBHOOK_TIMEOUT_MS=1500",
                         "THREADS=2",
                         "DB_POOL_SIZE=2",
                         NULL};
    if (start_two_instances(&h, &h2, env) != 0)
        return -1;
    community_id = make_community(&h, "hook");
    return community_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return stop_two_instances(&h, &h2);
}

/* Subscribes the receiver (path, types as a JSON array text); returns the webhook's id and
 * keeps its secret in the receiver. */
static long subscribe(struct receiver *rcv, const char *path, const char *types)
{
    char body[512];
    snprintf(body, sizeof(body), "{\"url\":\"http://127.0.0.1:%d%s\",\"event_types\":%s}",
             rcv->port, path, types);
    struct http_result r;
    assert_int_equal(201, api(&h, "POST", "/api/v1/webhooks", hooks_key, body, &r));
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    const char *secret = cJSON_GetObjectItem(r.json, "secret")->valuestring;
    assert_int_equal(0, strncmp(secret, "whsec_", 6));
    snprintf(rcv->secret, sizeof(rcv->secret), "%s", secret);
    http_result_cleanup(&r);
    /* the secret is never shown again */
    char p[64];
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld", id);
    assert_int_equal(200, api(&h, "GET", p, hooks_key, NULL, &r));
    assert_null(cJSON_GetObjectItem(r.json, "secret"));
    http_result_cleanup(&r);
    return id;
}

static void deactivate(long id)
{
    char p[64];
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld", id);
    assert_int_equal(204, api(&h, "DELETE", p, hooks_key, NULL, NULL));
}

static long count_sql(const char *sql)
{
    char out[32];
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    return atol(out);
}

static void test_signatures_verify_and_payload_is_the_event(void **state)
{
    (void)state;
    struct receiver *rcvp = &rcv_sig;
    assert_int_equal(0, receiver_start(rcvp, RECEIVER_OK));
    long id = subscribe(rcvp, "/sig", "[\"case.received\",\"case.risk_raised\"]");
    long case_id = intake_case(&h, front_desk, community_id, "red");
    assert_int_equal(2, receiver_wait(rcvp, 2, 10000));
    for (size_t i = 0; i < rcvp->count; i++) {
        assert_true(rcvp->items[i].verified);
        cJSON *b = cJSON_Parse(rcvp->items[i].body);
        assert_non_null(b);
        cJSON *data = cJSON_GetObjectItem(b, "data");
        assert_string_equal(cJSON_GetObjectItem(b, "type")->valuestring,
                            cJSON_GetObjectItem(data, "type")->valuestring);
        assert_int_equal(case_id, (long)cJSON_GetObjectItem(data, "case_id")->valuedouble);
        assert_non_null(cJSON_GetObjectItem(b, "timestamp"));
        assert_null(strstr(rcvp->items[i].body, "13700000000"));
        cJSON_Delete(b);
    }
    /* the same check refuses a body changed in transit, and another secret */
    struct received *first = &rcvp->items[0];
    assert_true(receiver_verify(rcvp->secret, first->webhook_id, first->timestamp, first->body,
                                first->signature));
    first->body[2] = first->body[2] == 'X' ? 'Y' : 'X';
    assert_false(receiver_verify(rcvp->secret, first->webhook_id, first->timestamp, first->body,
                                 first->signature));
    assert_false(
        receiver_verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8v0apoW4QTU=", first->webhook_id,
                        first->timestamp, first->body, first->signature));
    deactivate(id);
    receiver_stop(rcvp);
}

/* Fails every other request: every event still arrives (at least once), each retry carries the
 * same webhook-id, and the deliveries list shows the failed attempt before the good one. */
static void test_flaky_receiver_gets_every_event_with_the_same_id(void **state)
{
    (void)state;
    struct receiver *rcvp = &rcv_flaky;
    assert_int_equal(0, receiver_start(rcvp, RECEIVER_FLAKY));
    long id = subscribe(rcvp, "/flaky", "[\"case.received\"]");
    enum { CASES = 10 };
    for (int i = 0; i < CASES; i++)
        assert_true(intake_case(&h, front_desk, community_id, "none") > 0);
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = %ld AND state = "
             "'delivered'",
             id);
    long until = harness_now_ms() + 20000;
    while (count_sql(sql) < CASES && harness_now_ms() < until)
        usleep(100000);
    assert_int_equal(CASES, count_sql(sql));
    /* every webhook-id that failed came again, and succeeded, with the same id */
    pthread_mutex_lock(&rcvp->lock);
    int retried = 0;
    for (size_t i = 0; i < rcvp->count; i++) {
        assert_true(rcvp->items[i].verified);
        if (rcvp->items[i].answered != 500)
            continue;
        bool later_ok = false;
        for (size_t j = 0; j < rcvp->count; j++)
            if (rcvp->items[j].answered == 200 &&
                strcmp(rcvp->items[j].webhook_id, rcvp->items[i].webhook_id) == 0)
                later_ok = true;
        assert_true(later_ok);
        retried++;
    }
    pthread_mutex_unlock(&rcvp->lock);
    assert_true(retried >= CASES / 2 - 1);
    /* the list shows every attempt */
    char p[128];
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld/deliveries?limit=100", id);
    struct http_result r;
    assert_int_equal(200, api(&h, "GET", p, hooks_key, NULL, &r));
    cJSON *items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(CASES, cJSON_GetArraySize(items));
    int with_failure = 0;
    cJSON *d;
    cJSON_ArrayForEach(d, items)
    {
        assert_string_equal("delivered", cJSON_GetObjectItem(d, "state")->valuestring);
        cJSON *attempts = cJSON_GetObjectItem(d, "attempts");
        int n = cJSON_GetArraySize(attempts);
        assert_int_equal(n, (int)cJSON_GetObjectItem(d, "attempt_count")->valuedouble);
        cJSON *first = cJSON_GetArrayItem(attempts, 0);
        if (n > 1) {
            with_failure++;
            assert_int_equal(500, (int)cJSON_GetObjectItem(first, "status_code")->valuedouble);
            assert_true(cJSON_IsString(cJSON_GetObjectItem(first, "error")));
        }
        cJSON *last = cJSON_GetArrayItem(attempts, n - 1);
        assert_int_equal(200, (int)cJSON_GetObjectItem(last, "status_code")->valuedouble);
        assert_true(cJSON_IsNumber(cJSON_GetObjectItem(last, "latency_ms")));
    }
    assert_true(with_failure >= CASES / 2 - 1);
    http_result_cleanup(&r);
    deactivate(id);
    receiver_stop(rcvp);
}

/* Two instances with four delivery threads each and a receiver that takes 100 ms to answer: each
 * event arrives exactly once (always 200 here), never twice at the same time. */
static void test_two_instances_deliver_each_event_once(void **state)
{
    (void)state;
    struct receiver *rcvp = &rcv_once;
    assert_int_equal(0, receiver_start(rcvp, RECEIVER_OK));
    rcvp->delay_ms = 100;
    long id = subscribe(rcvp, "/once", "[\"case.received\",\"case.accepted\"]");
    enum { CASES = 20 };
    for (int i = 0; i < CASES; i++) {
        long c = intake_case(&h, front_desk, community_id, "none");
        char path[96];
        snprintf(path, sizeof(path), "/api/v1/cases/%ld/accept", c);
        assert_int_equal(200, api(i % 2 ? &h : &h2, "POST", path, supervisor, "{}", NULL));
    }
    assert_int_equal(2 * CASES, receiver_wait(rcvp, 2 * CASES, 30000));
    usleep(1000000); /* nothing more comes */
    pthread_mutex_lock(&rcvp->lock);
    assert_int_equal(2 * CASES, rcvp->count);
    for (size_t i = 0; i < rcvp->count; i++)
        for (size_t j = i + 1; j < rcvp->count; j++)
            assert_true(strcmp(rcvp->items[i].webhook_id, rcvp->items[j].webhook_id) != 0);
    assert_int_equal(1, rcvp->max_in_flight_same_id);
    pthread_mutex_unlock(&rcvp->lock);
    /* both instances delivered (each attempt records its instance) */
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(DISTINCT a.instance) FROM webhook_attempts a JOIN webhook_deliveries d "
             "ON d.id = a.delivery_id WHERE d.webhook_id = %ld",
             id);
    assert_int_equal(2, count_sql(sql));
    deactivate(id);
    receiver_stop(rcvp);
}

/* A receiver that never answers: the deliveries wait out their 1.5 s limit on the delivery
 * threads, while requests are served at once by an instance with two workers and two
 * connections; the attempts end as timeouts, recorded. */
static void test_silent_receiver_holds_no_worker_or_connection(void **state)
{
    (void)state;
    struct receiver *rcvp = &rcv_silent;
    assert_int_equal(0, receiver_start(rcvp, RECEIVER_SILENT));
    long id = subscribe(rcvp, "/silent", "[\"case.received\"]");
    for (int i = 0; i < 6; i++)
        intake_case(&h, front_desk, community_id, "none");
    assert_true(receiver_wait(rcvp, 0, 0) == 0);
    usleep(300000); /* the deliveries are hanging on the receiver now */
    for (int i = 0; i < 20; i++) {
        long t0 = harness_now_ms();
        assert_int_equal(200, api(&h, "GET", "/api/v1/cases?limit=5", supervisor, NULL, NULL));
        assert_int_equal(200, api(&h2, "GET", "/api/v1/cases?limit=5", supervisor, NULL, NULL));
        assert_true(harness_now_ms() - t0 < 1000);
    }
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = "
             "a.delivery_id WHERE d.webhook_id = %ld AND a.status_code IS NULL AND a.error LIKE "
             "'timed out%%'",
             id);
    long until = harness_now_ms() + 10000;
    while (count_sql(sql) < 1 && harness_now_ms() < until)
        usleep(100000);
    assert_true(count_sql(sql) >= 1);
    deactivate(id);
    receiver_stop(rcvp);
}

/* Always 500: dead after WEBHOOK_MAX_ATTEMPTS (3 here); a retry gives one more attempt. */
static void test_dead_letter_and_retry(void **state)
{
    (void)state;
    struct receiver *rcvp = &rcv_dead;
    assert_int_equal(0, receiver_start(rcvp, RECEIVER_ERROR_500));
    long id = subscribe(rcvp, "/dead", "[\"case.received\"]");
    intake_case(&h, front_desk, community_id, "none");
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = %ld AND state = 'dead'",
             id);
    long until = harness_now_ms() + 15000;
    while (count_sql(sql) < 1 && harness_now_ms() < until)
        usleep(100000);
    assert_int_equal(1, count_sql(sql));
    char p[160];
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld/deliveries", id);
    struct http_result r;
    assert_int_equal(200, api(&h, "GET", p, hooks_key, NULL, &r));
    cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
    assert_string_equal("dead", cJSON_GetObjectItem(d, "state")->valuestring);
    assert_int_equal(3, (int)cJSON_GetObjectItem(d, "attempt_count")->valuedouble);
    long delivery = (long)cJSON_GetObjectItem(d, "id")->valuedouble;
    http_result_cleanup(&r);
    assert_int_equal(3, receiver_wait(rcvp, 3, 1000));
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld/deliveries/%ld/retry", id, delivery);
    assert_int_equal(202, api(&h, "POST", p, hooks_key, NULL, NULL));
    assert_int_equal(4, receiver_wait(rcvp, 4, 10000));
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld/deliveries/999999/retry", id);
    assert_int_equal(404, api(&h, "POST", p, hooks_key, NULL, NULL));
    /* a pending delivery is left alone: a retry is 409 */
    struct http_result w;
    char body[160];
    snprintf(body, sizeof(body),
             "{\"url\":\"http://127.0.0.1:%d/idle\",\"event_types\":[\"case.received\"],"
             "\"active\":false}",
             rcvp->port);
    assert_int_equal(201, api(&h, "POST", "/api/v1/webhooks", hooks_key, body, &w));
    long idle = (long)cJSON_GetObjectItem(w.json, "id")->valuedouble;
    http_result_cleanup(&w);
    /* an inactive webhook gets no deliveries: give it one, which then waits (never claimed) */
    snprintf(sql, sizeof(sql),
             "INSERT INTO webhook_deliveries (webhook_id, event_id) SELECT %ld, max(id) FROM "
             "feed_events",
             idle);
    assert_int_equal(0, harness_sql(&h, sql, NULL, 0));
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld/deliveries", idle);
    assert_int_equal(200, api(&h, "GET", p, hooks_key, NULL, &w));
    cJSON *pending = cJSON_GetArrayItem(cJSON_GetObjectItem(w.json, "items"), 0);
    assert_non_null(pending);
    assert_string_equal("pending", cJSON_GetObjectItem(pending, "state")->valuestring);
    long pending_id = (long)cJSON_GetObjectItem(pending, "id")->valuedouble;
    http_result_cleanup(&w);
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld/deliveries/%ld/retry", idle, pending_id);
    assert_int_equal(409, api(&h, "POST", p, hooks_key, NULL, NULL));
    deactivate(idle);
    deactivate(id);
    receiver_stop(rcvp);
}

static void test_crud_and_refusals(void **state)
{
    (void)state;
    struct http_result r;
    /* SSRF: metadata, private, link-local, unspecified are refused (loopback is allowed here) */
    const char *refused[] = {"http://169.254.169.254/latest/meta-data",
                             "http://10.0.0.7/hook",
                             "http://192.168.1.2/",
                             "http://[fe80::1]/",
                             "http://0.0.0.0/",
                             "http://[::ffff:169.254.169.254]/",
                             "ftp://example.com/",
                             "http://user:pw@example.com/",
                             NULL};
    for (int i = 0; refused[i]; i++) {
        char body[256];
        snprintf(body, sizeof(body), "{\"url\":\"%s\"}", refused[i]);
        assert_int_equal(422, api(&h, "POST", "/api/v1/webhooks", hooks_key, body, NULL));
    }
    assert_int_equal(422,
                     api(&h, "POST", "/api/v1/webhooks", hooks_key,
                         "{\"url\":\"https://example.com/h\",\"event_types\":[\"x.y\"]}", NULL));
    assert_int_equal(403, api(&h, "POST", "/api/v1/webhooks", front_desk,
                              "{\"url\":\"https://example.com/h\"}", NULL));
    assert_int_equal(201, api(&h, "POST", "/api/v1/webhooks", hooks_key,
                              "{\"url\":\"https://example.com/h\",\"active\":false}", &r));
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "active")));
    http_result_cleanup(&r);
    char p[64];
    snprintf(p, sizeof(p), "/api/v1/webhooks/%ld", id);
    assert_int_equal(200, api(&h, "PATCH", p, hooks_key,
                              "{\"active\":true,\"event_types\":[\"case.overdue\"]}", &r));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "active")));
    assert_string_equal(
        "case.overdue",
        cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "event_types"), 0)->valuestring);
    http_result_cleanup(&r);
    assert_int_equal(422, api(&h, "PATCH", p, hooks_key, "{\"url\":\"http://10.1.1.1/\"}", NULL));
    assert_int_equal(200, api(&h, "GET", "/api/v1/webhooks", hooks_key, NULL, &r));
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")) >= 1);
    http_result_cleanup(&r);
    assert_int_equal(204, api(&h, "DELETE", p, hooks_key, NULL, NULL));
    assert_int_equal(404, api(&h, "GET", p, hooks_key, NULL, NULL));
    /* audited */
    char sql[200];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM audit_events WHERE entity = 'webhook' AND entity_id = %ld", id);
    assert_int_equal(3, count_sql(sql));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signatures_verify_and_payload_is_the_event),
        cmocka_unit_test(test_flaky_receiver_gets_every_event_with_the_same_id),
        cmocka_unit_test(test_two_instances_deliver_each_event_once),
        cmocka_unit_test(test_silent_receiver_holds_no_worker_or_connection),
        cmocka_unit_test(test_dead_letter_and_retry),
        cmocka_unit_test(test_crud_and_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
