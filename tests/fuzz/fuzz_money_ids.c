/* Money and identity numbers, as a request's fields carry them.
 *
 * Money: an accepted amount lies in [0, MONEY_MAX_FEN], money_format writes it back to a text
 * that parses to the same fen, and that text is the input itself whenever the input has exactly
 * two decimals and no leading zero (the canonical form); any int64_t formats and, when in range,
 * parses back. Identity: whatever a _normalize function accepts is valid and normalizes to itself;
 * a valid resident ID or credit code ends with its own check character; a normalized phone is
 * valid; a failed normalize writes "". */
#include <ctype.h>

#include "fuzz.h"
#include "identity.h"
#include "money.h"

static void check_money(const char *text)
{
    int64_t fen = -1;
    struct error err;
    error_init(&err);
    if (money_parse(text, &fen, &err) != STATUS_OK) {
        FUZZ_CHECK(fen == -1);
        return;
    }
    FUZZ_CHECK(fen >= 0 && fen <= MONEY_MAX_FEN);
    char out[MONEY_TEXT_MAX];
    money_format(fen, out);
    int64_t again = -1;
    FUZZ_CHECK(money_parse(out, &again, NULL) == STATUS_OK && again == fen);
    const char *dot = strchr(text, '.');
    if (dot && strlen(dot) == 3)
        FUZZ_CHECK(strcmp(out, text) == 0);
}

static void check_any_fen(int64_t fen)
{
    char out[MONEY_TEXT_MAX];
    money_format(fen, out);
    FUZZ_CHECK(strlen(out) < MONEY_TEXT_MAX);
    int64_t again = -1;
    enum status st = money_parse(out, &again, NULL);
    if (fen >= 0 && fen <= MONEY_MAX_FEN)
        FUZZ_CHECK(st == STATUS_OK && again == fen);
    else
        FUZZ_CHECK(st != STATUS_OK);
}

static void check_ids(const char *text)
{
    char id[IDENTITY_RESIDENT_ID_LEN + 1];
    if (identity_resident_id_normalize(text, id)) {
        FUZZ_CHECK(identity_resident_id_valid(id));
        char again[IDENTITY_RESIDENT_ID_LEN + 1];
        FUZZ_CHECK(identity_resident_id_normalize(id, again) && strcmp(again, id) == 0);
    } else {
        FUZZ_CHECK(id[0] == '\0');
    }
    if (identity_resident_id_valid(text))
        FUZZ_CHECK(identity_resident_id_check_char(text) == toupper((unsigned char)text[17]));

    char code[IDENTITY_USCC_LEN + 1];
    if (identity_uscc_normalize(text, code)) {
        FUZZ_CHECK(identity_uscc_valid(code));
        char again[IDENTITY_USCC_LEN + 1];
        FUZZ_CHECK(identity_uscc_normalize(code, again) && strcmp(again, code) == 0);
    } else {
        FUZZ_CHECK(code[0] == '\0');
    }
    if (identity_uscc_valid(text))
        FUZZ_CHECK(strlen(text) == IDENTITY_USCC_LEN && identity_uscc_check_char(text) == text[17]);

    char mobile[IDENTITY_MOBILE_LEN + 1];
    if (identity_mobile_normalize(text, mobile)) {
        FUZZ_CHECK(identity_mobile_valid(mobile) && identity_phone_valid(mobile));
        char again[IDENTITY_MOBILE_LEN + 1];
        FUZZ_CHECK(identity_mobile_normalize(mobile, again) && strcmp(again, mobile) == 0);
    } else {
        FUZZ_CHECK(mobile[0] == '\0');
    }
    char phone[IDENTITY_PHONE_MAX];
    if (identity_phone_normalize(text, phone)) {
        FUZZ_CHECK(identity_phone_valid(phone));
        char again[IDENTITY_PHONE_MAX];
        FUZZ_CHECK(identity_phone_normalize(phone, again) && strcmp(again, phone) == 0);
    } else {
        FUZZ_CHECK(phone[0] == '\0');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    if (!text)
        return 0;
    check_money(text);
    check_ids(text);
    int64_t fen = 0;
    memcpy(&fen, data, size < sizeof(fen) ? size : sizeof(fen));
    check_any_fen(fen);
    check_any_fen(fen % (MONEY_MAX_FEN + 1));
    free(text);
    return 0;
}
