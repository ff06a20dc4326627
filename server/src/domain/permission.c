/* The role × permission table and the scope × permission table. */
#include "permission.h"

#include <stddef.h>

#define R(role) (1u << (role))
#define STAFF (R(ROLE_FRONT_DESK) | R(ROLE_MEDIATOR) | R(ROLE_SUPERVISOR) | R(ROLE_ADMIN))

struct permission_rule {
    const char *name;
    unsigned roles;  /* people (and admin keys) with these roles */
    unsigned scopes; /* integration keys with any of these scopes */
};

static const struct permission_rule rules[PERM_COUNT] = {
    [PERM_PUBLIC] = {"public", 0, 0},
    [PERM_AUTHENTICATED] = {"authenticated", STAFF | R(ROLE_INTEGRATION), 0},
    [PERM_DIRECTORY_READ] = {"directory.read", STAFF, SCOPE_CASES_READ | SCOPE_CASES_WRITE},
    [PERM_CASES_READ] = {"cases.read", STAFF, SCOPE_CASES_READ | SCOPE_CASES_WRITE},
    [PERM_CASES_INTAKE] = {"cases.intake", R(ROLE_FRONT_DESK) | R(ROLE_SUPERVISOR) | R(ROLE_ADMIN),
                           SCOPE_CASES_WRITE},
    [PERM_CASES_MEDIATE] = {"cases.mediate", R(ROLE_MEDIATOR) | R(ROLE_SUPERVISOR) | R(ROLE_ADMIN),
                            0},
    [PERM_CASES_SUPERVISE] = {"cases.supervise", R(ROLE_SUPERVISOR) | R(ROLE_ADMIN), 0},
    [PERM_CASES_UNMASK] = {"cases.unmask", R(ROLE_MEDIATOR) | R(ROLE_SUPERVISOR) | R(ROLE_ADMIN),
                           0},
    [PERM_CASES_ATTACH] = {"cases.attach", STAFF, SCOPE_CASES_WRITE},
    [PERM_REPORTS_READ] = {"reports.read", R(ROLE_SUPERVISOR) | R(ROLE_ADMIN), SCOPE_REPORTS_READ},
    [PERM_REPORTS_SNAPSHOT] = {"reports.snapshot", R(ROLE_SUPERVISOR) | R(ROLE_ADMIN), 0},
    [PERM_EVENTS_READ] = {"events.read", R(ROLE_SUPERVISOR) | R(ROLE_ADMIN), SCOPE_EVENTS_READ},
    [PERM_WEBHOOKS_MANAGE] = {"webhooks.manage", R(ROLE_ADMIN), SCOPE_WEBHOOKS_MANAGE},
    [PERM_ADMIN] = {"admin", R(ROLE_ADMIN), 0},
};

bool permission_allows(enum permission perm, const struct principal *who)
{
    if (perm == PERM_PUBLIC)
        return true;
    if (!who || (unsigned)perm >= PERM_COUNT)
        return false;
    const struct permission_rule *rule = &rules[perm];
    if (who->role == ROLE_INTEGRATION) {
        /* AUTHENTICATED names the role itself; everything else needs a scope */
        if (rule->roles & R(ROLE_INTEGRATION))
            return true;
        return (rule->scopes & who->scopes) != 0;
    }
    return (rule->roles & R(who->role)) != 0;
}

const char *permission_name(enum permission perm)
{
    if ((unsigned)perm < PERM_COUNT)
        return rules[perm].name;
    return "unknown";
}
