/* Issue 16's server features over real HTTP: campaigns (tagging, audited; their figures equal
 * those of the same cases counted by hand in SQL), red and orange cases first in the list sorted
 * by receipt (across pages), a mediator at capacity (409, or an audited override), and the party
 * portal (apply online, follow with number + tracking code, rate once after closing; never a
 * party's data; the code only hashed; rate-limited per address) with the ratings in the summary
 * report and its CSV. */
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

static struct harness h;
static char supervisor[128], front_desk[128];
static long community, mediator;

static long req(const char *method, const char *path, const char *key, const char *body,
                struct http_result *out)
{
    char auth[200];
    const char *headers[] = {"Content-Type: application/json", key ? bearer(key, auth) : NULL,
                             NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, method, path, headers, body, body ? strlen(body) : 0, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

static long json_long(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(v))
        fail_msg("no number %s", name);
    return (long)v->valuedouble;
}

static long post_id(const char *path, const char *key, const char *body)
{
    struct http_result r;
    long status = req("POST", path, key, body, &r);
    if (status != 201)
        fail_msg("POST %s: %ld %s", path, status, r.body);
    long id = json_long(r.json, "id");
    http_result_cleanup(&r);
    return id;
}

static long intake(const char *risk)
{
    char body[768];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"neighbor\",\"source\":\"grid_report\",\"community_id\":%ld,"
             "\"summary\":\"专项行动测试纠纷\",\"risk_level\":\"%s\","
             "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"申请人\"},"
             "{\"role\":\"respondent\",\"kind\":\"person\",\"name\":\"被申请人\"}]}",
             community, risk);
    return post_id("/api/v1/cases", front_desk, body);
}

static void act(long id, const char *action, const char *body, long expected)
{
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/%s", id, action);
    struct http_result r;
    long status = req("POST", path, supervisor, body, &r);
    if (status != expected)
        fail_msg("%s %ld: %ld, expected %ld: %s", action, id, status, expected, r.body);
    http_result_cleanup(&r);
}

static void resolve(long id, const char *amount)
{
    char body[512];
    act(id, "sessions",
        "{\"held_at\":\"2026-01-01T09:00:00+08:00\",\"kind\":\"in_person\",\"participants\":"
        "\"双方\","
        "\"notes\":\"调解\"}",
        201);
    snprintf(body, sizeof(body),
             "{\"outcome\":\"resolved\",\"agreement\":{\"amount\":\"%s\",\"form\":\"written\","
             "\"signed_at\":\"2026-01-01\",\"terms\":\"赔偿\"}}",
             amount);
    act(id, "close", body, 200);
}

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "campaigns_portal") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0)
        return -1;
    if (harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0)
        return -1;
    const char *env[] = {"PORTAL_REQUESTS_PER_CLIENT=40", NULL};
    if (harness_start_server(&h, env) != 0)
        return -1;
    struct http_result r;
    char auth[200];
    const char *headers[] = {"Content-Type: application/json", bearer(h.admin_key, auth), NULL};
    const char *c = "{\"code\":\"cp\",\"name\":\"东湖社区\",\"street\":\"丁庄街道\"}";
    if (http_call(&h, "POST", "/api/v1/communities", headers, c, strlen(c), &r) != 0 ||
        r.status != 201)
        return -1;
    community = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    const char *m = "{\"name\":\"王芳\",\"organization\":\"人民调解委员会\",\"channel\":\"people\","
                    "\"specialties\":[\"neighbor\"],\"max_open_cases\":2}";
    if (http_call(&h, "POST", "/api/v1/mediators", headers, m, strlen(m), &r) != 0 ||
        r.status != 201)
        return -1;
    mediator = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

static long sql_long(const char *sql)
{
    char out[64];
    if (harness_sql(&h, sql, out, sizeof(out)) != 0)
        fail_msg("sql failed: %s", sql);
    return strtol(out, NULL, 10);
}

static void test_campaign_figures_equal_the_cases_counted_by_hand(void **state)
{
    (void)state;
    long campaign =
        post_id("/api/v1/campaigns", supervisor,
                "{\"name\":\"矛盾纠纷大排查大化解专项行动\",\"starts_on\":\"2026-01-01\"}");
    /* a second campaign with its own cases: nothing leaks between them */
    long other = post_id("/api/v1/campaigns", supervisor,
                         "{\"name\":\"春节前专项\",\"starts_on\":\"2026-01-01\"}");
    assert_int_equal(409, req("POST", "/api/v1/campaigns", supervisor,
                              "{\"name\":\"春节前专项\",\"starts_on\":\"2026-01-01\"}", NULL));
    assert_int_equal(
        422, req("POST", "/api/v1/campaigns", supervisor,
                 "{\"name\":\"x\",\"starts_on\":\"2026-02-01\",\"ends_on\":\"2026-01-01\"}", NULL));
    /* front desk may not start one */
    assert_int_equal(403, req("POST", "/api/v1/campaigns", front_desk,
                              "{\"name\":\"y\",\"starts_on\":\"2026-01-01\"}", NULL));
    char body[64], path[96];
    long cases[7];
    for (int i = 0; i < 7; i++) {
        cases[i] = intake("none");
        snprintf(body, sizeof(body), "{\"campaign_id\":%ld}", i < 5 ? campaign : other);
        snprintf(path, sizeof(path), "/api/v1/cases/%ld/campaigns", cases[i]);
        assert_int_equal(201, req("POST", path, front_desk, body, NULL));
    }
    /* tagged at intake, in the intake's transaction; an unknown campaign refuses the intake */
    char intake_body[768];
    snprintf(intake_body, sizeof(intake_body),
             "{\"dispute_type\":\"labor\",\"source\":\"hotline\",\"community_id\":%ld,"
             "\"summary\":\"接待时纳入\",\"campaign_id\":%ld,"
             "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"甲\"}]}",
             community, other);
    long at_intake = post_id("/api/v1/cases", front_desk, intake_body);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/campaigns", at_intake);
    struct http_result t;
    assert_int_equal(200, req("GET", path, front_desk, NULL, &t));
    assert_int_equal(other,
                     json_long(cJSON_GetArrayItem(cJSON_GetObjectItem(t.json, "items"), 0), "id"));
    http_result_cleanup(&t);
    char sql0[256];
    snprintf(sql0, sizeof(sql0),
             "SELECT count(*) FROM case_events WHERE case_id = %ld AND action = 'campaign.tag'",
             at_intake);
    assert_int_equal(1, sql_long(sql0));
    long before = sql_long("SELECT count(*) FROM cases");
    snprintf(intake_body, sizeof(intake_body),
             "{\"dispute_type\":\"labor\",\"source\":\"hotline\",\"community_id\":%ld,"
             "\"summary\":\"x\",\"campaign_id\":999999,"
             "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"甲\"}]}",
             community);
    assert_int_equal(422, req("POST", "/api/v1/cases", front_desk, intake_body, NULL));
    assert_int_equal(before, sql_long("SELECT count(*) FROM cases"));
    /* tagging twice changes nothing */
    snprintf(body, sizeof(body), "{\"campaign_id\":%ld}", campaign);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/campaigns", cases[0]);
    struct http_result r;
    assert_int_equal(200, req("POST", path, front_desk, body, &r));
    assert_int_equal(1, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
    assert_int_equal(422, req("POST", path, front_desk, "{\"campaign_id\":999999}", NULL));
    /* lifecycle: accept 4, decline 1, assign and resolve 2 (one with 8200 yuan, one 0.50) */
    for (int i = 0; i < 4; i++)
        act(cases[i], "accept", "{}", 200);
    act(cases[4], "decline", "{\"reason\":\"不属于受理范围\",\"referral_advice\":\"向法院起诉\"}",
        200);
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator);
    act(cases[0], "assign", body, 200);
    act(cases[1], "assign", body, 200);
    resolve(cases[0], "8200.00");
    resolve(cases[1], "0.50");
    act(cases[5], "accept", "{}", 200);

    /* the audit trail has each tag */
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM case_events WHERE action = 'campaign.tag' AND "
             "after->>'campaign_id' = '%ld'",
             campaign);
    assert_int_equal(5, sql_long(sql));

    snprintf(path, sizeof(path), "/api/v1/reports/campaigns?campaign_id=%ld", campaign);
    assert_int_equal(200, req("GET", path, supervisor, NULL, &r));
    const cJSON *items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(1, cJSON_GetArraySize(items));
    const cJSON *m = cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "metrics");
    /* by hand: the tagged cases, plain SQL over cases and agreements */
    const char *tagged = "(SELECT case_id FROM case_campaigns WHERE campaign_id = %ld)";
    char where[160];
    snprintf(where, sizeof(where), tagged, campaign);
    const struct {
        const char *metric, *condition;
    } checks[] = {
        {"received", "true"},
        {"accepted", "accepted_at IS NOT NULL"},
        {"declined", "status = 'declined'"},
        {"resolved", "outcome = 'resolved'"},
        {"open", "status NOT IN ('closed', 'declined')"},
    };
    for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM cases WHERE id IN %s AND %s", where,
                 checks[i].condition);
        long expected = sql_long(sql);
        if (json_long(m, checks[i].metric) != expected)
            fail_msg("%s: API %ld, by hand %ld", checks[i].metric, json_long(m, checks[i].metric),
                     expected);
    }
    assert_int_equal(5, json_long(m, "received"));
    assert_int_equal(2, json_long(m, "resolved"));
    snprintf(sql, sizeof(sql),
             "SELECT to_char(sum(amount_fen) / 100.0, 'FM999999990.00') FROM agreements WHERE "
             "case_id IN %s",
             where);
    char amount[64];
    assert_int_equal(0, harness_sql(&h, sql, amount, sizeof(amount)));
    assert_string_equal(amount, cJSON_GetObjectItem(m, "agreement_amount_total")->valuestring);
    assert_string_equal("8200.50", amount);
    assert_true(cJSON_GetObjectItem(m, "success_rate")->valuedouble == 0.5);
    http_result_cleanup(&r);

    /* every campaign in one request, the other one with its own two cases */
    assert_int_equal(200, req("GET", "/api/v1/reports/campaigns", supervisor, NULL, &r));
    items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(2, cJSON_GetArraySize(items));
    const cJSON *second = cJSON_GetArrayItem(items, 1);
    assert_int_equal(other, json_long(second, "campaign_id"));
    assert_int_equal(3, json_long(cJSON_GetObjectItem(second, "metrics"), "received"));
    http_result_cleanup(&r);
    /* the list counts tagged cases; a case lists its campaigns */
    assert_int_equal(200, req("GET", "/api/v1/campaigns", front_desk, NULL, &r));
    assert_int_equal(
        5, json_long(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0), "case_count"));
    http_result_cleanup(&r);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/campaigns", cases[6]);
    assert_int_equal(200, req("GET", path, front_desk, NULL, &r));
    assert_int_equal(other,
                     json_long(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0), "id"));
    http_result_cleanup(&r);
}

static void test_red_then_orange_first_across_pages(void **state)
{
    (void)state;
    /* received in this order; listed red, orange, then the rest, each newest first */
    intake("orange");
    long red_old = intake("red");
    long plain = intake("yellow");
    long orange = intake("orange");
    long red_new = intake("red");
    long expected[] = {red_new, red_old, orange};
    char path[256];
    snprintf(path, sizeof(path), "/api/v1/cases?limit=2&community_id=%ld", community);
    long seen[64];
    int n = 0;
    for (;;) {
        struct http_result r;
        assert_int_equal(200, req("GET", path, supervisor, NULL, &r));
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItem(r.json, "items"))
        {
            assert_true(n < 64);
            seen[n++] = json_long(it, "id");
        }
        const cJSON *next = cJSON_GetObjectItem(r.json, "next_cursor");
        if (!cJSON_IsString(next)) {
            http_result_cleanup(&r);
            break;
        }
        snprintf(path, sizeof(path), "/api/v1/cases?limit=2&community_id=%ld&cursor=%s", community,
                 next->valuestring);
        http_result_cleanup(&r);
    }
    for (int i = 0; i < 3; i++)
        assert_int_equal(expected[i], seen[i]);
    /* then the other orange (older), then the yellow and the rest, newest first */
    assert_int_equal(plain, seen[4]);
    long total = sql_long("SELECT count(*) FROM cases");
    assert_int_equal(total, n);
    /* nothing listed twice */
    for (int i = 0; i < n; i++)
        for (int k = i + 1; k < n; k++)
            assert_true(seen[i] != seen[k]);
}

static void test_capacity_needs_an_audited_override(void **state)
{
    (void)state;
    /* the mediator has 2 of 2 open cases already? resolve left them closed: fill up to capacity */
    char body[256];
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator);
    long ids[3];
    for (int i = 0; i < 3; i++) {
        ids[i] = intake("none");
        act(ids[i], "accept", "{}", 200);
    }
    act(ids[0], "assign", body, 200);
    act(ids[1], "assign", body, 200);
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/assign", ids[2]);
    struct http_result r;
    assert_int_equal(409, req("POST", path, supervisor, body, &r));
    assert_non_null(strstr(cJSON_GetObjectItem(r.json, "detail")->valuestring, "capacity"));
    http_result_cleanup(&r);
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld,\"capacity_override\":\"\"}", mediator);
    assert_int_equal(422, req("POST", path, supervisor, body, NULL));
    snprintf(body, sizeof(body),
             "{\"mediator_id\":%ld,\"capacity_override\":\"熟悉当事人，主任同意超额分派\"}",
             mediator);
    assert_int_equal(200, req("POST", path, supervisor, body, NULL));
    char sql[256], out[256];
    snprintf(
        sql, sizeof(sql),
        "SELECT after->>'capacity_override' || '|' || (after->>'open_cases') || '|' || "
        "(after->>'max_open_cases') FROM case_events WHERE case_id = %ld AND action = 'assign'",
        ids[2]);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_string_equal("熟悉当事人，主任同意超额分派|2|2", out);
}

static long portal(const char *path, const char *body, struct http_result *out)
{
    return req("POST", path, NULL, body, out);
}

static void test_portal_apply_follow_and_rate(void **state)
{
    (void)state;
    char body[1024];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"neighbor\",\"community_id\":%ld,\"summary\":\"楼上漏水\","
             "\"applicant\":{\"name\":\"赵申请\",\"phone\":\"13800000000\"},"
             "\"respondent\":{\"name\":\"钱对方\",\"phone\":\"13900000000\"}}",
             community);
    struct http_result r;
    /* the intake's rules, named after the portal's fields */
    char bad[512];
    snprintf(bad, sizeof(bad),
             "{\"dispute_type\":\"neighbor\",\"community_id\":%ld,\"summary\":\"x\","
             "\"applicant\":{\"name\":\"赵\",\"phone\":\"12\"}}",
             community);
    assert_int_equal(422, portal("/api/v1/portal/applications", bad, &r));
    assert_string_equal(
        "applicant.phone",
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "errors"), 0), "field")
            ->valuestring);
    http_result_cleanup(&r);
    assert_int_equal(201, portal("/api/v1/portal/applications", body, &r));
    char case_no[64], code[32], v[64];
    snprintf(case_no, sizeof(case_no), "%s", cJSON_GetObjectItem(r.json, "case_no")->valuestring);
    snprintf(code, sizeof(code), "%s", cJSON_GetObjectItem(r.json, "tracking_code")->valuestring);
    assert_string_equal("received", cJSON_GetObjectItem(r.json, "status")->valuestring);
    assert_string_equal("no-store", http_header(&r, "Cache-Control", v, sizeof(v)));
    assert_int_equal(14, strlen(code));
    http_result_cleanup(&r);
    char sql[512], out[128];
    snprintf(sql, sizeof(sql),
             "SELECT k.source || ' ' || k.status || ' ' || length(a.code_hash) FROM cases k JOIN "
             "portal_access a ON a.case_id = k.id WHERE k.case_no = '%s'",
             case_no);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_string_equal("online received 32", out);
    /* the code itself is stored nowhere */
    snprintf(
        sql, sizeof(sql),
        "SELECT count(*) FROM portal_access a WHERE encode(a.code_hash, 'escape') LIKE '%%%.4s%%'",
        code);
    assert_int_equal(0, sql_long(sql));
    long id = sql_long("SELECT max(id) FROM cases");

    /* follow: with the code; a wrong code and a wrong number answer alike */
    char track[256];
    snprintf(track, sizeof(track), "{\"case_no\":\"%s\",\"tracking_code\":\"%s\"}", case_no, code);
    assert_int_equal(200, portal("/api/v1/portal/track", track, &r));
    assert_string_equal("review", cJSON_GetObjectItem(r.json, "next_step")->valuestring);
    /* nothing of either party */
    assert_null(strstr(r.body, "赵申请"));
    assert_null(strstr(r.body, "钱对方"));
    assert_null(strstr(r.body, "1390"));
    assert_null(strstr(r.body, "1380"));
    http_result_cleanup(&r);
    char wrong[256];
    snprintf(wrong, sizeof(wrong), "{\"case_no\":\"%s\",\"tracking_code\":\"AAAA-AAAA-AAAA\"}",
             case_no);
    struct http_result w1, w2;
    assert_int_equal(404, portal("/api/v1/portal/track", wrong, &w1));
    assert_int_equal(
        404, portal("/api/v1/portal/track",
                    "{\"case_no\":\"WD-1999-000001\",\"tracking_code\":\"AAAA-AAAA-AAAA\"}", &w2));
    assert_string_equal(cJSON_GetObjectItem(w1.json, "detail")->valuestring,
                        cJSON_GetObjectItem(w2.json, "detail")->valuestring);
    http_result_cleanup(&w1);
    http_result_cleanup(&w2);

    /* rating before closing: 409 */
    char rate[320];
    snprintf(
        rate, sizeof(rate),
        "{\"case_no\":\"%s\",\"tracking_code\":\"%s\",\"rating\":4,\"comment\":\"调解员很耐心\"}",
        case_no, code);
    assert_int_equal(409, portal("/api/v1/portal/ratings", rate, NULL));
    /* the front desk accepts, a supervisor assigns (with an override: the mediator is full) */
    act(id, "accept", "{}", 200);
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld,\"capacity_override\":\"测试\"}", mediator);
    act(id, "assign", body, 200);
    assert_int_equal(200, portal("/api/v1/portal/track", track, &r));
    const cJSON *med = cJSON_GetObjectItem(r.json, "mediator");
    assert_string_equal("王芳", cJSON_GetObjectItem(med, "name")->valuestring);
    assert_string_equal("people", cJSON_GetObjectItem(med, "channel")->valuestring);
    http_result_cleanup(&r);
    resolve(id, "100.00");
    char bad_rate[320];
    snprintf(bad_rate, sizeof(bad_rate),
             "{\"case_no\":\"%s\",\"tracking_code\":\"%s\",\"rating\":6}", case_no, code);
    assert_int_equal(422, portal("/api/v1/portal/ratings", bad_rate, NULL));
    assert_int_equal(201, portal("/api/v1/portal/ratings", rate, NULL));
    assert_int_equal(409, portal("/api/v1/portal/ratings", rate, NULL));
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM case_events WHERE case_id = %ld AND action = 'portal.rating'",
             id);
    assert_int_equal(1, sql_long(sql));
    assert_int_equal(200, portal("/api/v1/portal/track", track, &r));
    assert_string_equal("done", cJSON_GetObjectItem(r.json, "next_step")->valuestring);
    http_result_cleanup(&r);

    /* the summary counts the rating, in JSON and in its CSV column */
    char today[32], summary[160];
    assert_int_equal(0, harness_sql(&h, "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date", today,
                                    sizeof(today)));
    snprintf(summary, sizeof(summary), "/api/v1/reports/summary?from=%.4s-01-01&to=%s", today,
             today);
    assert_int_equal(200, req("GET", summary, supervisor, NULL, &r));
    const cJSON *m = cJSON_GetObjectItem(r.json, "metrics");
    assert_int_equal(1, json_long(m, "satisfaction_count"));
    assert_true(cJSON_GetObjectItem(m, "satisfaction_mean")->valuedouble == 4.0);
    http_result_cleanup(&r);
    snprintf(summary + strlen(summary), sizeof(summary) - strlen(summary), "&format=csv");
    assert_int_equal(200, req("GET", summary, supervisor, NULL, &r));
    assert_non_null(strstr(r.body, "satisfaction_count 评价数"));
    assert_non_null(strstr(r.body, "satisfaction_mean 满意度均分"));
    http_result_cleanup(&r);
}

/* last: it spends this address's portal allowance */
static void test_portal_is_rate_limited_per_address(void **state)
{
    (void)state;
    long status = 0;
    int i;
    for (i = 0; i < 60 && status != 429; i++) {
        struct http_result r;
        status = req("GET", "/api/v1/portal/communities", NULL, NULL, &r);
        if (status == 429) {
            char v[16];
            assert_true(atoi(http_header(&r, "Retry-After", v, sizeof(v))) >= 1);
        }
        http_result_cleanup(&r);
    }
    assert_int_equal(429, status);
    /* staff routes are not affected */
    assert_int_equal(200, req("GET", "/api/v1/campaigns", front_desk, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_campaign_figures_equal_the_cases_counted_by_hand),
        cmocka_unit_test(test_red_then_orange_first_across_pages),
        cmocka_unit_test(test_capacity_needs_an_audited_override),
        cmocka_unit_test(test_portal_apply_follow_and_rate),
        cmocka_unit_test(test_portal_is_rate_limited_per_address),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
