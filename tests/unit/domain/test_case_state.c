/* Unit tests for domain/case_state.c: every (status, action[, outcome]) pair against a table of
 * the allowed transitions written out here, independently of the implementation's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "case_state.h"

/* docs/design.md, Status machine: one row per allowed (status, action, outcome): everything else is
 * a conflict. outcome is NULL for actions other than close; to is the status afterwards. */
static const struct {
    const char *from;
    const char *action;
    const char *outcome;
    const char *to;
} allowed[] = {
    {"received", "accept", NULL, "accepted"},
    {"received", "decline", NULL, "declined"},
    {"accepted", "assign", NULL, "assigned"},
    {"assigned", "reassign", NULL, "assigned"},
    {"in_mediation", "reassign", NULL, "in_mediation"},
    {"assigned", "log_session", NULL, "in_mediation"},
    {"in_mediation", "log_session", NULL, "in_mediation"},
    {"in_mediation", "close", "resolved", "closed"},
    {"in_mediation", "close", "failed", "closed"},
    {"in_mediation", "close", "terminated", "closed"},
    {"received", "close", "withdrawn", "closed"},
    {"accepted", "close", "withdrawn", "closed"},
    {"assigned", "close", "withdrawn", "closed"},
    {"in_mediation", "close", "withdrawn", "closed"},
    {"accepted", "close", "referred", "closed"},
    {"assigned", "close", "referred", "closed"},
    {"in_mediation", "close", "referred", "closed"},
    {"closed", "follow_up", NULL, "closed"},
    {"received", "edit", NULL, "received"},
    {"accepted", "edit", NULL, "accepted"},
    {"assigned", "edit", NULL, "assigned"},
    {"in_mediation", "edit", NULL, "in_mediation"},
};
#define ALLOWED_COUNT (sizeof(allowed) / sizeof(allowed[0]))

static const char *const statuses[] = {"received", "accepted",     "declined",
                                       "assigned", "in_mediation", "closed"};
static const char *const actions[] = {"accept",      "decline", "assign",    "reassign",
                                      "log_session", "close",   "follow_up", "edit"};
static const char *const outcomes[] = {"resolved", "failed", "terminated", "withdrawn", "referred"};

/* The expected "to" for a combination, or NULL when it must be refused. */
static const char *expected_to(const char *from, const char *action, const char *outcome)
{
    for (size_t i = 0; i < ALLOWED_COUNT; i++) {
        if (strcmp(allowed[i].from, from) != 0 || strcmp(allowed[i].action, action) != 0)
            continue;
        if (allowed[i].outcome && strcmp(allowed[i].outcome, outcome) != 0)
            continue;
        return allowed[i].to;
    }
    return NULL;
}

/* How the refusal message reads for an action. */
static void expected_message(const char *from, const char *action, const char *outcome, char *out,
                             size_t size)
{
    if (strcmp(action, "close") == 0) {
        snprintf(out, size, "cannot close a case that is %s as %s", from, outcome);
        return;
    }
    const char *verb = action;
    if (strcmp(action, "log_session") == 0)
        verb = "log a session on";
    else if (strcmp(action, "follow_up") == 0)
        verb = "follow up";
    snprintf(out, size, "cannot %s a case that is %s", verb, from);
}

static enum case_status status_of(const char *name)
{
    enum case_status s = CASE_STATUS_COUNT;
    assert_true(case_status_parse(name, &s));
    return s;
}

static void check_one(const char *from_name, const char *action_name, const char *outcome_name,
                      size_t *ok_count, size_t *conflict_count)
{
    enum case_status from = status_of(from_name);
    enum case_action action = CASE_ACTION_COUNT;
    assert_true(case_action_parse(action_name, &action));
    enum case_outcome outcome = CASE_OUTCOME_RESOLVED;
    if (outcome_name)
        assert_true(case_outcome_parse(outcome_name, &outcome));

    const char *want = expected_to(from_name, action_name, outcome_name ? outcome_name : "");
    enum case_status to = CASE_STATUS_COUNT; /* a sentinel: must stay put on refusal */
    struct error err;
    error_init(&err);
    enum status got = case_state_next(from, action, outcome, &to, &err);
    if (want) {
        if (got != STATUS_OK)
            fail_msg("%s %s %s refused: %s", from_name, action_name,
                     outcome_name ? outcome_name : "", err.message);
        assert_string_equal(case_status_name(to), want);
        (*ok_count)++;
    } else {
        if (got != STATUS_CONFLICT)
            fail_msg("%s %s %s gave %s, not conflict", from_name, action_name,
                     outcome_name ? outcome_name : "", status_name(got));
        assert_int_equal(to, CASE_STATUS_COUNT);
        assert_int_equal(err.status, STATUS_CONFLICT);
        assert_int_equal(err.field_count, 0);
        char message[ERROR_MESSAGE_MAX];
        expected_message(from_name, action_name, outcome_name, message, sizeof(message));
        assert_string_equal(err.message, message);
        (*conflict_count)++;
    }
}

static void test_case_state_every_pair_matches_the_design_table(void **state)
{
    (void)state;
    size_t ok_count = 0, conflict_count = 0;
    for (size_t s = 0; s < sizeof(statuses) / sizeof(statuses[0]); s++) {
        for (size_t a = 0; a < sizeof(actions) / sizeof(actions[0]); a++) {
            if (strcmp(actions[a], "close") == 0) {
                for (size_t o = 0; o < sizeof(outcomes) / sizeof(outcomes[0]); o++)
                    check_one(statuses[s], actions[a], outcomes[o], &ok_count, &conflict_count);
            } else {
                check_one(statuses[s], actions[a], NULL, &ok_count, &conflict_count);
            }
        }
    }
    /* 6 statuses × (7 actions + 5 close outcomes) */
    assert_int_equal(ok_count + conflict_count, 72);
    assert_int_equal(ok_count, ALLOWED_COUNT);
    assert_int_equal(ok_count, 22);
}

static void test_case_state_covers_every_enum_value(void **state)
{
    (void)state;
    /* the lists above name every status, action and outcome the header declares */
    assert_int_equal(sizeof(statuses) / sizeof(statuses[0]), CASE_STATUS_COUNT);
    assert_int_equal(sizeof(actions) / sizeof(actions[0]), CASE_ACTION_COUNT);
    assert_int_equal(sizeof(outcomes) / sizeof(outcomes[0]), CASE_OUTCOME_COUNT);
    for (int s = 0; s < CASE_STATUS_COUNT; s++)
        assert_string_equal(case_status_name((enum case_status)s), statuses[s]);
    for (int a = 0; a < CASE_ACTION_COUNT; a++)
        assert_string_equal(case_action_name((enum case_action)a), actions[a]);
    for (int o = 0; o < CASE_OUTCOME_COUNT; o++)
        assert_string_equal(case_outcome_name((enum case_outcome)o), outcomes[o]);
}

static void test_case_state_outcome_is_ignored_for_other_actions(void **state)
{
    (void)state;
    enum case_status to = CASE_STATUS_COUNT;
    assert_int_equal(
        case_state_next(CASE_STATUS_RECEIVED, CASE_ACTION_ACCEPT, (enum case_outcome)99, &to, NULL),
        STATUS_OK);
    assert_int_equal(to, CASE_STATUS_ACCEPTED);
}

static void test_case_state_messages_read_as_documented(void **state)
{
    (void)state;
    struct error err;
    enum case_status to;
    error_init(&err);
    assert_int_equal(
        case_state_next(CASE_STATUS_RECEIVED, CASE_ACTION_CLOSE, CASE_OUTCOME_RESOLVED, &to, &err),
        STATUS_CONFLICT);
    assert_string_equal(err.message, "cannot close a case that is received as resolved");
    error_init(&err);
    assert_int_equal(
        case_state_next(CASE_STATUS_CLOSED, CASE_ACTION_ACCEPT, CASE_OUTCOME_RESOLVED, &to, &err),
        STATUS_CONFLICT);
    assert_string_equal(err.message, "cannot accept a case that is closed");
    error_init(&err);
    assert_int_equal(
        case_state_next(CASE_STATUS_DECLINED, CASE_ACTION_EDIT, CASE_OUTCOME_RESOLVED, &to, &err),
        STATUS_CONFLICT);
    assert_string_equal(err.message, "cannot edit a case that is declined");
    /* lower-case first letter, no final period */
    assert_true(err.message[0] >= 'a' && err.message[0] <= 'z');
    assert_int_not_equal(err.message[strlen(err.message) - 1], '.');
}

static void test_case_state_refusal_without_error_struct(void **state)
{
    (void)state;
    enum case_status to = CASE_STATUS_COUNT;
    assert_int_equal(
        case_state_next(CASE_STATUS_CLOSED, CASE_ACTION_CLOSE, CASE_OUTCOME_WITHDRAWN, &to, NULL),
        STATUS_CONFLICT);
    assert_int_equal(to, CASE_STATUS_COUNT);
}

static void test_case_state_out_of_range_values(void **state)
{
    (void)state;
    struct error err;
    enum case_status to = CASE_STATUS_COUNT;
    error_init(&err);
    assert_int_equal(
        case_state_next(CASE_STATUS_COUNT, CASE_ACTION_ACCEPT, CASE_OUTCOME_RESOLVED, &to, &err),
        STATUS_INTERNAL);
    error_init(&err);
    assert_int_equal(case_state_next((enum case_status) - 1, CASE_ACTION_ACCEPT,
                                     CASE_OUTCOME_RESOLVED, &to, &err),
                     STATUS_INTERNAL);
    error_init(&err);
    assert_int_equal(
        case_state_next(CASE_STATUS_RECEIVED, CASE_ACTION_COUNT, CASE_OUTCOME_RESOLVED, &to, &err),
        STATUS_INTERNAL);
    error_init(&err);
    assert_int_equal(
        case_state_next(CASE_STATUS_IN_MEDIATION, CASE_ACTION_CLOSE, CASE_OUTCOME_COUNT, &to, &err),
        STATUS_INVALID);
    assert_int_equal(err.field_count, 1);
    assert_string_equal(err.fields[0].field, "outcome");
    assert_int_equal(to, CASE_STATUS_COUNT);
}

static void test_case_state_is_open(void **state)
{
    (void)state;
    assert_true(case_status_is_open(CASE_STATUS_RECEIVED));
    assert_true(case_status_is_open(CASE_STATUS_ACCEPTED));
    assert_true(case_status_is_open(CASE_STATUS_ASSIGNED));
    assert_true(case_status_is_open(CASE_STATUS_IN_MEDIATION));
    assert_false(case_status_is_open(CASE_STATUS_DECLINED));
    assert_false(case_status_is_open(CASE_STATUS_CLOSED));
    assert_false(case_status_is_open(CASE_STATUS_COUNT));
}

static void test_case_state_names_round_trip_and_reject_unknown(void **state)
{
    (void)state;
    for (int s = 0; s < CASE_STATUS_COUNT; s++) {
        enum case_status parsed = CASE_STATUS_COUNT;
        assert_true(case_status_parse(case_status_name((enum case_status)s), &parsed));
        assert_int_equal(parsed, s);
    }
    for (int a = 0; a < CASE_ACTION_COUNT; a++) {
        enum case_action parsed = CASE_ACTION_COUNT;
        assert_true(case_action_parse(case_action_name((enum case_action)a), &parsed));
        assert_int_equal(parsed, a);
    }
    for (int o = 0; o < CASE_OUTCOME_COUNT; o++) {
        enum case_outcome parsed = CASE_OUTCOME_COUNT;
        assert_true(case_outcome_parse(case_outcome_name((enum case_outcome)o), &parsed));
        assert_int_equal(parsed, o);
    }
    static const char *const bad[] = {
        "",        "Received", "CLOSED",      "closed ", "open", "in-mediation",
        "resolve", "withdraw", "log-session", "unknown"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        enum case_status s = CASE_STATUS_COUNT;
        enum case_action a = CASE_ACTION_COUNT;
        enum case_outcome o = CASE_OUTCOME_COUNT;
        assert_false(case_status_parse(bad[i], &s));
        assert_false(case_action_parse(bad[i], &a));
        assert_false(case_outcome_parse(bad[i], &o));
        assert_int_equal(s, CASE_STATUS_COUNT);
        assert_int_equal(a, CASE_ACTION_COUNT);
        assert_int_equal(o, CASE_OUTCOME_COUNT);
    }
    enum case_status s = CASE_STATUS_COUNT;
    assert_false(case_status_parse(NULL, &s));
    assert_string_equal(case_status_name(CASE_STATUS_COUNT), "unknown");
    assert_string_equal(case_action_name((enum case_action) - 1), "unknown");
    assert_string_equal(case_outcome_name(CASE_OUTCOME_COUNT), "unknown");
}

static void test_case_state_chinese_labels(void **state)
{
    (void)state;
    assert_string_equal(case_status_label_zh(CASE_STATUS_CLOSED), "已结案");
    assert_string_equal(case_status_label_zh(CASE_STATUS_IN_MEDIATION), "调解中");
    assert_string_equal(case_outcome_label_zh(CASE_OUTCOME_RESOLVED), "调解成功");
    assert_string_equal(case_outcome_label_zh(CASE_OUTCOME_FAILED), "调解不成");
    assert_string_equal(case_outcome_label_zh(CASE_OUTCOME_TERMINATED), "终止调解");
    assert_string_equal(case_outcome_label_zh(CASE_OUTCOME_COUNT), "未知");
    for (int s = 0; s < CASE_STATUS_COUNT; s++)
        assert_string_not_equal(case_status_label_zh((enum case_status)s), "未知");
    for (int o = 0; o < CASE_OUTCOME_COUNT; o++)
        assert_string_not_equal(case_outcome_label_zh((enum case_outcome)o), "未知");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_state_every_pair_matches_the_design_table),
        cmocka_unit_test(test_case_state_covers_every_enum_value),
        cmocka_unit_test(test_case_state_outcome_is_ignored_for_other_actions),
        cmocka_unit_test(test_case_state_messages_read_as_documented),
        cmocka_unit_test(test_case_state_refusal_without_error_struct),
        cmocka_unit_test(test_case_state_out_of_range_values),
        cmocka_unit_test(test_case_state_is_open),
        cmocka_unit_test(test_case_state_names_round_trip_and_reject_unknown),
        cmocka_unit_test(test_case_state_chinese_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
