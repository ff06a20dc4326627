/* Cursor encoding: base64url (no padding) of "<list>:<after_id>". */
#include "cursor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static size_t b64_encode(const unsigned char *in, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        if (i + 1 < len)
            out[o++] = alphabet[(v >> 6) & 63];
        if (i + 2 < len)
            out[o++] = alphabet[v & 63];
    }
    out[o] = '\0';
    return o;
}

static int b64_value(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

/* Returns the decoded length, or -1 when text is not base64url or does not fit. */
static long b64_decode(const char *text, unsigned char *out, size_t cap)
{
    size_t len = strlen(text), o = 0;
    if (len % 4 == 1)
        return -1;
    for (size_t i = 0; i < len; i += 4) {
        unsigned v = 0;
        size_t n = len - i < 4 ? len - i : 4;
        for (size_t k = 0; k < 4; k++) {
            int d = k < n ? b64_value(text[i + k]) : 0;
            if (d < 0)
                return -1;
            v = v << 6 | (unsigned)d;
        }
        unsigned char bytes[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8),
                                  (unsigned char)v};
        for (size_t k = 0; k < n - 1; k++) {
            if (o >= cap)
                return -1;
            out[o++] = bytes[k];
        }
    }
    return (long)o;
}

void cursor_encode(const char *list, long after_id, char out[CURSOR_MAX])
{
    char plain[64];
    int n = snprintf(plain, sizeof(plain), "%.32s:%ld", list, after_id);
    b64_encode((const unsigned char *)plain, (size_t)n, out);
}

bool cursor_decode(const char *list, const char *text, long *after_id)
{
    if (strlen(text) >= CURSOR_MAX)
        return false;
    unsigned char plain[72];
    long n = b64_decode(text, plain, sizeof(plain) - 1);
    if (n <= 0)
        return false;
    plain[n] = '\0';
    if (strlen((const char *)plain) != (size_t)n)
        return false; /* a NUL inside: not a cursor this code made */
    size_t list_len = strlen(list);
    if ((size_t)n <= list_len + 1 || memcmp(plain, list, list_len) != 0 || plain[list_len] != ':')
        return false;
    const char *digits = (const char *)plain + list_len + 1;
    if (*digits < '0' || *digits > '9')
        return false;
    errno = 0;
    char *end;
    long v = strtol(digits, &end, 10);
    if (errno || *end != '\0' || v < 0)
        return false;
    *after_id = v;
    return true;
}

void cursor_encode_pair(const char *list, long long key, long id, char out[CURSOR_MAX])
{
    char plain[72];
    int n = snprintf(plain, sizeof(plain), "%.24s:%lld:%ld", list, key, id);
    b64_encode((const unsigned char *)plain, (size_t)n, out);
}

bool cursor_decode_pair(const char *list, const char *text, long long *key, long *id)
{
    if (strlen(text) >= CURSOR_MAX)
        return false;
    unsigned char plain[72];
    long n = b64_decode(text, plain, sizeof(plain) - 1);
    if (n <= 0)
        return false;
    plain[n] = '\0';
    size_t list_len = strlen(list);
    if (strlen((const char *)plain) != (size_t)n || (size_t)n <= list_len + 1 ||
        memcmp(plain, list, list_len) != 0 || plain[list_len] != ':')
        return false;
    const char *p = (const char *)plain + list_len + 1;
    if (!((*p >= '0' && *p <= '9') || *p == '-'))
        return false;
    errno = 0;
    char *end;
    long long k = strtoll(p, &end, 10);
    if (errno || *end != ':' || end[1] < '0' || end[1] > '9')
        return false;
    long v = strtol(end + 1, &end, 10);
    if (errno || *end != '\0' || v < 0)
        return false;
    *key = k;
    *id = v;
    return true;
}
