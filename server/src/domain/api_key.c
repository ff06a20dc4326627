/* API key format and checksum. */
#include "api_key.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "encode.h"

_Static_assert(ENCODE_HEX_LEN(API_KEY_ID_BYTES) == API_KEY_ID_HEX_LEN, "the id is hex");
_Static_assert(ENCODE_BASE64URL_LEN(API_KEY_SECRET_BYTES) == API_KEY_SECRET_LEN,
               "the secret is unpadded base64url");

unsigned long api_key_crc32(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return (unsigned long)(crc ^ 0xffffffffu);
}

static const char *prefix_of(enum token_kind kind)
{
    return kind == TOKEN_SESSION ? SESSION_TOKEN_PREFIX : API_KEY_PREFIX;
}

void token_format(enum token_kind kind, const unsigned char id[API_KEY_ID_BYTES],
                  const unsigned char secret[API_KEY_SECRET_BYTES], char *out)
{
    memcpy(out, prefix_of(kind), 4);
    size_t o = 4 + encode_hex(id, API_KEY_ID_BYTES, out + 4);
    out[o++] = '_';
    o += encode_base64url(secret, API_KEY_SECRET_BYTES, out + o);
    snprintf(out + o, 9, "%08lx", api_key_crc32(out, o));
}

static bool is_hex_lower(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

void api_key_format(const unsigned char id[API_KEY_ID_BYTES],
                    const unsigned char secret[API_KEY_SECRET_BYTES], char *out)
{
    token_format(TOKEN_API_KEY, id, secret, out);
}

bool api_key_parse(const char *key, size_t len, char public_id[API_KEY_ID_HEX_LEN + 1],
                   const char **secret, size_t *secret_len)
{
    enum token_kind kind;
    return token_parse(key, len, &kind, public_id, secret, secret_len) && kind == TOKEN_API_KEY;
}

bool token_parse(const char *key, size_t len, enum token_kind *kind,
                 char public_id[API_KEY_ID_HEX_LEN + 1], const char **secret, size_t *secret_len)
{
    if (len != API_KEY_LEN)
        return false;
    if (memcmp(key, API_KEY_PREFIX, 4) == 0)
        *kind = TOKEN_API_KEY;
    else if (memcmp(key, SESSION_TOKEN_PREFIX, 4) == 0)
        *kind = TOKEN_SESSION;
    else
        return false;
    const char *id = key + 4;
    for (size_t i = 0; i < API_KEY_ID_HEX_LEN; i++)
        if (!is_hex_lower(id[i]))
            return false;
    if (id[API_KEY_ID_HEX_LEN] != '_')
        return false;
    const char *sec = id + API_KEY_ID_HEX_LEN + 1;
    for (size_t i = 0; i < API_KEY_SECRET_LEN; i++)
        if (!encode_is_base64url(sec[i]))
            return false;
    const char *sum = sec + API_KEY_SECRET_LEN;
    char expect[9];
    snprintf(expect, sizeof(expect), "%08lx", api_key_crc32(key, (size_t)(sum - key)));
    if (memcmp(sum, expect, 8) != 0)
        return false;
    memcpy(public_id, id, API_KEY_ID_HEX_LEN);
    public_id[API_KEY_ID_HEX_LEN] = '\0';
    *secret = sec;
    *secret_len = API_KEY_SECRET_LEN;
    return true;
}
