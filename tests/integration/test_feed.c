/* The change feed (GET /api/v1/events): out-of-order commits each seen exactly once by a reader
 * polling between them; long polls answered within 100 ms of a commit and holding neither a
 * worker thread nor a database connection while they wait; filters and cursors; red and orange
 * risk at intake and by an edit (case.risk_raised within 1 s). */
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

static struct harness h;
static char supervisor[128], front_desk[128];
static long community_id;

static int setup(void **state)
{
    (void)state;
    const char *migrate[] = {"migrate", NULL};
    if (harness_create_db(&h, "feed") != 0 || harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0)
        return -1;
    /* few workers and connections: a waiting long poll that held either would starve the rest */
    const char *env[] = {"THREADS=2", "DB_POOL_SIZE=2", NULL};
    if (harness_start_server(&h, env) != 0)
        return -1;
    community_id = make_community(&h, "feed");
    return community_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* Reads the feed after *cursor (advancing it) and appends the ids of the items of case_id. */
static int poll_feed(char *cursor, long case_id, long *ids, int *count)
{
    char path[256];
    snprintf(path, sizeof(path), "/api/v1/events?case_id=%ld&after=%s", case_id, cursor);
    struct http_result r;
    assert_int_equal(200, api(&h, "GET", path, supervisor, NULL, &r));
    cJSON *items = cJSON_GetObjectItem(r.json, "items");
    int n = cJSON_GetArraySize(items);
    for (int i = 0; i < n; i++)
        ids[(*count)++] =
            atol(cJSON_GetObjectItem(cJSON_GetArrayItem(items, i), "id")->valuestring);
    cJSON *next = cJSON_GetObjectItem(r.json, "next_cursor");
    assert_true(cJSON_IsString(next));
    snprintf(cursor, 128, "%s", next->valuestring);
    http_result_cleanup(&r);
    return n;
}

static void exec_ok(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(pg));
    assert_true(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK);
    PQclear(res);
}

/* Transaction A takes the lower event number, B the higher; B commits first. A reader polling
 * after B's commit must not move past A's number, and after A's commit must get both, each once:
 * with a plain "id > last seen" cursor it would have seen B, moved past A, and lost A. */
static void test_out_of_order_commits_each_seen_once(void **state)
{
    (void)state;
    long case_id = intake_case(&h, front_desk, community_id, "none");
    assert_true(case_id > 0);
    char cursor[128];
    assert_int_equal(0, feed_tail_cursor(&h, supervisor, cursor));
    long ids[64];
    int count = 0;
    PGconn *a = harness_pg(&h), *b = harness_pg(&h);
    assert_non_null(a);
    assert_non_null(b);
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO case_events (case_id, center_id, actor, action, before, after) "
             "SELECT id, center_id, 'test', 'edit', '{}', '{}' FROM cases WHERE id = %ld",
             case_id);
    exec_ok(a, "BEGIN");
    exec_ok(a, sql); /* A: the lower number */
    exec_ok(b, "BEGIN");
    exec_ok(b, sql); /* B: the higher number */
    exec_ok(b, "COMMIT");
    char out[64];
    assert_int_equal(0, harness_sql(&h, "SELECT max(id) FROM feed_events", out, sizeof(out)));
    long b_id = atol(out);
    /* between the commits: B is committed but must not be handed out before A */
    assert_int_equal(0, poll_feed(cursor, case_id, ids, &count));
    assert_int_equal(0, poll_feed(cursor, case_id, ids, &count));
    exec_ok(a, "COMMIT");
    PQfinish(a);
    PQfinish(b);
    /* after both: each exactly once, whatever the number of polls (they become readable once no
     * transaction that started before them still runs) */
    long until = harness_now_ms() + 10000;
    while (count < 2 && harness_now_ms() < until) {
        poll_feed(cursor, case_id, ids, &count);
        usleep(20000);
    }
    for (int i = 0; i < 5; i++)
        poll_feed(cursor, case_id, ids, &count);
    assert_int_equal(2, count);
    assert_true(ids[0] != ids[1]);
    assert_true(ids[0] == b_id - 1 || ids[1] == b_id - 1);
    assert_true(ids[0] == b_id || ids[1] == b_id);
}

struct long_poll {
    char path[256];
    const char *key;
    long status;
    long answered_ms;
    int items;
};

static void *long_poll_main(void *arg)
{
    struct long_poll *lp = arg;
    struct http_result r;
    lp->status = api(&h, "GET", lp->path, lp->key, NULL, &r);
    lp->answered_ms = harness_now_ms();
    lp->items = r.json ? cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")) : -1;
    http_result_cleanup(&r);
    return NULL;
}

static void test_long_poll_answers_within_100ms_of_a_commit(void **state)
{
    (void)state;
    long case_id = intake_case(&h, front_desk, community_id, "none");
    char cursor[128];
    assert_int_equal(0, feed_tail_cursor(&h, supervisor, cursor));
    long worst = 0;
    for (int round = 0; round < 3; round++) {
        struct long_poll lp = {.key = supervisor};
        snprintf(lp.path, sizeof(lp.path), "/api/v1/events?wait=20&case_id=%ld&after=%s", case_id,
                 cursor);
        pthread_t t;
        assert_int_equal(0, pthread_create(&t, NULL, long_poll_main, &lp));
        usleep(400000); /* the request is parked by now */
        char body[256], path[128];
        if (round == 0) {
            snprintf(path, sizeof(path), "/api/v1/cases/%ld/accept", case_id);
            snprintf(body, sizeof(body), "{}");
        } else {
            snprintf(path, sizeof(path), "/api/v1/cases/%ld/deadline", case_id);
            snprintf(body, sizeof(body), "{\"action\":\"%s\",\"reason\":\"等待鉴定结果\"}",
                     round == 1 ? "pause" : "resume");
        }
        long changed = api(&h, "POST", path, supervisor, body, NULL);
        /* the change has committed by the time its answer is here */
        long committed = harness_now_ms();
        pthread_join(t, NULL);
        assert_int_equal(200, changed);
        assert_int_equal(200, lp.status);
        assert_int_equal(1, lp.items);
        long latency = lp.answered_ms - committed;
        printf("long poll answered %ld ms after the commit's answer\n", latency);
        if (latency > worst)
            worst = latency;
        assert_int_equal(0, feed_tail_cursor(&h, supervisor, cursor));
    }
    assert_true(worst < 100);
}

/* Eight long polls on a server with two worker threads and two database connections: the other
 * requests are still served at once, so a waiting poll holds neither. They all end empty at
 * their deadline. */
static void test_waiting_polls_hold_no_worker_or_connection(void **state)
{
    (void)state;
    char cursor[128];
    assert_int_equal(0, feed_tail_cursor(&h, supervisor, cursor));
    enum { POLLS = 8 };
    struct long_poll lp[POLLS];
    pthread_t t[POLLS];
    long started = harness_now_ms();
    for (int i = 0; i < POLLS; i++) {
        lp[i] = (struct long_poll){.key = supervisor};
        /* a case that does not exist: nothing will come */
        snprintf(lp[i].path, sizeof(lp[i].path), "/api/v1/events?wait=3&case_id=999999&after=%s",
                 cursor);
        assert_int_equal(0, pthread_create(&t[i], NULL, long_poll_main, &lp[i]));
    }
    usleep(300000);
    for (int i = 0; i < 10; i++) {
        long t0 = harness_now_ms();
        assert_int_equal(200, api(&h, "GET", "/api/v1/cases?limit=5", supervisor, NULL, NULL));
        assert_true(harness_now_ms() - t0 < 1000);
    }
    for (int i = 0; i < POLLS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(200, lp[i].status);
        assert_int_equal(0, lp[i].items);
        assert_true(lp[i].answered_ms - started >= 2900);
    }
}

static void test_filters_cursors_and_refusals(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(
        400, api(&h, "GET", "/api/v1/events?after=bm90LWEtY3Vyc29y", supervisor, NULL, NULL));
    assert_int_equal(422,
                     api(&h, "GET", "/api/v1/events?types=case.nonsense", supervisor, NULL, NULL));
    assert_int_equal(422, api(&h, "GET", "/api/v1/events?wait=31", supervisor, NULL, NULL));
    assert_int_equal(422, api(&h, "GET", "/api/v1/events?limit=501", supervisor, NULL, NULL));
    /* front desk does not read the feed */
    assert_int_equal(403, api(&h, "GET", "/api/v1/events", front_desk, NULL, NULL));
    long case_id = intake_case(&h, front_desk, community_id, "none");
    char path[256];
    /* wait: an event is readable once no transaction that started before it still runs */
    snprintf(path, sizeof(path), "/api/v1/events?types=case.received&case_id=%ld&wait=10", case_id);
    assert_int_equal(200, api(&h, "GET", path, supervisor, NULL, &r));
    cJSON *items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(1, cJSON_GetArraySize(items));
    cJSON *e = cJSON_GetArrayItem(items, 0);
    assert_string_equal("case.received", cJSON_GetObjectItem(e, "type")->valuestring);
    assert_int_equal(case_id, (long)cJSON_GetObjectItem(e, "case_id")->valuedouble);
    assert_string_equal("received", cJSON_GetObjectItem(e, "status")->valuestring);
    assert_int_equal(1, (int)cJSON_GetObjectItem(e, "version")->valuedouble);
    /* never a party's data */
    assert_null(strstr(r.body, "13700000000"));
    assert_null(strstr(r.body, "王五"));
    char next[128];
    snprintf(next, sizeof(next), "%s", cJSON_GetObjectItem(r.json, "next_cursor")->valuestring);
    http_result_cleanup(&r);
    /* from that cursor nothing is repeated, and an empty page still gives a string cursor */
    snprintf(path, sizeof(path), "/api/v1/events?case_id=%ld&after=%s", case_id, next);
    assert_int_equal(200, api(&h, "GET", path, supervisor, NULL, &r));
    assert_int_equal(0, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(r.json, "next_cursor")));
    http_result_cleanup(&r);
    /* paging by one walks the same events as one page */
    snprintf(path, sizeof(path), "/api/v1/events?case_id=%ld", case_id);
    char accept[128];
    snprintf(accept, sizeof(accept), "/api/v1/cases/%ld/accept", case_id);
    assert_int_equal(200, api(&h, "POST", accept, supervisor, "{}", NULL));
    int seen = 0;
    char cur[128] = "";
    long total = feed_count(&h, case_id, NULL);
    for (int i = 0; i < 20 && seen < total; i++) {
        snprintf(path, sizeof(path), "/api/v1/events?limit=1&wait=5&case_id=%ld%s%s", case_id,
                 cur[0] ? "&after=" : "", cur);
        assert_int_equal(200, api(&h, "GET", path, supervisor, NULL, &r));
        seen += cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items"));
        snprintf(cur, sizeof(cur), "%s", cJSON_GetObjectItem(r.json, "next_cursor")->valuestring);
        http_result_cleanup(&r);
    }
    assert_int_equal(total, seen);
    /* and nothing after the last */
    snprintf(path, sizeof(path), "/api/v1/events?limit=1&case_id=%ld&after=%s", case_id, cur);
    assert_int_equal(200, api(&h, "GET", path, supervisor, NULL, &r));
    assert_int_equal(0, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
}

/* 红色预警: a red intake is on the feed within 1 s (a follower long-polling for it gets it);
 * an edit from none to orange raises it too, and a lowering does not. */
static void test_risk_raised_within_one_second(void **state)
{
    (void)state;
    char cursor[128];
    assert_int_equal(0, feed_tail_cursor(&h, supervisor, cursor));
    struct long_poll lp = {.key = supervisor};
    snprintf(lp.path, sizeof(lp.path), "/api/v1/events?wait=10&types=case.risk_raised&after=%s",
             cursor);
    pthread_t t;
    assert_int_equal(0, pthread_create(&t, NULL, long_poll_main, &lp));
    usleep(200000);
    long t0 = harness_now_ms();
    long red = intake_case(&h, front_desk, community_id, "red");
    pthread_join(t, NULL);
    assert_int_equal(200, lp.status);
    assert_int_equal(1, lp.items);
    assert_true(lp.answered_ms - t0 < 1000);
    assert_int_equal(1, feed_count(&h, red, "case.risk_raised"));

    long plain = intake_case(&h, front_desk, community_id, "none");
    assert_int_equal(0, feed_count(&h, plain, "case.risk_raised"));
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld", plain);
    char auth[200];
    const char *hdr[] = {"Content-Type: application/json", bearer(front_desk, auth),
                         "If-Match: \"0\"", NULL};
    char ifmatch[64];
    snprintf(ifmatch, sizeof(ifmatch), "If-Match: \"%ld-1\"", plain);
    hdr[2] = ifmatch;
    struct http_result r;
    const char *body = "{\"risk_level\":\"orange\"}";
    assert_int_equal(0, http_call(&h, "PATCH", path, hdr, body, strlen(body), &r));
    assert_int_equal(200, r.status);
    http_result_cleanup(&r);
    assert_int_equal(1, feed_count(&h, plain, "case.risk_raised"));
    snprintf(ifmatch, sizeof(ifmatch), "If-Match: \"%ld-2\"", plain);
    body = "{\"risk_level\":\"yellow\"}";
    assert_int_equal(0, http_call(&h, "PATCH", path, hdr, body, strlen(body), &r));
    assert_int_equal(200, r.status);
    http_result_cleanup(&r);
    assert_int_equal(1, feed_count(&h, plain, "case.risk_raised"));
    assert_int_equal(2, feed_count(&h, plain, "case.edited"));
}

/* Every status change is on the feed, in order, with the case's status and version after it and
 * the change in data: intake → accept → assign → session → close (with agreement) → follow-up. */
static void test_every_status_change_in_order(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(0, harness_sql(&h,
                                    "INSERT INTO mediators (center_id, name, organization, "
                                    "channel, specialties) SELECT id, '赵调解', '人民调解委员会', "
                                    "'people', '{neighbor}' FROM centers WHERE code = 'WD' "
                                    "RETURNING id",
                                    out, sizeof(out)));
    long mediator = atol(out);
    long id = intake_case(&h, front_desk, community_id, "none");
    char path[128], body[512];
    const char *steps[][2] = {
        {"accept", "{}"},
        {"assign", NULL},
        {"sessions", "{\"held_at\":\"2026-11-30T09:00:00+08:00\",\"kind\":\"in_person\","
                     "\"participants\":\"双方当事人\"}"},
        {"close", "{\"outcome\":\"resolved\",\"agreement\":{\"amount\":\"2500.00\","
                  "\"form\":\"written\",\"signed_at\":\"2026-12-01\",\"terms\":\"赔偿\"}}"},
        {"follow-up", "{\"return_visit_note\":\"双方满意\",\"performance\":\"fulfilled\"}"},
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        snprintf(path, sizeof(path), "/api/v1/cases/%ld/%s", id, steps[i][0]);
        if (!steps[i][1])
            snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator);
        else
            snprintf(body, sizeof(body), "%s", steps[i][1]);
        long st = api(&h, "POST", path, supervisor, body, NULL);
        if (st != 200 && st != 201)
            fail_msg("%s answered %ld", steps[i][0], st);
    }
    static const char *const types[] = {"case.received",       "case.accepted", "case.assigned",
                                        "case.session_logged", "case.closed",   "case.followed_up"};
    static const char *const statuses[] = {"received",     "accepted", "assigned",
                                           "in_mediation", "closed",   "closed"};
    snprintf(path, sizeof(path), "/api/v1/events?case_id=%ld", id);
    struct http_result r;
    /* all six readable once no transaction that started before them still runs */
    long until = harness_now_ms() + 10000;
    for (;;) {
        assert_int_equal(200, api(&h, "GET", path, supervisor, NULL, &r));
        if (cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")) >= 6 ||
            harness_now_ms() > until)
            break;
        http_result_cleanup(&r);
        usleep(50000);
    }
    cJSON *items = cJSON_GetObjectItem(r.json, "items");
    assert_int_equal(6, cJSON_GetArraySize(items));
    int last_version = 0;
    for (int i = 0; i < 6; i++) {
        cJSON *e = cJSON_GetArrayItem(items, i);
        assert_string_equal(types[i], cJSON_GetObjectItem(e, "type")->valuestring);
        assert_string_equal(statuses[i], cJSON_GetObjectItem(e, "status")->valuestring);
        int version = (int)cJSON_GetObjectItem(e, "version")->valuedouble;
        assert_true(version > last_version);
        last_version = version;
    }
    cJSON *assigned = cJSON_GetObjectItem(cJSON_GetArrayItem(items, 2), "data");
    assert_int_equal(mediator, (long)cJSON_GetObjectItem(assigned, "mediator_id")->valuedouble);
    cJSON *closed = cJSON_GetObjectItem(cJSON_GetArrayItem(items, 4), "data");
    assert_string_equal("resolved", cJSON_GetObjectItem(closed, "outcome")->valuestring);
    assert_string_equal("in_mediation", cJSON_GetObjectItem(closed, "from_status")->valuestring);
    http_result_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_out_of_order_commits_each_seen_once),
        cmocka_unit_test(test_long_poll_answers_within_100ms_of_a_commit),
        cmocka_unit_test(test_waiting_polls_hold_no_worker_or_connection),
        cmocka_unit_test(test_filters_cursors_and_refusals),
        cmocka_unit_test(test_risk_raised_within_one_second),
        cmocka_unit_test(test_every_status_change_in_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
