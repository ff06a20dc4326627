/* Content sniffing of uploads: see sniff.h. */
#include "sniff.h"

#include <string.h>

static int starts_with(const unsigned char *head, size_t len, const void *magic, size_t n)
{
    return len >= n && memcmp(head, magic, n) == 0;
}

static int contains(const unsigned char *head, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (head[i] == (unsigned char)needle[0] && memcmp(head + i, needle, n) == 0)
            return 1;
    return 0;
}

const char *sniff_content_type(const unsigned char *head, size_t len)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff};
    static const unsigned char zip[] = {'P', 'K', 3, 4};
    if (starts_with(head, len, "%PDF-", 5))
        return "application/pdf";
    if (starts_with(head, len, png, sizeof(png)))
        return "image/png";
    if (starts_with(head, len, jpeg, sizeof(jpeg)))
        return "image/jpeg";
    if (starts_with(head, len, zip, sizeof(zip))) {
        if (contains(head, len, "OFD.xml"))
            return "application/ofd";
        if (contains(head, len, "word/") && contains(head, len, "[Content_Types].xml"))
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    return NULL;
}

int sniff_filename_ok(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 255 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"')
            return 0;
    }
    return 1;
}
