/* LSN text, as pg_lsn's input and output functions read and write it. */
#include "lsn.h"

#include <stdio.h>

#include "encode.h"

/* Up to 8 hex digits into *out; returns the digits read (0 when none or more than 8). */
static int hex32(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    int n = 0;
    for (; n < 9; n++) {
        int d = decode_hex_digit(s[n]);
        if (d < 0)
            break;
        if (n == 8)
            return 0;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return n;
}

bool lsn_parse(const char *text, uint64_t *out)
{
    if (!text)
        return false;
    uint32_t hi, lo;
    int n = hex32(text, &hi);
    if (n == 0 || text[n] != '/')
        return false;
    const char *rest = text + n + 1;
    int m = hex32(rest, &lo);
    if (m == 0 || rest[m] != '\0')
        return false;
    *out = (uint64_t)hi << 32 | lo;
    return true;
}

void lsn_format(uint64_t lsn, char out[LSN_TEXT_MAX])
{
    snprintf(out, LSN_TEXT_MAX, "%X/%X", (unsigned)(lsn >> 32), (unsigned)(lsn & 0xFFFFFFFFu));
}
