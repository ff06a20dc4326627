/* Route matching: a linear scan. The table holds tens of routes, a scan is a few hundred
 * nanoseconds, and it keeps the table plain data. */
#include "router.h"

#include <stdbool.h>
#include <string.h>

/* Matches path against pattern segment by segment, recording placeholders. */
static bool match_pattern(const char *pattern, const char *path, struct http_match *m)
{
    size_t n = 0;
    const char *p = pattern;
    const char *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close || n >= HTTP_MAX_PATH_PARAMS)
                return false;
            size_t len = strcspn(s, "/");
            if (len == 0)
                return false;
            m->params[n].name = p + 1;
            m->params[n].name_len = (size_t)(close - p - 1);
            m->params[n].value = s;
            m->params[n].value_len = len;
            n++;
            p = close + 1;
            s += len;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*p || *s)
        return false;
    m->param_count = n;
    return true;
}

static void allow_add(char *allow, const char *method)
{
    size_t len = strlen(allow);
    size_t mlen = strlen(method);
    /* avoid listing a method twice when several routes share it */
    const char *found = strstr(allow, method);
    if (found && (found[mlen] == '\0' || found[mlen] == ','))
        return;
    if (len + mlen + 3 > HTTP_ALLOW_MAX)
        return;
    if (len)
        memcpy(allow + len, ", ", 2), len += 2;
    memcpy(allow + len, method, mlen + 1);
}

enum http_match_result http_router_match(const struct http_route *routes, size_t count,
                                         const char *method, const char *path,
                                         struct http_match *out)
{
    bool path_known = false;
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    out->route = -1;
    out->param_count = 0;
    out->allow[0] = '\0';
    struct http_match probe;
    for (size_t i = 0; i < count; i++) {
        if (!match_pattern(routes[i].pattern, path, &probe))
            continue;
        if (strcmp(routes[i].method, want) == 0 && out->route < 0) {
            *out = probe;
            out->route = (int)i;
            out->allow[0] = '\0';
        }
        path_known = true;
    }
    if (out->route >= 0)
        return HTTP_MATCH_FOUND;
    if (!path_known)
        return HTTP_MATCH_NOT_FOUND;
    for (size_t i = 0; i < count; i++) {
        if (!match_pattern(routes[i].pattern, path, &probe))
            continue;
        allow_add(out->allow, routes[i].method);
        if (strcmp(routes[i].method, "GET") == 0)
            allow_add(out->allow, "HEAD");
    }
    return HTTP_MATCH_METHOD_NOT_ALLOWED;
}
