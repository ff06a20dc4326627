/* OpenSSL wrappers. */
#include "crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

enum status crypto_random(void *out, size_t len)
{
    if (len > 0x7fffffff)
        return STATUS_INVALID;
    return RAND_bytes(out, (int)len) == 1 ? STATUS_OK : STATUS_INTERNAL;
}

void crypto_sha256(const void *data, size_t len, unsigned char out[CRYPTO_SHA256_LEN])
{
    SHA256(data, len, out);
}

enum status crypto_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                               unsigned char out[CRYPTO_SHA256_LEN])
{
    unsigned int out_len = 0;
    if (key_len > 0x7fffffff)
        return STATUS_INVALID;
    if (!HMAC(EVP_sha256(), key, (int)key_len, data, len, out, &out_len) ||
        out_len != CRYPTO_SHA256_LEN)
        return STATUS_INTERNAL;
    return STATUS_OK;
}

bool crypto_equal(const void *a, const void *b, size_t len)
{
    return CRYPTO_memcmp(a, b, len) == 0;
}

void crypto_hex(const unsigned char *data, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 15];
    }
    out[2 * len] = '\0';
}
