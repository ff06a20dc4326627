/* Keyset cursors: decoding arbitrary text never crashes or yields a negative id, whatever decodes
 * re-encodes to a cursor that decodes to the same values (texts are not canonical: "007" and
 * non-zero padding bits decode too, harmlessly), and encode → decode is the identity, with a
 * cursor refused by another list. Input: the cursor text; its first 8 bytes also give an id to
 * round-trip.
 */
#include "cursor.h"
#include "fuzz.h"

static const char *const lists[] = {"communities", "cases-received", "cases-due", "cases"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    if (!text)
        return 0;
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
        long id = -1;
        if (cursor_decode(lists[l], text, &id)) {
            FUZZ_CHECK(id >= 0);
            char again[CURSOR_MAX];
            long back = -1;
            cursor_encode(lists[l], id, again);
            FUZZ_CHECK(cursor_decode(lists[l], again, &back) && back == id);
        }
        long long key = 0;
        long pair_id = -1;
        if (cursor_decode_pair(lists[l], text, &key, &pair_id)) {
            FUZZ_CHECK(pair_id >= 0);
            char again[CURSOR_MAX];
            long long key_back = 0;
            long back = -1;
            cursor_encode_pair(lists[l], key, pair_id, again);
            FUZZ_CHECK(cursor_decode_pair(lists[l], again, &key_back, &back) && key_back == key &&
                       back == pair_id);
        }
    }
    /* encode → decode is the identity for every id and key */
    long long raw = 0;
    memcpy(&raw, data, size < sizeof(raw) ? size : sizeof(raw));
    long id = (long)(raw < 0 ? -(raw + 1) : raw);
    char c[CURSOR_MAX];
    cursor_encode("cases-received", id, c);
    long back = -1;
    FUZZ_CHECK(cursor_decode("cases-received", c, &back) && back == id);
    FUZZ_CHECK(!cursor_decode("communities", c, &back));
    cursor_encode_pair("cases-due", raw, id, c);
    long long key = 0;
    FUZZ_CHECK(cursor_decode_pair("cases-due", c, &key, &back) && key == raw && back == id);
    free(text);
    return 0;
}
