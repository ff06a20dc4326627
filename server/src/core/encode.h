/* Byte encodings the server writes in more than one place: lowercase hex and base64url without
 * padding (RFC 4648 §5), for tokens, cursors, request ids and bytea literals. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Length of the hex text of len bytes, and of the base64url text (no padding). */
#define ENCODE_HEX_LEN(len) (2 * (len))
#define ENCODE_BASE64URL_LEN(len) (((len) / 3) * 4 + ((len) % 3 ? (len) % 3 + 1 : 0))

/* Writes the lowercase hex of len bytes and a NUL into out (ENCODE_HEX_LEN(len) + 1 bytes);
 * returns the text's length. */
size_t encode_hex(const void *data, size_t len, char *out);

/* The value of one hex digit (either case), or -1 when c is not one. */
int decode_hex_digit(char c);

/* Writes the base64url text (no padding) of len bytes and a NUL into out
 * (ENCODE_BASE64URL_LEN(len) + 1 bytes); returns the text's length. */
size_t encode_base64url(const void *data, size_t len, char *out);

/* Whether c is a base64url character. */
bool encode_is_base64url(char c);

/* Standard base64 (RFC 4648 section 4: + and /, padded with =) into out (4 * ((len + 2) / 3) + 1
 * bytes); returns the length written (without the NUL). */
size_t encode_base64(const void *data, size_t len, char *out);
/* Decodes padded standard base64; -1 when malformed or when more than cap bytes would result. */
long decode_base64(const char *text, size_t len, unsigned char *out, size_t cap);

/* Decodes len characters of base64url text (no padding) into out (cap bytes); returns the number
 * of bytes, or -1 when the text is not base64url, has an impossible length, or does not fit. */
long decode_base64url(const char *text, size_t len, unsigned char *out, size_t cap);
