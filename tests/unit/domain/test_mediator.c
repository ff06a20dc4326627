/* Unit tests for domain/mediator.c: validation and the suggestion ranking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mediator.h"

static struct mediator_candidate candidate(long id, enum mediation_channel channel, bool match,
                                           int open, int capacity)
{
    struct mediator_candidate c = {.id = id,
                                   .channel = channel,
                                   .specialty_match = match,
                                   .open_cases = open,
                                   .capacity = capacity};
    return c;
}

static void assert_order(const struct mediator_candidate *items, size_t count, const long *expected)
{
    for (size_t i = 0; i < count; i++)
        if (items[i].id != expected[i])
            fail_msg("position %zu holds mediator %ld, expected %ld", i, items[i].id, expected[i]);
}

static void test_validate(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_OK, mediator_validate("王调解", "魏都区人民调解委员会", 20, &err));
    assert_int_equal(STATUS_OK, mediator_validate(NULL, NULL, -1, &err));
    assert_int_equal(STATUS_OK, mediator_validate("x", "y", 1, &err));
    assert_int_equal(STATUS_OK, mediator_validate("x", "y", 1000, &err));
    assert_int_equal(0, (int)err.field_count);

    assert_int_equal(STATUS_INVALID, mediator_validate("", "y", 0, &err));
    assert_int_equal(2, (int)err.field_count);
    assert_string_equal("name", err.fields[0].field);
    assert_string_equal("max_open_cases", err.fields[1].field);

    error_init(&err);
    char long_name[MEDIATOR_NAME_MAX * 3 + 4];
    memset(long_name, 0, sizeof(long_name));
    for (int i = 0; i < MEDIATOR_NAME_MAX; i++)
        memcpy(long_name + 3 * i, "调", 3); /* 100 characters, 300 bytes: still valid */
    assert_int_equal(STATUS_OK, mediator_validate(long_name, "y", 1000, &err));
    long_name[3 * MEDIATOR_NAME_MAX] = 'x'; /* the 101st character */
    assert_int_equal(STATUS_INVALID, mediator_validate(long_name, "y", 1001, &err));
    assert_int_equal(2, (int)err.field_count);
    assert_int_equal(STATUS_INVALID, mediator_validate("x", "\xff", -1, &err));
    assert_string_equal("organization", err.fields[2].field);
}

static void test_specialties_check(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    enum dispute_type ok[] = {DISPUTE_TYPE_NEIGHBOR, DISPUTE_TYPE_LABOR, DISPUTE_TYPE_OTHER};
    assert_int_equal(STATUS_OK, mediator_specialties_check(ok, 3, &err));
    assert_int_equal(STATUS_OK, mediator_specialties_check(NULL, 0, &err));
    enum dispute_type twice[] = {DISPUTE_TYPE_NEIGHBOR, DISPUTE_TYPE_LABOR, DISPUTE_TYPE_NEIGHBOR};
    assert_int_equal(STATUS_INVALID, mediator_specialties_check(twice, 3, &err));
    assert_string_equal("specialties", err.fields[0].field);
    assert_non_null(strstr(err.fields[0].message, "neighbor"));
    enum dispute_type bad[] = {(enum dispute_type)DISPUTE_TYPE_COUNT};
    assert_int_equal(STATUS_INVALID, mediator_specialties_check(bad, 1, &err));
}

static void test_rank_specialty_first(void **state)
{
    (void)state;
    struct mediator_candidate items[] = {
        candidate(1, MEDIATION_CHANNEL_PEOPLE, false, 0, 20),
        candidate(2, MEDIATION_CHANNEL_PEOPLE, true, 15, 20),
        candidate(3, MEDIATION_CHANNEL_JUDICIAL, true, 1, 20),
    };
    mediator_rank(items, 3, false, MEDIATION_CHANNEL_PEOPLE);
    /* specialists first (the less loaded one before), then the idle generalist */
    const long expected[] = {3, 2, 1};
    assert_order(items, 3, expected);
    assert_true(items[0].score > items[1].score);
    assert_true(items[1].score > items[2].score);
}

static void test_rank_load_relative_to_capacity(void **state)
{
    (void)state;
    struct mediator_candidate items[] = {
        candidate(1, MEDIATION_CHANNEL_PEOPLE, true, 5, 10),  /* half full */
        candidate(2, MEDIATION_CHANNEL_PEOPLE, true, 8, 40),  /* a fifth */
        candidate(3, MEDIATION_CHANNEL_PEOPLE, true, 3, 4),   /* three quarters */
        candidate(4, MEDIATION_CHANNEL_PEOPLE, true, 0, 1),   /* idle */
        candidate(5, MEDIATION_CHANNEL_PEOPLE, true, 10, 20), /* half full, like 1 */
    };
    mediator_rank(items, 5, false, MEDIATION_CHANNEL_PEOPLE);
    const long expected[] = {4, 2, 1, 5, 3};
    assert_order(items, 5, expected);
    assert_int_equal(items[2].score, items[3].score); /* a tie, broken by id */
}

static void test_rank_full_ones_last(void **state)
{
    (void)state;
    struct mediator_candidate items[] = {
        candidate(1, MEDIATION_CHANNEL_PEOPLE, true, 20, 20),    /* full specialist */
        candidate(2, MEDIATION_CHANNEL_INDUSTRY, false, 19, 20), /* nearly full generalist */
        candidate(3, MEDIATION_CHANNEL_PEOPLE, false, 25, 20),   /* over capacity */
        candidate(4, MEDIATION_CHANNEL_PEOPLE, true, 3, 3),      /* full specialist */
    };
    mediator_rank(items, 4, false, MEDIATION_CHANNEL_PEOPLE);
    const long expected[] = {2, 1, 4, 3};
    assert_order(items, 4, expected);
    assert_false(items[0].at_capacity);
    assert_true(items[1].at_capacity);
    assert_true(items[2].at_capacity);
    assert_true(items[3].at_capacity);
    /* full: no free capacity counts; specialty still orders them */
    assert_true(items[1].score > items[3].score);
    assert_true(items[0].score > items[1].score);
}

static void test_rank_channel_preference(void **state)
{
    (void)state;
    struct mediator_candidate items[] = {
        candidate(1, MEDIATION_CHANNEL_JUDICIAL, true, 2, 10),
        candidate(2, MEDIATION_CHANNEL_ADMINISTRATIVE, true, 2, 10),
        candidate(3, MEDIATION_CHANNEL_PEOPLE, true, 2, 10),
    };
    /* no channel on the case: people's mediation first */
    mediator_rank(items, 3, false, MEDIATION_CHANNEL_JUDICIAL);
    const long people_first[] = {3, 1, 2};
    assert_order(items, 3, people_first);
    /* the case's own channel first */
    mediator_rank(items, 3, true, MEDIATION_CHANNEL_ADMINISTRATIVE);
    const long own_first[] = {2, 1, 3};
    assert_order(items, 3, own_first);
    /* the channel only breaks ties of load: a freer mediator of another channel wins */
    struct mediator_candidate more[] = {
        candidate(1, MEDIATION_CHANNEL_PEOPLE, true, 3, 10),
        candidate(2, MEDIATION_CHANNEL_JUDICIAL, true, 2, 10),
    };
    mediator_rank(more, 2, false, MEDIATION_CHANNEL_PEOPLE);
    const long load_wins[] = {2, 1};
    assert_order(more, 2, load_wins);
}

static void test_rank_score_formula_and_edges(void **state)
{
    (void)state;
    struct mediator_candidate one = candidate(9, MEDIATION_CHANNEL_PEOPLE, true, 0, 20);
    mediator_rank(&one, 1, false, MEDIATION_CHANNEL_PEOPLE);
    assert_int_equal(100000 + 10000 + 2000 + 1, one.score);
    struct mediator_candidate odd = candidate(9, MEDIATION_CHANNEL_INDUSTRY, false, 1, 3);
    mediator_rank(&odd, 1, true, MEDIATION_CHANNEL_PEOPLE);
    assert_int_equal(100000 + 2 * 666, odd.score); /* 2/3 free, in thousandths rounded down */
    /* nonsense inputs do not crash or divide by zero */
    struct mediator_candidate zero = candidate(1, MEDIATION_CHANNEL_PEOPLE, false, -4, 0);
    mediator_rank(&zero, 1, false, MEDIATION_CHANNEL_PEOPLE);
    assert_false(zero.at_capacity);
    mediator_rank(NULL, 0, false, MEDIATION_CHANNEL_PEOPLE);
    /* loads are compared in thousandths: closer than that is a tie, broken by the id */
    struct mediator_candidate fine[] = {
        candidate(2, MEDIATION_CHANNEL_PEOPLE, false, 998, 999),
        candidate(1, MEDIATION_CHANNEL_PEOPLE, false, 999, 1000),
    };
    mediator_rank(fine, 2, false, MEDIATION_CHANNEL_PEOPLE);
    assert_int_equal(fine[0].score, fine[1].score);
    assert_int_equal(1, fine[0].id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_specialties_check),
        cmocka_unit_test(test_rank_specialty_first),
        cmocka_unit_test(test_rank_load_relative_to_capacity),
        cmocka_unit_test(test_rank_full_ones_last),
        cmocka_unit_test(test_rank_channel_preference),
        cmocka_unit_test(test_rank_score_formula_and_edges),
    };
    return cmocka_run_group_tests_name("unit_domain_mediator", tests, NULL, NULL);
}
