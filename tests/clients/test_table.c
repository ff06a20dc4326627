/* clients/cli/src/table.c: aligned columns with Chinese text, capped columns, CSV. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "table.h"

static void test_aligned_with_chinese(void **state)
{
    (void)state;
    const char *head[] = {"community", "received", "rate"};
    struct table *t = table_new(3, head);
    assert_non_null(t);
    table_set_right(t, 1, true);
    const char *r1[] = {"东大社区", "12", "0.8333"};
    const char *r2[] = {"Xiguan", "3", NULL};
    assert_int_equal(0, table_add_row(t, r1));
    assert_int_equal(0, table_add_row(t, r2));
    struct buf out;
    buf_init(&out, 4096);
    assert_int_equal(0, table_render_text(t, &out));
    /* "东大社区" is 8 columns wide, "community" 9: every row's columns start at the same place */
    assert_string_equal("community  received  rate\n"
                        "东大社区         12  0.8333\n"
                        "Xiguan            3\n",
                        buf_str(&out));
    buf_cleanup(&out);
    table_free(t);
}

static void test_capped_column(void **state)
{
    (void)state;
    const char *head[] = {"id", "summary"};
    struct table *t = table_new(2, head);
    table_set_max_width(t, 1, 9);
    const char *r1[] = {"1", "楼上漏水导致楼下天花板受损"};
    assert_int_equal(0, table_add_row(t, r1));
    struct buf out;
    buf_init(&out, 4096);
    assert_int_equal(0, table_render_text(t, &out));
    assert_string_equal("id  summary\n1   楼上漏水…\n", buf_str(&out));
    buf_cleanup(&out);
    table_free(t);
}

static void test_csv(void **state)
{
    (void)state;
    const char *head[] = {"name", "note", "n"};
    struct table *t = table_new(3, head);
    const char *r1[] = {"张三", "a,\"b\"", "-3"};
    const char *r2[] = {"=cmd()", "line\nbreak", NULL};
    table_add_row(t, r1);
    table_add_row(t, r2);
    struct buf out;
    buf_init(&out, 4096);
    assert_int_equal(0, table_render_csv(t, &out, true));
    assert_string_equal("\xEF\xBB\xBFname,note,n\r\n"
                        "张三,\"a,\"\"b\"\"\",-3\r\n"
                        "'=cmd(),\"line\nbreak\",\r\n",
                        buf_str(&out));
    buf_cleanup(&out);
    table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aligned_with_chinese),
        cmocka_unit_test(test_capped_column),
        cmocka_unit_test(test_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
