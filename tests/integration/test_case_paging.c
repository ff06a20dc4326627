/* Keyset pagination over 10,000 cases returns each case exactly once, in order, while new cases
 * are being registered; and deadlines: policy at acceptance, extension with consent and a cap,
 * pause and resume, each kept. */
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

#define CASES 10000

static struct harness h;
static long community_id;
static char auth[200];

static long call(const char *method, const char *path, const char *body, struct http_result *out)
{
    const char *headers[] = {"Content-Type: application/json", auth, NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, method, path, headers, body, body ? strlen(body) : 0, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "paging") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_start_server(&h, NULL) != 0)
        return -1;
    bearer(h.admin_key, auth);
    struct http_result r;
    if (call("POST", "/api/v1/communities", "{\"code\":\"p\",\"name\":\"p\",\"street\":\"s\"}",
             &r) != 201)
        return -1;
    community_id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    /* 10,000 cases straight into the table, ten at a time sharing one received_at, so that the
     * id must break ties; as a bulk load (the report rollups rebuilt once at the end rather
     * than by a trigger per row, which one statement over thousands of cases makes slow) */
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "BEGIN; SET LOCAL mediation.bulk_load = 'on'; "
             "INSERT INTO cases (center_id, case_no, dispute_type, source, community_id, summary, "
             "received_at) SELECT 1, 'WD-2025-' || lpad(g::text, 6, '0'), 'neighbor', "
             "'hotline', %ld, 'bulk ' || g, now() - interval '1 day' - (g / 10) * interval "
             "'1 minute' FROM generate_series(1, %d) g; "
             "SELECT rollup_rebuild(1); COMMIT",
             community_id, CASES);
    return harness_sql(&h, sql, NULL, 0);
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

static volatile int inserting;

static void *keep_inserting(void *arg)
{
    (void)arg;
    char body[512];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"neighbor\",\"source\":\"online\",\"community_id\":%ld,"
             "\"summary\":\"new while paging\",\"parties\":[{\"role\":\"applicant\",\"kind\":"
             "\"person\",\"name\":\"新\"}]}",
             community_id);
    for (int i = 0; i < 200 && inserting; i++) {
        struct http_result r;
        if (http_call(&h, "POST", "/api/v1/cases",
                      (const char *[]){"Content-Type: application/json", auth, NULL}, body,
                      strlen(body), &r) == 0)
            http_result_cleanup(&r);
    }
    return NULL;
}

static void test_every_case_exactly_once_while_cases_arrive(void **state)
{
    (void)state;
    static unsigned char seen[CASES + 1000];
    memset(seen, 0, sizeof(seen));
    pthread_t writer;
    inserting = 1;
    assert_int_equal(0, pthread_create(&writer, NULL, keep_inserting, NULL));
    char path[256] = "/api/v1/cases?limit=100";
    int pages = 0, bulk = 0;
    char last_received[40] = "9999";
    long last_id = 0;
    for (;;) {
        struct http_result r;
        assert_int_equal(200, call("GET", path, NULL, &r));
        cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItem(r.json, "items"))
        {
            long id = (long)cJSON_GetObjectItem(it, "id")->valuedouble;
            const char *received = cJSON_GetObjectItem(it, "received_at")->valuestring;
            assert_true(id > 0 && (size_t)id < sizeof(seen));
            if (seen[id]++)
                fail_msg("case %ld returned twice", id);
            /* newest first; ties by id, descending */
            int cmp = strcmp(received, last_received);
            assert_true(cmp < 0 || (cmp == 0 && id < last_id));
            snprintf(last_received, sizeof(last_received), "%s", received);
            last_id = id;
            bulk += id <= CASES;
        }
        pages++;
        cJSON *next = cJSON_GetObjectItem(r.json, "next_cursor");
        if (cJSON_IsNull(next)) {
            http_result_cleanup(&r);
            break;
        }
        snprintf(path, sizeof(path), "/api/v1/cases?limit=100&cursor=%s", next->valuestring);
        http_result_cleanup(&r);
        assert_true(pages < 200);
    }
    inserting = 0;
    pthread_join(writer, NULL);
    print_message("%d pages, %d of the %d bulk cases\n", pages, bulk, CASES);
    assert_int_equal(CASES, bulk);
}

static void test_filters_combine(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(200, call("GET",
                               "/api/v1/cases?status=received&dispute_type=neighbor&"
                               "source=hotline&received_from=2000-01-01&limit=5",
                               NULL, &r));
    assert_int_equal(5, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
    assert_int_equal(422, call("GET", "/api/v1/cases?status=finished", NULL, NULL));
    assert_int_equal(422, call("GET", "/api/v1/cases?limit=101", NULL, NULL));
    assert_int_equal(422, call("GET", "/api/v1/cases?received_from=2026-02-30", NULL, NULL));
    assert_int_equal(400, call("GET", "/api/v1/cases?cursor=bm9wZQ", NULL, NULL));
}

static long accepted_case(void)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"labor\",\"source\":\"online\",\"community_id\":%ld,"
             "\"risk_level\":\"orange\",\"summary\":\"deadline\",\"parties\":[{\"role\":"
             "\"applicant\",\"kind\":\"person\",\"name\":\"甲\"}]}",
             community_id);
    struct http_result r;
    assert_int_equal(201, call("POST", "/api/v1/cases", body, &r));
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/accept", id);
    assert_int_equal(200, call("POST", path, "{}", NULL));
    return id;
}

static void test_deadlines_extend_pause_resume(void **state)
{
    (void)state;
    long id = accepted_case();
    char path[96], sql[256], out[64];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/deadline", id);
    /* orange risk: a shorter deadline than the default 30 days */
    snprintf(sql, sizeof(sql),
             "SELECT round(extract(epoch FROM due_at - accepted_at) / 86400) FROM cases WHERE id "
             "= %ld",
             id);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_true(atoi(out) > 0 && atoi(out) < 30);
    int before = atoi(out);

    assert_int_equal(422, call("POST", path,
                               "{\"action\":\"extend\",\"days\":10,\"reason\":\"鉴定\","
                               "\"applicant_consent\":true}",
                               NULL));
    assert_int_equal(200, call("POST", path,
                               "{\"action\":\"extend\",\"days\":10,\"reason\":\"等待鉴定结果\","
                               "\"applicant_consent\":true,\"respondent_consent\":true}",
                               NULL));
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_int_equal(before + 10, atoi(out));
    /* the cap: at most 30 days of extensions in all */
    assert_int_equal(422, call("POST", path,
                               "{\"action\":\"extend\",\"days\":25,\"reason\":\"再延\","
                               "\"applicant_consent\":true,\"respondent_consent\":true}",
                               NULL));
    assert_int_equal(409, call("POST", path, "{\"action\":\"resume\",\"reason\":\"x\"}", NULL));
    assert_int_equal(200,
                     call("POST", path, "{\"action\":\"pause\",\"reason\":\"当事人住院\"}", NULL));
    assert_int_equal(409, call("POST", path, "{\"action\":\"pause\",\"reason\":\"again\"}", NULL));
    assert_int_equal(200, call("POST", path, "{\"action\":\"resume\",\"reason\":\"出院\"}", NULL));
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(kind, ',' ORDER BY id) FROM deadline_changes WHERE case_id = %ld",
             id);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_string_equal("extend,pause,resume", out);
    /* a case with no running deadline */
    snprintf(path, sizeof(path), "/api/v1/cases/%d/deadline", 1);
    assert_int_equal(409, call("POST", path, "{\"action\":\"pause\",\"reason\":\"x\"}", NULL));
}

static void test_case_events_are_append_only(void **state)
{
    (void)state;
    char msg[512];
    assert_int_equal(
        -1, harness_sql(&h, "UPDATE case_events SET actor = 'someone else'", msg, sizeof(msg)));
    assert_non_null(strstr(msg, "append-only"));
    assert_int_equal(-1, harness_sql(&h, "DELETE FROM case_events", msg, sizeof(msg)));
    assert_non_null(strstr(msg, "append-only"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_case_exactly_once_while_cases_arrive),
        cmocka_unit_test(test_filters_combine),
        cmocka_unit_test(test_deadlines_extend_pause_resume),
        cmocka_unit_test(test_case_events_are_append_only),
    };
    return cmocka_run_group_tests_name("integration_case_paging", tests, setup, teardown);
}
