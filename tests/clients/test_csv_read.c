/* clients/cli/src/csv_read.c: the import file reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "csv_read.h"

static void test_bom_crlf_quotes(void **state)
{
    (void)state;
    const char *data = "\xEF\xBB\xBF"
                       "a,b,c\r\n"
                       "1,\"x, \"\"y\"\"\",\r\n"
                       "\r\n"
                       "\"多\n行\",张三,\"\"\n"
                       "last,row,no-newline";
    struct csv_reader r;
    struct csv_record rec;
    char err[128];
    csv_reader_init(&r, data, strlen(data));
    csv_record_init(&rec);
    assert_int_equal(1, csv_read_record(&r, &rec, err, sizeof(err)));
    assert_int_equal(3, rec.count);
    assert_string_equal("a", rec.fields[0]);
    assert_int_equal(1, csv_read_record(&r, &rec, err, sizeof(err)));
    assert_int_equal(3, rec.count);
    assert_string_equal("x, \"y\"", rec.fields[1]);
    assert_string_equal("", rec.fields[2]);
    assert_int_equal(2, rec.line);
    assert_int_equal(1, csv_read_record(&r, &rec, err, sizeof(err)));
    assert_string_equal("多\n行", rec.fields[0]);
    assert_string_equal("张三", rec.fields[1]);
    assert_string_equal("", rec.fields[2]);
    assert_int_equal(4, rec.line); /* the blank line is skipped, but counted */
    assert_int_equal(1, csv_read_record(&r, &rec, err, sizeof(err)));
    assert_string_equal("no-newline", rec.fields[2]);
    assert_int_equal(6, rec.line);
    assert_int_equal(0, csv_read_record(&r, &rec, err, sizeof(err)));
    csv_record_cleanup(&rec);
}

static void refused(const char *data, size_t len, const char *want)
{
    struct csv_reader r;
    struct csv_record rec;
    char err[128] = "";
    csv_reader_init(&r, data, len);
    csv_record_init(&rec);
    int rc;
    while ((rc = csv_read_record(&r, &rec, err, sizeof(err))) == 1)
        ;
    assert_int_equal(-1, rc);
    assert_non_null(strstr(err, want));
    csv_record_cleanup(&rec);
}

static void test_malformed(void **state)
{
    (void)state;
    refused("a,\"open\n", 8, "line 1: a quoted field is not closed");
    refused("a,b\nx\"y,z\n", 10, "line 2: a quote inside an unquoted field");
    refused("\"a\"b,c\n", 7, "text after a closing quote");
    refused("a,\xFF\n", 4, "not UTF-8");
    refused("a\0b\n", 4, "NUL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_crlf_quotes),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
