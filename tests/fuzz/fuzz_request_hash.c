/* The text behind Idempotency-Key hashes (api/request_hash.c). The input is a request cut into
 * parts (method, path, query names and values, body) at each 0xFF byte. Properties: the text
 * reads back into exactly those parts, whatever bytes they hold (NUL, digits and ':' included),
 * so two different requests never share a text; nothing is cut (the text is as long as the parts
 * and their prefixes); the hash is the SHA-256 of the text; and moving one byte from a part to the
 * next (the "/cases/0…01" + "…" ambiguity of issue 15) changes the text. */
#include "fuzz.h"
#include "request_hash.h"

#define MAX_PARTS 64

struct part {
    const char *data;
    size_t len;
};

/* Reads the parts of text back; the count, or -1 when text is not a sequence of parts. */
static long read_back(const char *text, size_t len, struct part *parts, size_t cap)
{
    size_t at = 0, n = 0;
    while (at < len) {
        size_t value = 0, digits = 0;
        while (at < len && text[at] >= '0' && text[at] <= '9') {
            if (value > (SIZE_MAX - 9) / 10)
                return -1;
            value = value * 10 + (size_t)(text[at++] - '0');
            digits++;
        }
        if (!digits || at >= len || text[at++] != ':' || len - at < value || n >= cap)
            return -1;
        parts[n].data = text + at;
        parts[n++].len = value;
        at += value;
    }
    return (long)n;
}

static void build(struct request_text *t, const struct part *parts, size_t n)
{
    request_text_init(t);
    for (size_t i = 0; i < n; i++)
        request_text_part(t, parts[i].data, parts[i].len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct part parts[MAX_PARTS];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= size && n < MAX_PARTS; i++) {
        if (i == size || data[i] == 0xFF) {
            parts[n].data = (const char *)data + start;
            parts[n++].len = i - start;
            start = i + 1;
        }
    }

    struct request_text t;
    build(&t, parts, n);
    unsigned char hash[CRYPTO_SHA256_LEN], expect[CRYPTO_SHA256_LEN];
    FUZZ_CHECK(request_text_hash(&t, hash) == STATUS_OK);
    const char *text = buf_str(&t.text);
    crypto_sha256(text, t.text.len, expect);
    FUZZ_CHECK(memcmp(hash, expect, sizeof(hash)) == 0);

    struct part back[MAX_PARTS];
    long count = read_back(text, t.text.len, back, MAX_PARTS);
    FUZZ_CHECK(count == (long)n);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(back[i].len == parts[i].len);
        FUZZ_CHECK(parts[i].len == 0 || memcmp(back[i].data, parts[i].data, parts[i].len) == 0);
        total += parts[i].len;
    }
    FUZZ_CHECK(t.text.len >= total + 2 * n);

    /* the same bytes split differently: the first non-empty part gives its last byte to the next */
    for (size_t i = 0; i + 1 < n; i++) {
        if (parts[i].len == 0)
            continue;
        struct part moved[MAX_PARTS];
        memcpy(moved, parts, n * sizeof(parts[0]));
        moved[i].len--;
        char *joined = malloc(parts[i + 1].len + 1);
        if (!joined)
            break;
        joined[0] = parts[i].data[parts[i].len - 1];
        if (parts[i + 1].len)
            memcpy(joined + 1, parts[i + 1].data, parts[i + 1].len);
        moved[i + 1].data = joined;
        moved[i + 1].len = parts[i + 1].len + 1;
        struct request_text other;
        build(&other, moved, n);
        FUZZ_CHECK(other.st == STATUS_OK);
        FUZZ_CHECK(other.text.len != t.text.len ||
                   memcmp(buf_str(&other.text), text, t.text.len) != 0);
        request_text_cleanup(&other);
        free(joined);
        break;
    }
    request_text_cleanup(&t);
    return 0;
}
