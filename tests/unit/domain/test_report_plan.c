/* Unit tests for domain/report_plan.c: report dimensions, and which rollup answers every choice of
 * breakdowns and filters. The expected plans come from the rules of migrations 0006 and 0008,
 * written out here independently of report_plan.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "report_plan.h"

/* The dimension list, in its order (migration 0008). */
static const char *const names[REPORT_DIM_COUNT] = {
    "community", "mediator", "dispute_type", "channel", "source", "risk", "month", "week"};

/* Migration 0008's pairs, each named in dimension order; month_only for the five with the
 * mediator, whose reports read month slices and the cube. The ten others have day rows too. */
static const struct {
    const char *name;
    bool month_only;
} pairs[] = {
    {"community,mediator", true},   {"community,dispute_type", false},
    {"community,channel", false},   {"community,source", false},
    {"community,risk", false},      {"mediator,dispute_type", true},
    {"mediator,channel", true},     {"mediator,source", true},
    {"mediator,risk", true},        {"dispute_type,channel", false},
    {"dispute_type,source", false}, {"dispute_type,risk", false},
    {"channel,source", false},      {"channel,risk", false},
    {"source,risk", false},
};
#define PAIRS (sizeof(pairs) / sizeof(pairs[0]))

/* A distinct value per filtered dimension, so that pointers show which filter went where. */
static const char *const values[REPORT_VALUE_DIMS] = {"17",     "42",      "neighbor",
                                                      "people", "walk_in", "high"};

static void choose(struct report_selection *sel, const enum report_dim *by, size_t by_count,
                   unsigned filter_mask)
{
    memset(sel, 0, sizeof(*sel));
    sel->by_count = by_count;
    for (size_t i = 0; i < by_count; i++)
        sel->by[i] = by[i];
    for (int d = 0; d < REPORT_VALUE_DIMS; d++)
        if (filter_mask & (1u << d))
            sel->filters[d] = values[d];
}

static void slice_name(const struct report_plan *plan, char *out, size_t size)
{
    if (plan->slice_count == 0)
        snprintf(out, size, "all");
    else if (plan->slice_count == 1)
        snprintf(out, size, "%s", names[plan->slice[0]]);
    else
        snprintf(out, size, "%s,%s", names[plan->slice[0]], names[plan->slice[1]]);
}

/* ---- dimensions ---- */

static void test_report_dim_names_are_the_api_names(void **state)
{
    (void)state;
    for (int d = 0; d < REPORT_DIM_COUNT; d++)
        assert_string_equal(report_dim_name((enum report_dim)d), names[d]);
    assert_null(report_dim_name(REPORT_DIM_COUNT));
}

static void test_report_dim_parse_takes_whole_names_only(void **state)
{
    (void)state;
    for (int d = 0; d < REPORT_DIM_COUNT; d++) {
        enum report_dim out = REPORT_DIM_COUNT;
        assert_true(report_dim_parse(names[d], strlen(names[d]), &out));
        assert_int_equal(out, d);
    }
    enum report_dim out = REPORT_DIM_WEEK;
    /* channel and community share a first letter; neither is the other */
    assert_true(report_dim_parse("channel", 7, &out));
    assert_int_equal(out, REPORT_DIM_CHANNEL);
    assert_true(report_dim_parse("community,risk", 9, &out));
    assert_int_equal(out, REPORT_DIM_COMMUNITY);
    static const char *const wrong[] = {"c", "comm", "channels", "risk_level", "Community",
                                        "",  "all",  "none",     "period"};
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        out = REPORT_DIM_WEEK;
        assert_false(report_dim_parse(wrong[i], strlen(wrong[i]), &out));
        assert_int_equal(out, REPORT_DIM_WEEK);
    }
}

static void test_report_dim_time_dimensions_are_month_and_week(void **state)
{
    (void)state;
    for (int d = 0; d < REPORT_DIM_COUNT; d++)
        assert_int_equal(report_dim_is_time((enum report_dim)d),
                         d == REPORT_DIM_MONTH || d == REPORT_DIM_WEEK);
    assert_string_equal(report_bucket_name(REPORT_BUCKET_PERIOD), "period");
    assert_string_equal(report_bucket_name(REPORT_BUCKET_MONTH), "month");
    assert_string_equal(report_bucket_name(REPORT_BUCKET_WEEK), "week");
}

static void test_report_dim_vocab_names_the_vocabulary_of_each_value(void **state)
{
    (void)state;
    enum case_vocab v = CASE_VOCAB_COUNT;
    assert_true(report_dim_vocab(REPORT_DIM_DISPUTE_TYPE, &v));
    assert_int_equal(v, CASE_VOCAB_DISPUTE_TYPE);
    assert_true(report_dim_vocab(REPORT_DIM_CHANNEL, &v));
    assert_int_equal(v, CASE_VOCAB_CHANNEL);
    assert_true(report_dim_vocab(REPORT_DIM_SOURCE, &v));
    assert_int_equal(v, CASE_VOCAB_SOURCE);
    assert_true(report_dim_vocab(REPORT_DIM_RISK, &v));
    assert_int_equal(v, CASE_VOCAB_RISK_LEVEL);
    /* ids and time buckets have none, and *out is left as it was */
    static const enum report_dim none[] = {REPORT_DIM_COMMUNITY, REPORT_DIM_MEDIATOR,
                                           REPORT_DIM_MONTH, REPORT_DIM_WEEK, REPORT_DIM_COUNT};
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        v = CASE_VOCAB_STATUS;
        assert_false(report_dim_vocab(none[i], &v));
        assert_int_equal(v, CASE_VOCAB_STATUS);
    }
    /* the vocabulary accepts the values the rollups hold */
    assert_true(report_dim_vocab(REPORT_DIM_CHANNEL, &v));
    assert_true(case_vocab_valid(v, "people"));
    assert_false(case_vocab_valid(v, "neighbor"));
}

/* ---- examples, one per rule ---- */

static void test_report_plan_summary_reads_all(void **state)
{
    (void)state;
    struct report_selection sel;
    struct report_plan plan;
    choose(&sel, NULL, 0, 0);
    report_plan(&sel, &plan);
    assert_false(plan.use_cube);
    assert_int_equal(plan.slice_count, 0);
    assert_int_equal(plan.bucket, REPORT_BUCKET_PERIOD);
    assert_null(plan.value);
    assert_null(plan.value2);
    assert_false(plan.swap);
}

static void test_report_plan_pair_without_mediator_reads_slices_and_swaps(void **state)
{
    (void)state;
    struct report_selection sel;
    struct report_plan plan;
    enum report_dim by[] = {REPORT_DIM_RISK, REPORT_DIM_CHANNEL};
    choose(&sel, by, 2, 0);
    report_plan(&sel, &plan);
    assert_false(plan.use_cube);
    assert_int_equal(plan.slice_count, 2);
    assert_int_equal(plan.slice[0], REPORT_DIM_CHANNEL);
    assert_int_equal(plan.slice[1], REPORT_DIM_RISK);
    assert_true(plan.swap);
}

static void test_report_plan_community_filter_and_channel_breakdown_is_a_pair(void **state)
{
    (void)state;
    struct report_selection sel;
    struct report_plan plan;
    enum report_dim by[] = {REPORT_DIM_CHANNEL, REPORT_DIM_WEEK};
    choose(&sel, by, 2, 1u << REPORT_DIM_COMMUNITY);
    report_plan(&sel, &plan);
    assert_false(plan.use_cube);
    assert_int_equal(plan.bucket, REPORT_BUCKET_WEEK);
    assert_int_equal(plan.slice_count, 2);
    assert_int_equal(plan.slice[0], REPORT_DIM_COMMUNITY);
    assert_int_equal(plan.slice[1], REPORT_DIM_CHANNEL);
    assert_ptr_equal(plan.value, values[REPORT_DIM_COMMUNITY]);
    assert_null(plan.value2);
    assert_true(plan.swap);
}

static void test_report_plan_mediator_pair_reads_month_slices_and_the_cube(void **state)
{
    (void)state;
    struct report_selection sel;
    struct report_plan plan;
    enum report_dim by[] = {REPORT_DIM_MONTH, REPORT_DIM_MEDIATOR};
    choose(&sel, by, 2, 1u << REPORT_DIM_SOURCE);
    report_plan(&sel, &plan);
    assert_true(plan.use_cube);
    assert_int_equal(plan.bucket, REPORT_BUCKET_MONTH);
    assert_int_equal(plan.slice_count, 2);
    assert_int_equal(plan.slice[0], REPORT_DIM_MEDIATOR);
    assert_int_equal(plan.slice[1], REPORT_DIM_SOURCE);
    assert_null(plan.value);
    assert_ptr_equal(plan.value2, values[REPORT_DIM_SOURCE]);
    assert_int_equal(plan.cube_by_count, 1);
    assert_int_equal(plan.cube_by[0], REPORT_DIM_MEDIATOR);
    assert_ptr_equal(plan.filters[REPORT_DIM_SOURCE], values[REPORT_DIM_SOURCE]);
    assert_false(plan.swap);
}

static void test_report_plan_three_dimensions_read_the_cube_only(void **state)
{
    (void)state;
    struct report_selection sel;
    struct report_plan plan;
    enum report_dim by[] = {REPORT_DIM_RISK, REPORT_DIM_DISPUTE_TYPE};
    choose(&sel, by, 2, 1u << REPORT_DIM_COMMUNITY);
    report_plan(&sel, &plan);
    assert_true(plan.use_cube);
    assert_int_equal(plan.slice_count, 0);
    assert_null(plan.value);
    assert_null(plan.value2);
    assert_int_equal(plan.cube_by_count, 2);
    assert_int_equal(plan.cube_by[0], REPORT_DIM_RISK);
    assert_int_equal(plan.cube_by[1], REPORT_DIM_DISPUTE_TYPE);
    assert_ptr_equal(plan.filters[REPORT_DIM_COMMUNITY], values[REPORT_DIM_COMMUNITY]);
    assert_null(plan.filters[REPORT_DIM_RISK]);
}

/* ---- every combination ---- */

struct tally {
    size_t combinations, all, one, pairs, mediator_pairs, cube_only, swapped;
};

/* The plan expected for breakdowns by[0..by_count) and the filters of filter_mask, from the rules
 * alone, checked against report_plan's. */
static void check_combination(const enum report_dim *by, size_t by_count, unsigned filter_mask,
                              struct tally *t)
{
    struct report_selection sel;
    struct report_plan plan;
    choose(&sel, by, by_count, filter_mask);
    report_plan(&sel, &plan);
    char what[160];
    snprintf(what, sizeof(what), "by=%s%s%s filters=0x%02x", by_count > 0 ? names[by[0]] : "",
             by_count > 1 ? "," : "", by_count > 1 ? names[by[1]] : "", filter_mask);

    /* the breakdowns: a time bucket, and the value dimensions in the order asked */
    enum report_bucket bucket = REPORT_BUCKET_PERIOD;
    enum report_dim value_by[2];
    size_t value_by_count = 0;
    bool involved[REPORT_VALUE_DIMS] = {false};
    for (size_t i = 0; i < by_count; i++) {
        if (by[i] == REPORT_DIM_MONTH) {
            bucket = REPORT_BUCKET_MONTH;
        } else if (by[i] == REPORT_DIM_WEEK) {
            bucket = REPORT_BUCKET_WEEK;
        } else {
            value_by[value_by_count++] = by[i];
            involved[by[i]] = true;
        }
    }
    size_t n = 0;
    for (int d = 0; d < REPORT_VALUE_DIMS; d++) {
        involved[d] |= (filter_mask >> d) & 1u;
        n += involved[d];
    }
    if (plan.bucket != bucket)
        fail_msg("%s: bucket %d, expected %d", what, plan.bucket, bucket);

    /* the pair of migration 0008 made of the two involved dimensions */
    const char *pair = NULL;
    bool month_only = false;
    if (n == 2)
        for (size_t i = 0; i < PAIRS && !pair; i++) {
            char first[32];
            const char *comma = strchr(pairs[i].name, ',');
            snprintf(first, sizeof(first), "%.*s", (int)(comma - pairs[i].name), pairs[i].name);
            bool a = false, b = false;
            for (int d = 0; d < REPORT_VALUE_DIMS; d++) {
                a |= involved[d] && strcmp(names[d], first) == 0;
                b |= involved[d] && strcmp(names[d], comma + 1) == 0;
            }
            if (a && b) {
                pair = pairs[i].name;
                month_only = pairs[i].month_only;
            }
        }
    if (n == 2 && !pair)
        fail_msg("%s: no pair in the test's table", what);

    bool slices = n <= 1 || (n == 2 && !month_only);
    if (plan.use_cube == slices)
        fail_msg("%s: use_cube %d, expected %d", what, plan.use_cube, !slices);

    char got[64];
    slice_name(&plan, got, sizeof(got));
    const char *expected_slice = "all";
    char one[32] = "";
    if (n == 1)
        for (int d = 0; d < REPORT_VALUE_DIMS; d++)
            if (involved[d]) {
                snprintf(one, sizeof(one), "%s", names[d]);
                expected_slice = one;
            }
    if (n == 2)
        expected_slice = pair;
    if (n >= 3)
        expected_slice = "all"; /* no slices: the cube for every day */
    if (strcmp(got, expected_slice) != 0)
        fail_msg("%s: slices %s, expected %s", what, got, expected_slice);

    /* value filters on the slices' dimensions, when slices are read at all */
    const char *value = NULL, *value2 = NULL;
    if (n >= 1 && n <= 2)
        value = sel.filters[plan.slice[0]];
    if (n == 2)
        value2 = sel.filters[plan.slice[1]];
    if (plan.value != value || plan.value2 != value2)
        fail_msg("%s: value %s value2 %s", what, plan.value ? plan.value : "(null)",
                 plan.value2 ? plan.value2 : "(null)");

    /* rows list the report's first value breakdown first */
    bool swap = slices && n == 2 && value_by_count > 0 &&
                strcmp(names[value_by[0]], strchr(pair, ',') + 1) == 0;
    if (plan.swap != swap)
        fail_msg("%s: swap %d, expected %d", what, plan.swap, swap);

    if (slices) {
        if (plan.cube_by_count != 0)
            fail_msg("%s: slices with cube breakdowns", what);
        for (int d = 0; d < REPORT_VALUE_DIMS; d++)
            if (plan.filters[d])
                fail_msg("%s: slices with cube filters", what);
    } else {
        if (plan.cube_by_count != value_by_count)
            fail_msg("%s: cube breakdowns %zu, expected %zu", what, plan.cube_by_count,
                     value_by_count);
        for (size_t i = 0; i < value_by_count; i++)
            if (plan.cube_by[i] != value_by[i])
                fail_msg("%s: cube breakdown %zu is %s", what, i, names[plan.cube_by[i]]);
        for (int d = 0; d < REPORT_VALUE_DIMS; d++)
            if (plan.filters[d] != ((filter_mask >> d) & 1u ? values[d] : NULL))
                fail_msg("%s: cube filter on %s", what, names[d]);
    }

    t->combinations++;
    t->all += n == 0;
    t->one += n == 1;
    t->pairs += n == 2 && slices;
    t->mediator_pairs += n == 2 && !slices;
    t->cube_only += n >= 3;
    t->swapped += swap;
}

static void check_every_filter_set(const enum report_dim *by, size_t by_count, struct tally *t)
{
    for (unsigned mask = 0; mask < (1u << REPORT_VALUE_DIMS); mask++)
        check_combination(by, by_count, mask, t);
}

static void test_report_plan_every_combination_follows_the_rules(void **state)
{
    (void)state;
    struct tally t = {0};
    enum report_dim by[2] = {REPORT_DIM_COMMUNITY, REPORT_DIM_COMMUNITY};
    /* no breakdown (a summary, and the total row of a breakdown) */
    check_every_filter_set(by, 0, &t);
    /* one breakdown, any of the eight */
    for (int a = 0; a < REPORT_DIM_COUNT; a++) {
        by[0] = (enum report_dim)a;
        check_every_filter_set(by, 1, &t);
    }
    /* two, in either order, at most one of them month or week */
    for (int a = 0; a < REPORT_DIM_COUNT; a++)
        for (int b = 0; b < REPORT_DIM_COUNT; b++) {
            bool a_time = a >= REPORT_VALUE_DIMS, b_time = b >= REPORT_VALUE_DIMS;
            if (a == b || (a_time && b_time))
                continue;
            by[0] = (enum report_dim)a;
            by[1] = (enum report_dim)b;
            check_every_filter_set(by, 2, &t);
        }
    /* (1 + 8 + 30 value pairs + 24 value-and-time pairs) breakdowns × 64 filter sets */
    assert_int_equal(t.combinations, 63 * 64);
    assert_true(t.all > 0 && t.one > 0 && t.pairs > 0 && t.mediator_pairs > 0 && t.cube_only > 0);
    assert_true(t.swapped > 0);
    print_message("%zu combinations: %zu all, %zu one dimension, %zu slice pairs, %zu mediator "
                  "pairs, %zu cube only, %zu swapped\n",
                  t.combinations, t.all, t.one, t.pairs, t.mediator_pairs, t.cube_only, t.swapped);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_dim_names_are_the_api_names),
        cmocka_unit_test(test_report_dim_parse_takes_whole_names_only),
        cmocka_unit_test(test_report_dim_time_dimensions_are_month_and_week),
        cmocka_unit_test(test_report_dim_vocab_names_the_vocabulary_of_each_value),
        cmocka_unit_test(test_report_plan_summary_reads_all),
        cmocka_unit_test(test_report_plan_pair_without_mediator_reads_slices_and_swaps),
        cmocka_unit_test(test_report_plan_community_filter_and_channel_breakdown_is_a_pair),
        cmocka_unit_test(test_report_plan_mediator_pair_reads_month_slices_and_the_cube),
        cmocka_unit_test(test_report_plan_three_dimensions_read_the_cube_only),
        cmocka_unit_test(test_report_plan_every_combination_follows_the_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
