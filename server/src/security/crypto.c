/* OpenSSL wrappers. */
#include "crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

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

#define HMAC_BLOCK 64

struct crypto_hmac_key {
    EVP_MD_CTX *inner, *outer; /* SHA-256 with the key's pads absorbed */
    EVP_MD_CTX *work;
};

void crypto_hmac_key_free(struct crypto_hmac_key *key)
{
    if (!key)
        return;
    EVP_MD_CTX_free(key->inner);
    EVP_MD_CTX_free(key->outer);
    EVP_MD_CTX_free(key->work);
    OPENSSL_cleanse(key, sizeof(*key));
    free(key);
}

struct crypto_hmac_key *crypto_hmac_key_new(const void *key, size_t key_len)
{
    struct crypto_hmac_key *k = calloc(1, sizeof(*k));
    if (!k)
        return NULL;
    /* RFC 2104: a key longer than the block is hashed first; then zero-padded to the block */
    unsigned char block[HMAC_BLOCK] = {0}, pad[HMAC_BLOCK];
    if (key_len > HMAC_BLOCK)
        SHA256(key, key_len, block);
    else if (key_len > 0)
        memcpy(block, key, key_len);
    k->inner = EVP_MD_CTX_new();
    k->outer = EVP_MD_CTX_new();
    k->work = EVP_MD_CTX_new();
    bool ok = k->inner && k->outer && k->work;
    for (int i = 0; ok && i < HMAC_BLOCK; i++)
        pad[i] = block[i] ^ 0x36;
    ok = ok && EVP_DigestInit_ex(k->inner, EVP_sha256(), NULL) == 1 &&
         EVP_DigestUpdate(k->inner, pad, HMAC_BLOCK) == 1;
    for (int i = 0; ok && i < HMAC_BLOCK; i++)
        pad[i] = block[i] ^ 0x5c;
    ok = ok && EVP_DigestInit_ex(k->outer, EVP_sha256(), NULL) == 1 &&
         EVP_DigestUpdate(k->outer, pad, HMAC_BLOCK) == 1;
    OPENSSL_cleanse(block, sizeof(block));
    OPENSSL_cleanse(pad, sizeof(pad));
    if (!ok) {
        crypto_hmac_key_free(k);
        return NULL;
    }
    return k;
}

enum status crypto_hmac_key_sha256(struct crypto_hmac_key *key, const void *data, size_t len,
                                   unsigned char out[CRYPTO_SHA256_LEN])
{
    unsigned char inner[CRYPTO_SHA256_LEN];
    unsigned int n = 0;
    bool ok = EVP_MD_CTX_copy_ex(key->work, key->inner) == 1 &&
              EVP_DigestUpdate(key->work, data, len) == 1 &&
              EVP_DigestFinal_ex(key->work, inner, &n) == 1 && n == CRYPTO_SHA256_LEN &&
              EVP_MD_CTX_copy_ex(key->work, key->outer) == 1 &&
              EVP_DigestUpdate(key->work, inner, sizeof(inner)) == 1 &&
              EVP_DigestFinal_ex(key->work, out, &n) == 1 && n == CRYPTO_SHA256_LEN;
    return ok ? STATUS_OK : STATUS_INTERNAL;
}

bool crypto_equal(const void *a, const void *b, size_t len)
{
    return CRYPTO_memcmp(a, b, len) == 0;
}

#define SEAL_NONCE 12
#define SEAL_TAG 16

enum status crypto_seal(const unsigned char key[CRYPTO_SEAL_KEY_LEN], const void *aad,
                        size_t aad_len, const void *plain, size_t len, unsigned char *out)
{
    if (len > 0x7fffffff || aad_len > 0x7fffffff)
        return STATUS_INVALID;
    if (crypto_random(out, SEAL_NONCE) != STATUS_OK)
        return STATUS_INTERNAL;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
        return STATUS_NO_MEMORY;
    int n = 0, done = 0;
    bool ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, out) == 1 &&
              EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1 &&
              EVP_EncryptUpdate(ctx, out + SEAL_NONCE, &n, plain, (int)len) == 1 &&
              EVP_EncryptFinal_ex(ctx, out + SEAL_NONCE + n, &done) == 1 &&
              (size_t)(n + done) == len &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SEAL_TAG, out + SEAL_NONCE + len) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? STATUS_OK : STATUS_INTERNAL;
}

enum status crypto_open(const unsigned char key[CRYPTO_SEAL_KEY_LEN], const void *aad,
                        size_t aad_len, const unsigned char *sealed, size_t len, unsigned char *out)
{
    if (len < CRYPTO_SEAL_OVERHEAD || len > 0x7fffffff || aad_len > 0x7fffffff)
        return STATUS_INVALID;
    size_t plain_len = len - CRYPTO_SEAL_OVERHEAD;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
        return STATUS_NO_MEMORY;
    unsigned char tag[SEAL_TAG];
    memcpy(tag, sealed + SEAL_NONCE + plain_len, SEAL_TAG);
    int n = 0, done = 0;
    bool ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, sealed) == 1 &&
              EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1 &&
              EVP_DecryptUpdate(ctx, out, &n, sealed + SEAL_NONCE, (int)plain_len) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SEAL_TAG, tag) == 1 &&
              EVP_DecryptFinal_ex(ctx, out + n, &done) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? STATUS_OK : STATUS_INVALID;
}

struct crypto_sha256_stream *crypto_sha256_stream_new(void)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        ctx = NULL;
    }
    return (struct crypto_sha256_stream *)ctx;
}

enum status crypto_sha256_stream_update(struct crypto_sha256_stream *s, const void *data,
                                        size_t len)
{
    return EVP_DigestUpdate((EVP_MD_CTX *)s, data, len) == 1 ? STATUS_OK : STATUS_INTERNAL;
}

enum status crypto_sha256_stream_finish(struct crypto_sha256_stream *s,
                                        unsigned char out[CRYPTO_SHA256_LEN])
{
    unsigned int n = 0;
    int ok = EVP_DigestFinal_ex((EVP_MD_CTX *)s, out, &n);
    EVP_MD_CTX_free((EVP_MD_CTX *)s);
    return ok == 1 && n == CRYPTO_SHA256_LEN ? STATUS_OK : STATUS_INTERNAL;
}

void crypto_sha256_stream_free(struct crypto_sha256_stream *s)
{
    EVP_MD_CTX_free((EVP_MD_CTX *)s);
}
