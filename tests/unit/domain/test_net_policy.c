/* Unit tests for domain/net_policy.c: address classes (IPv4, IPv6, IPv4 inside IPv6), the allow
 * list, and the webhook URL check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "net_policy.h"

static void test_classes_of_addresses(void **state)
{
    (void)state;
    static const struct {
        const char *addr;
        enum net_class c;
    } cases[] = {
        {"8.8.8.8", NET_PUBLIC},
        {"1.2.3.4", NET_PUBLIC},
        {"127.0.0.1", NET_LOOPBACK},
        {"127.255.1.2", NET_LOOPBACK},
        {"10.1.2.3", NET_PRIVATE},
        {"172.16.0.1", NET_PRIVATE},
        {"172.31.255.255", NET_PRIVATE},
        {"172.32.0.1", NET_PUBLIC},
        {"192.168.0.1", NET_PRIVATE},
        {"100.64.0.1", NET_PRIVATE},
        {"169.254.1.1", NET_LINK_LOCAL},
        {"169.254.169.254", NET_METADATA},
        {"100.100.100.200", NET_METADATA},
        {"0.0.0.0", NET_RESERVED},
        {"224.0.0.1", NET_RESERVED},
        {"255.255.255.255", NET_RESERVED},
        {"::1", NET_LOOPBACK},
        {"::", NET_RESERVED},
        {"fe80::1", NET_LINK_LOCAL},
        {"fc00::1", NET_PRIVATE},
        {"fd12:3456::1", NET_PRIVATE},
        {"fd00:ec2::254", NET_METADATA},
        {"ff02::1", NET_RESERVED},
        {"2001:4860:4860::8888", NET_PUBLIC},
        {"::ffff:127.0.0.1", NET_LOOPBACK},
        {"::ffff:169.254.169.254", NET_METADATA},
        {"64:ff9b::10.0.0.1", NET_PRIVATE},
        {"not an address", NET_RESERVED},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (net_classify_text(cases[i].addr) != cases[i].c)
            fail_msg("%s: %s, not %s", cases[i].addr,
                     net_class_name(net_classify_text(cases[i].addr)), net_class_name(cases[i].c));
    }
}

static void test_allow_list(void **state)
{
    (void)state;
    unsigned allow = 99;
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_OK, net_policy_parse("", &allow, &err));
    assert_int_equal(0, allow);
    assert_true(net_allowed(allow, NET_PUBLIC));
    assert_false(net_allowed(allow, NET_LOOPBACK));
    assert_false(net_allowed(allow, NET_METADATA));
    assert_int_equal(STATUS_OK, net_policy_parse("loopback, private", &allow, &err));
    assert_true(net_allowed(allow, NET_LOOPBACK));
    assert_true(net_allowed(allow, NET_PRIVATE));
    assert_false(net_allowed(allow, NET_LINK_LOCAL));
    assert_false(net_allowed(allow, NET_METADATA));
    assert_false(net_allowed(allow, NET_RESERVED));
    assert_int_equal(STATUS_OK, net_policy_parse("metadata,link_local", &allow, &err));
    assert_true(net_allowed(allow, NET_METADATA));
    assert_false(net_allowed(allow, NET_RESERVED)); /* never */
    assert_int_equal(STATUS_INVALID, net_policy_parse("loopback,internet", &allow, &err));
    assert_int_equal(STATUS_INVALID, net_policy_parse("public", &allow, &err));
}

static void test_url_check(void **state)
{
    (void)state;
    struct error err;
    static const char *const fine[] = {"https://example.com/hook", "http://example.com:8080/a?b=c",
                                       "https://8.8.8.8/x", "https://[2001:db8::1]:443/",
                                       "http://localhost:9/" /* a name: checked when resolved */};
    for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
        error_init(&err);
        if (net_url_check(fine[i], 0, &err) != STATUS_OK)
            fail_msg("%s refused: %s", fine[i], err.message);
    }
    static const char *const refused[] = {"ftp://example.com/",
                                          "example.com/hook",
                                          "http:///path",
                                          "http://user:pw@example.com/",
                                          "http://127.0.0.1:8080/",
                                          "http://[::1]/",
                                          "http://169.254.169.254/latest",
                                          "http://10.0.0.1/",
                                          "http://0.0.0.0/",
                                          "http://[::ffff:10.0.0.1]/",
                                          "http://exa mple.com/",
                                          "http://[::1/"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        error_init(&err);
        if (net_url_check(refused[i], 0, &err) == STATUS_OK)
            fail_msg("%s accepted", refused[i]);
    }
    unsigned allow = 0;
    error_init(&err);
    assert_int_equal(STATUS_OK, net_policy_parse("loopback", &allow, &err));
    assert_int_equal(STATUS_OK, net_url_check("http://127.0.0.1:8080/", allow, &err));
    assert_int_equal(STATUS_INVALID, net_url_check("http://169.254.169.254/", allow, &err));
    char long_url[2100] = "https://example.com/";
    memset(long_url + 20, 'a', 2060);
    long_url[2080] = '\0';
    assert_int_equal(STATUS_INVALID, net_url_check(long_url, 0, &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes_of_addresses),
        cmocka_unit_test(test_allow_list),
        cmocka_unit_test(test_url_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
