/* Password hashing: PBKDF2-HMAC-SHA256 through OpenSSL 3's EVP_KDF API, a 16-byte random salt,
 * and the parameters stored with the hash as a PHC string:
 *
 *     $pbkdf2-sha256$i=600000$<salt, base64>$<hash, base64>
 *
 * so the iteration count can be raised later while old hashes still verify. At most
 * PASSWORD_MAX_CONCURRENT hash computations run at once in the process (a semaphore), so a burst
 * of logins queues instead of starving the request threads. Thread-safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define PASSWORD_ITERATIONS 600000
#define PASSWORD_MAX_CONCURRENT 2
#define PASSWORD_HASH_MAX 128
#define PASSWORD_MIN_LENGTH 10
#define PASSWORD_MAX_LENGTH 256

/* Hashes password into out (PASSWORD_HASH_MAX bytes). */
enum status password_hash(const char *password, char out[PASSWORD_HASH_MAX]);

/* Sets *ok when password matches the PHC string stored. A malformed stored string is
 * STATUS_INTERNAL. stored NULL computes against a fixed dummy hash and sets *ok false: callers use
 * it for unknown users, so that an unknown name and a wrong password take the same time. */
enum status password_verify(const char *password, const char *stored, bool *ok);
