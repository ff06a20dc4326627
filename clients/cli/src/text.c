/* Terminal display width of UTF-8 text (see text.h). The ranges follow Unicode's East Asian Width
 * property (W and F) and its zero-width general categories, trimmed to what case data holds. */
#include "text.h"

#include <string.h>

#include "utf8.h"

struct range {
    uint32_t first, last;
};

/* Two columns: East Asian Wide and Fullwidth. Sorted, not overlapping. */
static const struct range wide[] = {
    {0x1100, 0x115F}, /* Hangul Jamo initials */
    {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},
    {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},
    {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},   {0x26D4, 0x26D4},
    {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},   {0x26FA, 0x26FA},
    {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},
    {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E}, /* CJK radicals, Kangxi, ideographic
                                                                 description, CJK punctuation
                                                                 、。「」 */
    {0x3041, 0x33FF}, /* kana, bopomofo, hangul compatibility, kanbun, enclosed CJK */
    {0x3400, 0x4DBF}, /* CJK extension A */
    {0x4E00, 0x9FFF}, /* CJK unified ideographs */
    {0xA000, 0xA4CF}, /* Yi */
    {0xA960, 0xA97F}, /* Hangul Jamo extended A */
    {0xAC00, 0xD7A3}, /* Hangul syllables */
    {0xF900, 0xFAFF}, /* CJK compatibility ideographs */
    {0xFE10, 0xFE19}, /* vertical forms */
    {0xFE30, 0xFE6F}, /* CJK compatibility and small forms */
    {0xFF00, 0xFF60}, /* fullwidth forms ，！（）：０-９Ａ-Ｚ */
    {0xFFE0, 0xFFE6}, /* fullwidth signs ￥ */
    {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
    {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393},
    {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4},
    {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D},
    {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
    {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
    {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
    {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF},
    {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, /* CJK extensions B to F, compatibility supplement */
    {0x30000, 0x3FFFD},                     /* CJK extensions G and H */
};

/* No column: combining marks, zero-width spaces and joiners, variation selectors. */
static const struct range zero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
    {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

static int in_ranges(uint32_t cp, const struct range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

size_t text_decode(const char *s, size_t len, uint32_t *cp)
{
    size_t n = utf8_sequence_len(s, len);
    const unsigned char *u = (const unsigned char *)s;
    switch (n) {
    case 1:
        *cp = u[0];
        return 1;
    case 2:
        *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        return 2;
    case 3:
        *cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        return 3;
    case 4:
        *cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
              ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
        return 4;
    default:
        *cp = 0xFFFD;
        return 1;
    }
}

int text_char_width(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (cp < 0x300)
        return 1;
    if (in_ranges(cp, zero, sizeof(zero) / sizeof(zero[0])))
        return 0;
    if (in_ranges(cp, wide, sizeof(wide) / sizeof(wide[0])))
        return 2;
    return 1;
}

size_t text_width(const char *s)
{
    size_t width = 0;
    if (!s)
        return 0;
    for (size_t len = strlen(s); len > 0;) {
        uint32_t cp;
        size_t n = text_decode(s, len, &cp);
        width += (size_t)text_char_width(cp);
        s += n;
        len -= n;
    }
    return width;
}

/* The character a cell shows for cp: controls become a space, and invalid bytes U+FFFD. */
static uint32_t shown(uint32_t cp)
{
    return (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) ? ' ' : cp;
}

static enum status append_char(struct buf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return buf_append(out, b, n);
}

size_t text_fit(const char *s, size_t max, struct buf *out)
{
    size_t used = 0;
    if (!s)
        return 0;
    size_t total = 0; /* width of the shown text, to know whether it must be cut */
    for (const char *p = s, *end = s + strlen(s); p < end;) {
        uint32_t cp;
        p += text_decode(p, (size_t)(end - p), &cp);
        total += (size_t)text_char_width(shown(cp));
    }
    size_t limit = total > max ? max - 1 : max; /* room for the ellipsis when cut */
    for (const char *p = s, *end = s + strlen(s); p < end;) {
        uint32_t cp;
        p += text_decode(p, (size_t)(end - p), &cp);
        cp = shown(cp);
        size_t w = (size_t)text_char_width(cp);
        if (used + w > limit)
            break;
        if (append_char(out, cp) != STATUS_OK)
            return (size_t)-1;
        used += w;
    }
    if (total > max) {
        if (buf_append_str(out, "\xE2\x80\xA6") != STATUS_OK) /* … */
            return (size_t)-1;
        used += 1;
    }
    return used;
}
