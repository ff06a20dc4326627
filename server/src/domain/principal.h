/* Who is making a request: the identity an API key (later also a session) resolves to. */
#pragma once

#include <stdbool.h>

enum role {
    ROLE_FRONT_DESK = 0,
    ROLE_MEDIATOR,
    ROLE_SUPERVISOR,
    ROLE_ADMIN,
    ROLE_INTEGRATION,
    ROLE_COUNT
};

struct principal {
    long key_id;
    char name[128];
    enum role role;
    int center_id;        /* 0: city-level, sees every center */
    char center_code[16]; /* "" when city-level */
    char scopes[256];     /* space-separated, for integration keys */
};

/* "front_desk" … "integration". Never NULL. */
const char *role_name(enum role role);
/* Returns false for an unknown name. */
bool role_parse(const char *name, enum role *out);
