/* Hex, base64url and base64: one copy of each for the whole server. */
#include "encode.h"

#include <stdint.h>
#include <string.h>

static const char hex_digits[] = "0123456789abcdef";
static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char b64std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t encode_hex(const void *data, size_t len, char *out)
{
    const unsigned char *in = data;
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = hex_digits[in[i] >> 4];
        out[2 * i + 1] = hex_digits[in[i] & 15];
    }
    out[2 * len] = '\0';
    return 2 * len;
}

int decode_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static size_t encode64(const char *alphabet, bool pad, const void *data, size_t len, char *out)
{
    const unsigned char *in = data;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        if (i + 1 < len)
            out[o++] = alphabet[(v >> 6) & 63];
        else if (pad)
            out[o++] = '=';
        if (i + 2 < len)
            out[o++] = alphabet[v & 63];
        else if (pad)
            out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

size_t encode_base64url(const void *data, size_t len, char *out)
{
    return encode64(b64url, false, data, len, out);
}

size_t encode_base64(const void *data, size_t len, char *out)
{
    return encode64(b64std, true, data, len, out);
}

/* The value of c in the alphabet (its position), or -1 when it is not one of its 64 letters. */
static int b64_value(char c, bool url)
{
    const char *alphabet = url ? b64url : b64std;
    const char *at = memchr(alphabet, c, 64);
    return at ? (int)(at - alphabet) : -1;
}

static int b64url_value(char c)
{
    return b64_value(c, true);
}

bool encode_is_base64url(char c)
{
    return b64url_value(c) >= 0;
}

static long decode64(bool url, const char *text, size_t len, unsigned char *out, size_t cap)
{
    if (len % 4 == 1)
        return -1; /* one character holds 6 bits: no byte ends there */
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        size_t n = len - i < 4 ? len - i : 4;
        uint32_t v = 0;
        for (size_t k = 0; k < 4; k++) {
            int d = k < n ? b64_value(text[i + k], url) : 0;
            if (d < 0)
                return -1;
            v = v << 6 | (uint32_t)d;
        }
        unsigned char bytes[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8),
                                  (unsigned char)v};
        for (size_t k = 0; k + 1 < n; k++) {
            if (o >= cap)
                return -1;
            out[o++] = bytes[k];
        }
    }
    return (long)o;
}

long decode_base64url(const char *text, size_t len, unsigned char *out, size_t cap)
{
    return decode64(true, text, len, out, cap);
}

long decode_base64(const char *text, size_t len, unsigned char *out, size_t cap)
{
    if (len % 4 != 0)
        return -1;
    /* the padding ends the text: at most two '=' */
    for (int k = 0; k < 2 && len > 0 && text[len - 1] == '='; k++)
        len--;
    return decode64(false, text, len, out, cap);
}
