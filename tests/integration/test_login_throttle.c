/* Login throttling (issue 15, class 4): failures from one address never lock a user out from
 * another; attempts are counted per (username, address) and per address before the password is
 * hashed, with growing delays; X-Forwarded-For names the client only behind a trusted proxy.
 *
 * Instance A trusts 127.0.0.1 as a reverse proxy, so each test picks its client address with
 * X-Forwarded-For; instance B trusts no proxy (the default), so there the header changes nothing.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct harness h;  /* TRUSTED_PROXIES=127.0.0.1 */
static struct harness h2; /* no trusted proxy */

#define PASSWORD "correct horse battery"
#define PER_USER "3"
#define PER_CLIENT "8"

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "login_throttle") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0)
        return -1;
    const char *env[] = {"TRUSTED_PROXIES=127.0.0.1", "LOGIN_MAX_FAILURES=" PER_USER,
                         "LOGIN_MAX_FAILURES_PER_CLIENT=" PER_CLIENT, NULL};
    if (harness_start_server(&h, env) != 0)
        return -1;
    h2 = h;
    h2.server_pid = 0;
    size_t len = strlen(h2.log_path);
    if (len + 3 > sizeof(h2.log_path))
        return -1;
    memcpy(h2.log_path + len, ".b", 3);
    const char *env2[] = {"LOGIN_MAX_FAILURES=" PER_USER, NULL};
    return harness_start_server(&h2, env2);
}

static int teardown(void **state)
{
    (void)state;
    int a = harness_stop_server(&h, SIGTERM);
    int b = harness_stop_server(&h2, SIGTERM);
    harness_drop_db(&h);
    return a == 0 && b == 0 ? 0 : -1;
}

static void create_user(const char *username)
{
    char body[512], auth[160];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"%s\",\"role\":\"mediator\","
             "\"password\":\"%s\"}",
             username, username, PASSWORD);
    const char *headers[] = {"Content-Type: application/json", bearer(h.admin_key, auth), NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, "POST", "/api/v1/users", headers, body, strlen(body), &r));
    assert_int_equal(201, r.status);
    http_result_cleanup(&r);
}

/* One login from client address from (NULL: no X-Forwarded-For); *retry_after gets the header. */
static long login_on(struct harness *on, const char *from, const char *username,
                     const char *password, int *retry_after)
{
    char body[256], xff[96], ra[16];
    snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
    snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", from ? from : "");
    const char *headers[] = {"Content-Type: application/json", from ? xff : NULL, NULL};
    struct http_result r;
    if (http_call(on, "POST", "/api/v1/auth/login", headers, body, strlen(body), &r) != 0)
        return -1;
    long status = r.status;
    if (retry_after)
        *retry_after = atoi(http_header(&r, "Retry-After", ra, sizeof(ra)));
    http_result_cleanup(&r);
    return status;
}

static long login(const char *from, const char *username, const char *password, int *retry_after)
{
    return login_on(&h, from, username, password, retry_after);
}

static void test_an_attacker_cannot_lock_a_user_out(void **state)
{
    (void)state;
    create_user("victim.one");
    int unauthorized = 0, limited = 0, ra = 0;
    for (int i = 0; i < 12; i++) {
        long status = login("203.0.113.5", "victim.one", "guess-number-x", &ra);
        if (status == 401)
            unauthorized++;
        else if (status == 429 && ra >= 1)
            limited++;
        else
            fail_msg("attempt %d answered %ld (Retry-After %d)", i, status, ra);
    }
    assert_int_equal(atoi(PER_USER), unauthorized);
    assert_int_equal(12 - atoi(PER_USER), limited);
    /* the attacker's address is slowed down, even with the right password */
    assert_int_equal(429, login("203.0.113.5", "victim.one", PASSWORD, NULL));
    /* the user, from their own address, logs in at once */
    assert_int_equal(200, login("198.51.100.7", "victim.one", PASSWORD, NULL));
}

/* Each failure past the free ones doubles the wait before the next attempt. */
static void test_delays_grow(void **state)
{
    (void)state;
    create_user("victim.two");
    for (int i = 0; i < atoi(PER_USER); i++)
        assert_int_equal(401, login("203.0.113.6", "victim.two", "guess-number-x", NULL));
    int waits[3];
    for (int k = 0; k < 3; k++) {
        assert_int_equal(429, login("203.0.113.6", "victim.two", "guess-number-x", &waits[k]));
        usleep((useconds_t)waits[k] * 1000 * 1000 + 100 * 1000);
        long status = login("203.0.113.6", "victim.two", k == 2 ? PASSWORD : "guess-x", NULL);
        assert_int_equal(k == 2 ? 200 : 401, status);
    }
    assert_int_equal(1, waits[0]);
    assert_int_equal(2, waits[1]);
    assert_int_equal(4, waits[2]);
    /* the success forgot the address's failures for the user */
    assert_int_equal(401, login("203.0.113.6", "victim.two", "guess-number-x", NULL));
}

static void test_one_address_trying_many_usernames_is_slowed(void **state)
{
    (void)state;
    create_user("victim.three");
    char name[32];
    int per_client = atoi(PER_CLIENT);
    for (int i = 0; i < per_client; i++) {
        snprintf(name, sizeof(name), "nobody.%d", i);
        assert_int_equal(401, login("2001:db8::77", name, "guess-number-x", NULL));
    }
    int ra = 0;
    assert_int_equal(429, login("2001:db8::77", "victim.three", PASSWORD, &ra));
    assert_true(ra >= 1);
    assert_int_equal(200, login("2001:db8::78", "victim.three", PASSWORD, NULL));
}

struct attempt {
    long status;
};

static void *wrong_login(void *arg)
{
    struct attempt *a = arg;
    a->status = login("203.0.113.8", "victim.four", "guess-number-x", NULL);
    return NULL;
}

/* Attempts are counted when admitted, before their hash: a burst all at once gets no more tries
 * than attempts one after the other. */
static void test_a_burst_is_counted_before_hashing(void **state)
{
    (void)state;
    create_user("victim.four");
    enum { BURST = 12 };
    pthread_t threads[BURST];
    struct attempt attempts[BURST];
    for (int i = 0; i < BURST; i++)
        assert_int_equal(0, pthread_create(&threads[i], NULL, wrong_login, &attempts[i]));
    int unauthorized = 0, limited = 0;
    for (int i = 0; i < BURST; i++) {
        pthread_join(threads[i], NULL);
        unauthorized += attempts[i].status == 401;
        limited += attempts[i].status == 429;
    }
    assert_int_equal(atoi(PER_USER), unauthorized);
    assert_int_equal(BURST - atoi(PER_USER), limited);
}

/* Without a trusted proxy, X-Forwarded-For is anyone's to write: it changes nothing. */
static void test_forwarded_for_is_ignored_unless_trusted(void **state)
{
    (void)state;
    create_user("victim.five");
    char from[32];
    for (int i = 0; i < atoi(PER_USER); i++) {
        snprintf(from, sizeof(from), "192.0.2.%d", i + 1);
        assert_int_equal(401, login_on(&h2, from, "victim.five", "guess-number-x", NULL));
    }
    assert_int_equal(429, login_on(&h2, "192.0.2.200", "victim.five", "guess-number-x", NULL));
    /* a forged chain behind the trusted proxy cannot pick its address either: the rightmost
     * entry the proxy added is the client */
    for (int i = 0; i < atoi(PER_USER); i++)
        assert_int_equal(401, login("192.0.2.9, 203.0.113.9", "victim.five", "guess-x", NULL));
    assert_int_equal(429, login("192.0.2.10, 203.0.113.9", "victim.five", "guess-x", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_attacker_cannot_lock_a_user_out),
        cmocka_unit_test(test_delays_grow),
        cmocka_unit_test(test_one_address_trying_many_usernames_is_slowed),
        cmocka_unit_test(test_a_burst_is_counted_before_hashing),
        cmocka_unit_test(test_forwarded_for_is_ignored_unless_trusted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
