/* Unit tests for api/auth_cache.c: a lookup that began before a revocation cannot put the revoked
 * token back, a user's sessions are dropped at once, and made-up ids never evict a live token. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "auth_cache.h"

static struct auth_cache_entry entry(enum token_kind kind, const char *public_id, bool usable,
                                     long user_id)
{
    struct auth_cache_entry e;
    memset(&e, 0, sizeof(e));
    e.kind = kind;
    size_t len = strlen(public_id);
    assert_true(len < sizeof(e.public_id)); /* the test's ids fit; a longer one is a test bug */
    memcpy(e.public_id, public_id, len + 1);
    e.usable = usable;
    e.who.user_id = user_id;
    return e;
}

static int setup(void **state)
{
    *state = auth_cache_new(64, 60000);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    auth_cache_free(*state);
    return 0;
}

/* The race: the lookup reads the row (usable) before the revocation commits; the revocation
 * forgets the token; then the lookup stores what it read. */
static void test_a_lookup_older_than_a_revocation_is_not_cached(void **state)
{
    struct auth_cache *c = *state;
    struct auth_cache_entry e = entry(TOKEN_API_KEY, "00112233aabbccdd", true, 0), out;
    uint64_t generation = auth_cache_generation(c);
    auth_cache_forget(c, TOKEN_API_KEY, "00112233aabbccdd");
    assert_false(auth_cache_put(c, &e, generation));
    assert_false(auth_cache_get(c, TOKEN_API_KEY, "00112233aabbccdd", &out));
    /* a lookup that began after it is cached */
    generation = auth_cache_generation(c);
    assert_true(auth_cache_put(c, &e, generation));
    assert_true(auth_cache_get(c, TOKEN_API_KEY, "00112233aabbccdd", &out));
    assert_true(out.usable);
}

static void test_forget_user_drops_their_sessions(void **state)
{
    struct auth_cache *c = *state;
    struct auth_cache_entry a = entry(TOKEN_SESSION, "aaaaaaaaaaaaaaaa", true, 7);
    struct auth_cache_entry b = entry(TOKEN_SESSION, "bbbbbbbbbbbbbbbb", true, 8), out;
    assert_true(auth_cache_put(c, &a, auth_cache_generation(c)));
    assert_true(auth_cache_put(c, &b, auth_cache_generation(c)));
    uint64_t before = auth_cache_generation(c);
    auth_cache_forget_user(c, 7);
    assert_false(auth_cache_get(c, TOKEN_SESSION, "aaaaaaaaaaaaaaaa", &out));
    assert_true(auth_cache_get(c, TOKEN_SESSION, "bbbbbbbbbbbbbbbb", &out));
    /* and a lookup of user 7's session that was under way is not cached either */
    assert_false(auth_cache_put(c, &a, before));
}

static void test_misses_never_evict_a_live_token(void **state)
{
    struct auth_cache *c = *state;
    struct auth_cache_entry live = entry(TOKEN_API_KEY, "0123456789abcdef", true, 0), out;
    assert_true(auth_cache_put(c, &live, auth_cache_generation(c)));
    char id[32];
    for (int i = 0; i < 10000; i++) {
        snprintf(id, sizeof(id), "%016x", (unsigned)i * 2654435761u);
        struct auth_cache_entry miss = entry(TOKEN_API_KEY, id, false, 0);
        auth_cache_put(c, &miss, auth_cache_generation(c));
    }
    assert_true(auth_cache_get(c, TOKEN_API_KEY, "0123456789abcdef", &out));
    assert_true(out.usable);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_lookup_older_than_a_revocation_is_not_cached, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_forget_user_drops_their_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_misses_never_evict_a_live_token, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
