/* Community validation. */
#include "community.h"

#include <stdbool.h>
#include <string.h>

#include "field_limits.h"

long utf8_length(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    while (*p) {
        unsigned char c = *p;
        int extra;
        unsigned long cp;
        if (c < 0x80) {
            extra = 0;
            cp = c;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return -1;
        }
        p++;
        for (int i = 0; i < extra; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return -1;
            cp = cp << 6 | (*p & 0x3f);
        }
        /* overlong forms, surrogates and values past U+10FFFF are not UTF-8 */
        static const unsigned long min_for[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for[extra] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return -1;
        n++;
    }
    return n;
}

void text_field_check(const char *field, const char *value, long max, struct error *err)
{
    long len = utf8_length(value);
    if (len < 0)
        error_add_field(err, field, "must be valid UTF-8");
    else if (len == 0)
        error_add_field(err, field, "must not be empty");
    else if (len > max)
        error_add_field(err, field, "must be at most %ld characters", max);
}

enum status community_validate(const char *code, const char *name, const char *street,
                               struct error *err)
{
    size_t before = err->field_count;
    if (code) {
        size_t len = strlen(code);
        bool ok = len >= 1 && len <= 32;
        for (size_t i = 0; ok && i < len; i++) {
            char c = code[i];
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
        }
        if (!ok)
            error_add_field(err, "code", "must be 1 to 32 letters, digits, '_' or '-'");
    }
    if (name)
        text_field_check("name", name, FIELD_LIMIT_COMMUNITY_NAME, err);
    if (street)
        text_field_check("street", street, FIELD_LIMIT_COMMUNITY_STREET, err);
    return err->field_count > before ? STATUS_INVALID : STATUS_OK;
}
