/* One webhook delivery attempt over HTTP (libcurl): see README.md. */
#pragma once

#include <stddef.h>

#include "error.h"

#define WEBHOOK_CLIENT_BODY_MAX 65536 /* of the answer, read at most */

struct webhook_client_request {
    const char *url;
    const char *const *headers; /* "Name: value", NULL-terminated */
    const char *body;
    size_t body_len;
    long timeout_ms;
    unsigned allow; /* net_policy allow bits */
};

struct webhook_client_result {
    long status;     /* HTTP status, 0 when no answer came */
    long latency_ms; /* from the start to the answer or the failure */
    char error[256]; /* "" when an answer came */
};

/* Once, at start-up, before threads call webhook_client_post. */
enum status webhook_client_global_init(struct error *err);

/* Sends the request and fills out. STATUS_OK when an answer came (whatever its status),
 * STATUS_UNAVAILABLE otherwise (out->error says why: refused address, timeout, connection). */
enum status webhook_client_post(const struct webhook_client_request *r,
                                struct webhook_client_result *out);
