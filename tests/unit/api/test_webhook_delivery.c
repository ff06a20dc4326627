/* Unit tests for api/webhook_delivery.c's backoff: doubling from the base, the jitter's bounds,
 * and the default schedule spreading 8 attempts over more than 12 hours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "webhook_delivery.h"

static void test_backoff_doubles_from_the_base(void **state)
{
    (void)state;
    assert_int_equal(1000, webhook_backoff_ms(1000, 1, 0.0));
    assert_int_equal(2000, webhook_backoff_ms(1000, 2, 0.0));
    assert_int_equal(4000, webhook_backoff_ms(1000, 3, 0.0));
    assert_int_equal(64000, webhook_backoff_ms(1000, 7, 0.0));
    assert_int_equal(1199, webhook_backoff_ms(1000, 1, 0.1999));
}

static void test_backoff_never_overflows(void **state)
{
    (void)state;
    long v = webhook_backoff_ms(86400000, 50, 0.19);
    assert_true(v > 0);
    assert_true(v <= 1000000000000L);
}

/* WEBHOOK_BACKOFF_MS 360000 and WEBHOOK_MAX_ATTEMPTS 8 (the defaults): the seven waits add up to
 * more than 12 hours even with no jitter at all. */
static void test_default_schedule_spans_more_than_twelve_hours(void **state)
{
    (void)state;
    long total = 0;
    for (int attempt = 1; attempt < 8; attempt++)
        total += webhook_backoff_ms(360000, attempt, 0.0);
    assert_true(total >= 12L * 3600 * 1000);
    long with_jitter = 0;
    for (int attempt = 1; attempt < 8; attempt++)
        with_jitter += webhook_backoff_ms(360000, attempt, 0.1999);
    assert_true(with_jitter < 16L * 3600 * 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backoff_doubles_from_the_base),
        cmocka_unit_test(test_backoff_never_overflows),
        cmocka_unit_test(test_default_schedule_spans_more_than_twelve_hours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
