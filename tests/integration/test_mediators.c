/* Mediators and deadline policies over real HTTP: create, list (filters, keyset pages), read and
 * edit with If-Match, audit events, other centers answering 404, linking user accounts, workload
 * figures, the ranking of suggestions for a case, Idempotency-Key replays, and the deadline policy
 * with its risk-order rule. Cases are set up with plain SQL (the status trigger allows inserting
 * only 'received' and legal transitions by UPDATE). Over 600 lines: one fixture (a center with
 * users, cases and policies) serves every test. */
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
static char city_admin[128];

#define PASSWORD "correct horse battery"

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "mediators") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "admin", NULL, city_admin) != 0)
        return -1;
    return harness_start_server(&h, NULL);
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* A request with a key, an optional JSON body and optional extra headers ("Name: value", up to
 * three, NULL-terminated); returns the status. out (when not NULL) receives the result, which
 * the caller cleans up. */
static long call(const char *method, const char *path, const char *key, const char *body,
                 const char *const *extra, struct http_result *out)
{
    char auth[160];
    const char *headers[6] = {"Content-Type: application/json", bearer(key, auth)};
    for (size_t i = 0; extra && extra[i] && i < 3; i++)
        headers[2 + i] = extra[i];
    struct http_result r;
    assert_int_equal(0, http_call(&h, method, path, headers, body, body ? strlen(body) : 0, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

static long req(const char *method, const char *path, const char *key, const char *body,
                struct http_result *out)
{
    return call(method, path, key, body, NULL, out);
}

static long json_long(const cJSON *o, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(m))
        fail_msg("%s is not a number", name);
    return (long)m->valuedouble;
}

static const char *json_str(const cJSON *o, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(m))
        fail_msg("%s is not a string", name);
    return m->valuestring;
}

/* The first field of a 422's errors[]. */
static const char *first_error_field(const struct http_result *r)
{
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(r->json, "errors");
    const cJSON *first = cJSON_GetArrayItem(errors, 0);
    return first ? json_str(first, "field") : "";
}

/* Creates a mediator with the given JSON body as the WD admin (or key); returns its id (0 when
 * the answer was not 201) and the status through *status. */
static long create_mediator_as(const char *key, const char *body, long *status)
{
    struct http_result r;
    long s = req("POST", "/api/v1/mediators", key, body, &r);
    long id = s == 201 ? json_long(r.json, "id") : 0;
    if (status)
        *status = s;
    else if (s != 201)
        fail_msg("creating a mediator answered %ld: %s", s, r.body);
    http_result_cleanup(&r);
    return id;
}

static long create_mediator(const char *body)
{
    return create_mediator_as(h.admin_key, body, NULL);
}

/* PATCHes a mediator with If-Match "<id>-<version>" (version 0: no If-Match). */
static long patch_mediator(long id, int version, const char *body, struct http_result *out)
{
    char path[64], if_match[64];
    snprintf(path, sizeof(path), "/api/v1/mediators/%ld", id);
    snprintf(if_match, sizeof(if_match), "If-Match: \"%ld-%d\"", id, version);
    const char *extra[] = {version ? if_match : NULL, NULL};
    return call("PATCH", path, h.admin_key, body, extra, out);
}

static void sql(const char *text, char *out, size_t size)
{
    if (harness_sql(&h, text, out, size) != 0)
        fail_msg("SQL failed: %s", text);
}

static long sql_long(const char *text)
{
    char value[64];
    sql(text, value, sizeof(value));
    return strtol(value, NULL, 10);
}

static void test_create_get_and_validation(void **state)
{
    (void)state;
    struct http_result r;
    const char *body = "{\"name\":\"王芳\",\"organization\":\"魏都区人民调解委员会\","
                       "\"channel\":\"people\",\"specialties\":[\"neighbor\",\"marriage_family\"]}";
    assert_int_equal(201, req("POST", "/api/v1/mediators", h.admin_key, body, &r));
    long id = json_long(r.json, "id");
    char header[128], expected[128];
    snprintf(expected, sizeof(expected), "/api/v1/mediators/%ld", id);
    assert_string_equal(expected, http_header(&r, "Location", header, sizeof(header)));
    snprintf(expected, sizeof(expected), "\"%ld-1\"", id);
    assert_string_equal(expected, http_header(&r, "ETag", header, sizeof(header)));
    assert_string_equal("WD", json_str(r.json, "center"));
    assert_string_equal("王芳", json_str(r.json, "name"));
    assert_string_equal("魏都区人民调解委员会", json_str(r.json, "organization"));
    assert_string_equal("people", json_str(r.json, "channel"));
    const cJSON *specialties = cJSON_GetObjectItem(r.json, "specialties");
    assert_int_equal(2, cJSON_GetArraySize(specialties));
    assert_string_equal("neighbor", cJSON_GetArrayItem(specialties, 0)->valuestring);
    assert_int_equal(20, json_long(r.json, "max_open_cases"));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "active")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "user_id")));
    assert_int_equal(1, json_long(r.json, "version"));
    assert_non_null(strchr(json_str(r.json, "created_at"), 'T'));
    http_result_cleanup(&r);

    /* read back, with its ETag */
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/mediators/%ld", id);
    assert_int_equal(200, req("GET", path, h.admin_key, NULL, &r));
    assert_string_equal(expected, http_header(&r, "ETag", header, sizeof(header)));
    assert_string_equal("王芳", json_str(r.json, "name"));
    http_result_cleanup(&r);
    assert_int_equal(404, req("GET", "/api/v1/mediators/999999", h.admin_key, NULL, NULL));
    assert_int_equal(404, req("GET", "/api/v1/mediators/abc", h.admin_key, NULL, NULL));

    /* the audit event, in the same transaction */
    char audit[256], q[256];
    snprintf(q, sizeof(q),
             "SELECT after->>'name' || ' ' || (after->'specialties')::text FROM audit_events "
             "WHERE action = 'mediator.create' AND entity_id = %ld",
             id);
    sql(q, audit, sizeof(audit));
    assert_string_equal("王芳 [\"neighbor\", \"marriage_family\"]", audit);

    /* invalid bodies: each a 422 naming the field */
    static const struct {
        const char *body, *field;
    } invalid[] = {
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":[],"
         "\"rank\":1}",
         "rank"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"court\",\"specialties\":[]}",
         "channel"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"specialties\":[]}", "channel"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\"}", "specialties"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":"
         "[\"neighbor\",\"neighbor\"]}",
         "specialties"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":"
         "[\"gossip\"]}",
         "specialties"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":\"labor\"}",
         "specialties"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":[],"
         "\"max_open_cases\":0}",
         "max_open_cases"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":[],"
         "\"max_open_cases\":1001}",
         "max_open_cases"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":[],"
         "\"max_open_cases\":2.5}",
         "max_open_cases"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":[],"
         "\"active\":\"yes\"}",
         "active"},
        {"{\"name\":\"\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":[]}",
         "name"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":[],"
         "\"user_id\":\"7\"}",
         "user_id"},
        {"{\"name\":\"x\",\"organization\":\"y\",\"channel\":\"people\",\"specialties\":[],"
         "\"center\":\"XC\"}",
         "center"},
    };
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        assert_int_equal(422, req("POST", "/api/v1/mediators", h.admin_key, invalid[i].body, &r));
        if (strcmp(first_error_field(&r), invalid[i].field) != 0)
            fail_msg("%s: first error on %s, expected %s", invalid[i].body, first_error_field(&r),
                     invalid[i].field);
        http_result_cleanup(&r);
    }
    assert_int_equal(400, req("POST", "/api/v1/mediators", h.admin_key, "{\"name\":", NULL));
    /* defaults, and the bounds */
    assert_int_equal(201, req("POST", "/api/v1/mediators", h.admin_key,
                              "{\"name\":\"李强\",\"organization\":\"x\",\"channel\":\"judicial\","
                              "\"specialties\":[],\"max_open_cases\":1000,\"active\":false}",
                              &r));
    assert_int_equal(1000, json_long(r.json, "max_open_cases"));
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "active")));
    assert_int_equal(0, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "specialties")));
    http_result_cleanup(&r);
}

static void test_list_filters_and_pages(void **state)
{
    (void)state;
    long a = create_mediator("{\"name\":\"张调解\",\"organization\":\"劳动仲裁院\",\"channel\":"
                             "\"administrative\",\"specialties\":[\"labor\"]}");
    long b = create_mediator("{\"name\":\"Zhang Ming\",\"organization\":\"consumer council\","
                             "\"channel\":\"industry\",\"specialties\":[\"consumer\",\"labor\"],"
                             "\"active\":false}");
    long c = create_mediator("{\"name\":\"赵张氏\",\"organization\":\"x\",\"channel\":\"people\","
                             "\"specialties\":[\"neighbor\"]}");
    struct http_result r;

    assert_int_equal(200, req("GET", "/api/v1/mediators?specialty=labor", h.admin_key, NULL, &r));
    cJSON *items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(2, cJSON_GetArraySize(items));
    assert_int_equal(a, json_long(cJSON_GetArrayItem(items, 0), "id"));
    assert_int_equal(b, json_long(cJSON_GetArrayItem(items, 1), "id"));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "next_cursor")));
    http_result_cleanup(&r);

    assert_int_equal(
        200, req("GET", "/api/v1/mediators?specialty=labor&active=true", h.admin_key, NULL, &r));
    items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(1, cJSON_GetArraySize(items));
    assert_int_equal(a, json_long(cJSON_GetArrayItem(items, 0), "id"));
    http_result_cleanup(&r);

    assert_int_equal(200, req("GET", "/api/v1/mediators?channel=industry", h.admin_key, NULL, &r));
    items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(1, cJSON_GetArraySize(items));
    assert_int_equal(b, json_long(cJSON_GetArrayItem(items, 0), "id"));
    http_result_cleanup(&r);

    /* q: a name substring, Chinese or Latin (case-insensitive) */
    assert_int_equal(200, req("GET", "/api/v1/mediators?q=%E5%BC%A0", h.admin_key, NULL, &r));
    items = cJSON_GetObjectItem(r.json, "items"); /* 张: 张调解 and 赵张氏 */
    assert_int_equal(2, cJSON_GetArraySize(items));
    assert_int_equal(a, json_long(cJSON_GetArrayItem(items, 0), "id"));
    assert_int_equal(c, json_long(cJSON_GetArrayItem(items, 1), "id"));
    http_result_cleanup(&r);
    assert_int_equal(200, req("GET", "/api/v1/mediators?q=zhang%20m", h.admin_key, NULL, &r));
    items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(1, cJSON_GetArraySize(items));
    assert_int_equal(b, json_long(cJSON_GetArrayItem(items, 0), "id"));
    http_result_cleanup(&r);

    /* pages of two: every mediator exactly once, in id order */
    long total = sql_long("SELECT count(*) FROM mediators");
    assert_true(total >= 5);
    long seen = 0, last = 0;
    char path[256] = "/api/v1/mediators?limit=2";
    for (int pages = 0; pages < 100; pages++) {
        assert_int_equal(200, req("GET", path, h.admin_key, NULL, &r));
        items = cJSON_GetObjectItem(r.json, "items");
        assert_true(cJSON_GetArraySize(items) <= 2);
        const cJSON *item;
        cJSON_ArrayForEach(item, items)
        {
            long id = json_long(item, "id");
            assert_true(id > last);
            last = id;
            seen++;
        }
        const cJSON *next = cJSON_GetObjectItem(r.json, "next_cursor");
        if (cJSON_IsNull(next)) {
            http_result_cleanup(&r);
            break;
        }
        snprintf(path, sizeof(path), "/api/v1/mediators?limit=2&cursor=%s", next->valuestring);
        http_result_cleanup(&r);
    }
    assert_int_equal(total, seen);

    /* bad filters */
    static const char *const bad[] = {
        "/api/v1/mediators?channel=court",    "/api/v1/mediators?active=yes",
        "/api/v1/mediators?specialty=gossip", "/api/v1/mediators?limit=101",
        "/api/v1/mediators?limit=0",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(422, req("GET", bad[i], h.admin_key, NULL, NULL));
    assert_int_equal(400, req("GET", "/api/v1/mediators?cursor=bm9wZQ", h.admin_key, NULL, NULL));
}

static void test_patch_needs_if_match_and_is_audited(void **state)
{
    (void)state;
    long id = create_mediator("{\"name\":\"陈静\",\"organization\":\"x\",\"channel\":\"people\","
                              "\"specialties\":[\"neighbor\"],\"max_open_cases\":5}");
    struct http_result r;
    const char *body = "{\"organization\":\"五一路街道调委会\",\"specialties\":[\"traffic\","
                       "\"damages\"],\"max_open_cases\":8,\"channel\":\"judicial\"}";
    assert_int_equal(428, patch_mediator(id, 0, body, NULL));
    assert_int_equal(412, patch_mediator(id, 2, body, NULL));
    /* an ETag of another resource */
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/mediators/%ld", id);
    const char *other[] = {"If-Match: \"1-1\"", NULL};
    if (id != 1)
        assert_int_equal(412, call("PATCH", path, h.admin_key, body, other, NULL));
    /* invalid changes are 422 before If-Match is looked at */
    assert_int_equal(422, patch_mediator(id, 0, "{\"center\":\"WD\"}", NULL));
    assert_int_equal(422, patch_mediator(id, 1, "{\"max_open_cases\":0}", NULL));
    assert_int_equal(422, patch_mediator(id, 1, "{\"name\":\"\"}", NULL));
    assert_int_equal(404, patch_mediator(999999, 1, body, NULL));

    assert_int_equal(200, patch_mediator(id, 1, body, &r));
    assert_int_equal(2, json_long(r.json, "version"));
    assert_string_equal("陈静", json_str(r.json, "name"));
    assert_string_equal("五一路街道调委会", json_str(r.json, "organization"));
    assert_string_equal("judicial", json_str(r.json, "channel"));
    assert_int_equal(8, json_long(r.json, "max_open_cases"));
    assert_int_equal(2, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "specialties")));
    char etag[64], expected[64];
    snprintf(expected, sizeof(expected), "\"%ld-2\"", id);
    assert_string_equal(expected, http_header(&r, "ETag", etag, sizeof(etag)));
    http_result_cleanup(&r);
    /* the old ETag is stale now */
    assert_int_equal(412, patch_mediator(id, 1, "{\"active\":false}", NULL));
    assert_int_equal(200, patch_mediator(id, 2, "{\"active\":false}", &r));
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "active")));
    assert_int_equal(3, json_long(r.json, "version"));
    http_result_cleanup(&r);

    char q[512], audit[256];
    snprintf(q, sizeof(q),
             "SELECT string_agg(concat_ws('|', before->>'organization', after->>'organization', "
             "before->>'max_open_cases', after->>'max_open_cases', before->>'active', "
             "after->>'active'), ';' ORDER BY id) FROM audit_events "
             "WHERE action = 'mediator.update' AND entity_id = %ld",
             id);
    sql(q, audit, sizeof(audit));
    assert_string_equal("x|五一路街道调委会|5|8|true|true;"
                        "五一路街道调委会|五一路街道调委会|8|8|true|false",
                        audit);
}

static void test_other_centers_answer_404(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(201, req("POST", "/api/v1/centers", city_admin,
                              "{\"code\":\"XC\",\"name\":\"许昌\"}", NULL));
    /* with two centers, a city-level admin must name one */
    long status;
    create_mediator_as(city_admin,
                       "{\"name\":\"x\",\"organization\":\"x\",\"channel\":\"people\","
                       "\"specialties\":[]}",
                       &status);
    assert_int_equal(422, status);
    long xc = create_mediator_as(city_admin,
                                 "{\"center\":\"XC\",\"name\":\"许昌调解员\",\"organization\":"
                                 "\"x\",\"channel\":\"people\",\"specialties\":[\"neighbor\"]}",
                                 &status);
    assert_int_equal(201, status);

    char path[96];
    snprintf(path, sizeof(path), "/api/v1/mediators/%ld", xc);
    assert_int_equal(200, req("GET", path, city_admin, NULL, &r));
    assert_string_equal("XC", json_str(r.json, "center"));
    http_result_cleanup(&r);
    assert_int_equal(404, req("GET", path, h.admin_key, NULL, NULL));
    assert_int_equal(404, patch_mediator(xc, 1, "{\"active\":false}", NULL));
    snprintf(path, sizeof(path), "/api/v1/mediators/%ld/workload", xc);
    assert_int_equal(404, req("GET", path, h.admin_key, NULL, NULL));
    assert_int_equal(200, req("GET", path, city_admin, NULL, NULL));

    /* lists: WD sees only WD; city-level sees all or names a center */
    assert_int_equal(200, req("GET", "/api/v1/mediators?limit=100", h.admin_key, NULL, &r));
    assert_null(strstr(r.body, "许昌调解员"));
    http_result_cleanup(&r);
    assert_int_equal(200, req("GET", "/api/v1/mediators?limit=100", city_admin, NULL, &r));
    assert_non_null(strstr(r.body, "许昌调解员"));
    http_result_cleanup(&r);
    assert_int_equal(200, req("GET", "/api/v1/mediators?center=XC", city_admin, NULL, &r));
    assert_int_equal(1, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
    assert_int_equal(422, req("GET", "/api/v1/mediators?center=XC", h.admin_key, NULL, NULL));
    assert_int_equal(200, req("GET", "/api/v1/mediators?center=WD", h.admin_key, NULL, NULL));
    assert_int_equal(422, req("GET", "/api/v1/mediators?center=NOPE", city_admin, NULL, NULL));
}

static long create_user(const char *key, const char *username, const char *role, const char *center)
{
    char body[512];
    snprintf(
        body, sizeof(body),
        "{\"username\":\"%s\",\"display_name\":\"%s\",\"role\":\"%s\",\"password\":\"%s\"%s%s%s}",
        username, username, role, PASSWORD, center ? ",\"center\":\"" : "", center ? center : "",
        center ? "\"" : "");
    struct http_result r;
    assert_int_equal(201, req("POST", "/api/v1/users", key, body, &r));
    long id = json_long(r.json, "id");
    http_result_cleanup(&r);
    return id;
}

static void test_user_linking_rules(void **state)
{
    (void)state;
    long med = create_user(h.admin_key, "med.one", "mediator", NULL);
    long desk = create_user(h.admin_key, "desk.one", "front_desk", NULL);
    long xc_med = create_user(city_admin, "xc.med", "mediator", "XC");
    char body[512];
    struct http_result r;

    snprintf(body, sizeof(body),
             "{\"name\":\"刘洋\",\"organization\":\"x\",\"channel\":\"people\",\"specialties\":[],"
             "\"user_id\":%ld}",
             med);
    assert_int_equal(201, req("POST", "/api/v1/mediators", h.admin_key, body, &r));
    long linked = json_long(r.json, "id");
    assert_int_equal(med, json_long(r.json, "user_id"));
    http_result_cleanup(&r);
    /* one mediator per user */
    assert_int_equal(409, req("POST", "/api/v1/mediators", h.admin_key, body, NULL));

    /* a user who is not a mediator, of another center, or nobody: 422 on user_id */
    const long wrong[] = {desk, xc_med, 999999};
    for (size_t i = 0; i < 3; i++) {
        snprintf(body, sizeof(body),
                 "{\"name\":\"x\",\"organization\":\"x\",\"channel\":\"people\","
                 "\"specialties\":[],\"user_id\":%ld}",
                 wrong[i]);
        assert_int_equal(422, req("POST", "/api/v1/mediators", h.admin_key, body, &r));
        assert_string_equal("user_id", first_error_field(&r));
        http_result_cleanup(&r);
    }

    /* PATCH: linking a taken user is 409; null unlinks; then another mediator may take it */
    long other = create_mediator("{\"name\":\"孙丽\",\"organization\":\"x\",\"channel\":\"people\","
                                 "\"specialties\":[]}");
    snprintf(body, sizeof(body), "{\"user_id\":%ld}", med);
    assert_int_equal(409, patch_mediator(other, 1, body, NULL));
    snprintf(body, sizeof(body), "{\"user_id\":%ld}", desk);
    assert_int_equal(422, patch_mediator(other, 1, body, NULL));
    /* relinking a mediator to its own user is fine */
    snprintf(body, sizeof(body), "{\"user_id\":%ld}", med);
    assert_int_equal(200, patch_mediator(linked, 1, body, NULL));
    assert_int_equal(200, patch_mediator(linked, 2, "{\"user_id\":null}", &r));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "user_id")));
    http_result_cleanup(&r);
    assert_int_equal(200, patch_mediator(other, 1, body, &r));
    assert_int_equal(med, json_long(r.json, "user_id"));
    http_result_cleanup(&r);
    /* a city-level admin links XC's mediator user to XC's mediator, not to WD's */
    char path[64], if_match[64];
    snprintf(path, sizeof(path), "/api/v1/mediators/%ld", linked);
    snprintf(if_match, sizeof(if_match), "If-Match: \"%ld-3\"", linked);
    snprintf(body, sizeof(body), "{\"user_id\":%ld}", xc_med);
    const char *extra[] = {if_match, NULL};
    assert_int_equal(422, call("PATCH", path, city_admin, body, extra, NULL));
}

static long wd_center(void)
{
    return sql_long("SELECT id FROM centers WHERE code = 'WD'");
}

static long community_of(const char *key, const char *center, const char *code)
{
    char body[256];
    snprintf(body, sizeof(body), "{%s%s%s\"code\":\"%s\",\"name\":\"社区 %s\",\"street\":\"街道\"}",
             center ? "\"center\":\"" : "", center ? center : "", center ? "\"," : "", code, code);
    struct http_result r;
    assert_int_equal(201, req("POST", "/api/v1/communities", key, body, &r));
    long id = json_long(r.json, "id");
    http_result_cleanup(&r);
    return id;
}

/* Inserts a case and walks it to status through the legal transitions: accepted (due in
 * due_days, may be negative), assigned to mediator, in_mediation, closed (closed_days_ago days
 * ago, outcome failed). paused pauses its clock. Returns the case id. */
static long make_case(long center, long community, const char *type, const char *status,
                      long mediator, int due_days, int closed_days_ago, int paused)
{
    static int seq;
    char q[1024], value[64];
    snprintf(q, sizeof(q),
             "INSERT INTO cases (center_id, case_no, dispute_type, source, community_id, summary) "
             "VALUES (%ld, 'T-2099-%06d', '%s', 'hotline', %ld, 'test case') RETURNING id",
             center, ++seq, type, community);
    sql(q, value, sizeof(value));
    long id = strtol(value, NULL, 10);
    static const char *const order[] = {"received", "accepted", "assigned", "in_mediation",
                                        "closed"};
    int target = 0;
    while (target < 5 && strcmp(order[target], status) != 0)
        target++;
    assert_true(target < 5);
    if (target >= 1) {
        snprintf(q, sizeof(q),
                 "UPDATE cases SET status = 'accepted', accepted_at = now(), "
                 "due_at = now() + make_interval(days => %d) WHERE id = %ld",
                 due_days, id);
        sql(q, NULL, 0);
    }
    if (target >= 2) {
        snprintf(q, sizeof(q),
                 "UPDATE cases SET status = 'assigned', mediator_id = %ld, assigned_at = now() "
                 "WHERE id = %ld",
                 mediator, id);
        sql(q, NULL, 0);
    }
    if (target >= 3) {
        snprintf(q, sizeof(q), "UPDATE cases SET status = 'in_mediation' WHERE id = %ld", id);
        sql(q, NULL, 0);
    }
    if (paused) {
        snprintf(q, sizeof(q), "UPDATE cases SET paused_at = now() WHERE id = %ld", id);
        sql(q, NULL, 0);
    }
    if (target >= 4) {
        snprintf(q, sizeof(q),
                 "UPDATE cases SET status = 'closed', outcome = 'failed', "
                 "closed_at = now() - make_interval(days => %d) WHERE id = %ld",
                 closed_days_ago, id);
        sql(q, NULL, 0);
    }
    return id;
}

static void test_workload(void **state)
{
    (void)state;
    long center = wd_center();
    long community = community_of(h.admin_key, NULL, "wl1");
    long m = create_mediator("{\"name\":\"周敏\",\"organization\":\"x\",\"channel\":\"people\","
                             "\"specialties\":[],\"max_open_cases\":3}");
    long other = create_mediator("{\"name\":\"吴刚\",\"organization\":\"x\",\"channel\":"
                                 "\"people\",\"specialties\":[]}");
    make_case(center, community, "neighbor", "assigned", m, 10, 0, 0);
    make_case(center, community, "neighbor", "in_mediation", m, -1, 0, 0);     /* overdue */
    make_case(center, community, "labor", "in_mediation", m, -2, 0, 1);        /* paused */
    make_case(center, community, "labor", "closed", m, -20, 5, 0);             /* recent */
    make_case(center, community, "labor", "closed", m, -60, 40, 0);            /* older */
    make_case(center, community, "neighbor", "in_mediation", other, -5, 0, 0); /* not m's */
    make_case(center, community, "neighbor", "received", 0, 0, 0, 0);

    char path[96];
    snprintf(path, sizeof(path), "/api/v1/mediators/%ld/workload", m);
    struct http_result r;
    assert_int_equal(200, req("GET", path, h.admin_key, NULL, &r));
    assert_int_equal(m, json_long(r.json, "mediator_id"));
    assert_int_equal(3, json_long(r.json, "open_cases"));
    assert_int_equal(3, json_long(r.json, "capacity"));
    assert_int_equal(1, json_long(r.json, "overdue"));
    assert_int_equal(1, json_long(r.json, "closed_last_30_days"));
    const cJSON *by = cJSON_GetObjectItem(r.json, "by_status");
    assert_int_equal(0, json_long(by, "received"));
    assert_int_equal(0, json_long(by, "accepted"));
    assert_int_equal(0, json_long(by, "declined"));
    assert_int_equal(1, json_long(by, "assigned"));
    assert_int_equal(2, json_long(by, "in_mediation"));
    assert_int_equal(2, json_long(by, "closed"));
    http_result_cleanup(&r);

    /* a mediator with no cases */
    long idle = create_mediator("{\"name\":\"郑洁\",\"organization\":\"x\",\"channel\":\"people\","
                                "\"specialties\":[]}");
    snprintf(path, sizeof(path), "/api/v1/mediators/%ld/workload", idle);
    assert_int_equal(200, req("GET", path, h.admin_key, NULL, &r));
    assert_int_equal(0, json_long(r.json, "open_cases"));
    assert_int_equal(20, json_long(r.json, "capacity"));
    assert_int_equal(0, json_long(cJSON_GetObjectItem(r.json, "by_status"), "closed"));
    http_result_cleanup(&r);
    assert_int_equal(404, req("GET", "/api/v1/mediators/999999/workload", h.admin_key, NULL, NULL));
}

/* The mediator ids of a suggestions answer, in order, into ids; returns how many. */
static int suggestion_ids(const char *path, const char *key, long *ids, int max,
                          struct http_result *keep)
{
    struct http_result r;
    assert_int_equal(200, req("GET", path, key, NULL, &r));
    int n = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(r.json, "items"))
    {
        if (n < max)
            ids[n] = json_long(item, "mediator_id");
        n++;
    }
    if (keep)
        *keep = r;
    else
        http_result_cleanup(&r);
    return n;
}

static void test_suggestions_ranking(void **state)
{
    (void)state;
    /* a center of its own, so that only these mediators compete */
    assert_int_equal(201, req("POST", "/api/v1/centers", city_admin,
                              "{\"code\":\"SG\",\"name\":\"suggestions\"}", NULL));
    long center = sql_long("SELECT id FROM centers WHERE code = 'SG'");
    long community = community_of(city_admin, "SG", "sg1");
    char body[512];
#define SG_MEDIATOR(var, name, channel, specialties, cap, active)                                  \
    snprintf(body, sizeof(body),                                                                   \
             "{\"center\":\"SG\",\"name\":\"%s\",\"organization\":\"org\",\"channel\":\"%s\","     \
             "\"specialties\":%s,\"max_open_cases\":%d,\"active\":%s}",                            \
             name, channel, specialties, cap, active);                                             \
    long var = create_mediator_as(city_admin, body, NULL)
    SG_MEDIATOR(m1, "m1", "people", "[\"neighbor\"]", 10, "true");
    SG_MEDIATOR(m2, "m2", "judicial", "[\"neighbor\",\"labor\"]", 10, "true");
    SG_MEDIATOR(m3, "m3", "people", "[\"labor\"]", 10, "true");
    SG_MEDIATOR(m4, "m4", "industry", "[\"neighbor\"]", 2, "true");
    SG_MEDIATOR(m5, "m5", "administrative", "[]", 10, "true");
    SG_MEDIATOR(m6, "m6", "people", "[\"neighbor\"]", 10, "false");
    SG_MEDIATOR(m7, "m7", "people", "[\"neighbor\"]", 10, "true");
#undef SG_MEDIATOR
    (void)m6;
    for (int i = 0; i < 5; i++) {
        make_case(center, community, "labor", "assigned", m2, 10, 0, 0);
        make_case(center, community, "labor", i % 2 ? "assigned" : "in_mediation", m7, 10, 0, 0);
    }
    make_case(center, community, "labor", "assigned", m4, 10, 0, 0);
    make_case(center, community, "labor", "in_mediation", m4, 10, 0, 0);
    make_case(center, community, "labor", "closed", m3, 10, 1, 0); /* closed: not open load */
    long kase = make_case(center, community, "neighbor", "received", 0, 0, 0, 0);

    char path[128];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/mediator-suggestions?limit=10", kase);
    long ids[10];
    struct http_result r;
    /* specialists with room (freer first, people's mediation on a tie), then the others with
     * room, then the full ones; the inactive one not at all */
    assert_int_equal(6, suggestion_ids(path, city_admin, ids, 10, &r));
    const long expected[] = {m1, m7, m2, m3, m5, m4};
    for (int i = 0; i < 6; i++)
        if (ids[i] != expected[i])
            fail_msg("suggestion %d is mediator %ld, expected %ld", i, ids[i], expected[i]);
    assert_int_equal(kase, json_long(r.json, "case_id"));
    assert_string_equal("neighbor", json_str(r.json, "dispute_type"));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "channel")));
    const cJSON *items = cJSON_GetObjectItem(r.json, "items");
    const cJSON *first = cJSON_GetArrayItem(items, 0);
    assert_string_equal("m1", json_str(first, "name"));
    assert_string_equal("org", json_str(first, "organization"));
    assert_string_equal("people", json_str(first, "channel"));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "specialty_match")));
    assert_int_equal(0, json_long(first, "open_cases"));
    assert_int_equal(10, json_long(first, "capacity"));
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(first, "at_capacity")));
    const cJSON *m2_item = cJSON_GetArrayItem(items, 2);
    assert_int_equal(5, json_long(m2_item, "open_cases"));
    const cJSON *last = cJSON_GetArrayItem(items, 5);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(last, "at_capacity")));
    assert_int_equal(2, json_long(last, "open_cases"));
    long previous = json_long(first, "score");
    const cJSON *item;
    cJSON_ArrayForEach(item, items)
    {
        assert_true(json_long(item, "score") <= previous);
        previous = json_long(item, "score");
    }
    http_result_cleanup(&r);

    /* the default limit is 5; limit narrows it */
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/mediator-suggestions", kase);
    assert_int_equal(5, suggestion_ids(path, city_admin, ids, 10, NULL));
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/mediator-suggestions?limit=2", kase);
    assert_int_equal(2, suggestion_ids(path, city_admin, ids, 10, NULL));
    assert_int_equal(m1, ids[0]);
    assert_int_equal(m7, ids[1]);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/mediator-suggestions?limit=0", kase);
    assert_int_equal(422, req("GET", path, city_admin, NULL, NULL));

    /* a case that already has a channel prefers it over people's mediation */
    char q[128];
    snprintf(q, sizeof(q), "UPDATE cases SET channel = 'judicial' WHERE id = %ld", kase);
    sql(q, NULL, 0);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/mediator-suggestions?limit=10", kase);
    assert_int_equal(6, suggestion_ids(path, city_admin, ids, 10, NULL));
    const long judicial[] = {m1, m2, m7, m3, m5, m4};
    for (int i = 0; i < 6; i++)
        if (ids[i] != judicial[i])
            fail_msg("with a judicial case, suggestion %d is %ld, expected %ld", i, ids[i],
                     judicial[i]);

    /* another center's case is not found; so is no case at all */
    assert_int_equal(404, req("GET", path, h.admin_key, NULL, NULL));
    assert_int_equal(
        404, req("GET", "/api/v1/cases/999999/mediator-suggestions", city_admin, NULL, NULL));
    /* a case in a center without active mediators: an empty list */
    assert_int_equal(201, req("POST", "/api/v1/centers", city_admin,
                              "{\"code\":\"EM\",\"name\":\"empty\"}", NULL));
    long empty = sql_long("SELECT id FROM centers WHERE code = 'EM'");
    long lone =
        make_case(empty, community_of(city_admin, "EM", "em1"), "neighbor", "received", 0, 0, 0, 0);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/mediator-suggestions", lone);
    assert_int_equal(0, suggestion_ids(path, city_admin, ids, 10, NULL));
}

static void test_idempotent_create(void **state)
{
    (void)state;
    const char *body = "{\"name\":\"幂等调解员\",\"organization\":\"x\",\"channel\":\"people\","
                       "\"specialties\":[\"other\"]}";
    const char *key[] = {"Idempotency-Key: 6a1f0c2e-mediator-create", NULL};
    struct http_result first, again;
    assert_int_equal(201, call("POST", "/api/v1/mediators", h.admin_key, body, key, &first));
    assert_int_equal(201, call("POST", "/api/v1/mediators", h.admin_key, body, key, &again));
    char a[128], b[128];
    assert_string_equal("true", http_header(&again, "Idempotent-Replayed", a, sizeof(a)));
    assert_string_equal("", http_header(&first, "Idempotent-Replayed", a, sizeof(a)));
    assert_string_equal(http_header(&first, "Location", a, sizeof(a)),
                        http_header(&again, "Location", b, sizeof(b)));
    assert_string_equal(http_header(&first, "ETag", a, sizeof(a)),
                        http_header(&again, "ETag", b, sizeof(b)));
    assert_string_equal(first.body, again.body);
    http_result_cleanup(&first);
    http_result_cleanup(&again);
    assert_int_equal(1, sql_long("SELECT count(*) FROM mediators WHERE name = '幂等调解员'"));
    assert_int_equal(1, sql_long("SELECT count(*) FROM audit_events a JOIN mediators m "
                                 "ON m.id = a.entity_id WHERE a.action = 'mediator.create' "
                                 "AND m.name = '幂等调解员'"));
    /* the same key with another body */
    const char *other = "{\"name\":\"另一位\",\"organization\":\"x\",\"channel\":\"people\","
                        "\"specialties\":[]}";
    struct http_result r;
    assert_int_equal(422, call("POST", "/api/v1/mediators", h.admin_key, other, key, &r));
    assert_string_equal("Idempotency-Key", first_error_field(&r));
    http_result_cleanup(&r);
    assert_int_equal(0, sql_long("SELECT count(*) FROM mediators WHERE name = '另一位'"));
}

/* PUTs a policy as key; returns the status, out as req. */
static long put_policy(const char *key, const char *body, struct http_result *out)
{
    return req("PUT", "/api/v1/deadline-policies", key, body, out);
}

static void test_deadline_policies(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(200, req("GET", "/api/v1/deadline-policies", h.admin_key, NULL, &r));
    assert_string_equal("WD", json_str(r.json, "center"));
    const cJSON *defaults = cJSON_GetObjectItem(r.json, "default_days_by_risk");
    assert_int_equal(30, json_long(defaults, "none"));
    assert_int_equal(20, json_long(defaults, "yellow"));
    assert_int_equal(10, json_long(defaults, "orange"));
    assert_int_equal(3, json_long(defaults, "red"));
    assert_int_equal(0, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);

    const char *policy =
        "{\"items\":[{\"dispute_type\":\"neighbor\",\"risk_level\":\"yellow\",\"days\":12},"
        "{\"dispute_type\":null,\"risk_level\":\"none\",\"days\":45},"
        "{\"dispute_type\":\"neighbor\",\"risk_level\":\"none\",\"days\":15,"
        "\"max_extension_days\":10},"
        "{\"risk_level\":\"red\",\"days\":2,\"max_extension_days\":0}]}";
    assert_int_equal(200, put_policy(h.admin_key, policy, &r));
    const char *expected = "[{\"dispute_type\":null,\"risk_level\":\"none\",\"days\":45,"
                           "\"max_extension_days\":30},"
                           "{\"dispute_type\":null,\"risk_level\":\"red\",\"days\":2,"
                           "\"max_extension_days\":0},"
                           "{\"dispute_type\":\"neighbor\",\"risk_level\":\"none\",\"days\":15,"
                           "\"max_extension_days\":10},"
                           "{\"dispute_type\":\"neighbor\",\"risk_level\":\"yellow\",\"days\":12,"
                           "\"max_extension_days\":30}]";
    char *items = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.json, "items"));
    assert_string_equal(expected, items);
    free(items);
    http_result_cleanup(&r);
    assert_int_equal(200, req("GET", "/api/v1/deadline-policies", h.admin_key, NULL, &r));
    items = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.json, "items"));
    assert_string_equal(expected, items);
    free(items);
    http_result_cleanup(&r);

    /* audited with before and after */
    char audit[128];
    sql("SELECT jsonb_array_length(before->'items') || '/' || jsonb_array_length(after->'items') "
        "FROM audit_events WHERE action = 'deadline_policy.replace' ORDER BY id DESC LIMIT 1",
        audit, sizeof(audit));
    assert_string_equal("0/4", audit);

    /* the risk order, ranges, duplicates, unknown fields: 422 naming the item */
    static const struct {
        const char *body, *field;
    } invalid[] = {
        {"{\"items\":[{\"risk_level\":\"red\",\"days\":15}]}", "items[0].days"},
        {"{\"items\":[{\"dispute_type\":\"labor\",\"risk_level\":\"orange\",\"days\":9},"
         "{\"dispute_type\":\"labor\",\"risk_level\":\"red\",\"days\":10}]}",
         "items[1].days"},
        {"{\"items\":[{\"risk_level\":\"none\",\"days\":0}]}", "items[0].days"},
        {"{\"items\":[{\"risk_level\":\"none\",\"days\":366}]}", "items[0].days"},
        {"{\"items\":[{\"risk_level\":\"none\",\"days\":30.5}]}", "items[0].days"},
        {"{\"items\":[{\"risk_level\":\"none\",\"days\":30,\"max_extension_days\":366}]}",
         "items[0].max_extension_days"},
        {"{\"items\":[{\"risk_level\":\"none\",\"days\":30},{\"risk_level\":\"none\","
         "\"days\":30}]}",
         "items[1]"},
        {"{\"items\":[{\"risk_level\":\"purple\",\"days\":30}]}", "items[0].risk_level"},
        {"{\"items\":[{\"days\":30}]}", "items[0].risk_level"},
        {"{\"items\":[{\"dispute_type\":\"gossip\",\"risk_level\":\"none\",\"days\":30}]}",
         "items[0].dispute_type"},
        {"{\"items\":[{\"risk_level\":\"none\",\"days\":30,\"note\":1}]}", "items[0].note"},
        {"{\"items\":[\"none\"]}", "items[0]"},
        {"{\"items\":{}}", "items"},
        {"{}", "items"},
        {"{\"items\":[],\"extra\":true}", "extra"},
        {"{\"items\":[],\"center\":\"XC\"}", "center"},
    };
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        assert_int_equal(422, put_policy(h.admin_key, invalid[i].body, &r));
        if (strcmp(first_error_field(&r), invalid[i].field) != 0)
            fail_msg("%s: first error on %s, expected %s", invalid[i].body, first_error_field(&r),
                     invalid[i].field);
        http_result_cleanup(&r);
    }
    /* nothing of that was stored */
    assert_int_equal(4, sql_long("SELECT count(*) FROM deadline_policies"));

    /* Idempotency-Key on PUT: a replay answers the same */
    const char *key[] = {"Idempotency-Key: policy-put-1", NULL};
    const char *smaller = "{\"items\":[{\"risk_level\":\"red\",\"days\":1}]}";
    struct http_result again;
    assert_int_equal(200, call("PUT", "/api/v1/deadline-policies", h.admin_key, smaller, key, &r));
    assert_int_equal(200,
                     call("PUT", "/api/v1/deadline-policies", h.admin_key, smaller, key, &again));
    char header[16];
    assert_string_equal("true", http_header(&again, "Idempotent-Replayed", header, sizeof(header)));
    assert_string_equal(r.body, again.body);
    http_result_cleanup(&r);
    http_result_cleanup(&again);
    assert_int_equal(1, sql_long("SELECT count(*) FROM deadline_policies"));

    /* a city-level admin names the center (there are several now); each center its own */
    assert_int_equal(422, req("GET", "/api/v1/deadline-policies", city_admin, NULL, NULL));
    assert_int_equal(200, req("GET", "/api/v1/deadline-policies?center=XC", city_admin, NULL, &r));
    assert_string_equal("XC", json_str(r.json, "center"));
    assert_int_equal(0, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
    assert_int_equal(200, put_policy(city_admin,
                                     "{\"center\":\"XC\",\"items\":[{\"dispute_type\":\"medical\","
                                     "\"risk_level\":\"none\",\"days\":60}]}",
                                     NULL));
    assert_int_equal(422,
                     req("GET", "/api/v1/deadline-policies?center=XC", h.admin_key, NULL, NULL));
    assert_int_equal(200, req("GET", "/api/v1/deadline-policies", h.admin_key, NULL, &r));
    assert_int_equal(1, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);

    /* an empty list goes back to the defaults */
    assert_int_equal(200, put_policy(h.admin_key, "{\"items\":[]}", &r));
    assert_int_equal(0, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
    assert_int_equal(1, sql_long("SELECT count(*) FROM deadline_policies"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_get_and_validation),
        cmocka_unit_test(test_list_filters_and_pages),
        cmocka_unit_test(test_patch_needs_if_match_and_is_audited),
        cmocka_unit_test(test_other_centers_answer_404),
        cmocka_unit_test(test_user_linking_rules),
        cmocka_unit_test(test_workload),
        cmocka_unit_test(test_suggestions_ranking),
        cmocka_unit_test(test_idempotent_create),
        cmocka_unit_test(test_deadline_policies),
    };
    return cmocka_run_group_tests_name("integration_mediators", tests, setup, teardown);
}
