/* Unit tests for domain/client_addr.c: parsing TRUSTED_PROXIES and finding the client behind
 * trusted proxies without letting a client choose its own address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "client_addr.h"

static void resolve(const char *proxies, const char *peer, const char *xff, const char *want)
{
    struct client_addr_proxies p;
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_OK, client_addr_proxies_parse(proxies, &p, &err));
    char out[CLIENT_ADDR_TEXT_MAX];
    client_addr_resolve(&p, peer, xff, out, sizeof(out));
    assert_string_equal(want, out);
}

static void test_parse(void **state)
{
    (void)state;
    struct client_addr_proxies p;
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_OK, client_addr_proxies_parse("", &p, &err));
    assert_int_equal(0, p.count);
    assert_int_equal(STATUS_OK,
                     client_addr_proxies_parse(" 10.0.0.1, 192.168.0.0/16 ::1 fd00::/8", &p, &err));
    assert_int_equal(4, p.count);
    const char *bad[] = {"10.0.0",     "10.0.0.1/33",  "::1/129",     "10.0.0.0/",
                         "10.0.0.0/x", "host.example", "10.0.0.1/8/8"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        error_init(&err);
        assert_int_equal(STATUS_INVALID, client_addr_proxies_parse(bad[i], &p, &err));
    }
}

static void test_off_by_default(void **state)
{
    (void)state;
    resolve("", "127.0.0.1", "203.0.113.9", "127.0.0.1");
    resolve("10.0.0.1", "127.0.0.1", "203.0.113.9", "127.0.0.1"); /* peer not trusted */
    resolve("10.0.0.1", "10.0.0.1", NULL, "10.0.0.1");
}

static void test_behind_proxies(void **state)
{
    (void)state;
    resolve("10.0.0.1", "10.0.0.1", "203.0.113.9", "203.0.113.9");
    /* the client may write anything at the left: the rightmost untrusted entry counts */
    resolve("10.0.0.1", "10.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9");
    resolve("10.0.0.0/8", "10.0.0.1", "1.2.3.4,203.0.113.9 , 10.2.3.4", "203.0.113.9");
    resolve("::1 2001:db8::/32", "::1", "2001:db9::7, 2001:DB8::1:2", "2001:db9::7");
    resolve("::1 2001:db8::/32", "::1", "198.51.100.1, 2001:db8::7", "198.51.100.1");
    /* every hop trusted: the leftmost one */
    resolve("10.0.0.0/8", "10.0.0.1", "10.9.9.9", "10.9.9.9");
}

static void test_garbage_never_chosen(void **state)
{
    (void)state;
    resolve("10.0.0.1", "10.0.0.1", "not-an-ip", "10.0.0.1");
    resolve("10.0.0.0/8", "10.0.0.1", "203.0.113.9, junk, 10.0.0.5", "10.0.0.5");
    resolve("10.0.0.1", "10.0.0.1", "", "10.0.0.1");
    resolve("10.0.0.1", "10.0.0.1", ",,,", "10.0.0.1");
    char longer[300];
    memset(longer, '1', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    resolve("10.0.0.1", "10.0.0.1", longer, "10.0.0.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_off_by_default),
        cmocka_unit_test(test_behind_proxies),
        cmocka_unit_test(test_garbage_never_chosen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
