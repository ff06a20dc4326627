/* UTF-8 validation (RFC 3629, table 3-7 of the Unicode standard). */
#include "utf8.h"

#include <string.h>

size_t utf8_sequence_len(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
    } else {
        return 0; /* a continuation byte, C0, C1 or F5–FF */
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

bool utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_sequence_len(s + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

bool utf8_valid_str(const char *s)
{
    return !s || utf8_valid(s, strlen(s));
}

size_t utf8_boundary(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    /* step back over at most three continuation bytes to the lead byte of the last sequence */
    size_t lead = len;
    for (size_t back = 0; back < 4 && lead > 0; back++) {
        lead--;
        if ((s[lead] & 0xC0) != 0x80)
            break;
    }
    if (lead == len || (s[lead] & 0xC0) == 0x80)
        return len; /* empty, or no lead byte within reach: nothing to drop */
    unsigned char c = s[lead];
    size_t want = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return lead + want > len ? lead : len;
}
