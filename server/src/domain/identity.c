/* Resident ID numbers (GB 11643-1999), unified social credit codes (GB 32100-2015) and mainland
 * phone numbers: check characters, validation and the canonical forms that are stored. */
#include "identity.h"

#include <stddef.h>
#include <string.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The span of s without leading and trailing white space. */
static void trim(const char *s, const char **start, size_t *len)
{
    size_t n = strlen(s);
    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    *start = s;
    *len = n;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

/* resident ID numbers */

char identity_resident_id_check_char(const char *first17)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    if (!first17)
        return '\0';
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (!is_digit(first17[i])) /* also stops at a NUL */
            return '\0';
        sum += (first17[i] - '0') * weights[i];
    }
    return check[sum % 11];
}

static int number(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool birth_date_valid(const char *yyyymmdd)
{
    static const int days_in[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int year = number(yyyymmdd, 4);
    int month = number(yyyymmdd + 4, 2);
    int day = number(yyyymmdd + 6, 2);
    if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1)
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int last = days_in[month - 1] + (month == 2 && leap ? 1 : 0);
    return day <= last;
}

bool identity_resident_id_valid(const char *id)
{
    if (!id || strlen(id) != IDENTITY_RESIDENT_ID_LEN || !all_digits(id, 17))
        return false;
    char expected = identity_resident_id_check_char(id);
    char given = id[17] == 'x' ? 'X' : id[17];
    return given == expected && birth_date_valid(id + 6);
}

/* in without its surrounding ASCII white space, upper-cased, into out (len + 1 bytes) when it
 * is len characters long; out "" and false otherwise. */
static bool trimmed_upper(const char *in, size_t len, char *out)
{
    out[0] = '\0';
    if (!in)
        return false;
    const char *s;
    size_t n;
    trim(in, &s, &n);
    if (n != len)
        return false;
    for (size_t i = 0; i < n; i++)
        out[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
    out[n] = '\0';
    return true;
}

bool identity_resident_id_normalize(const char *in, char out[IDENTITY_RESIDENT_ID_LEN + 1])
{
    if (!trimmed_upper(in, IDENTITY_RESIDENT_ID_LEN, out)) /* the check character x as X */
        return false;
    if (!identity_resident_id_valid(out)) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* unified social credit codes */

static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The value (0–30) of a credit code character, or -1. */
static int uscc_value(char c)
{
    if (c == '\0')
        return -1;
    const char *p = strchr(uscc_charset, c);
    return p ? (int)(p - uscc_charset) : -1;
}

char identity_uscc_check_char(const char *first17)
{
    if (!first17)
        return '\0';
    int sum = 0;
    int weight = 1; /* 3^i mod 31: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 */
    for (int i = 0; i < 17; i++) {
        int v = uscc_value(first17[i]);
        if (v < 0)
            return '\0';
        sum += v * weight;
        weight = weight * 3 % 31;
    }
    int check = 31 - sum % 31;
    return uscc_charset[check == 31 ? 0 : check];
}

bool identity_uscc_valid(const char *code)
{
    if (!code || strlen(code) != IDENTITY_USCC_LEN || uscc_value(code[17]) < 0)
        return false;
    char expected = identity_uscc_check_char(code);
    return expected != '\0' && code[17] == expected;
}

bool identity_uscc_normalize(const char *in, char out[IDENTITY_USCC_LEN + 1])
{
    if (!trimmed_upper(in, IDENTITY_USCC_LEN, out))
        return false;
    if (!identity_uscc_valid(out)) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* phone numbers */

/* The 11 digits of a mobile number with its optional +86 / 86 prefix removed, or NULL. */
static const char *mobile_digits(const char *s, size_t n)
{
    if (n == 14 && strncmp(s, "+86", 3) == 0) {
        s += 3;
        n -= 3;
    } else if (n == 13 && strncmp(s, "86", 2) == 0) {
        s += 2;
        n -= 2;
    }
    if (n != IDENTITY_MOBILE_LEN || !all_digits(s, n) || s[0] != '1' || s[1] < '3')
        return NULL;
    return s;
}

bool identity_mobile_valid(const char *phone)
{
    return phone && mobile_digits(phone, strlen(phone)) != NULL;
}

/* Copies phone without the characters in drop into buf (size bytes); false when it does not fit. */
static bool strip(const char *phone, const char *drop, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *p = phone; *p; p++) {
        if (strchr(drop, *p))
            continue;
        if (n + 1 >= size)
            return false;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    return true;
}

bool identity_mobile_normalize(const char *phone, char out[IDENTITY_MOBILE_LEN + 1])
{
    out[0] = '\0';
    char buf[32];
    if (!phone || !strip(phone, " \t-", buf, sizeof(buf)))
        return false;
    const char *digits = mobile_digits(buf, strlen(buf));
    if (!digits)
        return false;
    memcpy(out, digits, IDENTITY_MOBILE_LEN);
    out[IDENTITY_MOBILE_LEN] = '\0';
    return true;
}

/* Length of the area code at the start of s (3 or 4), or 0 when s does not start with one. */
static size_t area_code_length(const char *s)
{
    if (s[0] != '0' || !is_digit(s[1]) || !is_digit(s[2]))
        return 0;
    if (s[1] == '1')
        return s[2] == '0' ? 3 : 0; /* 010 Beijing; no other code starts with 01 */
    if (s[1] == '2')
        return 3; /* 020–029 */
    return is_digit(s[3]) ? 4 : 0;
}

/* Splits a fixed-line number into area code and local number; false when it is not one. */
static bool fixed_line_parts(const char *s, size_t *area_len, const char **local, size_t *local_len)
{
    size_t a = area_code_length(s);
    if (a == 0)
        return false;
    const char *rest = s + a;
    if (*rest == '-')
        rest++;
    size_t n = strlen(rest);
    if (n < 7 || n > 8 || !all_digits(rest, n) || rest[0] < '2')
        return false;
    *area_len = a;
    *local = rest;
    *local_len = n;
    return true;
}

bool identity_phone_valid(const char *phone)
{
    if (!phone)
        return false;
    if (identity_mobile_valid(phone))
        return true;
    size_t area_len, local_len;
    const char *local;
    return fixed_line_parts(phone, &area_len, &local, &local_len);
}

bool identity_phone_normalize(const char *phone, char out[IDENTITY_PHONE_MAX])
{
    out[0] = '\0';
    if (!phone)
        return false;
    if (identity_mobile_normalize(phone, out))
        return true;
    char buf[32];
    if (!strip(phone, " \t", buf, sizeof(buf)))
        return false;
    size_t area_len, local_len;
    const char *local;
    if (!fixed_line_parts(buf, &area_len, &local, &local_len))
        return false;
    memcpy(out, buf, area_len);
    out[area_len] = '-';
    memcpy(out + area_len + 1, local, local_len);
    out[area_len + 1 + local_len] = '\0';
    return true;
}
