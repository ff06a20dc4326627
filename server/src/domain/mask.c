/* Masking of ID numbers, phones and addresses, counted in UTF-8 characters. */
#include "mask.h"

#include <stdbool.h>
#include <string.h>

/* Bytes in the UTF-8 character at p (1 for an invalid or truncated sequence, 0 at the NUL). */
static size_t char_len(const char *p)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t n;
    if (s[0] == 0)
        return 0;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4;
    else
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 1;
    return n;
}

static size_t char_count(const char *s)
{
    size_t count = 0;
    for (size_t n; (n = char_len(s)) > 0; s += n)
        count++;
    return count;
}

/* A bounded writer: appends whole characters while they fit with the NUL. */
struct writer {
    char *out;
    size_t size;
    size_t used;
    bool full;
};

static void writer_init(struct writer *w, char *out, size_t size)
{
    w->out = out;
    w->size = size;
    w->used = 0;
    w->full = size == 0;
    if (size > 0)
        out[0] = '\0';
}

static void put(struct writer *w, const char *s, size_t n)
{
    if (w->full || w->used + n + 1 > w->size) {
        w->full = true; /* nothing after a character that did not fit */
        return;
    }
    memcpy(w->out + w->used, s, n);
    w->used += n;
    w->out[w->used] = '\0';
}

static void put_stars(struct writer *w, size_t count)
{
    for (size_t i = 0; i < count; i++)
        put(w, "*", 1);
}

/* Copies characters [from, to) of s (counted in characters). */
static void put_chars(struct writer *w, const char *s, size_t from, size_t to)
{
    size_t index = 0;
    for (size_t n; (n = char_len(s)) > 0 && index < to; s += n, index++)
        if (index >= from)
            put(w, s, n);
}

void mask_id_number(const char *in, char *out, size_t size)
{
    struct writer w;
    writer_init(&w, out, size);
    if (!in)
        return;
    size_t count = char_count(in);
    if (count >= 18) {
        put_chars(&w, in, 0, 6);
        put_stars(&w, count - 10);
        put_chars(&w, in, count - 4, count);
    } else if (count > 4) {
        put_stars(&w, count - 4);
        put_chars(&w, in, count - 4, count);
    } else {
        put_stars(&w, count);
    }
}

static bool digits_only(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

void mask_phone(const char *in, char *out, size_t size)
{
    struct writer w;
    writer_init(&w, out, size);
    if (!in || !*in)
        return;
    if (strncmp(in, "+86", 3) == 0) {
        in += 3;
        if (*in == ' ' || *in == '-')
            in++;
    } else if (strncmp(in, "86", 2) == 0 && strlen(in) == 13 && digits_only(in) && in[2] == '1') {
        in += 2;
    }
    size_t count = char_count(in);
    if (count < 10) {
        put_stars(&w, 4);
        return;
    }
    put_chars(&w, in, 0, 3);
    put_stars(&w, 4);
    put_chars(&w, in, count - 4, count);
}

void mask_address(const char *in, char *out, size_t size)
{
    struct writer w;
    writer_init(&w, out, size);
    if (!in || !*in)
        return;
    size_t count = char_count(in);
    size_t keep = count / 2 < 6 ? count / 2 : 6;
    put_chars(&w, in, 0, keep);
    put_stars(&w, 4);
}
