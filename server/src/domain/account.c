/* Account and center rules. */
#include "account.h"

#include <string.h>

bool account_slug_valid(const char *text, size_t min, size_t max)
{
    size_t len = strlen(text);
    if (len < min || len > max)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

bool account_username_valid(const char *u)
{
    return account_slug_valid(u, 2, 64);
}

void account_password_check(const char *p, struct error *err)
{
    size_t len = strlen(p);
    if (len < 10 || len > 256) {
        error_add_field(err, "password", "must be 10 to 256 bytes");
        return;
    }
    size_t same = 1;
    while (same < len && p[same] == p[0])
        same++;
    if (same == len)
        error_add_field(err, "password", "must not repeat one character");
}

bool account_center_code_valid(const char *code)
{
    size_t len = strlen(code);
    if (len < 2 || len > 8 || code[0] < 'A' || code[0] > 'Z')
        return false;
    for (size_t i = 1; i < len; i++)
        if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9')))
            return false;
    return true;
}
