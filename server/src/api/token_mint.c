/* Token minting: random id and secret, the formatted token, and what is stored of it. */
#include "token_mint.h"

#include <string.h>

#include "encode.h"

enum status token_mint(enum token_kind kind, struct minted_token *out)
{
    unsigned char id[API_KEY_ID_BYTES], secret[API_KEY_SECRET_BYTES];
    if (crypto_random(id, sizeof(id)) != STATUS_OK ||
        crypto_random(secret, sizeof(secret)) != STATUS_OK)
        return STATUS_INTERNAL;
    token_format(kind, id, secret, out->token);
    encode_hex(id, sizeof(id), out->public_id);
    /* the stored hash is of the secret as the token spells it (what a lookup hashes again) */
    const char *secret_text = out->token + 4 + API_KEY_ID_HEX_LEN + 1;
    crypto_sha256(secret_text, API_KEY_SECRET_LEN, out->secret_hash);
    return STATUS_OK;
}
