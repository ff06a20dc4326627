/* Unit tests for api/output.c: a row rendered from its field table, every kind, in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "output.h"

struct row {
    long id;
    int version;
    long long size;
    bool active;
    const char *name, *center, *scopes;
    long user_id;
    int last; /* the last member, an int: the renderer must not read past it */
};

static const struct output_field row_fields[] = {
    OUTPUT_FIELD(struct row, id, LONG),
    OUTPUT_FIELD(struct row, version, INT),
    OUTPUT_FIELD(struct row, size, LLONG),
    OUTPUT_FIELD(struct row, active, BOOL),
    OUTPUT_FIELD(struct row, name, STRING),
    OUTPUT_FIELD(struct row, center, STRING_OR_NULL),
    OUTPUT_FIELD(struct row, scopes, WORDS),
    OUTPUT_FIELD(struct row, user_id, ID_OR_NULL),
    OUTPUT_FIELD_AS(struct row, last, INT, "renamed"),
};

static void check(const struct row *r, const char *want)
{
    cJSON *o = OUTPUT_OBJECT(r, row_fields);
    assert_non_null(o);
    char *text = cJSON_PrintUnformatted(o);
    assert_string_equal(text, want);
    free(text);
    cJSON_Delete(o);
}

static void test_output_fields_every_kind_in_order(void **state)
{
    (void)state;
    struct row *r = malloc(sizeof(*r)); /* on the heap, so ASan sees a read past its end */
    assert_non_null(r);
    *r = (struct row){.id = 123456789012L,
                      .version = 3,
                      .size = 20971520LL,
                      .active = true,
                      .name = "邻里",
                      .center = "WD",
                      .scopes = " cases:read  reports:read",
                      .user_id = 7,
                      .last = -1};
    check(r, "{\"id\":123456789012,\"version\":3,\"size\":20971520,\"active\":true,"
             "\"name\":\"邻里\",\"center\":\"WD\",\"scopes\":[\"cases:read\",\"reports:read\"],"
             "\"user_id\":7,\"renamed\":-1}");
    free(r);
}

static void test_output_fields_nulls(void **state)
{
    (void)state;
    struct row r = {.name = "x", .scopes = ""};
    check(&r, "{\"id\":0,\"version\":0,\"size\":0,\"active\":false,\"name\":\"x\",\"center\":null,"
              "\"scopes\":[],\"user_id\":null,\"renamed\":0}");
}

static void test_output_fields_no_object(void **state)
{
    (void)state;
    struct row r = {0};
    assert_null(output_fields(NULL, &r, row_fields, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_fields_every_kind_in_order),
        cmocka_unit_test(test_output_fields_nulls),
        cmocka_unit_test(test_output_fields_no_object),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
