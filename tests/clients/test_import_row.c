/* clients/cli/src/import_row.c: import rows to intake bodies and their Idempotency-Keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "import_row.h"

static char *const header[] = {
    "external_id",     "dispute_type",    "source",         "community_id",
    "summary",         "respondent_name", "applicant_name", "applicant_id_number",
    "respondent2_name"};
#define N (sizeof(header) / sizeof(header[0]))

static void test_body_and_key(void **state)
{
    (void)state;
    struct import_columns cols;
    char err[256];
    assert_int_equal(0, import_columns_init(&cols, header, N, err, sizeof(err)));
    char *row[] = {"GD-1", "neighbor",           "hotline", "3", "漏水", "李四",
                   "张三", "410102199001011234", ""};
    cJSON *body;
    char key[IMPORT_KEY_LEN + 1], ext[64];
    assert_int_equal(0, import_row_build(&cols, row, N, "hotline-12345", &body, key, ext,
                                         sizeof(ext), err, sizeof(err)));
    char *text = cJSON_PrintUnformatted(body);
    /* parties by role then number, whatever the column order; empty cells left out */
    assert_string_equal("{\"dispute_type\":\"neighbor\",\"source\":\"hotline\",\"community_id\":3,"
                        "\"summary\":\"漏水\",\"parties\":[{\"role\":\"applicant\",\"kind\":"
                        "\"person\",\"name\":\"张三\",\"id_number\":\"410102199001011234\"},"
                        "{\"role\":\"respondent\",\"kind\":\"person\",\"name\":\"李四\"}],"
                        "\"external_ref\":{\"system\":\"hotline-12345\",\"id\":\"GD-1\"}}",
                        text);
    free(text);
    assert_string_equal("GD-1", ext);
    assert_int_equal(IMPORT_KEY_LEN, strlen(key));
    assert_memory_equal("mctl-import-", key, 12);
    /* the same row gives the same key; another value another key */
    char key2[IMPORT_KEY_LEN + 1];
    cJSON *b2;
    assert_int_equal(0, import_row_build(&cols, row, N, "hotline-12345", &b2, key2, ext,
                                         sizeof(ext), err, sizeof(err)));
    assert_string_equal(key, key2);
    cJSON_Delete(b2);
    row[4] = "漏水严重";
    assert_int_equal(0, import_row_build(&cols, row, N, "hotline-12345", &b2, key2, ext,
                                         sizeof(ext), err, sizeof(err)));
    assert_string_not_equal(key, key2);
    cJSON_Delete(b2);
    cJSON_Delete(body);
    import_columns_cleanup(&cols);
}

static void test_refusals(void **state)
{
    (void)state;
    struct import_columns cols;
    char err[256];
    char *typo[] = {"external_id", "dispute_typ"};
    assert_int_equal(-1, import_columns_init(&cols, typo, 2, err, sizeof(err)));
    assert_string_equal("unknown column \"dispute_typ\" (column 2)", err);
    char *twice[] = {"external_id", "summary", "summary"};
    assert_int_equal(-1, import_columns_init(&cols, twice, 3, err, sizeof(err)));
    char *no_id[] = {"summary"};
    assert_int_equal(-1, import_columns_init(&cols, no_id, 1, err, sizeof(err)));

    assert_int_equal(0, import_columns_init(&cols, header, N, err, sizeof(err)));
    cJSON *body;
    char key[IMPORT_KEY_LEN + 1], ext[64];
    char *short_row[] = {"GD-1", "neighbor"};
    assert_int_equal(-1, import_row_build(&cols, short_row, 2, "s", &body, key, ext, sizeof(ext),
                                          err, sizeof(err)));
    assert_string_equal("2 cells where the header has 9", err);
    char *no_ext[] = {"", "neighbor", "hotline", "3", "x", "", "甲", "", ""};
    assert_int_equal(-1, import_row_build(&cols, no_ext, N, "s", &body, key, ext, sizeof(ext), err,
                                          sizeof(err)));
    char *bad_community[] = {"GD-2", "neighbor", "hotline", "3a", "x", "", "甲", "", ""};
    assert_int_equal(-1, import_row_build(&cols, bad_community, N, "s", &body, key, ext,
                                          sizeof(ext), err, sizeof(err)));
    assert_string_equal("community_id \"3a\" is not a positive whole number", err);
    assert_null(body);
    import_columns_cleanup(&cols);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_and_key),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
