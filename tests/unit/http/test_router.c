/* Unit tests for http/router.c: matching, path parameters, 404 and 405 with Allow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "router.h"

static const struct http_route routes[] = {
    {"GET", "/healthz", NULL, 0},                                  /* 0 */
    {"GET", "/api/v1/communities", NULL, 1},                       /* 1 */
    {"POST", "/api/v1/communities", NULL, 2},                      /* 2 */
    {"GET", "/api/v1/communities/{id}", NULL, 1},                  /* 3 */
    {"PATCH", "/api/v1/communities/{id}", NULL, 2},                /* 4 */
    {"GET", "/api/v1/centers/{center}/communities/{id}", NULL, 1}, /* 5 */
    {"GET", "/api/v1/communities/search", NULL, 1},                /* 6: shadowed by 3 */
    {"DELETE", "/api/v1/keys/{id}", NULL, 2},                      /* 7 */
    {"POST", "/api/v1/keys/{id}", NULL, 2},                        /* 8 */
    {"POST", "/api/v1/keys/{key_id}", NULL, 2},                    /* 9: same path, twice */
};
#define ROUTES (sizeof(routes) / sizeof(routes[0]))

static enum http_match_result match(const char *method, const char *path, struct http_match *m)
{
    memset(m, 0x5a, sizeof(*m));
    return http_router_match(routes, ROUTES, method, path, m);
}

/* Compares a parameter's name and value with NUL-terminated strings. */
static void assert_param(const struct http_param *p, const char *name, const char *value)
{
    assert_int_equal(p->name_len, strlen(name));
    assert_memory_equal(p->name, name, p->name_len);
    assert_int_equal(p->value_len, strlen(value));
    assert_memory_equal(p->value, value, p->value_len);
}

static void test_router_exact_path_matches_its_route(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/healthz", &m), HTTP_MATCH_FOUND);
    assert_int_equal(m.route, 0);
    assert_int_equal(m.param_count, 0);
}

static void test_router_method_selects_between_routes_on_one_path(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/api/v1/communities", &m), HTTP_MATCH_FOUND);
    assert_int_equal(m.route, 1);
    assert_int_equal(match("POST", "/api/v1/communities", &m), HTTP_MATCH_FOUND);
    assert_int_equal(m.route, 2);
}

static void test_router_placeholder_captures_the_segment(void **state)
{
    (void)state;
    struct http_match m;
    const char *path = "/api/v1/communities/42";
    assert_int_equal(match("GET", path, &m), HTTP_MATCH_FOUND);
    assert_int_equal(m.route, 3);
    assert_int_equal(m.param_count, 1);
    assert_param(&m.params[0], "id", "42");
    assert_ptr_equal(m.params[0].value, path + strlen("/api/v1/communities/"));
}

static void test_router_two_placeholders_capture_in_order(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/api/v1/centers/WD/communities/c-7", &m), HTTP_MATCH_FOUND);
    assert_int_equal(m.route, 5);
    assert_int_equal(m.param_count, 2);
    assert_param(&m.params[0], "center", "WD");
    assert_param(&m.params[1], "id", "c-7");
}

static void test_router_placeholder_accepts_utf8_and_encoded_text(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/api/v1/communities/\xe7\xa4\xbe%20x", &m), HTTP_MATCH_FOUND);
    assert_param(&m.params[0], "id", "\xe7\xa4\xbe%20x");
}

static void test_router_placeholder_does_not_span_segments(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/api/v1/communities/42/extra", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(m.route, -1);
}

static void test_router_first_matching_route_wins(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/api/v1/communities/search", &m), HTTP_MATCH_FOUND);
    assert_int_equal(m.route, 3);
    assert_param(&m.params[0], "id", "search");
}

static void test_router_trailing_slash_is_not_matched(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/healthz/", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match("GET", "/api/v1/communities/", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match("GET", "/api/v1/communities/42/", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(m.route, -1);
}

static void test_router_empty_segment_is_not_a_parameter(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/api/v1/centers//communities/7", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match("GET", "/api/v1/centers/WD/communities/", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(m.route, -1);
}

static void test_router_prefix_or_longer_path_is_not_matched(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/health", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match("GET", "/healthzz", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match("GET", "/api/v1/communitie", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match("GET", "", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match("GET", "/", &m), HTTP_MATCH_NOT_FOUND);
}

static void test_router_match_is_case_sensitive(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/HEALTHZ", &m), HTTP_MATCH_NOT_FOUND);
    /* methods are case-sensitive tokens (RFC 9110) */
    assert_int_equal(match("get", "/healthz", &m), HTTP_MATCH_METHOD_NOT_ALLOWED);
}

static void test_router_unknown_path_is_404_with_empty_allow(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("GET", "/nope", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(m.route, -1);
    assert_int_equal(m.param_count, 0);
    assert_string_equal(m.allow, "");
}

static void test_router_405_lists_allowed_methods(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("DELETE", "/api/v1/communities", &m), HTTP_MATCH_METHOD_NOT_ALLOWED);
    assert_int_equal(m.route, -1);
    assert_string_equal(m.allow, "GET, HEAD, POST");
}

static void test_router_405_allow_has_no_duplicates(void **state)
{
    (void)state;
    struct http_match m;
    /* routes 8 and 9 both accept POST on this path */
    assert_int_equal(match("GET", "/api/v1/keys/5", &m), HTTP_MATCH_METHOD_NOT_ALLOWED);
    assert_string_equal(m.allow, "DELETE, POST");
}

static void test_router_405_on_placeholder_path_lists_its_methods(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("PUT", "/api/v1/communities/9", &m), HTTP_MATCH_METHOD_NOT_ALLOWED);
    assert_string_equal(m.allow, "GET, HEAD, PATCH");
}

static void test_router_head_matches_get_routes(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("HEAD", "/healthz", &m), HTTP_MATCH_FOUND);
    assert_int_equal(m.route, 0);
    assert_int_equal(match("HEAD", "/api/v1/communities/42", &m), HTTP_MATCH_FOUND);
    assert_int_equal(m.route, 3);
    assert_param(&m.params[0], "id", "42");
}

static void test_router_head_without_get_route_is_405(void **state)
{
    (void)state;
    struct http_match m;
    assert_int_equal(match("HEAD", "/api/v1/keys/5", &m), HTTP_MATCH_METHOD_NOT_ALLOWED);
    assert_null(strstr(m.allow, "HEAD"));
    assert_null(strstr(m.allow, "GET"));
}

static void test_router_405_allow_never_overflows(void **state)
{
    (void)state;
    /* many distinct methods on one path: Allow must stay a NUL-terminated string that fits */
    static const struct http_route many[] = {
        {"GET", "/x", NULL, 0},      {"POST", "/x", NULL, 0},      {"PUT", "/x", NULL, 0},
        {"PATCH", "/x", NULL, 0},    {"DELETE", "/x", NULL, 0},    {"OPTIONS", "/x", NULL, 0},
        {"PROPFIND", "/x", NULL, 0}, {"PROPPATCH", "/x", NULL, 0}, {"MKCOL", "/x", NULL, 0},
        {"LOCK", "/x", NULL, 0},     {"UNLOCK", "/x", NULL, 0},    {"SEARCH", "/x", NULL, 0},
    };
    struct http_match m;
    memset(&m, 0x5a, sizeof(m));
    assert_int_equal(http_router_match(many, sizeof(many) / sizeof(many[0]), "TRACE", "/x", &m),
                     HTTP_MATCH_METHOD_NOT_ALLOWED);
    assert_true(strlen(m.allow) < HTTP_ALLOW_MAX);
    assert_int_equal(strncmp(m.allow, "GET, HEAD, POST, PUT", 20), 0);
}

static void test_router_empty_table_finds_nothing(void **state)
{
    (void)state;
    struct http_match m;
    memset(&m, 0x5a, sizeof(m));
    assert_int_equal(http_router_match(routes, 0, "GET", "/healthz", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(m.route, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router_exact_path_matches_its_route),
        cmocka_unit_test(test_router_method_selects_between_routes_on_one_path),
        cmocka_unit_test(test_router_placeholder_captures_the_segment),
        cmocka_unit_test(test_router_two_placeholders_capture_in_order),
        cmocka_unit_test(test_router_placeholder_accepts_utf8_and_encoded_text),
        cmocka_unit_test(test_router_placeholder_does_not_span_segments),
        cmocka_unit_test(test_router_first_matching_route_wins),
        cmocka_unit_test(test_router_trailing_slash_is_not_matched),
        cmocka_unit_test(test_router_empty_segment_is_not_a_parameter),
        cmocka_unit_test(test_router_prefix_or_longer_path_is_not_matched),
        cmocka_unit_test(test_router_match_is_case_sensitive),
        cmocka_unit_test(test_router_unknown_path_is_404_with_empty_allow),
        cmocka_unit_test(test_router_405_lists_allowed_methods),
        cmocka_unit_test(test_router_405_allow_has_no_duplicates),
        cmocka_unit_test(test_router_405_on_placeholder_path_lists_its_methods),
        cmocka_unit_test(test_router_head_matches_get_routes),
        cmocka_unit_test(test_router_head_without_get_route_is_405),
        cmocka_unit_test(test_router_405_allow_never_overflows),
        cmocka_unit_test(test_router_empty_table_finds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
