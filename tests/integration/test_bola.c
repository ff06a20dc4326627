/* Broken object-level authorization, swept from the route table: every route that takes a case id
 * answers 404 — never the data, never a 403 that would confirm the case exists — to a mediator
 * who does not work the case and to callers of another center. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "routes.h"

static struct harness h;
static long case_id;
static char own_mediator[128], other_mediator[128], other_center_admin[128],
    other_center_supervisor[128];

#define PASSWORD "correct horse battery"

/* During the sweep, requests carry an If-Match, so that PATCH reaches its lookup. */
static int sweep;

static long call(const char *method, const char *path, const char *key, const char *body,
                 struct http_result *out)
{
    char auth[200], if_match[64];
    /* the If-Match names the path's own id, with a version that is not current */
    snprintf(if_match, sizeof(if_match), "If-Match: \"%ld-999\"",
             strncmp(path, "/api/v1/cases/", 14) == 0 ? atol(path + 14) : 0L);
    const char *headers[] = {"Content-Type: application/json", bearer(key, auth),
                             sweep ? if_match : NULL, NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, method, path, headers, body, body ? strlen(body) : 0, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

/* A user with role mediator linked to a mediator row in center code, logged in. */
static long mediator_session(const char *username, const char *center, char *token)
{
    char body[512], sql[512], out[32];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"%s\",\"role\":\"mediator\",\"center\":"
             "\"%s\",\"password\":\"" PASSWORD "\"}",
             username, username, center);
    struct http_result r;
    assert_int_equal(201, call("POST", "/api/v1/users", h.admin_key, body, &r));
    long user_id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    snprintf(sql, sizeof(sql),
             "INSERT INTO mediators (center_id, name, organization, channel, user_id) SELECT id, "
             "'%s', 'org', 'people', %ld FROM centers WHERE code = '%s' RETURNING id",
             username, user_id, center);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"" PASSWORD "\"}", username);
    assert_int_equal(200, call("POST", "/api/v1/auth/login", h.admin_key, body, &r));
    snprintf(token, 128, "%s", cJSON_GetObjectItem(r.json, "token")->valuestring);
    http_result_cleanup(&r);
    return atol(out);
}

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "bola") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", NULL, h.admin_key) != 0 ||
        harness_start_server(&h, NULL) != 0)
        return -1;
    struct http_result r;
    if (call("POST", "/api/v1/centers", h.admin_key, "{\"code\":\"XC\",\"name\":\"许昌\"}", NULL) !=
            201 ||
        harness_create_key(&h, "admin", "XC", other_center_admin) != 0 ||
        harness_create_key(&h, "supervisor", "XC", other_center_supervisor) != 0)
        return -1;
    if (call("POST", "/api/v1/communities", h.admin_key,
             "{\"center\":\"WD\",\"code\":\"c1\",\"name\":\"社区\",\"street\":\"街道\"}",
             &r) != 201)
        return -1;
    long community = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    long mediator = mediator_session("own.mediator", "WD", own_mediator);
    mediator_session("other.mediator", "WD", other_mediator);

    char body[1024];
    snprintf(body, sizeof(body),
             "{\"center\":\"WD\",\"dispute_type\":\"labor\",\"source\":\"hotline\","
             "\"community_id\":%ld,\"summary\":\"拖欠工资\",\"parties\":[{\"role\":"
             "\"applicant\",\"kind\":\"person\",\"name\":\"赵六\",\"phone\":\"13700000000\"}]}",
             community);
    if (call("POST", "/api/v1/cases", h.admin_key, body, &r) != 201)
        return -1;
    case_id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/accept", case_id);
    call("POST", path, h.admin_key, "{}", NULL);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/assign", case_id);
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator);
    return call("POST", path, h.admin_key, body, NULL) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

static void test_every_case_route_hides_the_case(void **state)
{
    (void)state;
    const struct {
        const char *who;
        const char *key;
    } outsiders[] = {
        {"a mediator of the same center who does not work the case", other_mediator},
        {"an admin of another center", other_center_admin},
        {"a supervisor of another center", other_center_supervisor},
    };
    char case_no[64] = "";
    assert_int_equal(0, harness_sql(&h, "SELECT case_no FROM cases ORDER BY id LIMIT 1", case_no,
                                    sizeof(case_no)));
    int swept = 0;
    sweep = 1;
    for (size_t i = 0; i < api_route_count; i++) {
        const struct http_route *r = &api_routes[i];
        if (strncmp(r->pattern, "/api/v1/cases/{id}", 18) != 0)
            continue;
        char path[160], none[160];
        snprintf(path, sizeof(path), "/api/v1/cases/%ld%s", case_id, r->pattern + 18);
        snprintf(none, sizeof(none), "/api/v1/cases/99999999%s", r->pattern + 18);
        const char *body = strcmp(r->method, "GET") == 0 ? NULL : "{}";
        for (size_t k = 0; k < sizeof(outsiders) / sizeof(outsiders[0]); k++) {
            /* an outsider's answer about the case must be the answer about no case at all */
            struct http_result res;
            long status = call(r->method, path, outsiders[k].key, body, &res);
            int leaked = strstr(res.body, case_no) != NULL || strstr(res.body, "拖欠工资") != NULL;
            http_result_cleanup(&res);
            long absent = call(r->method, none, outsiders[k].key, body, NULL);
            if (status != absent || status == 200 || status == 201)
                fail_msg("%s %s by %s: %ld, but %ld for a case that does not exist", r->method,
                         r->pattern, outsiders[k].who, status, absent);
            if (leaked)
                fail_msg("%s %s by %s shows the case", r->method, r->pattern, outsiders[k].who);
            swept++;
        }
        /* the case number is an id too */
        if (strcmp(r->pattern, "/api/v1/cases/{id}") == 0) {
            snprintf(path, sizeof(path), "/api/v1/cases/%s", case_no);
            assert_int_equal(404, call("GET", path, other_mediator, NULL, NULL));
            assert_int_equal(404, call("GET", path, other_center_admin, NULL, NULL));
            assert_int_equal(200, call("GET", path, own_mediator, NULL, NULL));
        }
    }
    sweep = 0;
    print_message("%d case-route × outsider requests answered without the case\n", swept);
    assert_true(swept >= 30);
}

static void test_a_valid_request_from_an_outsider_is_404(void **state)
{
    (void)state;
    /* with valid bodies the refusal cannot come from validation: it must be the lookup */
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/sessions", case_id);
    const char *session = "{\"held_at\":\"2026-11-30T09:00:00Z\",\"kind\":\"phone\","
                          "\"participants\":\"赵六\"}";
    assert_int_equal(404, call("POST", path, other_mediator, session, NULL));
    assert_int_equal(404, call("POST", path, other_center_admin, session, NULL));
    assert_int_equal(201, call("POST", path, own_mediator, session, NULL));
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/close", case_id);
    assert_int_equal(404, call("POST", path, other_mediator, "{\"outcome\":\"failed\"}", NULL));
    assert_int_equal(404,
                     call("POST", path, other_center_supervisor, "{\"outcome\":\"failed\"}", NULL));
    char n[16];
    assert_int_equal(0,
                     harness_sql(&h, "SELECT status FROM cases ORDER BY id LIMIT 1", n, sizeof(n)));
    assert_string_equal("in_mediation", n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_case_route_hides_the_case),
        cmocka_unit_test(test_a_valid_request_from_an_outsider_is_404),
    };
    return cmocka_run_group_tests_name("integration_bola", tests, setup, teardown);
}
