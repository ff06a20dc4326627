/* What each route requires, and whether a principal has it: pure rules, unit tested, and the
 * source of the generated role × route test matrix.
 *
 * People get permissions from their role; integration keys only from their scopes. Object-level
 * checks (the case a mediator works, the center a resource belongs to) come after these, in the
 * handlers, and answer 404 rather than 403 so as not to reveal what exists. */
#pragma once

#include <stdbool.h>

#include "principal.h"

enum permission {
    PERM_PUBLIC = 0,      /* no authentication: health checks, metrics, the spec, login */
    PERM_AUTHENTICATED,   /* any valid key or session: me, logout */
    PERM_DIRECTORY_READ,  /* centers, communities and mediators: every person; integration keys
                             with cases:read or cases:write (a system that pushes cases must
                             look up the community and read back what it pushed) */
    PERM_CASES_READ,      /* list and read cases (mediators: only their own); keys as above */
    PERM_CASES_INTAKE,    /* register, edit intake fields, accept or decline */
    PERM_CASES_MEDIATE,   /* log sessions, close, follow up (mediators: own cases) */
    PERM_CASES_SUPERVISE, /* assign, reassign, deadlines */
    PERM_CASES_UNMASK,    /* see resident ID numbers and phones in full (audited) */
    PERM_CASES_ATTACH,    /* add and delete a case's attachments: every person (mediators: own
                             cases), integration keys with cases:write */
    PERM_REPORTS_READ,
    PERM_REPORTS_SNAPSHOT, /* freeze a report under a number: supervisors and admins */
    PERM_EVENTS_READ,
    PERM_WEBHOOKS_MANAGE,
    PERM_ADMIN, /* users, keys, communities, centers, policies */
    PERM_COUNT
};

/* True when who may use a route that requires perm. PERM_PUBLIC allows everyone (who may be
 * NULL); other permissions need a principal. */
bool permission_allows(enum permission perm, const struct principal *who);

/* A short name for tests and logs, e.g. "cases.read". */
const char *permission_name(enum permission perm);
