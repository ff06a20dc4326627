/* The case lifecycle over real HTTP: intake → accept → assign → session → close → follow-up, each
 * outcome, every refused transition (409 naming the status), If-Match, races, idempotency,
 * external references, the audit trail, search, masking of personal data by who reads (and the
 * audit of every answer in clear), and what idempotency rows keep. Over 600 lines: one fixture
 * serves the whole lifecycle, test by test. */
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
static char front_desk[128], supervisor[128], integration[128];
static long community_id, mediator_id, other_mediator_id;
static char mediator_token[128], other_mediator_token[128];

#define PASSWORD "correct horse battery"
#define APPLICANT_ID "410102199001011234"

static long req(const char *method, const char *path, const char *key, const char *body,
                const char *extra_header, struct http_result *out)
{
    char auth[200];
    const char *headers[] = {"Content-Type: application/json", key ? bearer(key, auth) : NULL,
                             extra_header, NULL};
    if (!key)
        headers[1] = extra_header, headers[2] = NULL;
    struct http_result r;
    assert_int_equal(0, http_call(&h, method, path, headers, body, body ? strlen(body) : 0, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

static long json_id(const struct http_result *r)
{
    return (long)cJSON_GetObjectItem(r->json, "id")->valuedouble;
}

static const char *json_str(const struct http_result *r, const char *name)
{
    cJSON *v = cJSON_GetObjectItem(r->json, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A mediator account: a user with role mediator, linked to a mediators row; logs in. */
static long make_mediator(const char *username, char *token)
{
    char body[512], sql[512], out[32];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"%s\",\"role\":\"mediator\","
             "\"password\":\"" PASSWORD "\"}",
             username, username);
    struct http_result r;
    assert_int_equal(201, req("POST", "/api/v1/users", h.admin_key, body, NULL, &r));
    long user_id = json_id(&r);
    http_result_cleanup(&r);
    snprintf(sql, sizeof(sql),
             "INSERT INTO mediators (center_id, name, organization, channel, specialties, "
             "user_id) SELECT id, '%s', '人民调解委员会', 'people', '{neighbor}', %ld FROM "
             "centers WHERE code = 'WD' RETURNING id",
             username, user_id);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"" PASSWORD "\"}", username);
    assert_int_equal(200, req("POST", "/api/v1/auth/login", NULL, body, NULL, &r));
    snprintf(token, 128, "%s", json_str(&r, "token"));
    http_result_cleanup(&r);
    return atol(out);
}

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "cases") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    const char *integration_key[] = {
        "admin",   "create-key", "--role", "integration", "--name",
        "hotline", "--center",   "WD",     "--scopes",    "cases:read cases:write",
        NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_run(&h, integration, sizeof(integration), integration_key) != 0)
        return -1;
    if (harness_start_server(&h, NULL) != 0)
        return -1;
    struct http_result r;
    if (req("POST", "/api/v1/communities", h.admin_key,
            "{\"code\":\"xh\",\"name\":\"幸福社区\",\"street\":\"丁庄街道\"}", NULL, &r) != 201)
        return -1;
    community_id = json_id(&r);
    http_result_cleanup(&r);
    mediator_id = make_mediator("mediator.one", mediator_token);
    other_mediator_id = make_mediator("mediator.two", other_mediator_token);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* A valid intake body; extra is spliced in before the closing brace (e.g. ",\"risk_level\":…"). */
static const char *intake_body(char *out, size_t size, const char *summary, const char *extra)
{
    snprintf(out, size,
             "{\"dispute_type\":\"neighbor\",\"source\":\"party_application\","
             "\"community_id\":%ld,\"summary\":\"%s\",\"claims\":\"赔偿维修费 3000 元\","
             "\"occurred_on\":\"2026-11-20\",\"risk_level\":\"none\","
             "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"张三\","
             "\"id_number\":\"" APPLICANT_ID "\",\"phone\":\"13800000000\","
             "\"address\":\"魏都区幸福路12号院3号楼\"},"
             "{\"role\":\"respondent\",\"kind\":\"person\",\"name\":\"李四\","
             "\"phone\":\"13900000000\"}]%s}",
             community_id, summary, extra ? extra : "");
    return out;
}

static long intake(const char *summary, const char *extra, struct http_result *out)
{
    char body[2048];
    return req("POST", "/api/v1/cases", front_desk, intake_body(body, sizeof(body), summary, extra),
               NULL, out);
}

static long new_case(const char *summary)
{
    struct http_result r;
    assert_int_equal(201, intake(summary, NULL, &r));
    long id = json_id(&r);
    http_result_cleanup(&r);
    return id;
}

static long act(long id, const char *action, const char *key, const char *body,
                struct http_result *out)
{
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/%s", id, action);
    return req("POST", path, key, body, NULL, out);
}

static void assign_and_start(long id)
{
    char body[64];
    assert_int_equal(200, act(id, "accept", front_desk, "{}", NULL));
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator_id);
    assert_int_equal(200, act(id, "assign", supervisor, body, NULL));
    assert_int_equal(201, act(id, "sessions", mediator_token,
                              "{\"held_at\":\"2026-11-30T09:00:00+08:00\",\"kind\":\"in_person\","
                              "\"participants\":\"张三, 李四\",\"notes\":\"双方到场\"}",
                              NULL));
}

static void test_full_path_from_intake_to_follow_up(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(201, intake("楼上漏水导致楼下天花板受损，双方就维修费用发生争执。", NULL, &r));
    long id = json_id(&r);
    assert_string_equal("received", json_str(&r, "status"));
    assert_non_null(strstr(json_str(&r, "case_no"), "WD-20"));
    char loc[64], want[64];
    snprintf(want, sizeof(want), "/api/v1/cases/%ld", id);
    assert_string_equal(want, http_header(&r, "Location", loc, sizeof(loc)));
    http_result_cleanup(&r);

    assert_int_equal(200, act(id, "accept", front_desk, "{}", &r));
    assert_string_equal("accepted", json_str(&r, "status"));
    assert_non_null(json_str(&r, "due_at"));
    http_result_cleanup(&r);

    char body[128];
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator_id);
    assert_int_equal(200, act(id, "assign", supervisor, body, &r));
    assert_string_equal("assigned", json_str(&r, "status"));
    assert_string_equal("people", json_str(&r, "channel"));
    http_result_cleanup(&r);

    assert_int_equal(201, act(id, "sessions", mediator_token,
                              "{\"held_at\":\"2026-11-30T09:00:00+08:00\",\"kind\":\"in_person\","
                              "\"participants\":\"张三, 李四\",\"notes\":\"…\"}",
                              &r));
    assert_string_equal("in_mediation", json_str(&r, "status"));
    http_result_cleanup(&r);

    assert_int_equal(200, act(id, "close", mediator_token,
                              "{\"outcome\":\"resolved\",\"prevented_escalation\":true,"
                              "\"agreement\":{\"amount\":\"2500.00\",\"form\":\"written\","
                              "\"signed_at\":\"2026-11-28\",\"terms\":\"李四赔偿张三2500元\"}}",
                              &r));
    assert_string_equal("closed", json_str(&r, "status"));
    assert_string_equal("resolved", json_str(&r, "outcome"));
    cJSON *agreement = cJSON_GetObjectItem(r.json, "agreement");
    assert_string_equal("2500.00", cJSON_GetObjectItem(agreement, "amount")->valuestring);
    http_result_cleanup(&r);

    assert_int_equal(200, act(id, "follow-up", mediator_token,
                              "{\"return_visit_at\":\"2026-12-20T10:00:00+08:00\","
                              "\"performance\":\"fulfilled\",\"judicial_confirmation\":true}",
                              &r));
    cJSON *f = cJSON_GetObjectItem(r.json, "follow_up");
    assert_string_equal("fulfilled", cJSON_GetObjectItem(f, "performance")->valuestring);
    http_result_cleanup(&r);

    /* the audit trail reproduces every change, in order, and every answer that showed the
     * parties in clear: the intake's to its registrant, the mediator's four */
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/events", id);
    assert_int_equal(200, req("GET", path, supervisor, NULL, NULL, &r));
    const char *expected[] = {"intake", "accept", "assign", "session", "close", "follow_up"};
    cJSON *items = cJSON_GetObjectItem(r.json, "items"), *item;
    int changes = 0, views = 0;
    cJSON_ArrayForEach(item, items)
    {
        const char *action = cJSON_GetObjectItem(item, "action")->valuestring;
        if (strcmp(action, "pii.view") == 0) {
            views++;
            continue;
        }
        assert_true(changes < 6);
        assert_string_equal(expected[changes], action);
        if (changes == 4)
            assert_string_equal("in_mediation",
                                cJSON_GetObjectItem(item, "from_status")->valuestring);
        changes++;
    }
    assert_int_equal(6, changes);
    assert_int_equal(4, views);
    http_result_cleanup(&r);

    /* a closed case is immutable but for its follow-up, in the database too */
    char msg[512], sql[160];
    snprintf(sql, sizeof(sql), "UPDATE cases SET summary = 'rewritten' WHERE id = %ld", id);
    assert_int_equal(-1, harness_sql(&h, sql, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "closed"));
}

static void test_each_outcome(void **state)
{
    (void)state;
    struct http_result r;
    const char *outcomes[][2] = {
        {"failed", "{\"outcome\":\"failed\",\"note\":\"双方分歧较大，告知可诉讼\"}"},
        {"terminated", "{\"outcome\":\"terminated\",\"note\":\"一方拒绝继续调解\"}"},
        {"withdrawn", "{\"outcome\":\"withdrawn\"}"},
        {"referred", "{\"outcome\":\"referred\",\"referred_to\":\"魏都区人民法院\"}"},
    };
    for (size_t i = 0; i < 4; i++) {
        long id = new_case("outcome test");
        assign_and_start(id);
        assert_int_equal(200, act(id, "close", supervisor, outcomes[i][1], &r));
        assert_string_equal(outcomes[i][0], json_str(&r, "outcome"));
        http_result_cleanup(&r);
    }
    /* withdrawn straight from received; referred needs where; resolved needs an agreement */
    long id = new_case("withdrawn early");
    assert_int_equal(200, act(id, "close", supervisor, "{\"outcome\":\"withdrawn\"}", NULL));
    id = new_case("refer without where");
    assign_and_start(id);
    assert_int_equal(422, act(id, "close", supervisor, "{\"outcome\":\"referred\"}", NULL));
    assert_int_equal(422, act(id, "close", supervisor, "{\"outcome\":\"resolved\"}", NULL));
    assert_int_equal(422, act(id, "close", supervisor,
                              "{\"outcome\":\"resolved\",\"agreement\":{\"amount\":\"1e3\","
                              "\"form\":\"oral\",\"signed_at\":\"2026-11-27\",\"terms\":\"x\"}}",
                              NULL));
    assert_int_equal(422, act(id, "close", supervisor,
                              "{\"outcome\":\"resolved\",\"agreement\":{\"amount\":\"1.234\","
                              "\"form\":\"oral\",\"signed_at\":\"2026-11-27\",\"terms\":\"x\"}}",
                              NULL));
    /* declined is final */
    id = new_case("decline me");
    assert_int_equal(422, act(id, "decline", front_desk, "{}", NULL));
    assert_int_equal(
        200, act(id, "decline", front_desk,
                 "{\"reason\":\"不属于受理范围\",\"referral_advice\":\"建议向劳动仲裁委员会申请\"}",
                 &r));
    assert_string_equal("declined", json_str(&r, "status"));
    http_result_cleanup(&r);
}

static void test_transitions_not_allowed_are_409_naming_the_status(void **state)
{
    (void)state;
    struct http_result r;
    long id = new_case("conflicts");
    char body[64];
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator_id);
    assert_int_equal(409, act(id, "assign", supervisor, body, &r));
    assert_non_null(strstr(json_str(&r, "detail"), "received"));
    http_result_cleanup(&r);
    assert_int_equal(409, act(id, "sessions", supervisor,
                              "{\"held_at\":\"2026-11-30T09:00:00Z\",\"kind\":\"phone\","
                              "\"participants\":\"x\"}",
                              NULL));
    assert_int_equal(409, act(id, "close", supervisor, "{\"outcome\":\"failed\"}", NULL));
    assert_int_equal(409, act(id, "follow-up", supervisor, "{\"performance\":\"partial\"}", NULL));
    assert_int_equal(200, act(id, "accept", front_desk, "{}", NULL));
    assert_int_equal(409, act(id, "accept", front_desk, "{}", &r));
    assert_non_null(strstr(json_str(&r, "detail"), "accepted"));
    http_result_cleanup(&r);
    assert_int_equal(409, act(id, "decline", front_desk, "{\"reason\":\"late\"}", NULL));
    assert_int_equal(200, act(id, "close", supervisor, "{\"outcome\":\"withdrawn\"}", NULL));
    assert_int_equal(409, act(id, "close", supervisor, "{\"outcome\":\"withdrawn\"}", &r));
    assert_non_null(strstr(json_str(&r, "detail"), "closed"));
    http_result_cleanup(&r);
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
    r.status = 0;
    assert_int_equal(200, req("GET", path, front_desk, NULL, NULL, &r));
    char etag[64], if_match[96];
    http_header(&r, "ETag", etag, sizeof(etag));
    http_result_cleanup(&r);
    snprintf(if_match, sizeof(if_match), "If-Match: %s", etag);
    assert_int_equal(409, req("PATCH", path, front_desk, "{\"summary\":\"x\"}", if_match, NULL));
    /* the database refuses an illegal transition whatever the SQL */
    char msg[512], sql[160];
    long fresh = new_case("sql bypass");
    snprintf(sql, sizeof(sql), "UPDATE cases SET status = 'in_mediation' WHERE id = %ld", fresh);
    assert_int_equal(-1, harness_sql(&h, sql, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "cannot go from received to in_mediation"));
}

static void test_edits_need_if_match(void **state)
{
    (void)state;
    long id = new_case("edit me");
    char path[64], etag[64], if_match[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
    struct http_result r;
    assert_int_equal(428, req("PATCH", path, front_desk, "{\"risk_level\":\"red\"}", NULL, NULL));
    assert_int_equal(200, req("GET", path, front_desk, NULL, NULL, &r));
    http_header(&r, "ETag", etag, sizeof(etag));
    http_result_cleanup(&r);
    snprintf(if_match, sizeof(if_match), "If-Match: %s", etag);
    assert_int_equal(200,
                     req("PATCH", path, front_desk,
                         "{\"risk_level\":\"red\",\"summary\":\"双方冲突升级\"}", if_match, &r));
    assert_string_equal("red", json_str(&r, "risk_level"));
    http_result_cleanup(&r);
    assert_int_equal(412,
                     req("PATCH", path, front_desk, "{\"risk_level\":\"orange\"}", if_match, NULL));
    assert_int_equal(422,
                     req("PATCH", path, front_desk, "{\"status\":\"closed\"}", if_match, NULL));
    /* raising the risk to red is an event of its own */
    char n[16], sql[128];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM case_events WHERE case_id = %ld AND action = "
             "'risk.red'",
             id);
    assert_int_equal(0, harness_sql(&h, sql, n, sizeof(n)));
    assert_string_equal("1", n);
}

struct racer {
    long case_id;
    const char *body;
    const char *header;
    long status;
    long created_id;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    char path[96], auth[200];
    if (r->case_id)
        snprintf(path, sizeof(path), "/api/v1/cases/%ld/close", r->case_id);
    else
        snprintf(path, sizeof(path), "/api/v1/cases");
    const char *headers[] = {"Content-Type: application/json",
                             bearer(r->case_id ? supervisor : front_desk, auth), r->header, NULL};
    struct http_result res;
    if (http_call(&h, "POST", path, headers, r->body, strlen(r->body), &res) == 0) {
        r->status = res.status;
        if (res.json && cJSON_GetObjectItem(res.json, "id"))
            r->created_id = (long)cJSON_GetObjectItem(res.json, "id")->valuedouble;
        http_result_cleanup(&res);
    }
    return NULL;
}

static void run_racers(struct racer *racers, int n)
{
    pthread_t threads[64];
    for (int i = 0; i < n; i++)
        assert_int_equal(0, pthread_create(&threads[i], NULL, race, &racers[i]));
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
}

static void test_fifty_concurrent_closes_one_wins(void **state)
{
    (void)state;
    long id = new_case("race to close");
    assign_and_start(id);
    struct racer racers[50];
    for (int i = 0; i < 50; i++)
        racers[i] = (struct racer){id, "{\"outcome\":\"failed\"}", NULL, 0, 0};
    run_racers(racers, 50);
    int ok = 0, conflict = 0;
    for (int i = 0; i < 50; i++) {
        ok += racers[i].status == 200;
        conflict += racers[i].status == 409;
    }
    assert_int_equal(1, ok);
    assert_int_equal(49, conflict);
    char n[16], sql[128];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM case_events WHERE case_id = %ld AND action = "
             "'close'",
             id);
    assert_int_equal(0, harness_sql(&h, sql, n, sizeof(n)));
    assert_string_equal("1", n);
}

static void test_fifty_concurrent_posts_with_one_idempotency_key(void **state)
{
    (void)state;
    char body[2048];
    intake_body(body, sizeof(body), "idempotent intake", NULL);
    struct racer racers[50];
    for (int i = 0; i < 50; i++)
        racers[i] = (struct racer){0, body, "Idempotency-Key: 5f0c-intake-1", 0, 0};
    run_racers(racers, 50);
    for (int i = 0; i < 50; i++) {
        assert_int_equal(201, racers[i].status);
        assert_int_equal(racers[0].created_id, racers[i].created_id);
    }
    char n[16];
    assert_int_equal(0, harness_sql(&h,
                                    "SELECT count(*) FROM cases WHERE summary = "
                                    "'idempotent intake'",
                                    n, sizeof(n)));
    assert_string_equal("1", n);
    /* a replay says so; the same key with another body is refused */
    struct http_result r;
    assert_int_equal(
        201, req("POST", "/api/v1/cases", front_desk, body, "Idempotency-Key: 5f0c-intake-1", &r));
    char replayed[16];
    assert_string_equal("true", http_header(&r, "Idempotent-Replayed", replayed, sizeof(replayed)));
    http_result_cleanup(&r);
    intake_body(body, sizeof(body), "another body", NULL);
    assert_int_equal(422, req("POST", "/api/v1/cases", front_desk, body,
                              "Idempotency-Key: 5f0c-intake-1", NULL));
}

static void test_repeated_external_ref_is_one_case(void **state)
{
    (void)state;
    const char *ref = ",\"external_ref\":{\"system\":\"hotline-12345\",\"id\":\"GD20261120-0042\"}";
    char body[2048];
    intake_body(body, sizeof(body), "pushed by 12345", ref);
    struct racer racers[10];
    for (int i = 0; i < 10; i++)
        racers[i] = (struct racer){0, body, NULL, 0, 0};
    run_racers(racers, 10);
    int created = 0;
    for (int i = 0; i < 10; i++) {
        assert_true(racers[i].status == 201 || racers[i].status == 200);
        created += racers[i].status == 201;
        assert_int_equal(racers[0].created_id, racers[i].created_id);
    }
    assert_int_equal(1, created);
    /* and it can be looked up by its reference */
    struct http_result r;
    assert_int_equal(200, req("GET",
                              "/api/v1/cases?external_system=hotline-12345&external_id="
                              "GD20261120-0042",
                              integration, NULL, NULL, &r));
    assert_int_equal(1, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
}

static void test_validation_is_field_by_field(void **state)
{
    (void)state;
    char body[2048];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"gossip\",\"source\":\"party_application\",\"community_id\":%ld,"
             "\"summary\":\"\",\"occurred_on\":\"2099-01-01\",\"colour\":1,"
             "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"王五\","
             "\"id_number\":\"410102199001011235\",\"phone\":\"12345\"}]}",
             community_id);
    struct http_result r;
    assert_int_equal(422, req("POST", "/api/v1/cases", front_desk, body, NULL, &r));
    const char *fields[] = {"dispute_type",         "summary",         "occurred_on", "colour",
                            "parties[0].id_number", "parties[0].phone"};
    cJSON *errors = cJSON_GetObjectItem(r.json, "errors");
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        int found = 0;
        cJSON *e;
        cJSON_ArrayForEach(e, errors)
        {
            found |= strcmp(cJSON_GetObjectItem(e, "field")->valuestring, fields[i]) == 0;
        }
        if (!found)
            fail_msg("no error for %s in %s", fields[i], r.body);
    }
    http_result_cleanup(&r);
}

/* Count of case_events of case id with action (and reason, when not NULL). */
static long event_count(long id, const char *action, const char *reason)
{
    char sql[320], n[16];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM case_events WHERE case_id = %ld AND action = '%s'%s%s%s", id,
             action, reason ? " AND reason = '" : "", reason ? reason : "", reason ? "'" : "");
    assert_int_equal(0, harness_sql(&h, sql, n, sizeof(n)));
    return atol(n);
}

/* Minimum necessary (issue 15, class 5): the parties in clear only to the case's mediator, each
 * such read audited; everyone else, supervisors included, reads masked and unmasks through the
 * audited route. */
static void test_masking_depends_on_who_reads(void **state)
{
    (void)state;
    long id = new_case("masking");
    char body[64], path[64];
    assert_int_equal(200, act(id, "accept", front_desk, "{}", NULL));
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator_id);
    assert_int_equal(200, act(id, "assign", supervisor, body, NULL));
    snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
    struct {
        const char *who;
        const char *key;
        long status;
        const char *id_number;
        const char *phone;
        long views; /* pii.view events the read writes */
    } readers[] = {
        {"front desk", front_desk, 200, "410102********1234", "138****0000", 0},
        {"its mediator", mediator_token, 200, APPLICANT_ID, "13800000000", 1},
        {"another mediator", other_mediator_token, 404, NULL, NULL, 0},
        {"supervisor", supervisor, 200, "410102********1234", "138****0000", 0},
        {"admin", h.admin_key, 200, "410102********1234", "138****0000", 0},
        {"integration", integration, 200, "410102********1234", "138****0000", 0},
    };
    for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
        struct http_result r;
        long before = event_count(id, "pii.view", NULL);
        long status = req("GET", path, readers[i].key, NULL, NULL, &r);
        if (status != readers[i].status)
            fail_msg("%s read the case: %ld", readers[i].who, status);
        if (status == 200) {
            cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "parties"), 0);
            assert_string_equal(readers[i].id_number,
                                cJSON_GetObjectItem(p, "id_number")->valuestring);
            assert_string_equal(readers[i].phone, cJSON_GetObjectItem(p, "phone")->valuestring);
            assert_int_equal(readers[i].views == 0,
                             cJSON_IsTrue(cJSON_GetObjectItem(r.json, "pii_masked")));
            char cc[32];
            assert_string_equal("no-store", http_header(&r, "Cache-Control", cc, sizeof(cc)));
        }
        http_result_cleanup(&r);
        if (event_count(id, "pii.view", NULL) - before != readers[i].views)
            fail_msg("%s's read wrote %ld pii.view events", readers[i].who,
                     event_count(id, "pii.view", NULL) - before);
    }
    assert_int_equal(1, event_count(id, "pii.view", "answer to the case''s mediator"));
    /* unmasking is for those who work the case, and is audited */
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/unmask", id);
    assert_int_equal(403, req("POST", path, front_desk, "{\"reason\":\"核对身份\"}", NULL, NULL));
    assert_int_equal(404,
                     req("POST", path, other_mediator_token, "{\"reason\":\"x\"}", NULL, NULL));
    assert_int_equal(
        200, req("POST", path, mediator_token, "{\"reason\":\"电话联系当事人\"}", NULL, NULL));
    assert_int_equal(1, event_count(id, "pii.unmask", "电话联系当事人"));
    struct http_result r;
    assert_int_equal(200,
                     req("POST", path, supervisor, "{\"reason\":\"核实申请人身份\"}", NULL, &r));
    cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "parties"), 0);
    assert_string_equal(APPLICANT_ID, cJSON_GetObjectItem(p, "id_number")->valuestring);
    http_result_cleanup(&r);
    assert_int_equal(1, event_count(id, "pii.unmask", "核实申请人身份"));
    /* the number itself is never what recognises a person: a keyed hash is */
    char n[16];
    assert_int_equal(0, harness_sql(&h,
                                    "SELECT count(*) FROM pg_indexes WHERE tablename = 'parties' "
                                    "AND indexdef LIKE '%(id_number%'",
                                    n, sizeof(n)));
    assert_string_equal("0", n);
}

/* Answers to changes follow the same rule, and each one in clear is audited in its transaction. */
static void test_answers_in_clear_are_audited(void **state)
{
    (void)state;
    struct http_result r;
    /* the registrant gets back what they sent */
    assert_int_equal(201, intake("answers in clear", NULL, &r));
    long id = json_id(&r);
    cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "parties"), 0);
    assert_string_equal("13800000000", cJSON_GetObjectItem(p, "phone")->valuestring);
    char cc[32];
    assert_string_equal("no-store", http_header(&r, "Cache-Control", cc, sizeof(cc)));
    http_result_cleanup(&r);
    assert_int_equal(1, event_count(id, "pii.view", "intake answer to its registrant"));
    /* a supervisor's action answers masked, and writes no view */
    char body[64];
    assert_int_equal(200, act(id, "accept", front_desk, "{}", NULL));
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator_id);
    assert_int_equal(200, act(id, "assign", supervisor, body, &r));
    p = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "parties"), 0);
    assert_string_equal("138****0000", cJSON_GetObjectItem(p, "phone")->valuestring);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "pii_masked")));
    http_result_cleanup(&r);
    assert_int_equal(1, event_count(id, "pii.view", NULL));
    /* the mediator's answer is in clear, and audited */
    assert_int_equal(201, act(id, "sessions", mediator_token,
                              "{\"held_at\":\"2026-11-30T09:00:00+08:00\",\"kind\":\"phone\","
                              "\"participants\":\"张三\"}",
                              &r));
    p = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "parties"), 0);
    assert_string_equal("13800000000", cJSON_GetObjectItem(p, "phone")->valuestring);
    http_result_cleanup(&r);
    assert_int_equal(1, event_count(id, "pii.view", "answer to the case''s mediator"));
    /* who, the case, the fields */
    char sql[256], out[256];
    snprintf(sql, sizeof(sql),
             "SELECT actor || ' ' || (after->'fields')::text FROM case_events WHERE case_id = %ld "
             "AND action = 'pii.view' ORDER BY id DESC LIMIT 1",
             id);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_string_equal("mediator.one [\"id_number\", \"phone\", \"address\"]", out);
}

/* An Idempotency-Key keeps its first answer sealed, never the parties in clear. */
static void test_idempotency_rows_hold_no_clear_personal_data(void **state)
{
    (void)state;
    char body[2048];
    intake_body(body, sizeof(body), "sealed answer", NULL);
    struct http_result first, again;
    assert_int_equal(201, req("POST", "/api/v1/cases", front_desk, body,
                              "Idempotency-Key: sealed-intake-1", &first));
    char n[16];
    assert_int_equal(0, harness_sql(&h,
                                    "SELECT count(*) FROM idempotency_keys WHERE key = "
                                    "'sealed-intake-1' AND body_sealed IS NOT NULL AND case_id "
                                    "IS NOT NULL",
                                    n, sizeof(n)));
    assert_string_equal("1", n);
    assert_int_equal(0, harness_sql(&h,
                                    "SELECT count(*) FROM idempotency_keys WHERE "
                                    "coalesce(body, '') || encode(coalesce(body_sealed, ''), "
                                    "'escape') ~ '13800000000|410102199001011234|幸福路|张三'",
                                    n, sizeof(n)));
    assert_string_equal("0", n);
    /* the replay is the first answer, opened again (and audited like it) */
    long views = event_count(json_id(&first), "pii.view", NULL);
    assert_int_equal(201, req("POST", "/api/v1/cases", front_desk, body,
                              "Idempotency-Key: sealed-intake-1", &again));
    assert_string_equal(first.body, again.body);
    char cc[32];
    assert_string_equal("no-store", http_header(&again, "Cache-Control", cc, sizeof(cc)));
    assert_int_equal(views + 1, event_count(json_id(&first), "pii.view", NULL));
    http_result_cleanup(&first);
    http_result_cleanup(&again);
}

/* A replay checks again that the caller may see the case: a mediator whose case went to another
 * does not get its answer back. */
static void test_a_replay_rechecks_access(void **state)
{
    (void)state;
    long id = new_case("replay after reassignment");
    char body[64];
    assert_int_equal(200, act(id, "accept", front_desk, "{}", NULL));
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator_id);
    assert_int_equal(200, act(id, "assign", supervisor, body, NULL));
    static const char session[] = "{\"held_at\":\"2026-11-30T09:00:00+08:00\",\"kind\":\"phone\","
                                  "\"participants\":\"张三\"}";
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/sessions", id);
    assert_int_equal(201,
                     req("POST", path, mediator_token, session, "Idempotency-Key: replay-1", NULL));
    assert_int_equal(201,
                     req("POST", path, mediator_token, session, "Idempotency-Key: replay-1", NULL));
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld,\"reason\":\"回避\"}", other_mediator_id);
    assert_int_equal(200, act(id, "assign", supervisor, body, NULL));
    struct http_result r;
    assert_int_equal(404,
                     req("POST", path, mediator_token, session, "Idempotency-Key: replay-1", &r));
    assert_null(strstr(r.body, "13800000000"));
    http_result_cleanup(&r);
}

/* Keys past their 24 hours are deleted by the server in the background. */
static void test_expired_idempotency_keys_are_purged(void **state)
{
    (void)state;
    char n[16];
    assert_int_equal(0, harness_sql(&h,
                                    "INSERT INTO idempotency_keys (caller, key, request_hash, "
                                    "status, created_at) VALUES ('key:1', 'old-key', '\\x00', "
                                    "201, now() - interval '25 hours'), ('key:1', 'new-key', "
                                    "'\\x00', 201, now() - interval '23 hours')",
                                    NULL, 0));
    long deadline = harness_now_ms() + 15000;
    do {
        assert_int_equal(0, harness_sql(&h,
                                        "SELECT count(*) FROM idempotency_keys WHERE key = "
                                        "'old-key'",
                                        n, sizeof(n)));
        if (strcmp(n, "0") == 0)
            break;
        usleep(200 * 1000);
    } while (harness_now_ms() < deadline);
    assert_string_equal("0", n);
    assert_int_equal(0,
                     harness_sql(&h, "SELECT count(*) FROM idempotency_keys WHERE key = 'new-key'",
                                 n, sizeof(n)));
    assert_string_equal("1", n);
}

static void test_possible_duplicates_share_a_party(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(201, intake("same applicant again", NULL, &r));
    cJSON *dups = cJSON_GetObjectItem(r.json, "possible_duplicates");
    assert_true(cJSON_GetArraySize(dups) >= 1);
    http_result_cleanup(&r);
}

static void test_mediators_see_only_their_cases(void **state)
{
    (void)state;
    long id = new_case("bola");
    char body[64], path[96];
    assert_int_equal(200, act(id, "accept", front_desk, "{}", NULL));
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator_id);
    assert_int_equal(200, act(id, "assign", supervisor, body, NULL));
    /* every route that takes a case id: another mediator gets 404, never the data */
    const char *gets[] = {"", "/events", "/sessions"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "/api/v1/cases/%ld%s", id, gets[i]);
        assert_int_equal(404, req("GET", path, other_mediator_token, NULL, NULL, NULL));
        assert_int_equal(200, req("GET", path, mediator_token, NULL, NULL, NULL));
    }
    const char *posts[][2] = {
        {"sessions", "{\"held_at\":\"2026-11-30T09:00:00Z\",\"kind\":\"phone\",\"participants\":"
                     "\"x\"}"},
        {"close", "{\"outcome\":\"failed\"}"},
        {"follow-up", "{\"performance\":\"partial\"}"},
        {"unmask", "{\"reason\":\"x\"}"},
    };
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(404, act(id, posts[i][0], other_mediator_token, posts[i][1], NULL));
    struct http_result r;
    assert_int_equal(200,
                     req("GET", "/api/v1/cases?limit=100", other_mediator_token, NULL, NULL, &r));
    char needle[32];
    snprintf(needle, sizeof(needle), "\"id\":%ld,", id);
    assert_null(strstr(r.body, needle));
    http_result_cleanup(&r);
}

static void test_chinese_and_latin_search(void **state)
{
    (void)state;
    new_case("邻居装修噪音扰民 renovation noise");
    struct http_result r;
    assert_int_equal(200, req("GET", "/api/v1/cases?q=%E6%BC%8F%E6%B0%B4", front_desk, NULL, NULL,
                              &r)); /* 漏水 */
    cJSON *items = cJSON_GetObjectItem(r.json, "items");
    assert_true(cJSON_GetArraySize(items) >= 1);
    cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        assert_non_null(strstr(cJSON_GetObjectItem(it, "summary")->valuestring, "漏水"));
    }
    http_result_cleanup(&r);
    assert_int_equal(200, req("GET", "/api/v1/cases?q=Renovation", front_desk, NULL, NULL, &r));
    assert_int_equal(1, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
    /* party names are searchable; LIKE wildcards are literal */
    assert_int_equal(200, req("GET", "/api/v1/cases?q=%E5%BC%A0%E4%B8%89", front_desk, NULL, NULL,
                              &r)); /* 张三 */
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")) >= 1);
    http_result_cleanup(&r);
    assert_int_equal(200, req("GET", "/api/v1/cases?q=%25", front_desk, NULL, NULL, &r));
    assert_int_equal(0, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
}

/* How many cases GET /cases?q=<q> lists (q already percent-encoded). */
static int search_count(const char *q)
{
    char path[160];
    snprintf(path, sizeof(path), "/api/v1/cases?limit=100&q=%s", q);
    struct http_result r;
    assert_int_equal(200, req("GET", path, front_desk, NULL, NULL, &r));
    int n = cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items"));
    http_result_cleanup(&r);
    return n;
}

/* The search text follows an edit of the summary (the parties' names stay in it), and an edit
 * of other fields leaves it as it was. */
static void test_search_follows_edits(void **state)
{
    (void)state;
    long id = new_case("searchbefore the edit");
    char path[64], etag[64], if_match[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
    assert_int_equal(1, search_count("searchbefore"));
    struct http_result r;
    assert_int_equal(200, req("GET", path, front_desk, NULL, NULL, &r));
    http_header(&r, "ETag", etag, sizeof(etag));
    http_result_cleanup(&r);
    snprintf(if_match, sizeof(if_match), "If-Match: %s", etag);
    assert_int_equal(200, req("PATCH", path, front_desk, "{\"summary\":\"searchafter the edit\"}",
                              if_match, &r));
    http_header(&r, "ETag", etag, sizeof(etag));
    http_result_cleanup(&r);
    assert_int_equal(0, search_count("searchbefore"));
    assert_int_equal(1, search_count("searchafter"));
    /* the text is summary, claims and the parties' names: "… 赔偿维修费 3000 元 张三 李四" */
    assert_int_equal(
        1, search_count("searchafter%20the%20edit%20%E8%B5%94%E5%81%BF%E7%BB%B4%E4%BF%AE%E8%B4%B9%"
                        "203000%20%E5%85%83%20%E5%BC%A0%E4%B8%89%20%E6%9D%8E%E5%9B%9B"));
    snprintf(if_match, sizeof(if_match), "If-Match: %s", etag);
    assert_int_equal(200,
                     req("PATCH", path, front_desk, "{\"risk_level\":\"orange\"}", if_match, NULL));
    assert_int_equal(1, search_count("searchafter"));
}

/* "Not in the future" is by the center's own time zone. Kiritimati (UTC+14) is always one or two
 * calendar days ahead of Pago Pago (UTC-11), 25 hours apart: Kiritimati's today is a valid
 * occurred_on there and a future one in Pago Pago, whatever the time of day; its tomorrow is
 * refused in both. (Before, both were judged by UTC+8.) */
static void test_future_dates_are_judged_in_the_center_time_zone(void **state)
{
    (void)state;
    static const struct {
        const char *code, *zone;
    } centers[] = {{"KI", "Pacific/Kiritimati"}, {"PP", "Pacific/Pago_Pago"}};
    char city[128], desk[2][128], today_k[16], tomorrow_k[16];
    long community[2];
    assert_int_equal(0, harness_create_key(&h, "admin", NULL, city));
    for (int i = 0; i < 2; i++) {
        char body[256], admin[128];
        snprintf(body, sizeof(body), "{\"code\":\"%s\",\"name\":\"%s\",\"time_zone\":\"%s\"}",
                 centers[i].code, centers[i].code, centers[i].zone);
        assert_int_equal(201, req("POST", "/api/v1/centers", city, body, NULL, NULL));
        assert_int_equal(0, harness_create_key(&h, "admin", centers[i].code, admin));
        assert_int_equal(0, harness_create_key(&h, "front_desk", centers[i].code, desk[i]));
        struct http_result r;
        assert_int_equal(201, req("POST", "/api/v1/communities", admin,
                                  "{\"code\":\"tz\",\"name\":\"时区社区\",\"street\":\"街道\"}",
                                  NULL, &r));
        community[i] = json_id(&r);
        http_result_cleanup(&r);
    }
    assert_int_equal(0, harness_sql(&h, "SELECT (now() AT TIME ZONE 'Pacific/Kiritimati')::date",
                                    today_k, sizeof(today_k)));
    assert_int_equal(0,
                     harness_sql(&h, "SELECT (now() AT TIME ZONE 'Pacific/Kiritimati')::date + 1",
                                 tomorrow_k, sizeof(tomorrow_k)));
    struct {
        int center;
        const char *date;
        long status;
    } cases[] = {{0, today_k, 201}, {1, today_k, 422}, {0, tomorrow_k, 422}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char body[1024];
        snprintf(body, sizeof(body),
                 "{\"dispute_type\":\"neighbor\",\"source\":\"party_application\","
                 "\"community_id\":%ld,\"summary\":\"时区\",\"occurred_on\":\"%s\","
                 "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"甲\"}]}",
                 community[cases[i].center], cases[i].date);
        struct http_result r;
        long status = req("POST", "/api/v1/cases", desk[cases[i].center], body, NULL, &r);
        if (status != cases[i].status)
            fail_msg("occurred_on %s in %s: %ld (expected %ld) %s", cases[i].date,
                     centers[cases[i].center].zone, status, cases[i].status, r.body);
        if (status == 422)
            assert_non_null(strstr(r.body, "occurred_on"));
        http_result_cleanup(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_path_from_intake_to_follow_up),
        cmocka_unit_test(test_each_outcome),
        cmocka_unit_test(test_transitions_not_allowed_are_409_naming_the_status),
        cmocka_unit_test(test_edits_need_if_match),
        cmocka_unit_test(test_fifty_concurrent_closes_one_wins),
        cmocka_unit_test(test_fifty_concurrent_posts_with_one_idempotency_key),
        cmocka_unit_test(test_repeated_external_ref_is_one_case),
        cmocka_unit_test(test_validation_is_field_by_field),
        cmocka_unit_test(test_masking_depends_on_who_reads),
        cmocka_unit_test(test_answers_in_clear_are_audited),
        cmocka_unit_test(test_idempotency_rows_hold_no_clear_personal_data),
        cmocka_unit_test(test_a_replay_rechecks_access),
        cmocka_unit_test(test_expired_idempotency_keys_are_purged),
        cmocka_unit_test(test_possible_duplicates_share_a_party),
        cmocka_unit_test(test_mediators_see_only_their_cases),
        cmocka_unit_test(test_chinese_and_latin_search),
        cmocka_unit_test(test_search_follows_edits),
        cmocka_unit_test(test_future_dates_are_judged_in_the_center_time_zone),
    };
    return cmocka_run_group_tests_name("integration_cases", tests, setup, teardown);
}
