/* Masking of personal data in responses (docs/design.md, Cases and parties): what people who do not
 * work a case see of a party's ID number, phone and address.
 *
 * Every function writes a NUL-terminated result into out (size bytes) and never writes past it;
 * a result that does not fit is cut at a character boundary. size 0 writes nothing. in NULL is
 * treated as "", and "" masks to "" (an absent value stays absent). Lengths are counted in UTF-8
 * characters (code points), never bytes, so a multi-byte character is kept or masked whole; a byte
 * that is not part of valid UTF-8 counts as one character. in and out may not overlap. */
#pragma once

#include <stddef.h>

/* Enough for a masked 18-character ID number or any masked phone number and a NUL. */
#define MASK_TEXT_MAX 32

/* "410102199001011234" → "410102********1234": an ID number (or credit code) of 18 characters or
 * more keeps its first 6 and last 4 characters and masks every one in between; a shorter one
 * keeps only its last 4 (all masked when 4 or fewer). */
void mask_id_number(const char *in, char *out, size_t size);

/* "13812345678" → "138****5678": the first 3 and the last 4 characters around "****". A "+86"
 * prefix (with a following space or '-') is dropped first, and so is "86" in front of 11 digits.
 * Text of fewer than 10 characters becomes "****" (showing 7 of them would show most of it). */
void mask_phone(const char *in, char *out, size_t size);

/* "河南省许昌市魏都区幸福路12号" → "河南省许昌市****": the first 6 characters then "****", but
 * never more than half the address (a 6-character address keeps 3), so no address is shown whole.
 */
void mask_address(const char *in, char *out, size_t size);
