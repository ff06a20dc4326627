/* Identity numbers of parties: the resident ID number (居民身份证号码, GB 11643-1999), the unified
 * social credit code of organizations (统一社会信用代码, GB 32100-2015) and phone numbers.
 *
 * Validators take a NUL-terminated string (NULL is invalid) and accept exactly the canonical form
 * unless they say otherwise; the _normalize functions first trim or strip what people type around
 * a number and then validate, writing the canonical form that is stored, hashed and compared. On
 * failure a _normalize function writes the empty string. */
#pragma once

#include <stdbool.h>

#define IDENTITY_RESIDENT_ID_LEN 18
#define IDENTITY_USCC_LEN 18
#define IDENTITY_MOBILE_LEN 11
/* Room for any normalized phone number and its NUL: "0371-12345678" is the longest. */
#define IDENTITY_PHONE_MAX 16

/* An 18-character resident ID number: 17 digits and a check character (a digit, 'X' or 'x') that
 * matches the ISO 7064 MOD 11-2 checksum of GB 11643, with a real calendar birth date YYYYMMDD in
 * characters 7–14 (leap years honoured) whose year is 1900–2099. The region code is not checked
 * against a list. */
bool identity_resident_id_valid(const char *id);

/* The check character ('0'–'9' or 'X') for the first 17 characters of id, or '\0' when they are
 * not 17 digits. For tests and tools that build valid numbers. */
char identity_resident_id_check_char(const char *first17);

/* Trims leading and trailing ASCII white space, upper-cases a final 'x' and validates. Returns
 * true and writes the 18 characters and a NUL into out when the result is valid; otherwise writes
 * "" and returns false. in and out may not overlap. */
bool identity_resident_id_normalize(const char *in, char out[IDENTITY_RESIDENT_ID_LEN + 1]);

/* An 18-character unified social credit code: every character from 0-9 A-H J-N P-R T-U W-Y
 * (upper case; no I, O, S, V, Z) and the last one the GB 32100 check character of the first 17
 * (weights 3^i mod 31, check = 31 - sum mod 31, where 31 means '0'). */
bool identity_uscc_valid(const char *code);

/* The check character for the first 17 characters of a credit code, or '\0' when one of them is
 * outside the code's character set. */
char identity_uscc_check_char(const char *first17);

/* Trims ASCII white space, upper-cases and validates, as identity_resident_id_normalize. */
bool identity_uscc_normalize(const char *in, char out[IDENTITY_USCC_LEN + 1]);

/* A mainland mobile number: 11 digits, "1" then 3–9, optionally preceded by "+86" or "86". No
 * spaces or separators (identity_mobile_normalize strips them). */
bool identity_mobile_valid(const char *phone);

/* Drops ASCII spaces and '-' anywhere, then the +86 / 86 prefix, and validates. Writes the 11
 * digits and a NUL into out on success, "" otherwise. */
bool identity_mobile_normalize(const char *phone, char out[IDENTITY_MOBILE_LEN + 1]);

/* A mobile number (as identity_mobile_valid) or a mainland fixed-line number: an area code and a
 * 7–8 digit local number that does not start with 0 or 1, written "0371-12345678" or
 * "037112345678". Area codes are 010 and 020–029 (three digits) or 0 and three digits starting
 * with 3–9 (e.g. 0371), so the form without '-' is unambiguous. Phone fields of parties accept
 * either kind. */
bool identity_phone_valid(const char *phone);

/* Normalizes a phone field: a mobile number as identity_mobile_normalize does, a fixed-line
 * number (after dropping spaces) as "<area>-<number>". Writes "" and returns false when the text
 * is neither kind. */
bool identity_phone_normalize(const char *phone, char out[IDENTITY_PHONE_MAX]);
