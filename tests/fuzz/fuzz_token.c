/* Bearer tokens. token_parse on any bytes: when it accepts, the token has the exact shape (prefix
 * of its kind, 16 lower-case hex digits, '_', 43 base64url characters, 8 hex digits of a CRC-32
 * that matches), public_id is those 16 digits and the secret points at the 43 characters inside
 * the token. token_format of any id and secret (taken from the input) parses back to that id, and
 * api_key_parse refuses a session token. */
#include "api_key.h"
#include "fuzz.h"

static bool all_in(const char *s, size_t len, const char *set)
{
    for (size_t i = 0; i < len; i++)
        if (!s[i] || !strchr(set, s[i]))
            return false;
    return true;
}

static const char hex[] = "0123456789abcdef";
static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *token = (const char *)data;
    enum token_kind kind;
    char public_id[API_KEY_ID_HEX_LEN + 1];
    const char *secret = NULL;
    size_t secret_len = 0;
    if (token_parse(token, size, &kind, public_id, &secret, &secret_len)) {
        FUZZ_CHECK(size == API_KEY_LEN);
        FUZZ_CHECK(
            memcmp(token, kind == TOKEN_API_KEY ? API_KEY_PREFIX : SESSION_TOKEN_PREFIX, 4) == 0);
        FUZZ_CHECK(strlen(public_id) == API_KEY_ID_HEX_LEN &&
                   memcmp(public_id, token + 4, API_KEY_ID_HEX_LEN) == 0 &&
                   all_in(public_id, API_KEY_ID_HEX_LEN, hex));
        FUZZ_CHECK(token[4 + API_KEY_ID_HEX_LEN] == '_');
        FUZZ_CHECK(secret == token + 4 + API_KEY_ID_HEX_LEN + 1 &&
                   secret_len == API_KEY_SECRET_LEN);
        FUZZ_CHECK(all_in(secret, secret_len, b64url));
        char crc[9];
        snprintf(crc, sizeof(crc), "%08lx", api_key_crc32(token, API_KEY_LEN - 8));
        FUZZ_CHECK(memcmp(crc, token + API_KEY_LEN - 8, 8) == 0);
    }

    unsigned char id[API_KEY_ID_BYTES] = {0}, sec[API_KEY_SECRET_BYTES] = {0};
    memcpy(id, data, size < sizeof(id) ? size : sizeof(id));
    if (size > sizeof(id))
        memcpy(sec, data + sizeof(id),
               size - sizeof(id) < sizeof(sec) ? size - sizeof(id) : sizeof(sec));
    char made[API_KEY_LEN + 1];
    for (int k = TOKEN_API_KEY; k <= TOKEN_SESSION; k++) {
        token_format((enum token_kind)k, id, sec, made);
        FUZZ_CHECK(strlen(made) == API_KEY_LEN);
        FUZZ_CHECK(token_parse(made, API_KEY_LEN, &kind, public_id, &secret, &secret_len));
        FUZZ_CHECK(kind == (enum token_kind)k);
        for (size_t i = 0; i < API_KEY_ID_BYTES; i++)
            FUZZ_CHECK(public_id[2 * i] == hex[id[i] >> 4] &&
                       public_id[2 * i + 1] == hex[id[i] & 15]);
        FUZZ_CHECK(api_key_parse(made, API_KEY_LEN, public_id, &secret, &secret_len) ==
                   (k == TOKEN_API_KEY));
        /* one changed character anywhere is refused (the CRC-32 catches it) */
        size_t at = size ? data[0] % API_KEY_LEN : 0;
        made[at] = made[at] == 'a' ? 'b' : 'a';
        FUZZ_CHECK(!token_parse(made, API_KEY_LEN, &kind, public_id, &secret, &secret_len));
    }
    return 0;
}
