/* The role × route matrix, generated from the route table itself: for every route and every kind
 * of caller, the answer is 401 without a token, exactly 403 when the caller's role (or an
 * integration key's scopes) lacks the route's permission, and neither 401 nor 403 when it has it.
 * A route added to the table is covered without touching this file; a route added as public that
 * is not on the short list below fails. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "permission.h"
#include "routes.h"

static struct harness h;

struct caller {
    const char *label;
    const char *role;
    const char *scopes; /* for integration keys */
    struct principal who;
    char key[128];
};

static struct caller callers[] = {
    {"front_desk", "front_desk", NULL, {.role = ROLE_FRONT_DESK}, ""},
    {"mediator", "mediator", NULL, {.role = ROLE_MEDIATOR}, ""},
    {"supervisor", "supervisor", NULL, {.role = ROLE_SUPERVISOR}, ""},
    {"admin", "admin", NULL, {.role = ROLE_ADMIN}, ""},
    {"integration cases:read",
     "integration",
     "cases:read",
     {.role = ROLE_INTEGRATION, .scopes = SCOPE_CASES_READ},
     ""},
    {"integration cases:write",
     "integration",
     "cases:write",
     {.role = ROLE_INTEGRATION, .scopes = SCOPE_CASES_WRITE},
     ""},
    {"integration reports:read events:read",
     "integration",
     "reports:read events:read",
     {.role = ROLE_INTEGRATION, .scopes = SCOPE_REPORTS_READ | SCOPE_EVENTS_READ},
     ""},
    {"integration webhooks:manage",
     "integration",
     "webhooks:manage",
     {.role = ROLE_INTEGRATION, .scopes = SCOPE_WEBHOOKS_MANAGE},
     ""},
};
#define CALLERS (sizeof(callers) / sizeof(callers[0]))

/* The only routes that may be public. */
static const char *const public_routes[] = {
    "GET /healthz",
    "GET /readyz",
    "GET /metrics",
    "GET /api/v1/openapi.yaml",
    "GET /api/v1/openapi.json",
    "GET /",
    "GET /portal",
    "GET /api/v1/portal/communities",
    "POST /api/v1/portal/applications",
    "POST /api/v1/portal/track",
    "POST /api/v1/portal/ratings",
    "POST /api/v1/auth/login",
};

/* Answers that are a route's meaning rather than its permission. Every caller here holds an API
 * key, and API keys do not log out (they are revoked); people log out with session tokens, which
 * test_access covers. */
static int exception(const struct http_route *r)
{
    return strcmp(r->pattern, "/api/v1/auth/logout") == 0 ? 403 : 0;
}

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "matrix") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0)
        return -1;
    for (size_t i = 0; i < CALLERS; i++) {
        /* city-level keys: center checks are the BOLA tests' business, not this matrix's */
        const char *args[] = {"admin",
                              "create-key",
                              "--role",
                              callers[i].role,
                              "--name",
                              callers[i].label,
                              callers[i].scopes ? "--scopes" : NULL,
                              callers[i].scopes,
                              NULL};
        if (harness_run(&h, callers[i].key, sizeof(callers[i].key), args) != 0)
            return -1;
    }
    return harness_start_server(&h, NULL);
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* The route's pattern with every {param} replaced by an id that exists nowhere. */
static void concrete_path(const char *pattern, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 8 < size;) {
        if (*p == '{') {
            o += (size_t)snprintf(out + o, size - o, "999999");
            p = strchr(p, '}') + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

static long call(const struct http_route *r, const char *key)
{
    char path[256], auth[160];
    concrete_path(r->pattern, path, sizeof(path));
    const char *headers[] = {"Content-Type: application/json", key ? bearer(key, auth) : NULL,
                             NULL};
    int has_body = strcmp(r->method, "POST") == 0 || strcmp(r->method, "PATCH") == 0;
    struct http_result res;
    if (http_call(&h, r->method, path, headers, has_body ? "{}" : NULL, has_body ? 2 : 0, &res) !=
        0)
        return -1;
    long status = res.status;
    http_result_cleanup(&res);
    return status;
}

static void test_public_routes_are_exactly_the_listed_ones(void **state)
{
    (void)state;
    for (size_t i = 0; i < api_route_count; i++) {
        const struct http_route *r = &api_routes[i];
        char name[160];
        snprintf(name, sizeof(name), "%s %s", r->method, r->pattern);
        int listed = 0;
        for (size_t k = 0; k < sizeof(public_routes) / sizeof(public_routes[0]); k++)
            listed |= strcmp(public_routes[k], name) == 0;
        if (listed != (r->permission == PERM_PUBLIC))
            fail_msg("%s is %s but %s on the public list", name,
                     r->permission == PERM_PUBLIC ? "public" : "protected",
                     listed ? "is" : "is not");
    }
}

static void test_every_route_without_a_token(void **state)
{
    (void)state;
    for (size_t i = 0; i < api_route_count; i++) {
        const struct http_route *r = &api_routes[i];
        long status = call(r, NULL);
        if (r->permission == PERM_PUBLIC) {
            if (status == 401 || status == 403)
                fail_msg("%s %s is public but answered %ld", r->method, r->pattern, status);
        } else if (status != 401) {
            fail_msg("%s %s without a token answered %ld, not 401", r->method, r->pattern, status);
        }
    }
}

static void test_every_route_for_every_caller(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t i = 0; i < api_route_count; i++) {
        const struct http_route *r = &api_routes[i];
        for (size_t c = 0; c < CALLERS; c++) {
            long status = call(r, callers[c].key);
            int expected_exception = exception(r);
            bool allowed = permission_allows((enum permission)r->permission, &callers[c].who);
            if (expected_exception) {
                if (status != expected_exception)
                    fail_msg("%s %s as %s: %ld, expected %d", r->method, r->pattern,
                             callers[c].label, status, expected_exception);
            } else if (allowed && (status == 401 || status == 403 || status < 0)) {
                fail_msg("%s %s as %s is allowed but answered %ld", r->method, r->pattern,
                         callers[c].label, status);
            } else if (!allowed && status != 403) {
                fail_msg("%s %s as %s is not allowed but answered %ld, not 403", r->method,
                         r->pattern, callers[c].label, status);
            }
            checked++;
        }
    }
    print_message("%d route × caller pairs checked over %zu routes\n", checked, api_route_count);
    assert_true(checked >= (int)(api_route_count * CALLERS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_public_routes_are_exactly_the_listed_ones),
        cmocka_unit_test(test_every_route_without_a_token),
        cmocka_unit_test(test_every_route_for_every_caller),
    };
    return cmocka_run_group_tests_name("integration_matrix", tests, setup, teardown);
}
