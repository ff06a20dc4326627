/* api/web.c's pure parts: which names are content-hashed (cached for good) and which
 * Accept-Encoding values allow gzip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "web.h"

static void test_content_hashed_names_are_recognised(void **state)
{
    (void)state;
    assert_true(web_content_hashed("/vendor/echarts-6.1.0.61f13280.common.min.js"));
    assert_true(web_content_hashed("/app/main.0123456789abcdef.js"));
    assert_true(web_content_hashed("/x.deadbeef.css"));
}

static void test_other_names_revalidate(void **state)
{
    (void)state;
    assert_false(web_content_hashed("/app/main.js"));
    assert_false(web_content_hashed("/index.html"));
    assert_false(web_content_hashed("/app/x.dead.js"));       /* too short */
    assert_false(web_content_hashed("/app/x.DEADBEEF.js"));   /* upper case */
    assert_false(web_content_hashed("/app/x.deadbeefz.js"));  /* not all hex */
    assert_false(web_content_hashed("/deadbeef12.x/app.js")); /* a folder, not the name */
    assert_false(web_content_hashed("/app/x.deadbeef"));      /* no extension after */
    assert_false(web_content_hashed(""));
}

static void test_gzip_accepted(void **state)
{
    (void)state;
    assert_true(web_accepts_gzip("gzip"));
    assert_true(web_accepts_gzip("gzip, deflate, br"));
    assert_true(web_accepts_gzip("br, GZIP"));
    assert_true(web_accepts_gzip("deflate,gzip;q=0.5"));
    assert_true(web_accepts_gzip("gzip;q=1"));
}

static void test_gzip_refused(void **state)
{
    (void)state;
    assert_false(web_accepts_gzip(NULL));
    assert_false(web_accepts_gzip(""));
    assert_false(web_accepts_gzip("identity"));
    assert_false(web_accepts_gzip("gzip;q=0"));
    assert_false(web_accepts_gzip("gzip;q=0.000, identity"));
    assert_false(web_accepts_gzip("x-gzip2"));
    assert_false(web_accepts_gzip("gzipped"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_hashed_names_are_recognised),
        cmocka_unit_test(test_other_names_revalidate),
        cmocka_unit_test(test_gzip_accepted),
        cmocka_unit_test(test_gzip_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
