/* Who is making a request: the identity an API key or a login session resolves to. */
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

/* Scopes of integration keys, as bits. */
enum scope {
    SCOPE_CASES_READ = 1 << 0,
    SCOPE_CASES_WRITE = 1 << 1,
    SCOPE_REPORTS_READ = 1 << 2,
    SCOPE_EVENTS_READ = 1 << 3,
    SCOPE_WEBHOOKS_MANAGE = 1 << 4,
};
#define SCOPE_COUNT 5

enum principal_kind { PRINCIPAL_API_KEY, PRINCIPAL_SESSION };

struct principal {
    enum principal_kind kind;
    long key_id;     /* the API key, when kind is PRINCIPAL_API_KEY */
    long session_id; /* the session, when kind is PRINCIPAL_SESSION */
    long user_id;    /* the user of a session; 0 for API keys */
    char name[320];  /* key name or the user's display name: 100 characters of UTF-8 */
    enum role role;
    int center_id;        /* 0: city-level, sees every center */
    char center_code[16]; /* "" when city-level */
    unsigned scopes;      /* enum scope bits, for integration keys */
};

/* "front_desk" … "integration". Never NULL. */
const char *role_name(enum role role);
/* Returns false for an unknown name. */
bool role_parse(const char *name, enum role *out);

/* "cases:read" … ; NULL for a value that is not a single scope bit. */
const char *scope_name(enum scope scope);
/* Returns false for an unknown name. */
bool scope_parse(const char *name, enum scope *out);
/* Parses space-separated scope names into bits; false on an unknown name. */
bool scopes_parse_list(const char *text, unsigned *out);

/* True when who may see data of the given center (city-level principals see all). */
bool principal_sees_center(const struct principal *who, int center_id);
