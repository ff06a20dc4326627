/* Deadline reminders from the scheduler, with two server instances on one database: a deadline
 * that passes (time moved in the test database) gives exactly one case.overdue across both; a
 * deadline within DUE_SOON_HOURS gives one case.due_soon; an extension sets a new deadline, which
 * gets its own reminders; a paused clock gives none until it is resumed. */
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
static char supervisor[128], front_desk[128];
static long community_id;

static int setup(void **state)
{
    (void)state;
    const char *migrate[] = {"migrate", NULL};
    if (harness_create_db(&h, "reminders") != 0 || harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0)
        return -1;
    const char *env[] = {"REMINDER_INTERVAL_MS=100", NULL};
    if (start_two_instances(&h, &h2, env) != 0)
        return -1;
    community_id = make_community(&h, "rmd");
    return community_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return stop_two_instances(&h, &h2);
}

static long accepted_case(void)
{
    long id = intake_case(&h, front_desk, community_id, "none");
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/accept", id);
    assert_int_equal(200, api(&h, "POST", path, supervisor, "{}", NULL));
    return id;
}

/* Moves the case's deadline (time moved in the test database). */
static void set_due(long id, const char *when)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "UPDATE cases SET due_at = %s WHERE id = %ld", when, id);
    assert_int_equal(0, harness_sql(&h, sql, NULL, 0));
}

static long wait_count(long id, const char *type, long want, long timeout_ms)
{
    long until = harness_now_ms() + timeout_ms, n;
    while ((n = feed_count(&h, id, type)) < want && harness_now_ms() < until)
        usleep(50000);
    return n;
}

static void deadline_action(long id, const char *body)
{
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/deadline", id);
    assert_int_equal(200, api(&h2, "POST", path, supervisor, body, NULL));
}

static void test_one_overdue_across_two_instances(void **state)
{
    (void)state;
    long id = accepted_case();
    /* 30 days away: nothing yet */
    usleep(500000);
    assert_int_equal(0, feed_count(&h, id, "case.due_soon"));
    assert_int_equal(0, feed_count(&h, id, "case.overdue"));
    set_due(id, "now() - interval '1 minute'");
    assert_int_equal(1, wait_count(id, "case.overdue", 1, 5000));
    /* both instances ran many passes since: still one */
    usleep(1500000);
    assert_int_equal(1, feed_count(&h, id, "case.overdue"));
    /* the event is on the feed, with the deadline it is about */
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/events?types=case.overdue&case_id=%ld", id);
    struct http_result r;
    assert_int_equal(200, api(&h2, "GET", path, supervisor, NULL, &r));
    cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "data"), "due_at"));
    http_result_cleanup(&r);
}

static void test_due_soon_once_and_an_extension_rearms(void **state)
{
    (void)state;
    long id = accepted_case();
    set_due(id, "now() + interval '2 hours'");
    assert_int_equal(1, wait_count(id, "case.due_soon", 1, 5000));
    usleep(800000);
    assert_int_equal(1, feed_count(&h, id, "case.due_soon"));
    /* an extension of one day: a new deadline, still within 72 hours: a second due_soon */
    deadline_action(id, "{\"action\":\"extend\",\"days\":1,\"reason\":\"双方同意延期\","
                        "\"applicant_consent\":true,\"respondent_consent\":true}");
    assert_int_equal(2, wait_count(id, "case.due_soon", 2, 5000));
    assert_int_equal(1, feed_count(&h, id, "case.deadline_extended"));
    /* the new deadline passes: one overdue */
    set_due(id, "now() - interval '1 second'");
    assert_int_equal(1, wait_count(id, "case.overdue", 1, 5000));
    usleep(800000);
    assert_int_equal(2, feed_count(&h, id, "case.due_soon"));
    assert_int_equal(1, feed_count(&h, id, "case.overdue"));
}

static void test_a_pause_holds_the_reminders(void **state)
{
    (void)state;
    long id = accepted_case();
    deadline_action(id, "{\"action\":\"pause\",\"reason\":\"等待伤情鉴定\"}");
    set_due(id, "now() - interval '1 minute'");
    usleep(1500000);
    assert_int_equal(0, feed_count(&h, id, "case.overdue"));
    assert_int_equal(0, feed_count(&h, id, "case.due_soon"));
    /* resumed: the deadline moves by the pause (still past here), and it is overdue once */
    deadline_action(id, "{\"action\":\"resume\",\"reason\":\"鉴定结果已出\"}");
    assert_int_equal(1, wait_count(id, "case.overdue", 1, 5000));
    usleep(800000);
    assert_int_equal(1, feed_count(&h, id, "case.overdue"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_overdue_across_two_instances),
        cmocka_unit_test(test_due_soon_once_and_an_extension_rearms),
        cmocka_unit_test(test_a_pause_holds_the_reminders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
