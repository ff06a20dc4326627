/* API keys in PostgreSQL. Only the SHA-256 of a key's secret part is ever stored. */
#pragma once

#include <stdbool.h>

#include "error.h"
#include "principal.h"

struct db_conn;

/* Stores a key. center_code NULL makes a city-level key; an unknown center → STATUS_NOT_FOUND.
 * *id receives the new key's id. */
enum status db_key_insert(struct db_conn *conn, const char *public_id,
                          const unsigned char secret_hash[32], const char *name, enum role role,
                          const char *center_code, long *id, struct error *err);

/* Finds a key by its public id: fills who (identity, role, center) and secret_hash, and *usable
 * (false when revoked or expired). STATUS_NOT_FOUND when no such key. */
enum status db_key_lookup(struct db_conn *conn, const char *public_id, struct principal *who,
                          unsigned char secret_hash[32], bool *usable, struct error *err);
