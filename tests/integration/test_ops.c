/* The HTTP foundation over real HTTP: operations endpoints, errors as problem+json, bounds,
 * authentication, and the communities resource as the first JSON API. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct harness h;
static char front_desk_key[128];
static char auth_admin[160];

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "ops") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0)
        return -1;
    if (harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk_key) != 0)
        return -1;
    bearer(h.admin_key, auth_admin);
    const char *env[] = {"MAX_BODY_BYTES=1048576", "MAX_JSON_DEPTH=16", NULL};
    return harness_start_server(&h, env);
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* Asserts a problem+json answer with the given status. */
static void assert_problem(const struct http_result *r, long status)
{
    char ct[128];
    assert_int_equal(status, r->status);
    assert_string_equal("application/problem+json", http_header(r, "Content-Type", ct, sizeof(ct)));
    assert_non_null(r->json);
    cJSON *s = cJSON_GetObjectItem(r->json, "status");
    assert_true(cJSON_IsNumber(s));
    assert_int_equal(status, (long)s->valuedouble);
    assert_true(cJSON_IsString(cJSON_GetObjectItem(r->json, "title")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(r->json, "detail")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(r->json, "type")));
}

static void test_healthz_answers_without_database(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/healthz", NULL, NULL, 0, &r));
    assert_int_equal(200, r.status);
    assert_string_equal("ok", cJSON_GetObjectItem(r.json, "status")->valuestring);
    char id[80];
    assert_int_equal(24, strlen(http_header(&r, "X-Request-Id", id, sizeof(id))));
    http_result_cleanup(&r);
}

static void test_readyz_reports_database_and_migrations(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/readyz", NULL, NULL, 0, &r));
    assert_int_equal(200, r.status);
    assert_string_equal("current", cJSON_GetObjectItem(r.json, "migrations")->valuestring);
    http_result_cleanup(&r);
}

/* Without replicas (issue 17): readiness names none, every read is the primary's, a malformed
 * If-Min-LSN is still refused, and the single instance leads the maintenance job and records its
 * runs in job_runs. */
static void test_single_instance_reads_and_leads(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/readyz", NULL, NULL, 0, &r));
    assert_null(cJSON_GetObjectItem(r.json, "replica"));
    http_result_cleanup(&r);
    const char *good[] = {auth_admin, "If-Min-LSN: 0/0", NULL};
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/communities", good, NULL, 0, &r));
    assert_int_equal(200, r.status);
    http_result_cleanup(&r);
    const char *bad[] = {auth_admin, "If-Min-LSN: yesterday", NULL};
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/communities", bad, NULL, 0, &r));
    assert_int_equal(400, r.status);
    assert_non_null(strstr(cJSON_GetObjectItem(r.json, "detail")->valuestring, "If-Min-LSN"));
    http_result_cleanup(&r);
    /* the folder asks for the lead within a second of starting and runs the job at once */
    double leading = 0, runs = 0;
    for (int i = 0; i < 100 && runs < 1; i++) {
        assert_int_equal(
            0, harness_metric(&h, "mediationd_job_leader{job=\"maintenance\"}", &leading));
        assert_int_equal(
            0, harness_metric(&h, "mediationd_job_runs_total{job=\"maintenance\"}", &runs));
        if (runs < 1)
            usleep(100000);
    }
    assert_true(leading == 1);
    assert_true(runs >= 1);
    assert_int_equal(-1,
                     harness_metric(&h, "mediationd_db_reads_total{target=\"replica\"}", &runs));
}

static void test_spec_is_served(void **state)
{
    (void)state;
    struct http_result r;
    char ct[64];
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/openapi.yaml", NULL, NULL, 0, &r));
    assert_int_equal(200, r.status);
    assert_non_null(strstr(http_header(&r, "Content-Type", ct, sizeof(ct)), "application/yaml"));
    assert_non_null(strstr(r.body, "openapi: 3.1"));
    assert_non_null(strstr(r.body, "/api/v1/communities:"));
    http_result_cleanup(&r);
}

/* The server's own id is always X-Request-Id; a client's sane id comes back beside it, a bad one
 * is ignored. */
static void test_request_id_is_the_servers_and_a_sane_client_id_is_kept_beside(void **state)
{
    (void)state;
    struct http_result r;
    char id[80], client[80];
    const char *good[] = {"X-Request-Id: trace-42.a_b", NULL};
    assert_int_equal(0, http_call(&h, "GET", "/healthz", good, NULL, 0, &r));
    assert_int_equal(24, strlen(http_header(&r, "X-Request-Id", id, sizeof(id))));
    assert_string_equal("trace-42.a_b", http_header(&r, "X-Client-Request-Id", client, 80));
    http_result_cleanup(&r);
    const char *bad[] = {"X-Request-Id: has spaces and \"quotes\"", NULL};
    assert_int_equal(0, http_call(&h, "GET", "/healthz", bad, NULL, 0, &r));
    assert_int_equal(24, strlen(http_header(&r, "X-Request-Id", id, sizeof(id))));
    assert_string_equal("", http_header(&r, "X-Client-Request-Id", client, 80));
    http_result_cleanup(&r);
    char long_id[96];
    snprintf(long_id, sizeof(long_id), "X-Request-Id: %065d", 7); /* 65 characters: too long */
    const char *too_long[] = {long_id, NULL};
    assert_int_equal(0, http_call(&h, "GET", "/healthz", too_long, NULL, 0, &r));
    assert_string_equal("", http_header(&r, "X-Client-Request-Id", client, 80));
    http_result_cleanup(&r);
}

/* Reads one sample of the metrics text, 0 when absent. */
static double metric_value(const char *text, const char *series)
{
    const char *p = strstr(text, series);
    if (!p)
        return 0;
    return strtod(p + strlen(series), NULL);
}

static void test_metrics_counters_move(void **state)
{
    (void)state;
    const char *series =
        "mediationd_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} ";
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/metrics", NULL, NULL, 0, &r));
    assert_int_equal(200, r.status);
    double before = metric_value(r.body, series);
    assert_non_null(strstr(r.body, "mediationd_db_pool_connections{state=\"idle\"}"));
    assert_non_null(strstr(r.body, "mediationd_db_reconnects_total"));
    http_result_cleanup(&r);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(0, http_call(&h, "GET", "/healthz", NULL, NULL, 0, &r));
        http_result_cleanup(&r);
    }
    /* a request is counted when the server has finished sending it, which may be just after the
     * client read its answer: ask again for a little while */
    double after = 0;
    for (int i = 0; i < 50; i++) {
        assert_int_equal(0, http_call(&h, "GET", "/metrics", NULL, NULL, 0, &r));
        after = metric_value(r.body, series);
        if (after >= before + 3)
            break;
        http_result_cleanup(&r);
        usleep(20 * 1000);
    }
    assert_true(after >= before + 3);
    assert_non_null(strstr(r.body, "mediationd_http_request_duration_seconds_bucket{method=\"GET\","
                                   "route=\"/healthz\",le=\"+Inf\"}"));
    http_result_cleanup(&r);
}

static void test_unknown_route_is_404_problem(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/nothing-here", NULL, NULL, 0, &r));
    assert_problem(&r, 404);
    http_result_cleanup(&r);
}

static void test_wrong_method_is_405_with_allow(void **state)
{
    (void)state;
    struct http_result r;
    char allow[128];
    assert_int_equal(0, http_call(&h, "DELETE", "/api/v1/communities", NULL, NULL, 0, &r));
    assert_problem(&r, 405);
    assert_string_equal("GET, HEAD, POST", http_header(&r, "Allow", allow, sizeof(allow)));
    http_result_cleanup(&r);
}

static void test_two_mib_body_is_413(void **state)
{
    (void)state;
    size_t len = 2u << 20;
    char *body = malloc(len);
    assert_non_null(body);
    memset(body, ' ', len);
    body[0] = '{';
    body[len - 1] = '}';
    const char *headers[] = {auth_admin, "Content-Type: application/json", NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, "POST", "/api/v1/communities", headers, body, len, &r));
    assert_problem(&r, 413);
    http_result_cleanup(&r);
    free(body);
}

static void test_chunked_body_over_cap_is_413(void **state)
{
    (void)state;
    size_t len = (1u << 20) + 4096;
    char *body = malloc(len);
    assert_non_null(body);
    memset(body, ' ', len);
    const char *headers[] = {auth_admin, "Content-Type: application/json",
                             "Transfer-Encoding: chunked", NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, "POST", "/api/v1/communities", headers, body, len, &r));
    assert_problem(&r, 413);
    http_result_cleanup(&r);
    free(body);
}

static void test_malformed_json_is_400(void **state)
{
    (void)state;
    const char *headers[] = {auth_admin, "Content-Type: application/json", NULL};
    const char *body = "{\"code\": \"x\", ";
    struct http_result r;
    assert_int_equal(0,
                     http_call(&h, "POST", "/api/v1/communities", headers, body, strlen(body), &r));
    assert_problem(&r, 400);
    http_result_cleanup(&r);
}

static void test_too_deep_json_is_400(void **state)
{
    (void)state;
    const char *headers[] = {auth_admin, "Content-Type: application/json", NULL};
    char body[200];
    memset(body, '[', 40);
    memset(body + 40, ']', 40);
    body[80] = '\0';
    struct http_result r;
    assert_int_equal(0,
                     http_call(&h, "POST", "/api/v1/communities", headers, body, strlen(body), &r));
    assert_problem(&r, 400);
    assert_non_null(strstr(cJSON_GetObjectItem(r.json, "detail")->valuestring, "deeper"));
    http_result_cleanup(&r);
}

static void test_wrong_content_type_is_415(void **state)
{
    (void)state;
    const char *headers[] = {auth_admin, "Content-Type: text/plain", NULL};
    const char *body = "{}";
    struct http_result r;
    assert_int_equal(0, http_call(&h, "POST", "/api/v1/communities", headers, body, 2, &r));
    assert_problem(&r, 415);
    http_result_cleanup(&r);
}

static void test_missing_or_bad_token_is_401(void **state)
{
    (void)state;
    struct http_result r;
    char www[128];
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/me", NULL, NULL, 0, &r));
    assert_problem(&r, 401);
    assert_non_null(strstr(http_header(&r, "WWW-Authenticate", www, sizeof(www)), "Bearer"));
    http_result_cleanup(&r);

    /* the right shape and checksum but an unknown secret */
    char forged[160];
    snprintf(forged, sizeof(forged), "%s", h.admin_key);
    forged[30] = forged[30] == 'A' ? 'B' : 'A';
    char auth[200];
    const char *headers[] = {bearer(forged, auth), NULL};
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/me", headers, NULL, 0, &r));
    assert_problem(&r, 401);
    http_result_cleanup(&r);
}

static void test_me_describes_the_caller(void **state)
{
    (void)state;
    const char *headers[] = {auth_admin, NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/me", headers, NULL, 0, &r));
    assert_int_equal(200, r.status);
    assert_string_equal("admin", cJSON_GetObjectItem(r.json, "role")->valuestring);
    assert_string_equal("WD", cJSON_GetObjectItem(r.json, "center")->valuestring);
    assert_null(strstr(r.body, h.admin_key + 4));
    http_result_cleanup(&r);
}

static void test_non_admin_cannot_create_community(void **state)
{
    (void)state;
    char auth[160];
    const char *headers[] = {bearer(front_desk_key, auth), "Content-Type: application/json", NULL};
    const char *body = "{\"code\":\"fd\",\"name\":\"x\",\"street\":\"y\"}";
    struct http_result r;
    assert_int_equal(0,
                     http_call(&h, "POST", "/api/v1/communities", headers, body, strlen(body), &r));
    assert_problem(&r, 403);
    http_result_cleanup(&r);
}

static void test_invalid_fields_are_422_with_errors(void **state)
{
    (void)state;
    const char *headers[] = {auth_admin, "Content-Type: application/json", NULL};
    const char *body = "{\"code\":\"bad code!\",\"name\":\"\",\"colour\":\"red\"}";
    struct http_result r;
    assert_int_equal(0,
                     http_call(&h, "POST", "/api/v1/communities", headers, body, strlen(body), &r));
    assert_problem(&r, 422);
    cJSON *errors = cJSON_GetObjectItem(r.json, "errors");
    assert_true(cJSON_IsArray(errors));
    const char *expected[] = {"colour", "street", "code", "name"};
    for (size_t i = 0; i < 4; i++) {
        int found = 0;
        cJSON *e;
        cJSON_ArrayForEach(e, errors)
        {
            found |= strcmp(cJSON_GetObjectItem(e, "field")->valuestring, expected[i]) == 0;
        }
        assert_true(found);
    }
    http_result_cleanup(&r);
}

static void test_create_list_and_conflict(void **state)
{
    (void)state;
    const char *headers[] = {auth_admin, "Content-Type: application/json", NULL};
    char body[256];
    struct http_result r;
    char location[128];
    for (int i = 0; i < 5; i++) {
        snprintf(
            body, sizeof(body),
            "{\"code\":\"c%d\",\"name\":\"\xe5\x85\xb4\xe5\x8d\x8e\xe7\xa4\xbe\xe5\x8c\xba %d\","
            "\"street\":\"\xe4\xb8\x81\xe5\xba\x84\xe8\xa1\x97\xe9\x81\x93\"}",
            i, i);
        assert_int_equal(
            0, http_call(&h, "POST", "/api/v1/communities", headers, body, strlen(body), &r));
        assert_int_equal(201, r.status);
        assert_string_equal("WD", cJSON_GetObjectItem(r.json, "center")->valuestring);
        char want[64];
        snprintf(want, sizeof(want), "/api/v1/communities/%d",
                 (int)cJSON_GetObjectItem(r.json, "id")->valuedouble);
        assert_string_equal(want, http_header(&r, "Location", location, sizeof(location)));
        http_result_cleanup(&r);
    }
    /* the audit log recorded each creation in the same transaction */
    char count[32];
    assert_int_equal(0, harness_sql(&h,
                                    "SELECT count(*) FROM audit_events WHERE action = "
                                    "'community.create' AND entity_id IS NOT NULL",
                                    count, sizeof(count)));
    assert_true(atoi(count) >= 5);

    snprintf(body, sizeof(body), "{\"code\":\"c0\",\"name\":\"again\",\"street\":\"s\"}");
    assert_int_equal(0,
                     http_call(&h, "POST", "/api/v1/communities", headers, body, strlen(body), &r));
    assert_problem(&r, 409);
    http_result_cleanup(&r);

    /* keyset pages of two: every community exactly once */
    char path[256] = "/api/v1/communities?limit=2";
    int seen = 0, pages = 0;
    for (;;) {
        const char *auth_only[] = {auth_admin, NULL};
        assert_int_equal(0, http_call(&h, "GET", path, auth_only, NULL, 0, &r));
        assert_int_equal(200, r.status);
        seen += cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items"));
        pages++;
        cJSON *next = cJSON_GetObjectItem(r.json, "next_cursor");
        if (cJSON_IsNull(next)) {
            http_result_cleanup(&r);
            break;
        }
        snprintf(path, sizeof(path), "/api/v1/communities?limit=2&cursor=%s", next->valuestring);
        http_result_cleanup(&r);
        assert_true(pages < 10);
    }
    assert_int_equal(5, seen);
    assert_int_equal(3, pages);
}

static void test_bad_cursor_and_limit(void **state)
{
    (void)state;
    const char *headers[] = {auth_admin, NULL};
    struct http_result r;
    assert_int_equal(0,
                     http_call(&h, "GET", "/api/v1/communities?cursor=!!", headers, NULL, 0, &r));
    assert_problem(&r, 400);
    http_result_cleanup(&r);
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/communities?limit=0", headers, NULL, 0, &r));
    assert_problem(&r, 422);
    http_result_cleanup(&r);
}

static void test_audit_events_refuse_update(void **state)
{
    (void)state;
    char msg[512];
    assert_int_equal(
        -1, harness_sql(&h, "UPDATE audit_events SET actor = 'someone else'", msg, sizeof(msg)));
    assert_non_null(strstr(msg, "append-only"));
    assert_int_equal(-1, harness_sql(&h, "DELETE FROM audit_events", msg, sizeof(msg)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthz_answers_without_database),
        cmocka_unit_test(test_readyz_reports_database_and_migrations),
        cmocka_unit_test(test_single_instance_reads_and_leads),
        cmocka_unit_test(test_spec_is_served),
        cmocka_unit_test(test_request_id_is_the_servers_and_a_sane_client_id_is_kept_beside),
        cmocka_unit_test(test_metrics_counters_move),
        cmocka_unit_test(test_unknown_route_is_404_problem),
        cmocka_unit_test(test_wrong_method_is_405_with_allow),
        cmocka_unit_test(test_two_mib_body_is_413),
        cmocka_unit_test(test_chunked_body_over_cap_is_413),
        cmocka_unit_test(test_malformed_json_is_400),
        cmocka_unit_test(test_too_deep_json_is_400),
        cmocka_unit_test(test_wrong_content_type_is_415),
        cmocka_unit_test(test_missing_or_bad_token_is_401),
        cmocka_unit_test(test_me_describes_the_caller),
        cmocka_unit_test(test_non_admin_cannot_create_community),
        cmocka_unit_test(test_invalid_fields_are_422_with_errors),
        cmocka_unit_test(test_create_list_and_conflict),
        cmocka_unit_test(test_bad_cursor_and_limit),
        cmocka_unit_test(test_audit_events_refuse_update),
    };
    return cmocka_run_group_tests_name("integration_ops", tests, setup, teardown);
}
