/* What each route requires, and whether a principal has it: pure rules, unit tested, and the
 * source of the generated role × route test matrix. */
#pragma once

#include <stdbool.h>

#include "principal.h"

enum permission {
    PERM_PUBLIC = 0,    /* no authentication (health checks, metrics, the spec) */
    PERM_AUTHENTICATED, /* any valid key */
    PERM_ADMIN,         /* admins only */
};

/* True when who may use a route that requires perm. PERM_PUBLIC allows everyone. */
bool permission_allows(enum permission perm, const struct principal *who);
