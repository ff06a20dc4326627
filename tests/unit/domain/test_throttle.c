/* Unit tests for domain/throttle.c: free hits, growing and capped delays, forgetting, taking a hit
 * back, and a table that stays within its slots whatever the number of keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "throttle.h"

static const struct throttle_rule rule = {
    .free_hits = 3, .base_ms = 1000, .max_ms = 8000, .forget_ms = 60000};

static int setup(void **state)
{
    static struct throttle t;
    if (throttle_init(&t, 64) != STATUS_OK)
        return -1;
    *state = &t;
    return 0;
}

static int teardown(void **state)
{
    throttle_cleanup(*state);
    return 0;
}

static void test_free_hits_then_growing_delays(void **state)
{
    struct throttle *t = *state;
    assert_int_equal(0, throttle_wait(t, "a", 0));
    assert_int_equal(0, throttle_hit(t, "a", &rule, 0));
    assert_int_equal(0, throttle_hit(t, "a", &rule, 0));
    assert_int_equal(0, throttle_wait(t, "a", 0));
    /* the third hit uses the last free one and makes the next wait */
    assert_int_equal(1000, throttle_hit(t, "a", &rule, 0));
    assert_int_equal(1000, throttle_wait(t, "a", 0));
    assert_int_equal(400, throttle_wait(t, "a", 600));
    assert_int_equal(0, throttle_wait(t, "a", 1000));
    assert_int_equal(2000, throttle_hit(t, "a", &rule, 1000));
    assert_int_equal(4000, throttle_hit(t, "a", &rule, 3000));
    assert_int_equal(8000, throttle_hit(t, "a", &rule, 7000));
    /* capped */
    assert_int_equal(8000, throttle_hit(t, "a", &rule, 15000));
    assert_int_equal(8000, throttle_wait(t, "a", 15000));
    /* another key is not affected */
    assert_int_equal(0, throttle_wait(t, "b", 15000));
}

static void test_forgotten_after_a_quiet_spell(void **state)
{
    struct throttle *t = *state;
    for (int i = 0; i < 6; i++)
        throttle_hit(t, "quiet", &rule, 0);
    assert_true(throttle_wait(t, "quiet", 0) > 0);
    assert_true(throttle_live(t, 59999) >= 1);
    /* past forget_ms after the last hit, and past its wait: a fresh start */
    assert_int_equal(0, throttle_wait(t, "quiet", 60000));
    assert_int_equal(0, throttle_hit(t, "quiet", &rule, 60000));
    assert_int_equal(0, throttle_hit(t, "quiet", &rule, 60000));
}

static void test_restart_counts_the_wait_from_the_failure(void **state)
{
    struct throttle *t = *state;
    throttle_restart(t, "r", &rule, 0); /* absent: nothing */
    assert_int_equal(0, throttle_wait(t, "r", 0));
    throttle_hit(t, "r", &rule, 0);
    throttle_restart(t, "r", &rule, 500); /* within the free hits: nothing */
    assert_int_equal(0, throttle_wait(t, "r", 500));
    throttle_hit(t, "r", &rule, 0);
    assert_int_equal(1000, throttle_hit(t, "r", &rule, 0));
    /* the attempt took 900 ms to fail: the next one still waits a whole second from then */
    throttle_restart(t, "r", &rule, 900);
    assert_int_equal(1000, throttle_wait(t, "r", 900));
    assert_int_equal(0, throttle_wait(t, "r", 1900));
}

static void test_unhit_and_forget(void **state)
{
    struct throttle *t = *state;
    for (int i = 0; i < 3; i++)
        throttle_hit(t, "u", &rule, 0);
    assert_true(throttle_wait(t, "u", 0) > 0);
    throttle_unhit(t, "u", &rule);
    assert_int_equal(0, throttle_wait(t, "u", 0));
    throttle_forget(t, "u");
    assert_int_equal(0, throttle_wait(t, "u", 0));
    throttle_unhit(t, "absent", &rule); /* nothing happens */
}

/* A hostile client sending a key a request can never make the table grow; the keys it floods
 * with evict each other (they are the least punished), not a key that is being punished. */
static void test_bounded_and_punished_keys_survive_a_flood(void **state)
{
    struct throttle *t = *state;
    for (int i = 0; i < 8; i++)
        throttle_hit(t, "punished", &rule, 0);
    int64_t before = throttle_wait(t, "punished", 0);
    assert_true(before > 0);
    char key[32];
    for (int i = 0; i < 100000; i++) {
        snprintf(key, sizeof(key), "flood-%d", i);
        throttle_hit(t, key, &rule, 1);
    }
    assert_true(throttle_live(t, 1) <= t->size);
    assert_int_equal(before - 1, throttle_wait(t, "punished", 1));
}

static void test_long_keys_are_cut_not_overflowed(void **state)
{
    struct throttle *t = *state;
    char key[THROTTLE_KEY_MAX * 2];
    for (size_t i = 0; i < sizeof(key) - 1; i++)
        key[i] = 'k';
    key[sizeof(key) - 1] = '\0';
    for (int i = 0; i < 3; i++)
        throttle_hit(t, key, &rule, 0);
    assert_true(throttle_wait(t, key, 0) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_free_hits_then_growing_delays, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forgotten_after_a_quiet_spell, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_counts_the_wait_from_the_failure, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unhit_and_forget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounded_and_punished_keys_survive_a_flood, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_long_keys_are_cut_not_overflowed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
