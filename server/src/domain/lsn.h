/* PostgreSQL write-ahead-log positions (LSNs) as the server shows and accepts them: two hexadecimal
 * numbers of at most 8 digits separated by a slash, "16/B374D848", the high and the low 32 bits of
 * a 64-bit byte position. Writes answer the position of their commit (X-Mediation-LSN) and reads
 * may ask for a database that has replayed at least that far (If-Min-LSN), so that a client reads
 * its own writes even from a streaming replica. Pure: no database. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define LSN_TEXT_MAX 18 /* "FFFFFFFF/FFFFFFFF" and the NUL */

/* Parses text (the whole string) into *out. False when it is not an LSN in PostgreSQL's form. */
bool lsn_parse(const char *text, uint64_t *out);

/* Writes lsn in PostgreSQL's form (upper-case digits, no leading zeros) into out. */
void lsn_format(uint64_t lsn, char out[LSN_TEXT_MAX]);
