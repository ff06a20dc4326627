/* Access control over real HTTP: login sessions, users, API keys and their revocation (also seen
 * by a second server instance), center isolation, login throttling per address, and no
 * secret in any response. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "routes.h"

static struct harness h;  /* instance A */
static struct harness h2; /* instance B: same database */
static char city_admin[128];
static char auth_admin[160];

#define PASSWORD "correct horse battery"

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "access") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "admin", NULL, city_admin) != 0)
        return -1;
    bearer(h.admin_key, auth_admin);
    if (harness_start_server(&h, NULL) != 0)
        return -1;
    h2 = h;
    h2.server_pid = 0;
    size_t len = strlen(h2.log_path);
    if (len + 3 > sizeof(h2.log_path))
        return -1;
    memcpy(h2.log_path + len, ".b", 3);
    return harness_start_server(&h2, NULL);
}

static int teardown(void **state)
{
    (void)state;
    int a = harness_stop_server(&h, SIGTERM);
    int b = harness_stop_server(&h2, SIGTERM);
    harness_drop_db(&h);
    return a == 0 && b == 0 ? 0 : -1;
}

/* POST/PATCH/GET/DELETE with a key and an optional JSON body; returns the status. */
static long req(struct harness *on, const char *method, const char *path, const char *key,
                const char *body, struct http_result *out)
{
    char auth[160];
    const char *headers[] = {"Content-Type: application/json", key ? bearer(key, auth) : NULL,
                             NULL};
    struct http_result r;
    assert_int_equal(0, http_call(on, method, path, headers, body, body ? strlen(body) : 0, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

static long create_user(const char *username, const char *role, long *id)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"username\":\"%s\",\"display_name\":\"%s\",\"role\":\"%s\",\"password\":\"%s\"}",
             username, username, role, PASSWORD);
    struct http_result r;
    long status = req(&h, "POST", "/api/v1/users", h.admin_key, body, &r);
    if (status == 201 && id)
        *id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    return status;
}

/* Logs in; copies the token into token (at least 128 bytes) on 200. */
static long login(struct harness *on, const char *username, const char *password, char *token)
{
    char body[256];
    snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
    struct http_result r;
    long status = req(on, "POST", "/api/v1/auth/login", NULL, body, &r);
    if (status == 200 && token)
        snprintf(token, 128, "%s", cJSON_GetObjectItem(r.json, "token")->valuestring);
    http_result_cleanup(&r);
    return status;
}

static void test_login_session_me_and_logout(void **state)
{
    (void)state;
    assert_int_equal(201, create_user("zhang.wei", "front_desk", NULL));
    assert_int_equal(409, create_user("zhang.wei", "mediator", NULL));
    char token[128];
    assert_int_equal(200, login(&h, "Zhang.Wei", PASSWORD, token));
    assert_int_equal(0, strncmp(token, "mds_", 4));

    struct http_result r;
    assert_int_equal(200, req(&h, "GET", "/api/v1/me", token, NULL, &r));
    assert_string_equal("session", cJSON_GetObjectItem(r.json, "kind")->valuestring);
    assert_string_equal("front_desk", cJSON_GetObjectItem(r.json, "role")->valuestring);
    assert_string_equal("WD", cJSON_GetObjectItem(r.json, "center")->valuestring);
    http_result_cleanup(&r);

    /* a front desk session may read the directory but not administer */
    assert_int_equal(200, req(&h, "GET", "/api/v1/communities", token, NULL, NULL));
    assert_int_equal(403, req(&h, "GET", "/api/v1/users", token, NULL, NULL));

    assert_int_equal(204, req(&h, "POST", "/api/v1/auth/logout", token, NULL, NULL));
    assert_int_equal(401, req(&h, "GET", "/api/v1/me", token, NULL, NULL));
    char audit[16];
    assert_int_equal(0, harness_sql(&h,
                                    "SELECT count(*) FROM audit_events WHERE action IN "
                                    "('session.login', 'session.logout')",
                                    audit, sizeof(audit)));
    assert_string_equal("2", audit);
}

static void test_unknown_user_and_wrong_password_look_the_same(void **state)
{
    (void)state;
    assert_int_equal(201, create_user("li.na", "mediator", NULL));
    struct http_result wrong, unknown;
    assert_int_equal(401,
                     req(&h, "POST", "/api/v1/auth/login", NULL,
                         "{\"username\":\"li.na\",\"password\":\"not the password\"}", &wrong));
    assert_int_equal(401, req(&h, "POST", "/api/v1/auth/login", NULL,
                              "{\"username\":\"nobody.here\",\"password\":\"not the password\"}",
                              &unknown));
    assert_string_equal(cJSON_GetObjectItem(wrong.json, "detail")->valuestring,
                        cJSON_GetObjectItem(unknown.json, "detail")->valuestring);
    assert_string_equal(cJSON_GetObjectItem(wrong.json, "type")->valuestring,
                        cJSON_GetObjectItem(unknown.json, "type")->valuestring);
    http_result_cleanup(&wrong);
    http_result_cleanup(&unknown);
}

/* The throttle is per instance and per client address (all of this test's requests come from
 * 127.0.0.1): ten failures, then 429 with Retry-After, even for the right password from that
 * address; the other instance, and other users, are not affected. Addresses apart:
 * test_login_throttle.c. */
static void test_brute_force_is_limited_per_address(void **state)
{
    (void)state;
    assert_int_equal(201, create_user("wang.fang", "supervisor", NULL));
    for (int i = 0; i < 10; i++)
        assert_int_equal(401, login(&h, "wang.fang", "guess-number-x", NULL));
    struct http_result r;
    assert_int_equal(429, req(&h, "POST", "/api/v1/auth/login", NULL,
                              "{\"username\":\"wang.fang\",\"password\":\"guess-number-y\"}", &r));
    char ra[16];
    assert_true(atoi(http_header(&r, "Retry-After", ra, sizeof(ra))) >= 1);
    http_result_cleanup(&r);
    /* while limited, even the right password is refused from this address */
    assert_int_equal(429, login(&h, "wang.fang", PASSWORD, NULL));
    /* another user is not affected, nor is the other instance */
    assert_int_equal(200, login(&h, "li.na", PASSWORD, NULL));
    assert_int_equal(200, login(&h2, "wang.fang", PASSWORD, NULL));
}

static void test_user_edits_need_if_match(void **state)
{
    (void)state;
    long id = 0;
    assert_int_equal(201, create_user("chen.jie", "front_desk", &id));
    char path[64], etag[64];
    snprintf(path, sizeof(path), "/api/v1/users/%ld", id);
    struct http_result r;
    assert_int_equal(200, req(&h, "GET", path, h.admin_key, NULL, &r));
    http_header(&r, "ETag", etag, sizeof(etag));
    http_result_cleanup(&r);

    const char *body = "{\"display_name\":\"陈杰\",\"role\":\"supervisor\"}";
    assert_int_equal(428, req(&h, "PATCH", path, h.admin_key, body, NULL));
    char auth[160], if_match[96];
    snprintf(if_match, sizeof(if_match), "If-Match: %s", etag);
    const char *headers[] = {"Content-Type: application/json", bearer(h.admin_key, auth), if_match,
                             NULL};
    assert_int_equal(0, http_call(&h, "PATCH", path, headers, body, strlen(body), &r));
    assert_int_equal(200, r.status);
    assert_string_equal("supervisor", cJSON_GetObjectItem(r.json, "role")->valuestring);
    assert_int_equal(2, (int)cJSON_GetObjectItem(r.json, "version")->valuedouble);
    http_result_cleanup(&r);
    /* the same If-Match again is stale now */
    assert_int_equal(0, http_call(&h, "PATCH", path, headers, body, strlen(body), &r));
    assert_int_equal(412, r.status);
    http_result_cleanup(&r);

    /* deactivating ends the user's sessions and stops logins */
    char token[128];
    assert_int_equal(200, login(&h, "chen.jie", PASSWORD, token));
    snprintf(if_match, sizeof(if_match), "If-Match: \"%ld-2\"", id);
    const char *off = "{\"active\":false}";
    assert_int_equal(0, http_call(&h, "PATCH", path, headers, off, strlen(off), &r));
    assert_int_equal(200, r.status);
    http_result_cleanup(&r);
    assert_int_equal(401, login(&h, "chen.jie", PASSWORD, NULL));
    long deadline = harness_now_ms() + 7000;
    long status = 0;
    while (harness_now_ms() < deadline &&
           (status = req(&h, "GET", "/api/v1/me", token, NULL, NULL)) != 401)
        usleep(200 * 1000);
    assert_int_equal(401, status);
}

static void test_api_keys_scopes_and_revocation_across_instances(void **state)
{
    (void)state;
    struct http_result r;
    assert_int_equal(422, req(&h, "POST", "/api/v1/api-keys", h.admin_key,
                              "{\"name\":\"no scopes\",\"role\":\"integration\"}", NULL));
    assert_int_equal(
        201,
        req(&h, "POST", "/api/v1/api-keys", h.admin_key,
            "{\"name\":\"hotline 12345\",\"role\":\"integration\",\"scopes\":[\"cases:read\"]}",
            &r));
    char key[128];
    snprintf(key, sizeof(key), "%s", cJSON_GetObjectItem(r.json, "key")->valuestring);
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    assert_string_equal("WD", cJSON_GetObjectItem(r.json, "center")->valuestring);
    http_result_cleanup(&r);

    assert_int_equal(200, req(&h, "GET", "/api/v1/communities", key, NULL, NULL));
    assert_int_equal(403, req(&h, "POST", "/api/v1/communities", key,
                              "{\"code\":\"x\",\"name\":\"x\",\"street\":\"x\"}", NULL));
    /* instance B has it cached now */
    assert_int_equal(200, req(&h2, "GET", "/api/v1/communities", key, NULL, NULL));

    /* the list shows the key without any secret */
    assert_int_equal(200, req(&h, "GET", "/api/v1/api-keys", h.admin_key, NULL, &r));
    assert_null(strstr(r.body, key + 4));
    assert_non_null(strstr(r.body, "hotline 12345"));
    http_result_cleanup(&r);

    char path[64];
    snprintf(path, sizeof(path), "/api/v1/api-keys/%ld", id);
    assert_int_equal(204, req(&h, "DELETE", path, h.admin_key, NULL, NULL));
    assert_int_equal(401, req(&h, "GET", "/api/v1/communities", key, NULL, NULL));
    /* instance B honours the revocation within its cache lifetime (5 s) */
    long start = harness_now_ms(), status = 0;
    while (harness_now_ms() - start < 7000 &&
           (status = req(&h2, "GET", "/api/v1/communities", key, NULL, NULL)) != 401)
        usleep(200 * 1000);
    print_message("revocation seen by the other instance after %ld ms\n", harness_now_ms() - start);
    assert_int_equal(401, status);
    assert_int_equal(404, req(&h, "DELETE", "/api/v1/api-keys/999999", h.admin_key, NULL, NULL));
}

static void test_other_centers_are_invisible(void **state)
{
    (void)state;
    struct http_result r;
    /* a center-bound admin cannot create centers; a city-level one can */
    assert_int_equal(403, req(&h, "POST", "/api/v1/centers", h.admin_key,
                              "{\"code\":\"XC\",\"name\":\"许昌\"}", NULL));
    assert_int_equal(422,
                     req(&h, "POST", "/api/v1/centers", city_admin,
                         "{\"code\":\"XC\",\"name\":\"许昌\",\"time_zone\":\"Mars/Base\"}", NULL));
    assert_int_equal(201, req(&h, "POST", "/api/v1/centers", city_admin,
                              "{\"code\":\"XC\",\"name\":\"许昌\"}", NULL));
    /* with two centers, a city-level admin must name one */
    assert_int_equal(422, req(&h, "POST", "/api/v1/communities", city_admin,
                              "{\"code\":\"xc1\",\"name\":\"x\",\"street\":\"x\"}", NULL));
    assert_int_equal(
        201, req(&h, "POST", "/api/v1/communities", city_admin,
                 "{\"center\":\"XC\",\"code\":\"xc1\",\"name\":\"x\",\"street\":\"x\"}", &r));
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);

    char path[64];
    snprintf(path, sizeof(path), "/api/v1/communities/%ld", id);
    assert_int_equal(200, req(&h, "GET", path, city_admin, NULL, NULL));
    assert_int_equal(404, req(&h, "GET", path, h.admin_key, NULL, NULL));
    assert_int_equal(200, req(&h, "GET", "/api/v1/communities?limit=100", h.admin_key, NULL, &r));
    assert_null(strstr(r.body, "\"xc1\""));
    http_result_cleanup(&r);
    assert_int_equal(200, req(&h, "GET", "/api/v1/centers", h.admin_key, NULL, &r));
    assert_int_equal(1, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);
    /* a WD admin cannot create users in XC */
    assert_int_equal(422, req(&h, "POST", "/api/v1/users", h.admin_key,
                              "{\"username\":\"xc.user\",\"display_name\":\"x\",\"role\":"
                              "\"mediator\",\"center\":\"XC\",\"password\":\"" PASSWORD "\"}",
                              NULL));
}

/* Every GET route, with ids of things that exist, answered without any stored secret. */
static void test_no_response_contains_a_secret(void **state)
{
    (void)state;
    char secrets[64][200];
    size_t n = 0;
    /* password hashes, key hashes (hex, as bytea prints) and the PII key */
    const char *queries[] = {
        "SELECT password_hash FROM users",
        "SELECT encode(secret_hash, 'hex') FROM api_keys",
        "SELECT encode(secret_hash, 'hex') FROM sessions",
    };
    for (size_t q = 0; q < 3; q++) {
        char value[200];
        for (int row = 0;; row++) {
            char sql[160];
            snprintf(sql, sizeof(sql), "%s ORDER BY 1 OFFSET %d LIMIT 1", queries[q], row);
            if (harness_sql(&h, sql, value, sizeof(value)) != 0 || !value[0] || n >= 64)
                break;
            snprintf(secrets[n++], sizeof(secrets[0]), "%s", value);
        }
    }
    snprintf(secrets[n++], sizeof(secrets[0]), "integration-tests-pii-hash-key");
    snprintf(secrets[n++], sizeof(secrets[0]), "%s", h.admin_key + 21); /* a key's secret part */
    assert_true(n >= 5);

    int walked = 0;
    for (size_t i = 0; i < api_route_count; i++) {
        if (strcmp(api_routes[i].method, "GET") != 0)
            continue;
        char path[256];
        const char *brace = strchr(api_routes[i].pattern, '{');
        if (brace)
            snprintf(path, sizeof(path), "%.*s1", (int)(brace - api_routes[i].pattern),
                     api_routes[i].pattern);
        else
            snprintf(path, sizeof(path), "%s", api_routes[i].pattern);
        const char *keys[] = {h.admin_key, city_admin};
        for (size_t k = 0; k < 2; k++) {
            struct http_result r;
            req(&h, "GET", path, keys[k], NULL, &r);
            for (size_t s = 0; s < n; s++)
                if (strstr(r.body, secrets[s]) || strstr(r.headers, secrets[s]))
                    fail_msg("GET %s shows a stored secret", path);
            http_result_cleanup(&r);
            walked++;
        }
    }
    print_message("%d responses checked against %zu secrets\n", walked, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_session_me_and_logout),
        cmocka_unit_test(test_unknown_user_and_wrong_password_look_the_same),
        cmocka_unit_test(test_brute_force_is_limited_per_address),
        cmocka_unit_test(test_user_edits_need_if_match),
        cmocka_unit_test(test_api_keys_scopes_and_revocation_across_instances),
        cmocka_unit_test(test_other_centers_are_invisible),
        cmocka_unit_test(test_no_response_contains_a_secret),
    };
    return cmocka_run_group_tests_name("integration_access", tests, setup, teardown);
}
