/* Webhook secrets and signatures: see webhook_sign.h. */
#include "webhook_sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "encode.h"

#define SECRET_PREFIX "whsec_"
#define SECRET_BYTES 32
#define KEY_MAX 64

enum status webhook_secret_new(char out[WEBHOOK_SECRET_MAX], struct error *err)
{
    unsigned char raw[SECRET_BYTES];
    if (crypto_random(raw, sizeof(raw)) != STATUS_OK)
        return error_set(err, STATUS_INTERNAL, "no random bytes for a webhook secret");
    memcpy(out, SECRET_PREFIX, sizeof(SECRET_PREFIX) - 1);
    encode_base64(raw, sizeof(raw), out + sizeof(SECRET_PREFIX) - 1);
    return STATUS_OK;
}

enum status webhook_sign(const char *secret, const char *msg_id, long long timestamp,
                         const void *body, size_t body_len, char out[WEBHOOK_SIGNATURE_MAX],
                         struct error *err)
{
    size_t plen = sizeof(SECRET_PREFIX) - 1;
    if (strncmp(secret, SECRET_PREFIX, plen) != 0)
        return error_set(err, STATUS_INVALID, "a webhook secret starts with whsec_");
    unsigned char key[KEY_MAX];
    long key_len = decode_base64(secret + plen, strlen(secret + plen), key, sizeof(key));
    if (key_len <= 0)
        return error_set(err, STATUS_INVALID, "the webhook secret is not base64");
    char head[160];
    int n = snprintf(head, sizeof(head), "%s.%lld.", msg_id, timestamp);
    if (n < 0 || (size_t)n >= sizeof(head))
        return error_set(err, STATUS_INVALID, "the message id is too long");
    size_t total = (size_t)n + body_len;
    unsigned char *msg = malloc(total ? total : 1);
    if (!msg)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    memcpy(msg, head, (size_t)n);
    if (body_len)
        memcpy(msg + n, body, body_len);
    unsigned char mac[CRYPTO_SHA256_LEN];
    enum status st = crypto_hmac_sha256(key, (size_t)key_len, msg, total, mac);
    free(msg);
    if (st != STATUS_OK)
        return error_set(err, st, "cannot compute the webhook signature");
    memcpy(out, "v1,", 3);
    encode_base64(mac, sizeof(mac), out + 3);
    return STATUS_OK;
}
