/* Unit tests for http/status_map.c: status → HTTP status, titles and problem slugs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "status_map.h"

static void test_status_map_every_status_has_its_documented_http_status(void **state)
{
    (void)state;
    static const struct {
        enum status status;
        int http;
    } rows[] = {
        {STATUS_OK, 200},           {STATUS_INVALID, 422},      {STATUS_MALFORMED, 400},
        {STATUS_NOT_FOUND, 404},    {STATUS_CONFLICT, 409},     {STATUS_TOO_LARGE, 413},
        {STATUS_RETRY, 503},        {STATUS_UNAVAILABLE, 503},  {STATUS_NO_MEMORY, 503},
        {STATUS_UNAUTHORIZED, 401}, {STATUS_FORBIDDEN, 403},    {STATUS_INTERNAL, 500},
        {STATUS_RATE_LIMITED, 429}, {STATUS_PRECONDITION, 412}, {STATUS_PRECONDITION_REQUIRED, 428},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int got = http_status_from(rows[i].status);
        if (got != rows[i].http)
            fail_msg("%s mapped to %d, expected %d", status_name(rows[i].status), got,
                     rows[i].http);
    }
}

static void test_status_map_unknown_status_is_500(void **state)
{
    (void)state;
    assert_int_equal(http_status_from((enum status)1000), 500);
}

static void test_status_map_413_title_and_slug(void **state)
{
    (void)state;
    assert_string_equal(http_status_title(413), "Content Too Large");
    assert_string_equal(http_status_slug(413), "payload-too-large");
}

static void test_status_map_422_title_and_slug(void **state)
{
    (void)state;
    assert_string_equal(http_status_title(422), "Unprocessable Content");
    assert_string_equal(http_status_slug(422), "validation-error");
}

static void test_status_map_503_title_and_slug(void **state)
{
    (void)state;
    assert_string_equal(http_status_title(503), "Service Unavailable");
    assert_string_equal(http_status_slug(503), "service-unavailable");
}

static void test_status_map_common_client_errors_have_rfc9110_titles(void **state)
{
    (void)state;
    assert_string_equal(http_status_title(400), "Bad Request");
    assert_string_equal(http_status_title(401), "Unauthorized");
    assert_string_equal(http_status_title(403), "Forbidden");
    assert_string_equal(http_status_title(404), "Not Found");
    assert_string_equal(http_status_title(405), "Method Not Allowed");
    assert_string_equal(http_status_title(409), "Conflict");
    assert_string_equal(http_status_title(500), "Internal Server Error");
    assert_string_equal(http_status_title(412), "Precondition Failed");
    assert_string_equal(http_status_title(428), "Precondition Required");
    assert_string_equal(http_status_title(429), "Too Many Requests");
    assert_string_equal(http_status_slug(400), "malformed-request");
    assert_string_equal(http_status_slug(404), "not-found");
}

static void test_status_map_unlisted_codes_get_generic_text(void **state)
{
    (void)state;
    assert_string_equal(http_status_title(418), "Client Error");
    assert_string_equal(http_status_title(599), "Server Error");
    assert_string_equal(http_status_slug(418), "error");
    assert_string_equal(http_status_slug(599), "error");
}

static void test_status_map_every_mapped_failure_has_a_specific_title(void **state)
{
    (void)state;
    static const enum status failures[] = {
        STATUS_INVALID,      STATUS_MALFORMED,
        STATUS_NOT_FOUND,    STATUS_CONFLICT,
        STATUS_TOO_LARGE,    STATUS_RETRY,
        STATUS_UNAVAILABLE,  STATUS_NO_MEMORY,
        STATUS_UNAUTHORIZED, STATUS_FORBIDDEN,
        STATUS_INTERNAL,     STATUS_RATE_LIMITED,
        STATUS_PRECONDITION, STATUS_PRECONDITION_REQUIRED,
    };
    for (size_t i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
        int http = http_status_from(failures[i]);
        const char *title = http_status_title(http);
        assert_string_not_equal(title, "Client Error");
        assert_string_not_equal(title, "Server Error");
        assert_string_not_equal(http_status_slug(http), "error");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_map_every_status_has_its_documented_http_status),
        cmocka_unit_test(test_status_map_unknown_status_is_500),
        cmocka_unit_test(test_status_map_413_title_and_slug),
        cmocka_unit_test(test_status_map_422_title_and_slug),
        cmocka_unit_test(test_status_map_503_title_and_slug),
        cmocka_unit_test(test_status_map_common_client_errors_have_rfc9110_titles),
        cmocka_unit_test(test_status_map_unlisted_codes_get_generic_text),
        cmocka_unit_test(test_status_map_every_mapped_failure_has_a_specific_title),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
