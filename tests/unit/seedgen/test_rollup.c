/* Unit tests: what one case contributes to the report rollups (seedgen/rollup.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rollup.h"

/* The sum of counter over the contributions dated day. */
static int64_t on(const struct rollup_contribution *k, size_t n, int32_t day,
                  enum rollup_counter counter)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        if (k[i].day == day)
            sum += k[i].counters[counter];
    return sum;
}

/* The sum of counter over all contributions. */
static int64_t total(const struct rollup_contribution *k, size_t n, enum rollup_counter counter)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += k[i].counters[counter];
    return sum;
}

static void a_received_case_is_open_from_its_day(void **state)
{
    (void)state;
    struct rollup_case c = {.received = 100, .outcome = RO_NONE};
    struct rollup_contribution k[ROLLUP_CONTRIBUTIONS_MAX];
    size_t n = rollup_contributions(&c, k);
    assert_int_equal(n, 1);
    assert_int_equal(on(k, n, 100, RC_RECEIVED), 1);
    assert_int_equal(on(k, n, 100, RC_OPEN_DELTA), 1);
    assert_int_equal(total(k, n, RC_OVERDUE_DELTA), 0);
}

static void a_declined_case_stops_being_open_on_its_decline_day(void **state)
{
    (void)state;
    struct rollup_case c = {
        .received = 100, .has_declined = true, .declined = 102, .outcome = RO_NONE};
    struct rollup_contribution k[ROLLUP_CONTRIBUTIONS_MAX];
    size_t n = rollup_contributions(&c, k);
    assert_int_equal(on(k, n, 102, RC_DECLINED), 1);
    assert_int_equal(on(k, n, 102, RC_OPEN_DELTA), -1);
    assert_int_equal(total(k, n, RC_OPEN_DELTA), 0);
    assert_int_equal(total(k, n, RC_CLOSE_DAYS_N), 0);
}

static void a_resolved_case_counts_on_its_close_day(void **state)
{
    (void)state;
    struct rollup_case c = {.received = 100,
                            .has_accepted = true,
                            .accepted = 101,
                            .has_assigned = true,
                            .assigned = 103,
                            .has_closed = true,
                            .closed = 120,
                            .has_due = true,
                            .due = 131,
                            .outcome = RO_RESOLVED,
                            .prevented_escalation = true,
                            .has_agreement = true,
                            .agreement_fen = 250000};
    struct rollup_contribution k[ROLLUP_CONTRIBUTIONS_MAX];
    size_t n = rollup_contributions(&c, k);
    assert_int_equal(on(k, n, 101, RC_ACCEPTED), 1);
    assert_int_equal(on(k, n, 103, RC_ASSIGNED), 1);
    assert_int_equal(on(k, n, 120, RC_RESOLVED), 1);
    assert_int_equal(on(k, n, 120, RC_AGREEMENTS), 1);
    assert_int_equal(on(k, n, 120, RC_AGREEMENT_FEN), 250000);
    assert_int_equal(on(k, n, 120, RC_PREVENTED_ESCALATION), 1);
    assert_int_equal(on(k, n, 120, RC_CLOSE_DAYS_SUM), 19);
    assert_int_equal(total(k, n, RC_OPEN_DELTA), 0);
    /* closed before its due day: never overdue */
    assert_int_equal(total(k, n, RC_OVERDUE_DELTA), 0);
    size_t with_days = 0;
    for (size_t i = 0; i < n; i++)
        if (k[i].has_close_days) {
            with_days++;
            assert_int_equal(k[i].close_days, 19);
        }
    assert_int_equal(with_days, 1);
}

static void overdue_runs_from_the_due_day_to_the_close(void **state)
{
    (void)state;
    /* due on 110, closed on 115 (failed): overdue at the end of days 110 to 114 */
    struct rollup_case c = {.received = 100,
                            .has_accepted = true,
                            .accepted = 100,
                            .has_closed = true,
                            .closed = 115,
                            .has_due = true,
                            .due = 110,
                            .outcome = RO_FAILED};
    struct rollup_contribution k[ROLLUP_CONTRIBUTIONS_MAX];
    size_t n = rollup_contributions(&c, k);
    assert_int_equal(on(k, n, 110, RC_OVERDUE_DELTA), 1);
    assert_int_equal(on(k, n, 115, RC_OVERDUE_DELTA), -1);
    assert_int_equal(on(k, n, 115, RC_FAILED), 1);
    /* closed on its due day: overdue starts and ends that day */
    c.closed = 110;
    n = rollup_contributions(&c, k);
    assert_int_equal(on(k, n, 110, RC_OVERDUE_DELTA), 0);
    assert_int_equal(total(k, n, RC_OVERDUE_DELTA), 0);
    /* still open and past due: overdue from the due day on */
    c.has_closed = false;
    c.outcome = RO_NONE;
    n = rollup_contributions(&c, k);
    assert_int_equal(total(k, n, RC_OVERDUE_DELTA), 1);
    assert_int_equal(on(k, n, 110, RC_OVERDUE_DELTA), 1);
    /* a deadline before the case was received (backdated) counts from the received day */
    c.due = 95;
    n = rollup_contributions(&c, k);
    assert_int_equal(on(k, n, 100, RC_OVERDUE_DELTA), 1);
}

static void a_withdrawal_before_acceptance_has_no_close_days(void **state)
{
    (void)state;
    struct rollup_case c = {
        .received = 100, .has_closed = true, .closed = 101, .outcome = RO_WITHDRAWN};
    struct rollup_contribution k[ROLLUP_CONTRIBUTIONS_MAX];
    size_t n = rollup_contributions(&c, k);
    assert_int_equal(on(k, n, 101, RC_WITHDRAWN), 1);
    assert_int_equal(total(k, n, RC_CLOSE_DAYS_N), 0);
    assert_int_equal(total(k, n, RC_ACCEPTED), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_received_case_is_open_from_its_day),
        cmocka_unit_test(a_declined_case_stops_being_open_on_its_decline_day),
        cmocka_unit_test(a_resolved_case_counts_on_its_close_day),
        cmocka_unit_test(overdue_runs_from_the_due_day_to_the_close),
        cmocka_unit_test(a_withdrawal_before_acceptance_has_no_close_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
