/* Opaque keyset-pagination cursors: "where the previous page stopped", encoded so that clients
 * treat it as a token and a cursor from one list is refused by another. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define CURSOR_MAX 96

/* Encodes (list, after_id) as base64url text into out (CURSOR_MAX bytes). list is a short name
 * such as "communities" (at most 32 characters). */
void cursor_encode(const char *list, long after_id, char out[CURSOR_MAX]);

/* Encodes (list, sort key, id) for lists ordered by another column than the id (the id breaks
 * ties). */
void cursor_encode_pair(const char *list, long long key, long id, char out[CURSOR_MAX]);

/* Decodes a cursor made by cursor_encode_pair for the same list; false when malformed. */
bool cursor_decode_pair(const char *list, const char *text, long long *key, long *id);

/* Decodes a cursor made by cursor_encode for the same list. False when malformed, for another
 * list, or with a negative id. */
bool cursor_decode(const char *list, const char *text, long *after_id);
