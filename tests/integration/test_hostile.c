/* Hostile input over real HTTP (issue 15). One test per class that the fixes closed (database
 * text, invalid UTF-8, idempotency across long paths, duplicate keys and client request ids, CSV
 * cells, snapshot params, external references per center), then a sweep of well over 150 hostile
 * requests over every route family: each must get a 4xx application/problem+json body that is
 * valid UTF-8 and JSON and carries no database text, the server must stay up, and no row may be
 * written or changed (a fingerprint of every table a request can write, before and after). Over 600
 * lines: the sweep is a table of requests, one a line. */
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
static char front_desk[128], supervisor[128], other_front_desk[128];
static long community_id, other_community_id, case_id, other_case_id;

/* Independent of the server's validator on purpose: RFC 3629 well-formedness. */
static int utf8_ok(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        size_t n = c < 0x80             ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (n == 0 || i + n > len || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4))
            return 0;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        if ((n == 3 && c == 0xE0 && s[i + 1] < 0xA0) || (n == 3 && c == 0xED && s[i + 1] > 0x9F) ||
            (n == 4 && c == 0xF0 && s[i + 1] < 0x90) || (n == 4 && c == 0xF4 && s[i + 1] > 0x8F))
            return 0;
        i += n;
    }
    return 1;
}

static long call(const char *method, const char *path, const char *key, const char *body,
                 size_t body_len, const char *extra, struct http_result *out)
{
    char auth[200];
    const char *headers[4] = {"Content-Type: application/json", NULL, NULL, NULL};
    size_t n = 1;
    if (key)
        headers[n++] = bearer(key, auth);
    if (extra)
        headers[n++] = extra;
    struct http_result r;
    assert_int_equal(0, http_call(&h, method, path, headers, body, body_len, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

static long post(const char *path, const char *key, const char *body, const char *extra,
                 struct http_result *out)
{
    return call("POST", path, key, body, strlen(body), extra, out);
}

/* Text PostgreSQL or libpq would write, which a problem body must never carry. */
static const char *const database_words[] = {
    "violates", "for type", "relation \"", "FATAL",         "ERROR:",
    "_fkey",    "_key\"",   "_check",      "date/time",     "SQLSTATE",
    "syntax",   "postgres", "connection",  "duplicate key", "constraint",
};

/* A 4xx problem+json answer (status want when want > 0) that is valid UTF-8 and JSON, repeats
 * the status and the request id, and holds no database text. Frees r. */
static void expect_problem(struct http_result *r, long want, const char *what)
{
    char ct[96], id[96];
    if ((want > 0 && r->status != want) || r->status < 400 || r->status > 499)
        fail_msg("%s: status %ld, expected %ld: %.300s", what, r->status, want, r->body);
    if (strcmp(http_header(r, "Content-Type", ct, sizeof(ct)), "application/problem+json") != 0)
        fail_msg("%s: content type %s", what, ct);
    if (!utf8_ok((const unsigned char *)r->body, r->body_len))
        fail_msg("%s: the body is not valid UTF-8", what);
    if (!r->json)
        fail_msg("%s: the body is not JSON: %.300s", what, r->body);
    cJSON *status = cJSON_GetObjectItem(r->json, "status");
    if (!cJSON_IsNumber(status) || (long)status->valuedouble != r->status)
        fail_msg("%s: status member %s", what, r->body);
    cJSON *rid = cJSON_GetObjectItem(r->json, "request_id");
    if (!cJSON_IsString(rid) || strcmp(rid->valuestring, http_header(r, "X-Request-Id", id, 96)))
        fail_msg("%s: request_id does not match X-Request-Id", what);
    for (size_t i = 0; i < sizeof(database_words) / sizeof(database_words[0]); i++)
        if (strstr(r->body, database_words[i]))
            fail_msg("%s: database text (%s) in %s", what, database_words[i], r->body);
    http_result_cleanup(r);
}

/* Every table a request can write, and the versions of what it can change. */
static void fingerprint(char *out, size_t size)
{
    assert_int_equal(
        0,
        harness_sql(&h,
                    "SELECT concat_ws(',', (SELECT count(*) FROM cases),"
                    " (SELECT coalesce(sum(version), 0) FROM cases),"
                    " (SELECT count(*) FROM parties), (SELECT count(*) FROM case_events),"
                    " (SELECT count(*) FROM audit_events), (SELECT count(*) FROM communities),"
                    " (SELECT count(*) FROM mediators),"
                    " (SELECT coalesce(sum(version), 0) FROM mediators),"
                    " (SELECT count(*) FROM users), (SELECT coalesce(sum(version), 0) FROM users),"
                    " (SELECT count(*) FROM api_keys),"
                    " (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL),"
                    " (SELECT count(*) FROM sessions), (SELECT count(*) FROM report_snapshots),"
                    " (SELECT count(*) FROM idempotency_keys), (SELECT count(*) FROM centers),"
                    " (SELECT count(*) FROM deadline_policies),"
                    " (SELECT count(*) FROM mediation_sessions),"
                    " (SELECT count(*) FROM agreements), (SELECT count(*) FROM deadline_changes))",
                    out, size));
}

static const char *intake_body(char *out, size_t size, long community, const char *extra)
{
    snprintf(out, size,
             "{\"dispute_type\":\"neighbor\",\"source\":\"party_application\","
             "\"community_id\":%ld,\"summary\":\"楼上漏水\",\"occurred_on\":\"2026-11-20\","
             "\"risk_level\":\"none\",\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\","
             "\"name\":\"张三\",\"phone\":\"13800000000\"},{\"role\":\"respondent\","
             "\"kind\":\"person\",\"name\":\"李四\"}]%s}",
             community, extra ? extra : "");
    return out;
}

static long new_case(const char *key, long community, const char *extra)
{
    char body[1024];
    struct http_result r;
    long status =
        post("/api/v1/cases", key, intake_body(body, sizeof(body), community, extra), NULL, &r);
    assert_int_equal(201, status);
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    return id;
}

static long sql_long(const char *sql)
{
    char out[64];
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    return atol(out);
}

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "hostile") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_sql(&h, "INSERT INTO centers (code, name) VALUES ('XC', '许昌市矛调中心')", NULL,
                    0) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_create_key(&h, "front_desk", "XC", other_front_desk) != 0)
        return -1;
    if (harness_start_server(&h, NULL) != 0)
        return -1;
    char out[32];
    if (harness_sql(&h,
                    "INSERT INTO communities (center_id, code, name, street) SELECT id, 'xh', "
                    "'幸福社区', '丁庄街道' FROM centers WHERE code = 'WD' RETURNING id",
                    out, sizeof(out)) != 0)
        return -1;
    community_id = atol(out);
    if (harness_sql(&h,
                    "INSERT INTO communities (center_id, code, name, street) SELECT id, 'dx', "
                    "'东兴社区', '东城街道' FROM centers WHERE code = 'XC' RETURNING id",
                    out, sizeof(out)) != 0)
        return -1;
    other_community_id = atol(out);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* Class 1: a value that passes the server's checks but not PostgreSQL's came back with
 * PostgreSQL's message. Dates are range-checked first now, and no database text is answered. */
static void test_year_zero_is_refused_in_the_servers_words(void **state)
{
    (void)state;
    struct http_result r;
    call("GET", "/api/v1/cases?received_from=0000-01-01", front_desk, NULL, 0, NULL, &r);
    expect_problem(&r, 422, "received_from=0000-01-01");
    call("GET", "/api/v1/cases?received_to=9999-12-31", front_desk, NULL, 0, NULL, &r);
    expect_problem(&r, 422, "received_to=9999-12-31");
    call("GET", "/api/v1/reports/summary?from=0000-01-01&to=0000-01-31", supervisor, NULL, 0, NULL,
         &r);
    expect_problem(&r, 422, "report from year 0");
    char body[1024];
    intake_body(body, sizeof(body), community_id, NULL);
    char *at = strstr(body, "2026-11-20");
    memcpy(at, "0000-01-01", 10);
    post("/api/v1/cases", front_desk, body, NULL, &r);
    expect_problem(&r, 422, "occurred_on 0000-01-01");
    /* an id past PostgreSQL's integer: refused in the server's words whichever layer sees it */
    intake_body(body, sizeof(body), 99999999999L, NULL);
    post("/api/v1/cases", front_desk, body, NULL, &r);
    expect_problem(&r, 0, "community_id 99999999999");
}

/* Class 2: GET /api/v1/%FF%FE answered a problem body holding the raw bytes. */
static void test_invalid_utf8_is_refused_and_never_echoed(void **state)
{
    (void)state;
    char before[512], after[512];
    fingerprint(before, sizeof(before));
    struct http_result r;
    call("GET", "/api/v1/%FF%FE", NULL, NULL, 0, NULL, &r);
    expect_problem(&r, 400, "GET /api/v1/%FF%FE");
    call("GET", "/api/v1/cases?summary=%ED%A0%80", front_desk, NULL, 0, NULL, &r);
    expect_problem(&r, 400, "a surrogate in the query");
    call("GET", "/api/v1/me", front_desk, NULL, 0, "X-Request-Id: \xFF\xFE", &r);
    expect_problem(&r, 400, "X-Request-Id of raw bytes");
    char body[1024];
    post("/api/v1/cases", front_desk, intake_body(body, sizeof(body), community_id, NULL),
         "Idempotency-Key: key-\xC0\xAF", &r);
    expect_problem(&r, 400, "Idempotency-Key not UTF-8");
    intake_body(body, sizeof(body), community_id, ",\"claims\":\"\xFF\xFE\"");
    post("/api/v1/cases", front_desk, body, NULL, &r);
    expect_problem(&r, 400, "a JSON string of raw bytes");
    intake_body(body, sizeof(body), community_id, ",\"claims\":\"cut\\u0000here\"");
    post("/api/v1/cases", front_desk, body, NULL, &r);
    expect_problem(&r, 400, "a JSON string holding \\u0000");
    /* %00 is never decoded: it cannot cut a value short */
    call("GET", "/api/v1/cases?received_from=2026-01-01%00junk", front_desk, NULL, 0, NULL, &r);
    expect_problem(&r, 422, "a date followed by %00");
    fingerprint(after, sizeof(after));
    assert_string_equal(before, after);
}

/* Class 3: with a path longer than the hash's buffer, the same Idempotency-Key replayed the first
 * case's answer for the second case. */
static void test_idempotency_key_covers_the_whole_request(void **state)
{
    (void)state;
    long first = new_case(front_desk, community_id, NULL);
    long second = new_case(front_desk, community_id, NULL);
    size_t zeros = 5000;
    char *path = malloc(zeros + 128);
    assert_non_null(path);
    struct http_result r;
    /* over the documented limit: 414, nothing done */
    snprintf(path, zeros + 128, "/api/v1/cases/%0*ld/accept", (int)zeros, first);
    post(path, front_desk, "{}", "Idempotency-Key: long-path-1", &r);
    expect_problem(&r, 414, "a 5000-byte path");
    snprintf(path, zeros + 128, "/api/v1/cases/%0*ld/accept", (int)zeros, second);
    post(path, front_desk, "{}", "Idempotency-Key: long-path-1", &r);
    expect_problem(&r, 414, "the same key on another 5000-byte path");
    /* under it: the key is bound to the whole path, so the second case is refused, not replayed */
    zeros = 1900;
    snprintf(path, zeros + 128, "/api/v1/cases/%0*ld/accept", (int)zeros, first);
    assert_int_equal(200, post(path, front_desk, "{}", "Idempotency-Key: long-path-2", &r));
    assert_int_equal(first, (long)cJSON_GetObjectItem(r.json, "id")->valuedouble);
    http_result_cleanup(&r);
    snprintf(path, zeros + 128, "/api/v1/cases/%0*ld/accept", (int)zeros, second);
    post(path, front_desk, "{}", "Idempotency-Key: long-path-2", &r);
    expect_problem(&r, 422, "the same key on another case");
    free(path);
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM cases WHERE id = %ld AND status = 'received'",
             second);
    assert_int_equal(1, sql_long(sql));
    case_id = first;
    other_case_id = second;
}

/* Class 6: a duplicated key could be read one way by the handler and stored the other way. */
static void test_duplicate_keys_are_refused_at_every_depth(void **state)
{
    (void)state;
    char before[512], after[512];
    fingerprint(before, sizeof(before));
    char body[1024];
    struct http_result r;
    intake_body(body, sizeof(body), community_id, ",\"risk_level\":\"red\"");
    post("/api/v1/cases", front_desk, body, NULL, &r);
    expect_problem(&r, 400, "risk_level twice");
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"neighbor\",\"source\":\"party_application\",\"community_id\":%ld,"
             "\"summary\":\"s\",\"occurred_on\":\"2026-11-20\",\"risk_level\":\"none\","
             "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"张三\","
             "\"name\":\"王五\"}]}",
             community_id);
    post("/api/v1/cases", front_desk, body, NULL, &r);
    expect_problem(&r, 400, "a party's name twice");
    post("/api/v1/communities", h.admin_key,
         "{\"code\":\"a1\",\"name\":\"甲\",\"street\":\"乙\",\"code\":\"a2\"}", NULL, &r);
    expect_problem(&r, 400, "a community's code twice");
    fingerprint(after, sizeof(after));
    assert_string_equal(before, after);
}

/* Class 6: the client's X-Request-Id went into the audit trail as the request id, unchecked. */
static void test_audit_keeps_the_servers_id_and_the_clients_beside_it(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(201, post("/api/v1/communities", h.admin_key,
                               "{\"code\":\"rq\",\"name\":\"审计社区\",\"street\":\"街道\"}",
                               "X-Request-Id: trace-7.client_id", &r));
    char id[96], client[96], sql[256], stored[160];
    http_header(&r, "X-Request-Id", id, sizeof(id));
    assert_string_equal("trace-7.client_id", http_header(&r, "X-Client-Request-Id", client, 96));
    http_result_cleanup(&r);
    assert_int_equal(24, strlen(id));
    snprintf(sql, sizeof(sql),
             "SELECT request_id || ' ' || coalesce(client_request_id, '-') FROM audit_events "
             "WHERE action = 'community.create' ORDER BY id DESC LIMIT 1");
    assert_int_equal(0, harness_sql(&h, sql, stored, sizeof(stored)));
    char want[160];
    snprintf(want, sizeof(want), "%s trace-7.client_id", id);
    assert_string_equal(want, stored);
    /* a case action: the same in the case's trail; a bad client id is ignored, not stored */
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/decline", other_case_id);
    assert_int_equal(200, post(path, front_desk, "{\"reason\":\"不属于受理范围\"}",
                               "X-Request-Id: has spaces", &r));
    http_header(&r, "X-Request-Id", id, sizeof(id));
    http_result_cleanup(&r);
    snprintf(sql, sizeof(sql),
             "SELECT request_id || ' ' || coalesce(client_request_id, '-') FROM case_events "
             "WHERE case_id = %ld ORDER BY id DESC LIMIT 1",
             other_case_id);
    assert_int_equal(0, harness_sql(&h, sql, stored, sizeof(stored)));
    snprintf(want, sizeof(want), "%s -", id);
    assert_string_equal(want, stored);
    /* an intake with a client id (which takes the transaction path): its trail answers both */
    char body[1024];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"neighbor\",\"source\":\"party_application\","
             "\"community_id\":%ld,\"summary\":\"追踪\",\"parties\":[{\"role\":\"applicant\","
             "\"kind\":\"person\",\"name\":\"赵六\"}]}",
             community_id);
    assert_int_equal(201, post("/api/v1/cases", front_desk, body, "X-Request-Id: intake-9", &r));
    http_header(&r, "X-Request-Id", id, sizeof(id));
    long new_id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/events", new_id);
    assert_int_equal(200, call("GET", path, front_desk, NULL, 0, NULL, &r));
    cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
    assert_non_null(first);
    assert_string_equal("intake", cJSON_GetObjectItem(first, "action")->valuestring);
    assert_string_equal(id, cJSON_GetObjectItem(first, "request_id")->valuestring);
    assert_string_equal("intake-9", cJSON_GetObjectItem(first, "client_request_id")->valuestring);
    http_result_cleanup(&r);
}

/* Class 8: CSV cells were cut at 63 bytes and formulas went out as they were. */
static void test_csv_cells_are_whole_and_neutralised(void **state)
{
    (void)state;
    const char *organization = "魏都区人民调解委员会丁庄街道幸福社区分会第三调解工作室（夜间值班）";
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO mediators (center_id, name, organization, channel, specialties) "
             "SELECT id, '=HYPERLINK(\"http://x\",\"y\")', '%s', 'people', '{neighbor}' "
             "FROM centers WHERE code = 'WD'",
             organization);
    assert_int_equal(0, harness_sql(&h, sql, NULL, 0));
    struct http_result r;
    assert_int_equal(200, call("GET",
                               "/api/v1/reports/mediators?from=2026-01-01&to=2026-12-31"
                               "&format=csv",
                               supervisor, NULL, 0, NULL, &r));
    assert_true(strlen(organization) > 63);
    if (!strstr(r.body, organization))
        fail_msg("the organization is cut: %s", r.body);
    if (!strstr(r.body, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
        fail_msg("the formula is not neutralised: %s", r.body);
    assert_true(utf8_ok((const unsigned char *)r.body, r.body_len));
    http_result_cleanup(&r);
}

/* Class 8: snapshot params were checked by name only; now exactly as the GET's query. */
static void test_snapshot_params_are_checked_like_the_query(void **state)
{
    (void)state;
    char before[512], after[512];
    fingerprint(before, sizeof(before));
    static const char *const bodies[] = {
        "{\"report\":\"summary\",\"params\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\","
        "\"community_id\":[1,2]}}",
        "{\"report\":\"summary\",\"params\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\","
        "\"risk_level\":{\"$ne\":null}}}",
        "{\"report\":\"summary\",\"params\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\","
        "\"center\":\"WDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWD"
        "WDWDWDWDWDWDWDWDWDWDWDWD\"}}",
        "{\"report\":\"summary\",\"params\":{\"from\":\"0000-01-01\",\"to\":\"2026-01-31\"}}",
        "{\"report\":\"summary\",\"params\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\","
        "\"source\":true}}",
        "{\"report\":\"breakdown\",\"params\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\","
        "\"by\":null}}",
    };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        struct http_result r;
        post("/api/v1/reports/snapshots", supervisor, bodies[i], NULL, &r);
        char what[32];
        snprintf(what, sizeof(what), "snapshot body %zu", i);
        expect_problem(&r, 422, what);
    }
    /* the same long value in the GET's query is refused by the same check */
    struct http_result r;
    call("GET",
         "/api/v1/reports/summary?from=2026-01-01&to=2026-01-31&center="
         "WDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWDWD"
         "WDWDWDWDWDWD",
         supervisor, NULL, 0, NULL, &r);
    expect_problem(&r, 422, "a long center in the query");
    call("GET", "/api/v1/reports/summary?from=2026-01-01&to=2026-01-31&from=2026-01-02", supervisor,
         NULL, 0, NULL, &r);
    expect_problem(&r, 422, "from given twice");
    fingerprint(after, sizeof(after));
    assert_string_equal(before, after);
}

/* Class 8: a reference pushed to one center answered 409 in another, telling it the reference
 * exists there. */
static void test_external_references_are_per_center(void **state)
{
    (void)state;
    const char *ref = ",\"external_ref\":{\"system\":\"hotline-12345\",\"id\":\"GD-SHARED-1\"}";
    long here = new_case(front_desk, community_id, ref);
    long there = new_case(other_front_desk, other_community_id, ref);
    assert_true(here != there);
    /* a repeated push in either center is still one case there */
    char body[1024];
    struct http_result r;
    assert_int_equal(200, post("/api/v1/cases", other_front_desk,
                               intake_body(body, sizeof(body), other_community_id, ref), NULL, &r));
    assert_int_equal(there, (long)cJSON_GetObjectItem(r.json, "id")->valuedouble);
    http_result_cleanup(&r);
}

/* The hostile sweep: every route, four ways refused before routing (path and query not UTF-8, a
 * header of raw bytes, an over-long target), and every route that takes a body given three bad
 * bodies; plus a tail of examples that reach the handlers. */
struct route {
    const char *method;
    const char *path; /* %ld: an id of the family */
    int body;         /* 1: POST, PUT or PATCH */
};

static void test_hostile_sweep_writes_nothing(void **state)
{
    (void)state;
    static const struct route routes[] = {
        {"GET", "/healthz", 0},
        {"GET", "/readyz", 0},
        {"GET", "/metrics", 0},
        {"GET", "/api/v1/openapi.yaml", 0},
        {"POST", "/api/v1/auth/login", 1},
        {"POST", "/api/v1/auth/logout", 1},
        {"GET", "/api/v1/me", 0},
        {"GET", "/api/v1/centers", 0},
        {"POST", "/api/v1/centers", 1},
        {"GET", "/api/v1/communities", 0},
        {"POST", "/api/v1/communities", 1},
        {"GET", "/api/v1/communities/%ld", 0},
        {"GET", "/api/v1/mediators", 0},
        {"POST", "/api/v1/mediators", 1},
        {"GET", "/api/v1/mediators/%ld", 0},
        {"PATCH", "/api/v1/mediators/%ld", 1},
        {"GET", "/api/v1/mediators/%ld/workload", 0},
        {"GET", "/api/v1/cases/%ld/mediator-suggestions", 0},
        {"GET", "/api/v1/deadline-policies", 0},
        {"PUT", "/api/v1/deadline-policies", 1},
        {"POST", "/api/v1/cases", 1},
        {"GET", "/api/v1/cases", 0},
        {"GET", "/api/v1/cases/%ld", 0},
        {"PATCH", "/api/v1/cases/%ld", 1},
        {"POST", "/api/v1/cases/%ld/accept", 1},
        {"POST", "/api/v1/cases/%ld/decline", 1},
        {"POST", "/api/v1/cases/%ld/assign", 1},
        {"GET", "/api/v1/cases/%ld/sessions", 0},
        {"POST", "/api/v1/cases/%ld/sessions", 1},
        {"POST", "/api/v1/cases/%ld/deadline", 1},
        {"POST", "/api/v1/cases/%ld/close", 1},
        {"POST", "/api/v1/cases/%ld/follow-up", 1},
        {"GET", "/api/v1/cases/%ld/events", 0},
        {"POST", "/api/v1/cases/%ld/unmask", 1},
        {"GET", "/api/v1/reports/summary", 0},
        {"GET", "/api/v1/reports/breakdown", 0},
        {"GET", "/api/v1/reports/overdue", 0},
        {"GET", "/api/v1/reports/mediators", 0},
        {"GET", "/api/v1/reports/snapshots", 0},
        {"POST", "/api/v1/reports/snapshots", 1},
        {"GET", "/api/v1/reports/snapshots/WD-R-2026-000001", 0},
        {"GET", "/api/v1/users", 0},
        {"POST", "/api/v1/users", 1},
        {"GET", "/api/v1/users/%ld", 0},
        {"PATCH", "/api/v1/users/%ld", 1},
        {"GET", "/api/v1/api-keys", 0},
        {"POST", "/api/v1/api-keys", 1},
        {"DELETE", "/api/v1/api-keys/%ld", 0},
    };
    static const char *const bad_bodies[] = {
        "{\"name\":\"x\",\"name\":\"y\"}",
        "{\"name\":\"\xFF\xFE\"}",
        "{\"a\":{\"b\":[{\"c\":1,\"c\":2}]}}",
    };
    char before[512], after[512];
    fingerprint(before, sizeof(before));
    const char *pad =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    char *long_query = malloc(2200);
    assert_non_null(long_query);
    long_query[0] = '\0';
    while (strlen(long_query) < 2100)
        strcat(long_query, pad);
    size_t sent = 0;
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        const struct route *rt = &routes[i];
        char path[256];
        snprintf(path, sizeof(path), rt->path, case_id);
        char *target = malloc(strlen(path) + 2300);
        assert_non_null(target);
        const char *body = rt->body ? "{}" : NULL;
        size_t body_len = rt->body ? 2 : 0;
        struct http_result r;
        char what[320];

        snprintf(target, strlen(path) + 2300, "%s%%FF%%FE", path);
        call(rt->method, target, h.admin_key, body, body_len, NULL, &r);
        snprintf(what, sizeof(what), "%s %s", rt->method, target);
        expect_problem(&r, 400, what);

        snprintf(target, strlen(path) + 2300, "%s?q=%%C0%%AF", path);
        call(rt->method, target, h.admin_key, body, body_len, NULL, &r);
        snprintf(what, sizeof(what), "%s %s", rt->method, target);
        expect_problem(&r, 400, what);

        call(rt->method, path, h.admin_key, body, body_len, "X-Note: \xE4\xB8", &r);
        snprintf(what, sizeof(what), "%s %s with a header cut inside a character", rt->method,
                 path);
        expect_problem(&r, 400, what);

        snprintf(target, strlen(path) + 2300, "%s?pad=%s", path, long_query);
        call(rt->method, target, h.admin_key, body, body_len, NULL, &r);
        snprintf(what, sizeof(what), "%s %s?pad=… (over 2048 bytes)", rt->method, path);
        expect_problem(&r, 414, what);
        sent += 4;

        for (size_t b = 0; rt->body && b < sizeof(bad_bodies) / sizeof(bad_bodies[0]); b++) {
            call(rt->method, path, h.admin_key, bad_bodies[b], strlen(bad_bodies[b]), NULL, &r);
            snprintf(what, sizeof(what), "%s %s with bad body %zu", rt->method, path, b);
            /* 400, or 401/403 where the admin key may not use the route (checked first) */
            expect_problem(&r, 0, what);
            sent++;
        }
        free(target);
    }
    free(long_query);

    /* examples that reach the handlers: each refused in the server's words */
    static const struct {
        const char *method, *path, *body;
        long status;
    } tail[] = {
        {"GET", "/api/v1/%FF%FE", NULL, 400},
        {"GET", "/api/v1/cases?received_from=0000-01-01", NULL, 422},
        {"GET", "/api/v1/cases?received_from=1899-12-31", NULL, 422},
        {"GET", "/api/v1/cases?limit=99999999999999999999", NULL, 422},
        {"GET", "/api/v1/cases?cursor=%27%3B%20DROP%20TABLE%20cases%3B--", NULL, 400},
        {"GET", "/api/v1/cases/1%00", NULL, 404},
        {"GET", "/api/v1/cases/-1", NULL, 404},
        {"GET", "/api/v1/communities/99999999999999999999", NULL, 404},
        {"GET", "/api/v1/reports/summary?from=2026-01-01&to=2200-01-01", NULL, 422},
        {"GET", "/api/v1/reports/breakdown?from=2026-01-01&to=2026-01-31&by=community,community",
         NULL, 422},
        {"GET", "/api/v1/reports/overdue?within_days=-1", NULL, 422},
        {"GET", "/api/v1/reports/summary?from=2026-01-01&to=2026-01-31&community_id=1e3", NULL,
         422},
        {"POST", "/api/v1/communities", "{\"code\":\"坏 code!\",\"name\":\"甲\",\"street\":\"乙\"}",
         422},
        {"POST", "/api/v1/communities", "{\"code\":\"ok1\",\"name\":\"\",\"street\":\"乙\"}", 422},
        {"POST", "/api/v1/centers", "{\"code\":\"WD\",\"name\":\"重复\",\"time_zone\":\"UTC\"}", 0},
        {"POST", "/api/v1/users",
         "{\"username\":\"u\\u0000x\",\"display_name\":\"x\",\"role\":\"admin\","
         "\"password\":\"correct horse battery\"}",
         400},
        {"POST", "/api/v1/api-keys",
         "{\"name\":\"k\",\"role\":\"admin\",\"expires_at\":\"0000-01-01T00:00:00Z\"}", 422},
        {"POST", "/api/v1/api-keys",
         "{\"name\":\"k\",\"role\":\"admin\",\"expires_at\":\"2200-01-01T00:00:00Z\"}", 422},
        {"PUT", "/api/v1/deadline-policies", "{\"items\":[{\"x\":1,\"x\":2}]}", 400},
        {"POST", "/api/v1/auth/login", "{\"username\":\"a\",\"username\":\"b\",\"password\":\"p\"}",
         400},
        {"POST", "/api/v1/reports/snapshots",
         "{\"report\":\"summary\",\"params\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\","
         "\"junk\":1}}",
         0},
        {"DELETE", "/api/v1/api-keys/0", NULL, 404},
    };
    for (size_t i = 0; i < sizeof(tail) / sizeof(tail[0]); i++) {
        struct http_result r;
        call(tail[i].method, tail[i].path, h.admin_key, tail[i].body,
             tail[i].body ? strlen(tail[i].body) : 0, NULL, &r);
        char what[320];
        snprintf(what, sizeof(what), "%s %s", tail[i].method, tail[i].path);
        expect_problem(&r, tail[i].status, what);
        sent++;
    }
    printf("hostile sweep: %zu requests over %zu routes, each refused with a clean problem\n", sent,
           sizeof(routes) / sizeof(routes[0]));
    assert_true(sent >= 150);
    assert_true(harness_server_alive(&h));
    struct http_result r;
    assert_int_equal(200, call("GET", "/healthz", NULL, NULL, 0, NULL, &r));
    http_result_cleanup(&r);
    fingerprint(after, sizeof(after));
    assert_string_equal(before, after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_zero_is_refused_in_the_servers_words),
        cmocka_unit_test(test_invalid_utf8_is_refused_and_never_echoed),
        cmocka_unit_test(test_idempotency_key_covers_the_whole_request),
        cmocka_unit_test(test_duplicate_keys_are_refused_at_every_depth),
        cmocka_unit_test(test_audit_keeps_the_servers_id_and_the_clients_beside_it),
        cmocka_unit_test(test_csv_cells_are_whole_and_neutralised),
        cmocka_unit_test(test_snapshot_params_are_checked_like_the_query),
        cmocka_unit_test(test_external_references_are_per_center),
        cmocka_unit_test(test_hostile_sweep_writes_nothing),
    };
    return cmocka_run_group_tests_name("integration_hostile", tests, setup, teardown);
}
