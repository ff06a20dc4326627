/* The rules of a case's intake beyond the shape of its JSON (api/case_input.c reads that): how a
 * party's ID number and phone are normalised and checked, which parties a case must have, what
 * an external reference may be, and the text full-text search reads (case_search, migration
 * 0010), which the server's intake and the data generator both write through
 * intake_search_text. Pure: plain C values in, plain C values out; nothing allocates. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "case_types.h"
#include "identity.h"

/* At most this many parties a case (the spec's PartyCreate array). */
#define CASE_PARTIES_MAX 20

/* Room for a normalised ID number of either kind and its NUL. */
#define INTAKE_ID_NUMBER_MAX (IDENTITY_RESIDENT_ID_LEN + 1)

/* A party's ID number normalised by its kind into out: a person's as a resident ID number
 * (GB 11643, check character verified), an organization's as a unified social credit code
 * (GB 32100). Returns NULL when it is valid, else the field error's message (static). */
const char *intake_party_id_number(enum party_kind kind, const char *text,
                                   char out[INTAKE_ID_NUMBER_MAX]);

/* A party's phone normalised into out: a mainland mobile number, else a fixed-line number.
 * Returns NULL when it is valid, else the field error's message (static). */
const char *intake_party_phone(const char *text, char out[IDENTITY_PHONE_MAX]);

/* The parties of one intake: count of them, applicants among them. Returns NULL when a case may
 * be registered with them (1 to CASE_PARTIES_MAX, at least one applicant), else the message of
 * the "parties" field error (static). */
const char *intake_parties_problem(size_t count, size_t applicants);

/* An external reference's system: 1 to 64 lower-case letters, digits, '.', '_' or '-', starting
 * with a letter or digit (the systems' own names, such as "hotline-12345"). */
bool intake_external_system_valid(const char *system);
/* An external reference's id: 1 to 128 bytes, anything else the sending system chooses. */
bool intake_external_id_valid(const char *id);

/* The text full-text search reads for a case: summary, claims ("" when NULL) and each party's
 * name (NULL ones as ""), each after one space. Writes at most size bytes with a NUL, as
 * snprintf does, and returns the length of the whole text (size 0 and out NULL: only measure). */
size_t intake_search_text(const char *summary, const char *claims, const char *const *names,
                          size_t name_count, char *out, size_t size);
