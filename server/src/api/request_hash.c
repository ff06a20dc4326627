/* Length-prefixed request text for idempotency hashes. */
#include "request_hash.h"

#include <stdint.h>

void request_text_init(struct request_text *t)
{
    buf_init(&t->text, SIZE_MAX);
    t->st = STATUS_OK;
}

void request_text_cleanup(struct request_text *t)
{
    buf_cleanup(&t->text);
}

void request_text_part(struct request_text *t, const char *data, size_t len)
{
    if (t->st == STATUS_OK)
        t->st = buf_printf(&t->text, "%zu:", len);
    if (t->st == STATUS_OK && len)
        t->st = buf_append(&t->text, data, len);
}

enum status request_text_hash(const struct request_text *t, unsigned char out[CRYPTO_SHA256_LEN])
{
    if (t->st != STATUS_OK)
        return t->st;
    crypto_sha256(t->text.len ? buf_str(&t->text) : "", t->text.len, out);
    return STATUS_OK;
}
