/* Unit tests for http/problem.c: problem+json rendering, checked by parsing the output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "problem.h"

/* The rendered body and its parse; the teardown frees both even after a failed assertion. */
static struct buf out;
static cJSON *doc;

static int setup(void **state)
{
    (void)state;
    buf_init(&out, 1 << 20);
    doc = NULL;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(doc);
    doc = NULL;
    buf_cleanup(&out);
    return 0;
}

/* Renders and parses; fails the test unless the output is one JSON object. */
static cJSON *render(int http_status, const struct error *err, const char *request_id)
{
    assert_int_equal(http_problem_render(&out, http_status, err, request_id), STATUS_OK);
    doc = cJSON_ParseWithLength(buf_str(&out), out.len);
    if (!doc)
        fail_msg("not JSON: %s", buf_str(&out));
    assert_true(cJSON_IsObject(doc));
    return doc;
}

static const char *string_member(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(item))
        fail_msg("member \"%s\" is missing or not a string", name);
    return item->valuestring;
}

static void test_problem_has_type_title_status_detail_and_request_id(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_set(&err, STATUS_NOT_FOUND, "community 12 does not exist");
    cJSON *p = render(404, &err, "req-123");
    assert_string_equal(string_member(p, "type"), "/problems/not-found");
    assert_string_equal(string_member(p, "title"), "Not Found");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(p, "status");
    assert_true(cJSON_IsNumber(status));
    assert_int_equal(status->valueint, 404);
    assert_string_equal(string_member(p, "detail"), "community 12 does not exist");
    assert_string_equal(string_member(p, "request_id"), "req-123");
    assert_null(cJSON_GetObjectItemCaseSensitive(p, "errors"));
}

static void test_problem_detail_falls_back_to_title(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    cJSON *p = render(503, &err, "r");
    assert_string_equal(string_member(p, "title"), "Service Unavailable");
    assert_string_equal(string_member(p, "detail"), "Service Unavailable");
}

static void test_problem_without_error_uses_title_as_detail(void **state)
{
    (void)state;
    cJSON *p = render(405, NULL, "r");
    assert_string_equal(string_member(p, "title"), "Method Not Allowed");
    assert_string_equal(string_member(p, "detail"), "Method Not Allowed");
    assert_string_equal(string_member(p, "type"), "/problems/method-not-allowed");
}

static void test_problem_without_request_id_omits_the_member(void **state)
{
    (void)state;
    cJSON *p = render(500, NULL, "");
    assert_null(cJSON_GetObjectItemCaseSensitive(p, "request_id"));
    cJSON_Delete(doc);
    doc = NULL;
    buf_clear(&out);
    p = render(500, NULL, NULL);
    assert_null(cJSON_GetObjectItemCaseSensitive(p, "request_id"));
}

static void test_problem_lists_field_errors_in_order(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_add_field(&err, "code", "must be 1 to 32 letters");
    error_add_field(&err, "name", "must not be empty");
    cJSON *p = render(422, &err, "r-1");
    assert_string_equal(string_member(p, "title"), "Unprocessable Content");
    assert_string_equal(string_member(p, "type"), "/problems/validation-error");
    assert_string_equal(string_member(p, "detail"), err.message);
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(p, "errors");
    assert_true(cJSON_IsArray(errors));
    assert_int_equal(cJSON_GetArraySize(errors), 2);
    const cJSON *e0 = cJSON_GetArrayItem(errors, 0);
    const cJSON *e1 = cJSON_GetArrayItem(errors, 1);
    assert_string_equal(string_member(e0, "field"), "code");
    assert_string_equal(string_member(e0, "message"), "must be 1 to 32 letters");
    assert_string_equal(string_member(e1, "field"), "name");
    assert_string_equal(string_member(e1, "message"), "must not be empty");
}

static void test_problem_renders_the_most_field_errors(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    for (int i = 0; i < ERROR_FIELDS_MAX; i++)
        error_add_field(&err, "parties[0].phone", "field %d", i);
    cJSON *p = render(422, &err, "r");
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(p, "errors");
    assert_int_equal(cJSON_GetArraySize(errors), ERROR_FIELDS_MAX);
    char last[32];
    snprintf(last, sizeof(last), "field %d", ERROR_FIELDS_MAX - 1);
    assert_string_equal(string_member(cJSON_GetArrayItem(errors, ERROR_FIELDS_MAX - 1), "message"),
                        last);
}

static void test_problem_escapes_quotes_and_control_characters(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_set(&err, STATUS_INVALID, "name \"x\\y\"\nline two");
    error_add_field(&err, "a\"b", "bad \"value\"\t");
    cJSON *p = render(422, &err, "id\"1");
    assert_string_equal(string_member(p, "detail"), "name \"x\\y\"\nline two");
    assert_string_equal(string_member(p, "request_id"), "id\"1");
    const cJSON *e0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(p, "errors"), 0);
    assert_string_equal(string_member(e0, "field"), "a\"b");
    assert_string_equal(string_member(e0, "message"), "bad \"value\"\t");
    assert_null(memchr(buf_str(&out), '\n', out.len));
}

static void test_problem_keeps_utf8_detail(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_set(&err, STATUS_CONFLICT, "\xe7\xa4\xbe\xe5\x8c\xba WD-01 already exists");
    cJSON *p = render(409, &err, "r");
    assert_string_equal(string_member(p, "detail"),
                        "\xe7\xa4\xbe\xe5\x8c\xba WD-01 already exists");
    assert_string_equal(string_member(p, "title"), "Conflict");
}

static void test_problem_for_unlisted_status_uses_generic_title(void **state)
{
    (void)state;
    cJSON *p = render(418, NULL, "r");
    assert_string_equal(string_member(p, "title"), "Client Error");
    assert_string_equal(string_member(p, "type"), "/problems/error");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(p, "status")->valueint, 418);
}

static void test_problem_render_past_buffer_cap_is_too_large(void **state)
{
    (void)state;
    struct buf small;
    buf_init(&small, 32);
    assert_int_equal(http_problem_render(&small, 404, NULL, "req"), STATUS_TOO_LARGE);
    buf_cleanup(&small);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_problem_has_type_title_status_detail_and_request_id),
        T(test_problem_detail_falls_back_to_title),
        T(test_problem_without_error_uses_title_as_detail),
        T(test_problem_without_request_id_omits_the_member),
        T(test_problem_lists_field_errors_in_order),
        T(test_problem_renders_the_most_field_errors),
        T(test_problem_escapes_quotes_and_control_characters),
        T(test_problem_keeps_utf8_detail),
        T(test_problem_for_unlisted_status_uses_generic_title),
        T(test_problem_render_past_buffer_cap_is_too_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
