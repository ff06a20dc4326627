/* PBKDF2 password hashing with a process-wide limit on concurrent computations. */
#include "password.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

#define SALT_LEN 16
#define HASH_LEN 32
#define PHC_PREFIX "$pbkdf2-sha256$i="

/* A valid hash of a password nobody knows, with the default parameters: verifying against it costs
 * what verifying a real one costs. */
static const char dummy_hash[] = "$pbkdf2-sha256$i=600000$AAAAAAAAAAAAAAAAAAAAAA==$"
                                 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

static sem_t slots;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void slots_init(void)
{
    sem_init(&slots, 0, PASSWORD_MAX_CONCURRENT);
}

static enum status pbkdf2(const char *password, const unsigned char *salt, size_t salt_len,
                          unsigned iterations, unsigned char out[HASH_LEN])
{
    pthread_once(&slots_once, slots_init);
    while (sem_wait(&slots) != 0)
        ; /* EINTR: try again */
    enum status st = STATUS_INTERNAL;
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "PBKDF2", NULL);
    EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    if (ctx) {
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)password,
                                              strlen(password)),
            OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len),
            OSSL_PARAM_construct_uint(OSSL_KDF_PARAM_ITER, &iterations),
            OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0),
            OSSL_PARAM_construct_end(),
        };
        if (EVP_KDF_derive(ctx, out, HASH_LEN, params) == 1)
            st = STATUS_OK;
    }
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    sem_post(&slots);
    return st;
}

static size_t b64_encode(const unsigned char *in, size_t len, char *out)
{
    return (size_t)EVP_EncodeBlock((unsigned char *)out, in, (int)len);
}

/* Decodes base64 of exactly want bytes (with its '=' padding). */
static bool b64_decode_exact(const char *in, size_t in_len, unsigned char *out, size_t want)
{
    unsigned char buf[64];
    if (in_len == 0 || in_len % 4 || in_len / 4 * 3 > sizeof(buf))
        return false;
    int n = EVP_DecodeBlock(buf, (const unsigned char *)in, (int)in_len);
    if (n < 0)
        return false;
    size_t pad = (in[in_len - 1] == '=') + (in[in_len - 2] == '=');
    if ((size_t)n - pad != want)
        return false;
    memcpy(out, buf, want);
    return true;
}

enum status password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    unsigned char salt[SALT_LEN], hash[HASH_LEN];
    if (crypto_random(salt, sizeof(salt)) != STATUS_OK)
        return STATUS_INTERNAL;
    enum status st = pbkdf2(password, salt, sizeof(salt), PASSWORD_ITERATIONS, hash);
    if (st != STATUS_OK)
        return st;
    char salt64[32], hash64[64];
    b64_encode(salt, sizeof(salt), salt64);
    b64_encode(hash, sizeof(hash), hash64);
    snprintf(out, PASSWORD_HASH_MAX, PHC_PREFIX "%d$%s$%s", PASSWORD_ITERATIONS, salt64, hash64);
    OPENSSL_cleanse(hash, sizeof(hash));
    return STATUS_OK;
}

enum status password_verify(const char *password, const char *stored, bool *ok)
{
    *ok = false;
    bool real = stored != NULL;
    if (!real)
        stored = dummy_hash;
    if (strncmp(stored, PHC_PREFIX, sizeof(PHC_PREFIX) - 1) != 0)
        return STATUS_INTERNAL;
    const char *p = stored + sizeof(PHC_PREFIX) - 1;
    char *end;
    unsigned long iterations = strtoul(p, &end, 10);
    if (end == p || *end != '$' || iterations < 1000 || iterations > 100000000)
        return STATUS_INTERNAL;
    const char *salt64 = end + 1;
    const char *dollar = strchr(salt64, '$');
    if (!dollar)
        return STATUS_INTERNAL;
    const char *hash64 = dollar + 1;
    unsigned char salt[SALT_LEN], expected[HASH_LEN], actual[HASH_LEN];
    if (!b64_decode_exact(salt64, (size_t)(dollar - salt64), salt, sizeof(salt)) ||
        !b64_decode_exact(hash64, strlen(hash64), expected, sizeof(expected)))
        return STATUS_INTERNAL;
    enum status st = pbkdf2(password, salt, sizeof(salt), (unsigned)iterations, actual);
    if (st != STATUS_OK)
        return st;
    *ok = real && crypto_equal(expected, actual, HASH_LEN);
    OPENSSL_cleanse(actual, sizeof(actual));
    return STATUS_OK;
}
