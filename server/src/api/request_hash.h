/* The text that identifies a request for an Idempotency-Key retry, and its SHA-256.
 *
 * The text is a sequence of length-prefixed parts, "<decimal length>:<bytes>", so that no two
 * sequences of parts give the same text (a part cannot run into the next, whatever bytes it holds)
 * and nothing is ever cut: a text that cannot be built whole fails instead of identifying the
 * request by less. Pure: api/context.c feeds it the method, the path, every query name and value
 * and the body; tests/fuzz/fuzz_request_hash checks that the parts read back exactly. */
#pragma once

#include <stddef.h>

#include "buf.h"
#include "crypto.h"
#include "status.h"

/* Caller-owned; request_text_init before use, request_text_cleanup after. */
struct request_text {
    struct buf text;
    enum status st; /* the first failure, or STATUS_OK */
};

void request_text_init(struct request_text *t);
void request_text_cleanup(struct request_text *t);

/* Appends one part of len bytes (any bytes, NUL included). After a failure it does nothing. */
void request_text_part(struct request_text *t, const char *data, size_t len);

/* SHA-256 of the text into out; the first failure of building it (STATUS_NO_MEMORY) otherwise,
 * with out untouched. */
enum status request_text_hash(const struct request_text *t, unsigned char out[CRYPTO_SHA256_LEN]);
