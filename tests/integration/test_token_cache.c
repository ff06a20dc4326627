/* The token cache (issue 15, class 7): a role change takes effect at once on this instance, and a
 * client sending made-up tokens is slowed down before each one costs a database lookup.
 * AUTH_CACHE_TTL_MS is a minute here, so nothing below passes because an entry went stale. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "api_key.h"
#include "harness.h"

static struct harness h;
#define PASSWORD "correct horse battery"
#define UNKNOWN_FREE 5

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "token_cache") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0)
        return -1;
    const char *env[] = {"AUTH_CACHE_TTL_MS=60000", "TRUSTED_PROXIES=127.0.0.1",
                         "UNKNOWN_TOKENS_PER_CLIENT=5", NULL};
    return harness_start_server(&h, env);
}

static int teardown(void **state)
{
    (void)state;
    int a = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return a == 0 ? 0 : -1;
}

/* One request with token from client address from (NULL: none); extra header may be NULL. */
static long call(const char *method, const char *path, const char *token, const char *from,
                 const char *extra, const char *body, struct http_result *out)
{
    char auth[160], xff[96];
    snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", from ? from : "");
    const char *headers[] = {"Content-Type: application/json", bearer(token, auth),
                             from ? xff : extra, from ? extra : NULL, NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, method, path, headers, body, body ? strlen(body) : 0, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

static void test_a_role_change_takes_effect_at_once(void **state)
{
    (void)state;
    static const char user[] = "{\"username\":\"boss.li\",\"display_name\":\"Li\","
                               "\"role\":\"admin\",\"password\":\"" PASSWORD "\"}";
    struct http_result r;
    assert_int_equal(201, call("POST", "/api/v1/users", h.admin_key, NULL, NULL, user, &r));
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    const char *headers[] = {"Content-Type: application/json", NULL};
    static const char creds[] = "{\"username\":\"boss.li\",\"password\":\"" PASSWORD "\"}";
    assert_int_equal(
        0, http_call(&h, "POST", "/api/v1/auth/login", headers, creds, strlen(creds), &r));
    assert_int_equal(200, r.status);
    char token[128];
    snprintf(token, sizeof(token), "%s", cJSON_GetObjectItem(r.json, "token")->valuestring);
    http_result_cleanup(&r);
    /* an admin's request: the session is now cached with the admin role */
    assert_int_equal(200, call("GET", "/api/v1/users", token, NULL, NULL, NULL, NULL));
    char path[64], if_match[96], etag[64];
    snprintf(path, sizeof(path), "/api/v1/users/%ld", id);
    assert_int_equal(200, call("GET", path, h.admin_key, NULL, NULL, NULL, &r));
    snprintf(if_match, sizeof(if_match), "If-Match: %s", http_header(&r, "ETag", etag, 64));
    http_result_cleanup(&r);
    assert_int_equal(
        200, call("PATCH", path, h.admin_key, NULL, if_match, "{\"role\":\"front_desk\"}", NULL));
    /* demoted: no longer an admin, at once */
    assert_int_equal(403, call("GET", "/api/v1/users", token, NULL, NULL, NULL, NULL));
    assert_int_equal(200, call("GET", "/api/v1/me", token, NULL, NULL, NULL, &r));
    assert_string_equal("front_desk", cJSON_GetObjectItem(r.json, "role")->valuestring);
    http_result_cleanup(&r);
}

/* A well-formed token (right shape and checksum) that no one was ever given. */
static void made_up_token(char out[API_KEY_LEN + 1])
{
    unsigned char id[API_KEY_ID_BYTES], secret[API_KEY_SECRET_BYTES];
    for (size_t i = 0; i < sizeof(id); i++)
        id[i] = (unsigned char)rand();
    for (size_t i = 0; i < sizeof(secret); i++)
        secret[i] = (unsigned char)rand();
    token_format(TOKEN_API_KEY, id, secret, out);
}

static void test_made_up_tokens_are_slowed_per_client(void **state)
{
    (void)state;
    srand((unsigned)time(NULL));
    const char *from = "203.0.113.77";
    /* a real key used from the same address is cached, and keeps working */
    assert_int_equal(200, call("GET", "/api/v1/me", h.admin_key, from, NULL, NULL, NULL));
    char token[API_KEY_LEN + 1];
    for (int i = 0; i < UNKNOWN_FREE; i++) {
        made_up_token(token);
        assert_int_equal(401, call("GET", "/api/v1/me", token, from, NULL, NULL, NULL));
    }
    struct http_result r;
    made_up_token(token);
    assert_int_equal(429, call("GET", "/api/v1/me", token, from, NULL, NULL, &r));
    char ra[16];
    assert_true(atoi(http_header(&r, "Retry-After", ra, sizeof(ra))) >= 1);
    http_result_cleanup(&r);
    assert_int_equal(200, call("GET", "/api/v1/me", h.admin_key, from, NULL, NULL, NULL));
    /* another address is not affected */
    made_up_token(token);
    assert_int_equal(401, call("GET", "/api/v1/me", token, "203.0.113.78", NULL, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_role_change_takes_effect_at_once),
        cmocka_unit_test(test_made_up_tokens_are_slowed_per_client),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
