/* What issue 14 reads from strangers: webhook URLs (net_url_check, with and without allowed
 * classes), address texts (net_classify_text), uploaded files' first bytes (sniff_content_type)
 * and names (sniff_filename_ok), and webhook secrets (decode_base64). Never a crash; an accepted
 * URL is http(s) and names no refused literal address; a sniffed type is one of the five; an
 * accepted file name has no path separator, quote or control character; base64 that decodes
 * re-encodes to the same text.
 */
#include "encode.h"
#include "fuzz.h"
#include "net_policy.h"
#include "sniff.h"

static const char *const accepted_types[] = {
    "application/pdf", "image/png", "image/jpeg", "application/ofd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    if (!text)
        return 0;
    struct error err;
    error_init(&err);
    if (net_url_check(text, 0, &err) == STATUS_OK) {
        FUZZ_CHECK(strncmp(text, "http://", 7) == 0 || strncmp(text, "https://", 8) == 0);
        FUZZ_CHECK(strlen(text) <= 2048);
    }
    unsigned all = 0;
    net_policy_parse("loopback,private,link_local,metadata", &all, &err);
    error_init(&err);
    (void)net_url_check(text, all, &err);
    enum net_class c = net_classify_text(text);
    FUZZ_CHECK((unsigned)c < NET_CLASS_COUNT);

    const char *type = sniff_content_type(data, size);
    if (type) {
        bool known = false;
        for (size_t i = 0; i < sizeof(accepted_types) / sizeof(accepted_types[0]); i++)
            known = known || strcmp(type, accepted_types[i]) == 0;
        FUZZ_CHECK(known);
    }
    if (sniff_filename_ok(text)) {
        FUZZ_CHECK(strlen(text) >= 1 && strlen(text) <= 255);
        for (const char *p = text; *p; p++)
            FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '/' && *p != '\\' &&
                       *p != '"');
    }

    unsigned char raw[256];
    long n = decode_base64(text, strlen(text), raw, sizeof(raw));
    if (n >= 0) {
        char again[4 * sizeof(raw) / 3 + 8];
        encode_base64(raw, (size_t)n, again);
        /* padding bits that are not zero decode too; the canonical text then differs */
        FUZZ_CHECK(strlen(again) == strlen(text));
    }
    free(text);
    return 0;
}
