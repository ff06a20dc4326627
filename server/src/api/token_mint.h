/* Minting a new secret token (an API key or a session token): the one place that draws its
 * random bytes and derives what the database keeps. */
#pragma once

#include "api_key.h"
#include "crypto.h"
#include "status.h"

struct minted_token {
    char token[API_KEY_LEN + 1];                  /* shown to its owner once, never stored */
    char public_id[API_KEY_ID_HEX_LEN + 1];       /* the lookup key the database keeps */
    unsigned char secret_hash[CRYPTO_SHA256_LEN]; /* SHA-256 of the secret part, kept */
};

/* Fills out with a new token of kind; STATUS_INTERNAL when no random bytes are available. */
enum status token_mint(enum token_kind kind, struct minted_token *out);
