/* Role names. */
#include "principal.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_FRONT_DESK] = "front_desk",   [ROLE_MEDIATOR] = "mediator",
    [ROLE_SUPERVISOR] = "supervisor",   [ROLE_ADMIN] = "admin",
    [ROLE_INTEGRATION] = "integration",
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
