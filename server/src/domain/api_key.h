/* The format of bearer tokens: API keys (mdk_…) and login session tokens (mds_…), both
 * <prefix><public id>_<secret><checksum>.
 *
 *   mdk_ / mds_     a prefix that secret scanners and people recognise, and that says which table
 *                   holds the token
 *   <public id>     16 lowercase hex digits (8 random bytes): looked up in the database, not secret
 *   _               separator
 *   <secret>        43 base64url characters (32 random bytes, no padding): only its SHA-256 is
 * stored <checksum>      8 lowercase hex digits, CRC-32 of everything before it, so that a leaked
 * or mistyped key is recognised without a database round trip
 *
 * Pure functions: the caller supplies the random bytes. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define API_KEY_PREFIX "mdk_"
#define API_KEY_ID_BYTES 8
#define API_KEY_SECRET_BYTES 32
#define API_KEY_ID_HEX_LEN 16
#define API_KEY_SECRET_LEN 43
#define API_KEY_LEN (4 + API_KEY_ID_HEX_LEN + 1 + API_KEY_SECRET_LEN + 8)

#define SESSION_TOKEN_PREFIX "mds_"

enum token_kind { TOKEN_API_KEY, TOKEN_SESSION };

/* Writes a token of the given kind (API_KEY_LEN chars and a NUL) into out. */
void token_format(enum token_kind kind, const unsigned char id[API_KEY_ID_BYTES],
                  const unsigned char secret[API_KEY_SECRET_BYTES], char *out);

/* Like api_key_parse(), for either kind; *kind says which. */
bool token_parse(const char *token, size_t len, enum token_kind *kind,
                 char public_id[API_KEY_ID_HEX_LEN + 1], const char **secret, size_t *secret_len);

/* Writes the key (API_KEY_LEN chars and a NUL) into out, which holds API_KEY_LEN + 1 bytes. */
void api_key_format(const unsigned char id[API_KEY_ID_BYTES],
                    const unsigned char secret[API_KEY_SECRET_BYTES], char *out);

/* Splits a presented API key (mdk_ only). Returns false unless the key has the exact shape and a
 * valid checksum.
 * On success public_id receives the 16 hex digits and a NUL, and *secret / *secret_len point into
 * key at the secret part (what is hashed and stored). */
bool api_key_parse(const char *key, size_t len, char public_id[API_KEY_ID_HEX_LEN + 1],
                   const char **secret, size_t *secret_len);

/* CRC-32 (IEEE 802.3, as in zlib) of data. */
unsigned long api_key_crc32(const void *data, size_t len);
