/* The web client as the server serves it: the staff pages at / and the portal at /portal/ in
 * zh-CN, the security headers on every file, ETag and 304, gzip when accepted, immutable caching
 * for content-hashed names only, and 404 for what is not there. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static struct harness h;

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "web") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0)
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

static void assert_security_headers(const struct http_result *r)
{
    char v[512];
    const char *csp = http_header(r, "Content-Security-Policy", v, sizeof(v));
    assert_non_null(strstr(csp, "default-src 'self';"));
    assert_non_null(strstr(csp, "script-src 'self';"));
    assert_non_null(strstr(csp, "frame-ancestors 'none'"));
    assert_null(strstr(csp, "unsafe-inline"));
    assert_null(strstr(csp, "http"));
    assert_string_equal("nosniff", http_header(r, "X-Content-Type-Options", v, sizeof(v)));
    assert_string_equal("no-referrer", http_header(r, "Referrer-Policy", v, sizeof(v)));
}

static void assert_page(const char *path, const char *needle)
{
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", path, NULL, NULL, 0, &r));
    assert_int_equal(200, r.status);
    char v[128];
    assert_string_equal("text/html; charset=utf-8", http_header(&r, "Content-Type", v, sizeof(v)));
    assert_non_null(strstr(r.body, "<html lang=\"zh-CN\">"));
    assert_non_null(strstr(r.body, needle));
    /* no inline script: every <script> names a file */
    for (const char *s = strstr(r.body, "<script"); s; s = strstr(s + 1, "<script"))
        assert_true(strncmp(s, "<script type=\"module\" src=\"/", 28) == 0);
    assert_security_headers(&r);
    assert_string_equal("no-cache", http_header(&r, "Cache-Control", v, sizeof(v)));
    http_result_cleanup(&r);
}

static void test_staff_pages_at_root(void **state)
{
    (void)state;
    assert_page("/", "/app/main.js");
}

static void test_portal_pages(void **state)
{
    (void)state;
    assert_page("/portal/", "/portal/portal.js");
    assert_page("/portal", "/portal/portal.js");
}

static void test_etag_answers_304(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/app/main.js", NULL, NULL, 0, &r));
    assert_int_equal(200, r.status);
    char etag[64], v[128], inm[96];
    assert_true(strlen(http_header(&r, "ETag", etag, sizeof(etag))) > 2);
    assert_string_equal("text/javascript; charset=utf-8",
                        http_header(&r, "Content-Type", v, sizeof(v)));
    assert_security_headers(&r);
    http_result_cleanup(&r);
    snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
    const char *headers[] = {inm, NULL};
    assert_int_equal(0, http_call(&h, "GET", "/app/main.js", headers, NULL, 0, &r));
    assert_int_equal(304, r.status);
    assert_int_equal(0, r.body_len);
    http_result_cleanup(&r);
}

static void test_gzip_when_accepted_only(void **state)
{
    (void)state;
    struct http_result plain, gz, refused;
    const char *accept[] = {"Accept-Encoding: gzip, deflate", NULL};
    const char *no_gzip[] = {"Accept-Encoding: gzip;q=0, identity", NULL};
    assert_int_equal(0, http_call(&h, "GET", "/", NULL, NULL, 0, &plain));
    assert_int_equal(0, http_call(&h, "GET", "/", accept, NULL, 0, &gz));
    assert_int_equal(0, http_call(&h, "GET", "/", no_gzip, NULL, 0, &refused));
    char v[64];
    assert_string_equal("", http_header(&plain, "Content-Encoding", v, sizeof(v)));
    assert_string_equal("gzip", http_header(&gz, "Content-Encoding", v, sizeof(v)));
    assert_string_equal("", http_header(&refused, "Content-Encoding", v, sizeof(v)));
    assert_string_equal("Accept-Encoding", http_header(&gz, "Vary", v, sizeof(v)));
    /* gzip magic, and smaller than the page */
    assert_true(gz.body_len > 2 && (unsigned char)gz.body[0] == 0x1f &&
                (unsigned char)gz.body[1] == 0x8b);
    assert_true(gz.body_len < plain.body_len);
    assert_int_equal(plain.body_len, refused.body_len);
    http_result_cleanup(&plain);
    http_result_cleanup(&gz);
    http_result_cleanup(&refused);
}

static void test_content_hashed_files_are_immutable(void **state)
{
    (void)state;
    /* the vendored ECharts carries its content hash in its name; find it through the dashboard */
    struct http_result page;
    assert_int_equal(0, http_call(&h, "GET", "/app/charts.js", NULL, NULL, 0, &page));
    assert_int_equal(200, page.status);
    const char *at = strstr(page.body, "/vendor/echarts-");
    assert_non_null(at);
    char path[128];
    size_t n = strcspn(at, "\"'`");
    assert_true(n < sizeof(path));
    memcpy(path, at, n);
    path[n] = '\0';
    http_result_cleanup(&page);
    struct http_result r;
    assert_int_equal(0, http_call(&h, "HEAD", path, NULL, NULL, 0, &r));
    assert_int_equal(200, r.status);
    char v[128];
    assert_string_equal("public, max-age=31536000, immutable",
                        http_header(&r, "Cache-Control", v, sizeof(v)));
    http_result_cleanup(&r);
}

static void test_unknown_files_and_api_paths_are_404(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(0, http_call(&h, "GET", "/app/nothing.js", NULL, NULL, 0, &r));
    assert_int_equal(404, r.status);
    char v[64];
    assert_string_equal("application/problem+json", http_header(&r, "Content-Type", v, sizeof(v)));
    http_result_cleanup(&r);
    /* an API path never falls back to a file */
    assert_int_equal(0, http_call(&h, "GET", "/api/v1/index.html", NULL, NULL, 0, &r));
    assert_int_equal(404, r.status);
    http_result_cleanup(&r);
    /* nor does a method other than GET */
    assert_int_equal(0, http_call(&h, "POST", "/app/main.js", NULL, "{}", 2, &r));
    assert_int_equal(404, r.status);
    http_result_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_staff_pages_at_root),
        cmocka_unit_test(test_portal_pages),
        cmocka_unit_test(test_etag_answers_304),
        cmocka_unit_test(test_gzip_when_accepted_only),
        cmocka_unit_test(test_content_hashed_files_are_immutable),
        cmocka_unit_test(test_unknown_files_and_api_paths_are_404),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
