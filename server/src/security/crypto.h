/* Thin, checked wrappers over OpenSSL: random bytes, SHA-256, HMAC-SHA256, constant-time compare.
 * The only folder besides db/ and http/ that links a third-party library; callers never see
 * OpenSSL types. All functions are thread-safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define CRYPTO_SHA256_LEN 32

/* Fills out with len cryptographically strong random bytes (RAND_bytes). */
enum status crypto_random(void *out, size_t len);

void crypto_sha256(const void *data, size_t len, unsigned char out[CRYPTO_SHA256_LEN]);

/* SHA-256 over data that arrives in pieces (a file read a chunk at a time). new → update… →
 * finish, which also frees; free alone abandons it. NULL when out of memory. */
struct crypto_sha256_stream;
struct crypto_sha256_stream *crypto_sha256_stream_new(void);
enum status crypto_sha256_stream_update(struct crypto_sha256_stream *s, const void *data,
                                        size_t len);
enum status crypto_sha256_stream_finish(struct crypto_sha256_stream *s,
                                        unsigned char out[CRYPTO_SHA256_LEN]);
void crypto_sha256_stream_free(struct crypto_sha256_stream *s);

enum status crypto_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                               unsigned char out[CRYPTO_SHA256_LEN]);

/* HMAC-SHA256 of many messages under one key: the key's inner and outer pads are hashed once, so
 * a short message costs two SHA-256 blocks (about a third of crypto_hmac_sha256). Gives exactly
 * crypto_hmac_sha256's result. A key object is used by one thread at a time. */
struct crypto_hmac_key;

/* NULL when out of memory or OpenSSL fails. */
struct crypto_hmac_key *crypto_hmac_key_new(const void *key, size_t key_len);
enum status crypto_hmac_key_sha256(struct crypto_hmac_key *key, const void *data, size_t len,
                                   unsigned char out[CRYPTO_SHA256_LEN]);
void crypto_hmac_key_free(struct crypto_hmac_key *key);

/* True when a and b hold the same len bytes; the time taken does not depend on where they
 * differ (CRYPTO_memcmp). */
bool crypto_equal(const void *a, const void *b, size_t len);

/* Authenticated encryption (AES-256-GCM) of small records kept in the database, so that a row
 * read without the key shows nothing and a row changed or moved to another context (aad) does not
 * open. A sealed record is CRYPTO_SEAL_OVERHEAD bytes longer than the plain text: a random 12-byte
 * nonce, the cipher text, a 16-byte tag. */
#define CRYPTO_SEAL_KEY_LEN 32
#define CRYPTO_SEAL_OVERHEAD (12 + 16)

/* Seals plain (len bytes) into out (len + CRYPTO_SEAL_OVERHEAD bytes). */
enum status crypto_seal(const unsigned char key[CRYPTO_SEAL_KEY_LEN], const void *aad,
                        size_t aad_len, const void *plain, size_t len, unsigned char *out);
/* Opens sealed (len bytes) into out (len - CRYPTO_SEAL_OVERHEAD bytes); STATUS_INVALID when it is
 * too short, was changed, or was sealed with another key or aad. */
enum status crypto_open(const unsigned char key[CRYPTO_SEAL_KEY_LEN], const void *aad,
                        size_t aad_len, const unsigned char *sealed, size_t len,
                        unsigned char *out);
