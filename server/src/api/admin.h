/* The command line's admin commands (mediationd admin create-key, create-user) through the API
 * layer: the same checks as POST /api-keys and POST /users, the one token mint, the same stores
 * and the same transaction helper (api_transact_offline), so that main.c runs no SQL and no
 * transaction of its own. The author of the change in the audit trail is "mediationd admin". */
#pragma once

#include "app.h"
#include "key_store.h"
#include "principal.h"
#include "token_mint.h"

/* The checks of a new key that POST /api-keys and create-key share: name (at most
 * FIELD_LIMIT_API_KEY_NAME characters), role (into key->role), and scopes (scope_bits, the parsed
 * key->scopes: an integration key needs at least one, other keys none). Field errors into err;
 * role_text NULL is left to the caller (absent). */
void api_keys_new_check(struct api_key_new *key, const char *role_text, unsigned scope_bits,
                        struct error *err);

/* The checks of a login account's fields that POST /users, PATCH /users/{id} and create-user
 * share: username, display name, a role that is not integration (into *role), password. NULL
 * values are left to the caller (absent). */
void users_new_check(const char *username, const char *display_name, const char *role_text,
                     const char *password, enum role *role, struct error *err);

/* mediationd admin create-key: all but scopes required; scopes space-separated. The new key's
 * token goes into minted (shown once; only its secret's hash is stored). A field error is named
 * after the flag without its dashes. */
struct admin_key {
    const char *role, *name, *center, *scopes;
};
enum status admin_create_key(struct app *app, const struct admin_key *k,
                             struct minted_token *minted, struct error *err);

/* mediationd admin create-user: every field but center required. *user_id gets the new id. */
struct admin_user {
    const char *username, *display_name, *role, *center, *password;
};
enum status admin_create_user(struct app *app, const struct admin_user *u, long *user_id,
                              struct error *err);
