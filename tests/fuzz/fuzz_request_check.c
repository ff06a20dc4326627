/* The text checks every request passes: the UTF-8 validator against an independent reference
 * decoder (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF), utf8_boundary
 * (never cuts inside a character of valid text, drops at most three bytes), utf8_length and
 * text_field_check (agree with the reference count), and http_unescape, libmicrohttpd's unescape
 * callback (never lengthens, never decodes %00 into a NUL, and leaves text without '%' alone). */
#include <stdbool.h>

#include "community.h"
#include "fuzz.h"
#include "request_check.h"
#include "utf8.h"

/* The reference: the number of code points in s[0..len), or -1 when it is not UTF-8. */
static long reference_count(const unsigned char *s, size_t len)
{
    long count = 0;
    for (size_t i = 0; i < len; count++) {
        unsigned c = s[i];
        size_t n;
        unsigned long cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return -1;
        }
        if (len - i < n)
            return -1;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return -1;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        i += n;
    }
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    long count = reference_count(data, size);
    FUZZ_CHECK(utf8_valid(s, size) == (count >= 0));
    if (size > 0) {
        size_t first = utf8_sequence_len(s, size);
        FUZZ_CHECK(first <= 4 && first <= size);
        if (first)
            FUZZ_CHECK(reference_count(data, first) == 1);
    }

    size_t cut = utf8_boundary(s, size);
    FUZZ_CHECK(cut <= size && size - cut <= 3);
    if (count >= 0) {
        /* every prefix of valid text, cut back to a boundary, is valid text */
        size_t at = size ? data[0] % (size + 1) : 0;
        size_t keep = utf8_boundary(s, at);
        FUZZ_CHECK(utf8_valid(s, keep) && at - keep <= 3);
        FUZZ_CHECK(keep == at || !utf8_valid(s, at));
        FUZZ_CHECK(cut == size);
    }

    char *text = fuzz_strndup(data, size);
    if (!text)
        return 0;
    FUZZ_CHECK(utf8_valid_str(text) ==
               (reference_count((const unsigned char *)text, strlen(text)) >= 0));
    long chars = utf8_length(text);
    FUZZ_CHECK(chars == reference_count((const unsigned char *)text, strlen(text)));
    struct error err;
    error_init(&err);
    text_field_check("summary", text, 20, &err);
    FUZZ_CHECK((err.field_count == 0) == (chars >= 1 && chars <= 20));
    for (size_t k = 0; k < err.field_count; k++)
        FUZZ_CHECK(utf8_valid_str(err.fields[k].field) && utf8_valid_str(err.fields[k].message));

    size_t before = strlen(text);
    bool percent = strchr(text, '%') != NULL;
    char *copy = fuzz_strndup((const uint8_t *)text, before);
    if (!copy) {
        free(text);
        return 0;
    }
    size_t after = http_unescape(copy);
    FUZZ_CHECK(after == strlen(copy) && after <= before);
    if (!percent)
        FUZZ_CHECK(strcmp(copy, text) == 0);
    free(copy);
    free(text);
    return 0;
}
