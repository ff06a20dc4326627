/* Per-instance throttles against guessing, in bounded memory (domain/throttle.h):
 *
 * - logins, per (username, client address) and per client address: every attempt is counted when
 *   it is admitted, before its password hash is computed; past the free attempts each one waits
 *   longer than the one before (1 s, 2 s, 4 s ... up to 15 min). A username alone is never
 *   throttled, so failures from one address cannot lock its owner out from another. A success
 *   forgets its (username, address) and takes its own attempt back from the address.
 * - token lookups that find no token, per client address: past the free ones, a token that is
 *   not in the cache waits (429) instead of costing a database lookup.
 *
 * The client address is api_client's (TRUSTED_PROXIES). Thread-safe (one mutex, held only to
 * read or update a slot). */
#pragma once

#include <stddef.h>

struct guard;

struct guard_config {
    int login_free_per_user_client; /* LOGIN_MAX_FAILURES */
    int login_free_per_client;      /* LOGIN_MAX_FAILURES_PER_CLIENT */
    int tokens_free_per_client;     /* UNKNOWN_TOKENS_PER_CLIENT */
    int portal_free_per_client;     /* PORTAL_REQUESTS_PER_CLIENT */
    size_t login_slots, token_slots;
};

/* NULL when out of memory. */
struct guard *guard_new(const struct guard_config *config);
void guard_free(struct guard *guard);

/* Counts a login attempt for (username, client) when neither it nor the client must wait, and
 * returns 0; otherwise counts nothing and returns the seconds to wait (>= 1). */
int guard_login_admit(struct guard *guard, const char *username, const char *client);
/* The attempt admitted for (username, client) failed: its waits start again from now (the hash
 * took time; the next attempt waits the whole delay from the failure). */
void guard_login_failed(struct guard *guard, const char *username, const char *client);
/* The attempt admitted for (username, client) succeeded. */
void guard_login_succeeded(struct guard *guard, const char *username, const char *client);

/* Seconds client must wait before a token lookup may reach the database; 0 when it may. */
int guard_token_wait(struct guard *guard, const char *client);
/* A lookup for client found no such token. */
void guard_token_unknown(struct guard *guard, const char *client);

/* Counts a request to the party portal's API from client and returns 0, or, past the free ones,
 * counts nothing and returns the seconds to wait (>= 1). Shares the token lookups' table. */
int guard_portal_admit(struct guard *guard, const char *client);
