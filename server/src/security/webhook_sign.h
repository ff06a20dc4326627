/* Webhook secrets and signatures, by the Standard Webhooks convention:
 *   secret     "whsec_" + base64 of 32 random bytes (shown to its creator once)
 *   signature  "v1," + base64(HMAC-SHA256(key, msg_id + "." + timestamp + "." + body)),
 *              where key is the base64-decoded part of the secret after "whsec_" */
#pragma once

#include <stddef.h>

#include "error.h"

#define WEBHOOK_SECRET_MAX 64    /* "whsec_" + 44 characters + NUL, with room */
#define WEBHOOK_SIGNATURE_MAX 64 /* "v1," + 44 characters + NUL, with room */

/* A new secret from the operating system's random source. */
enum status webhook_secret_new(char out[WEBHOOK_SECRET_MAX], struct error *err);

/* The webhook-signature header value for one attempt. STATUS_INVALID when the secret is not of
 * the form above. */
enum status webhook_sign(const char *secret, const char *msg_id, long long timestamp,
                         const void *body, size_t body_len, char out[WEBHOOK_SIGNATURE_MAX],
                         struct error *err);
