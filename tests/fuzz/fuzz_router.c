/* The router over the server's real route table (api_routes). The input's first byte picks the
 * method, the rest is the decoded path. When a route matches: its method is the one asked (or GET
 * for HEAD), every parameter is a non-empty segment without '/' that points into the path, and
 * the pattern with its parameters filled in is exactly the path. A 405 lists at least one method,
 * NUL-terminated within HTTP_ALLOW_MAX, and never the method asked. A miss reports route -1. */
#include "fuzz.h"
#include "router.h"
#include "routes.h"

static const char *const methods[] = {"GET", "HEAD",   "POST",    "PATCH",
                                      "PUT", "DELETE", "OPTIONS", "get"};

/* Whether pattern with the parameters of m substituted spells path. */
static bool rebuilds(const char *pattern, const struct http_match *m, const char *path)
{
    size_t n = 0;
    const char *s = path;
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close || n >= m->param_count || m->params[n].name != p + 1 ||
                m->params[n].name_len != (size_t)(close - p - 1) || m->params[n].value != s)
                return false;
            s += m->params[n].value_len;
            n++;
            p = close + 1;
            continue;
        }
        if (*s++ != *p++)
            return false;
    }
    return *s == '\0' && n == m->param_count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *method = methods[data[0] % (sizeof(methods) / sizeof(methods[0]))];
    char *path = fuzz_strndup(data + 1, size - 1);
    if (!path)
        return 0;
    struct http_match m;
    memset(&m, 0xA5, sizeof(m));
    enum http_match_result r = http_router_match(api_routes, api_route_count, method, path, &m);
    if (r == HTTP_MATCH_FOUND) {
        FUZZ_CHECK(m.route >= 0 && (size_t)m.route < api_route_count);
        const struct http_route *route = &api_routes[m.route];
        FUZZ_CHECK(strcmp(route->method, method) == 0 ||
                   (strcmp(method, "HEAD") == 0 && strcmp(route->method, "GET") == 0));
        FUZZ_CHECK(m.param_count <= HTTP_MAX_PATH_PARAMS);
        for (size_t i = 0; i < m.param_count; i++) {
            const struct http_param *p = &m.params[i];
            FUZZ_CHECK(p->value_len > 0 && p->value >= path &&
                       p->value + p->value_len <= path + strlen(path));
            FUZZ_CHECK(memchr(p->value, '/', p->value_len) == NULL);
        }
        FUZZ_CHECK(rebuilds(route->pattern, &m, path));
    } else if (r == HTTP_MATCH_METHOD_NOT_ALLOWED) {
        FUZZ_CHECK(memchr(m.allow, '\0', HTTP_ALLOW_MAX) != NULL && m.allow[0] != '\0');
        /* the allowed list names whole methods, never the one refused (HEAD rides on GET) */
        char list[HTTP_ALLOW_MAX + 2];
        snprintf(list, sizeof(list), "%s,", m.allow);
        char needle[16];
        snprintf(needle, sizeof(needle), "%s,", method);
        FUZZ_CHECK(strncmp(list, needle, strlen(needle)) != 0);
        snprintf(needle, sizeof(needle), " %s,", method);
        FUZZ_CHECK(strstr(list, needle) == NULL);
    } else {
        FUZZ_CHECK(r == HTTP_MATCH_NOT_FOUND && m.route == -1);
    }
    free(path);
    return 0;
}
