/* Role and scope names, center visibility. */
#include "principal.h"
#include "words.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_FRONT_DESK] = "front_desk",   [ROLE_MEDIATOR] = "mediator",
    [ROLE_SUPERVISOR] = "supervisor",   [ROLE_ADMIN] = "admin",
    [ROLE_INTEGRATION] = "integration",
};

static const char *const scope_names[SCOPE_COUNT] = {
    "cases:read", "cases:write", "reports:read", "events:read", "webhooks:manage",
};

const char *role_name(enum role role)
{
    if ((unsigned)role < ROLE_COUNT)
        return role_names[role];
    return "unknown";
}

bool role_parse(const char *name, enum role *out)
{
    for (int i = 0; i < ROLE_COUNT; i++) {
        if (strcmp(name, role_names[i]) == 0) {
            *out = (enum role)i;
            return true;
        }
    }
    return false;
}

const char *scope_name(enum scope scope)
{
    for (int i = 0; i < SCOPE_COUNT; i++)
        if ((unsigned)scope == 1u << i)
            return scope_names[i];
    return NULL;
}

bool scope_parse(const char *name, enum scope *out)
{
    for (int i = 0; i < SCOPE_COUNT; i++) {
        if (strcmp(name, scope_names[i]) == 0) {
            *out = (enum scope)(1u << i);
            return true;
        }
    }
    return false;
}

bool scopes_parse_list(const char *text, unsigned *out)
{
    *out = 0;
    size_t len;
    for (const char *w; (w = words_next(&text, &len)) != NULL;) {
        char word[32];
        if (len >= sizeof(word))
            return false;
        memcpy(word, w, len);
        word[len] = '\0';
        enum scope s;
        if (!scope_parse(word, &s))
            return false;
        *out |= (unsigned)s;
    }
    return true;
}

bool principal_sees_center(const struct principal *who, int center_id)
{
    return who->center_id == 0 || who->center_id == center_id;
}
