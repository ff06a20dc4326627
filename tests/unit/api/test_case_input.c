/* Unit tests for api/case_input.c: the case operations' bodies, read without a database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "case_input.h"

/* 2026-12-05T00:00:00Z */
#define NOW INT64_C(1796428800)

static cJSON *parse(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    return j;
}

static bool has_field(const struct error *err, const char *field)
{
    for (size_t k = 0; k < err->field_count; k++)
        if (strcmp(err->fields[k].field, field) == 0)
            return true;
    return false;
}

static void test_intake_normalises_numbers(void **state)
{
    (void)state;
    struct arena *arena = arena_new(1024);
    cJSON *body = parse("{\"dispute_type\":\"neighbor\",\"source\":\"party_application\","
                        "\"community_id\":3,"
                        "\"summary\":\"漏水\",\"parties\":[{\"role\":\"applicant\",\"kind\":"
                        "\"person\",\"name\":\"张伟\",\"id_number\":\" 11010519491231002x \","
                        "\"phone\":\"+86 138-0013-8000\"}]}");
    struct error err;
    error_init(&err);
    struct case_intake in;
    struct party_input parties[CASE_PARTIES_MAX];
    const char *center = "x";
    case_input_intake(arena, body, NOW, &in, parties, &center, &err);
    assert_int_equal(err.field_count, 0);
    assert_null(center);
    assert_string_equal(in.risk_level, "none");
    assert_int_equal(in.party_count, 1);
    assert_string_equal(parties[0].id_number, "11010519491231002X");
    assert_string_equal(parties[0].phone, "13800138000");
    assert_null(parties[0].id_hash);
    cJSON_Delete(body);
    arena_free(arena);
}

static void test_intake_names_party_errors(void **state)
{
    (void)state;
    struct arena *arena = arena_new(1024);
    cJSON *body = parse("{\"dispute_type\":\"neighbor\",\"source\":\"party_application\","
                        "\"community_id\":3,"
                        "\"summary\":\"x\",\"occurred_on\":\"2026-12-07\",\"parties\":[{\"role\":"
                        "\"respondent\",\"kind\":\"person\",\"name\":\"李\",\"phone\":\"12\"}]}");
    struct error err;
    error_init(&err);
    struct case_intake in;
    struct party_input parties[CASE_PARTIES_MAX];
    const char *center = NULL;
    case_input_intake(arena, body, NOW, &in, parties, &center, &err);
    assert_true(has_field(&err, "parties[0].phone"));
    assert_true(has_field(&err, "parties"));
    assert_true(has_field(&err, "occurred_on"));
    cJSON_Delete(body);
    arena_free(arena);
}

static void test_close_resolved_needs_agreement(void **state)
{
    (void)state;
    struct close_input close;
    struct agreement_input agreement;
    enum case_outcome outcome = CASE_OUTCOME_COUNT;
    struct error err;
    error_init(&err);
    cJSON *body = parse("{\"outcome\":\"resolved\"}");
    case_input_close(body, NOW, &close, &outcome, &agreement, &err);
    assert_true(has_field(&err, "agreement"));
    cJSON_Delete(body);

    error_init(&err);
    body = parse("{\"outcome\":\"resolved\",\"agreement\":{\"amount\":\"2500.5\",\"form\":"
                 "\"written\",\"signed_at\":\"2026-12-06\",\"terms\":\"一次性赔偿\"}}");
    case_input_close(body, NOW, &close, &outcome, &agreement, &err);
    assert_int_equal(err.field_count, 0);
    assert_int_equal(outcome, CASE_OUTCOME_RESOLVED);
    assert_ptr_equal(close.agreement, &agreement);
    assert_int_equal(agreement.amount_fen, 250050);
    cJSON_Delete(body);
}

static void test_deadline_and_follow_up(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    struct case_deadline_input d;
    cJSON *body = parse("{\"action\":\"extend\",\"days\":366,\"reason\":\"出差\"}");
    case_input_deadline(body, &d, &err);
    assert_true(has_field(&err, "days"));
    cJSON_Delete(body);

    error_init(&err);
    struct follow_up_input f;
    body = parse("{}");
    case_input_follow_up(body, &f, &err);
    assert_true(has_field(&err, "body"));
    cJSON_Delete(body);

    error_init(&err);
    struct case_session_input s;
    body = parse("{\"held_at\":\"2026-12-07T00:00:01Z\",\"kind\":\"phone\",\"participants\":"
                 "\"双方\"}");
    case_input_session(body, NOW, &s, &err);
    assert_true(has_field(&err, "held_at"));
    cJSON_Delete(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intake_normalises_numbers),
        cmocka_unit_test(test_intake_names_party_errors),
        cmocka_unit_test(test_close_resolved_needs_agreement),
        cmocka_unit_test(test_deadline_and_follow_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
