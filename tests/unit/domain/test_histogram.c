/* Unit tests: close-days histogram medians (domain/histogram.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "histogram.h"

/* The median of text, or -1 when there is none; fails the test on a parse error. */
static double median_of(const char *text)
{
    struct histogram_pair scratch[64];
    bool has = true;
    double median = -2;
    assert_true(histogram_pairs_max(text) <= 64);
    assert_int_equal(histogram_median(text, scratch, 64, &has, &median), STATUS_OK);
    return has ? median : -1;
}

static void odd_total_is_the_middle_value(void **state)
{
    (void)state;
    assert_true(median_of("{{3,1}}") == 3.0);
    /* 1, 2, 9 */
    assert_true(median_of("{{1,1},{2,1},{9,1}}") == 2.0);
    /* 0, 0, 0, 7, 7 */
    assert_true(median_of("{{0,3},{7,2}}") == 0.0);
}

static void even_total_is_the_mean_of_the_middle_two(void **state)
{
    (void)state;
    /* 1, 4 */
    assert_true(median_of("{{1,1},{4,1}}") == 2.5);
    /* 2, 2, 5, 5 */
    assert_true(median_of("{{2,2},{5,2}}") == 3.5);
    /* 2, 2, 2, 5 */
    assert_true(median_of("{{2,3},{5,1}}") == 2.0);
}

static void arrays_merge_in_any_order(void **state)
{
    (void)state;
    /* the same days in several rows add up: 1, 3, 3, 3, 8, 8, 10 */
    assert_true(median_of("{{8,1},{10,1}}{{3,2}}{{1,1},{3,1},{8,1}}") == 3.0);
    /* a subtraction (a reopened count) in another row */
    assert_true(median_of("{{1,2},{6,2}},{{1,-2}}") == 6.0);
    /* many arrays of one pair each: the bound counts numbers, not commas */
    assert_true(median_of("{{5,1}}{{5,1}}{{5,1}}{{7,1}}{{7,1}}{{9,1}}{{9,1}}{{9,1}}") == 7.0);
}

static void empty_or_cancelled_has_no_median(void **state)
{
    (void)state;
    assert_true(median_of("") == -1);
    assert_true(median_of("{{4,1}}{{4,-1}}") == -1);
}

static void malformed_text_is_refused(void **state)
{
    (void)state;
    struct histogram_pair scratch[4];
    bool has;
    double median;
    assert_int_equal(histogram_median("{{1,2},{3}}", scratch, 4, &has, &median), STATUS_INVALID);
    assert_int_equal(histogram_median("{{a,2}}", scratch, 4, &has, &median), STATUS_INVALID);
    assert_int_equal(histogram_median("{{1,1},{2,1},{3,1},{4,1},{5,1}}", scratch, 4, &has, &median),
                     STATUS_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(odd_total_is_the_middle_value),
        cmocka_unit_test(even_total_is_the_mean_of_the_middle_two),
        cmocka_unit_test(arrays_merge_in_any_order),
        cmocka_unit_test(empty_or_cancelled_has_no_median),
        cmocka_unit_test(malformed_text_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
