/* Cursor encoding: base64url (no padding) of "<list>:<after_id>". */
#include "cursor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"

void cursor_encode(const char *list, long after_id, char out[CURSOR_MAX])
{
    char plain[64];
    int n = snprintf(plain, sizeof(plain), "%.32s:%ld", list, after_id);
    encode_base64url(plain, (size_t)n, out);
}

/* Decodes text, a cursor of list, into plain (72 bytes) and returns what follows "list:", or
 * NULL when text is not one: too long, not base64url, a NUL inside (not a cursor this code
 * made), or another list's. */
static const char *cursor_body(const char *list, const char *text, unsigned char plain[72])
{
    if (strlen(text) >= CURSOR_MAX)
        return NULL;
    long n = decode_base64url(text, strlen(text), plain, 71);
    if (n <= 0)
        return NULL;
    plain[n] = '\0';
    size_t list_len = strlen(list);
    if (strlen((const char *)plain) != (size_t)n || (size_t)n <= list_len + 1 ||
        memcmp(plain, list, list_len) != 0 || plain[list_len] != ':')
        return NULL;
    return (const char *)plain + list_len + 1;
}

bool cursor_decode(const char *list, const char *text, long *after_id)
{
    unsigned char plain[72];
    const char *digits = cursor_body(list, text, plain);
    if (!digits || *digits < '0' || *digits > '9')
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
    encode_base64url(plain, (size_t)n, out);
}

bool cursor_decode_pair(const char *list, const char *text, long long *key, long *id)
{
    unsigned char plain[72];
    const char *p = cursor_body(list, text, plain);
    if (!p)
        return false;
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
