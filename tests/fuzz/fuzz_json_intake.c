/* The JSON body reader and the pure checks the case handlers run on what it returns.
 *
 * http_json_parse (the server's bound, depth 32): text that is not UTF-8 is always refused; an
 * accepted tree holds only UTF-8 strings and names, no object with a name twice (checked here by
 * an independent scan), and prints to JSON text that parses again to an equal tree. Then the body
 * is read as the intake, parties, close (agreement), deadline, follow-up and PATCH handlers read
 * it, with input_* and the domain validators they call (enumerations, text_field_check, dates,
 * instants, money, resident ID / credit code / phone normalisation, deadline_extension_check):
 * every string handed to a validator is UTF-8, every accepted value is canonical (a normalised
 * number is valid and normalises to itself, an accepted amount formats and parses back), and
 * every field error (name and message, which may quote a member name from the body) stays UTF-8
 * and within the error's bounds, as problem+json requires. */
#include <math.h>

#include "case_state.h"
#include "case_types.h"
#include "community.h"
#include "dates.h"
#include "deadline.h"
#include "fuzz.h"
#include "identity.h"
#include "input.h"
#include "json.h"
#include "money.h"
#include "utf8.h"

#define MAX_DEPTH 32

/* The independent check: no object names a member twice, every name and string is UTF-8, and no
 * number is infinite or NaN (cJSON prints those as null, so they alone may not round-trip). */
static bool tree_sound(const cJSON *node, bool *finite)
{
    for (; node; node = node->next) {
        if (node->string && !utf8_valid_str(node->string))
            return false;
        if (cJSON_IsString(node) && !utf8_valid_str(node->valuestring))
            return false;
        if (cJSON_IsNumber(node) && !isfinite(node->valuedouble))
            *finite = false;
        if (cJSON_IsObject(node))
            for (const cJSON *a = node->child; a; a = a->next)
                for (const cJSON *b = a->next; b; b = b->next)
                    if (strcmp(a->string, b->string) == 0)
                        return false;
        if (node->child && !tree_sound(node->child, finite))
            return false;
    }
    return true;
}

static void check_errors(const struct error *err)
{
    FUZZ_CHECK(err->field_count <= ERROR_FIELDS_MAX);
    FUZZ_CHECK(utf8_valid_str(err->message));
    for (size_t k = 0; k < err->field_count; k++) {
        FUZZ_CHECK(memchr(err->fields[k].field, '\0', sizeof(err->fields[k].field)) != NULL);
        FUZZ_CHECK(utf8_valid_str(err->fields[k].field));
        FUZZ_CHECK(utf8_valid_str(err->fields[k].message));
    }
}

/* input_string, with the property that what it returns is UTF-8. */
static const char *string_of(const cJSON *obj, const char *name, bool required, struct error *err)
{
    const char *s = input_string(obj, name, required, err);
    FUZZ_CHECK(!s || utf8_valid_str(s));
    return s;
}

static void check_date(const char *field, const char *text, struct error *err)
{
    struct date d;
    if (text && date_parse(text, &d) != STATUS_OK)
        error_add_field(err, field, "must be a date YYYY-MM-DD");
}

static void check_instant(const char *field, const char *text, struct error *err)
{
    int64_t t;
    if (text && timestamp_parse(text, &t) != STATUS_OK)
        error_add_field(err, field, "must be an RFC 3339 date-time");
}

static void read_party(const cJSON *p, struct error *err)
{
    static const char *const fields[] = {"role",  "kind",    "name", "id_number",
                                         "phone", "address", NULL};
    if (!cJSON_IsObject(p))
        return;
    input_only_known(p, fields, err);
    const char *role = string_of(p, "role", true, err);
    const char *kind = string_of(p, "kind", true, err);
    const char *name = string_of(p, "name", true, err);
    const char *id_number = string_of(p, "id_number", false, err);
    const char *phone = string_of(p, "phone", false, err);
    const char *address = string_of(p, "address", false, err);
    enum party_role r;
    enum party_kind k;
    if (role && !party_role_parse(role, &r))
        error_add_field(err, "role", "must be applicant, respondent or third_party");
    if (kind && !party_kind_parse(kind, &k))
        error_add_field(err, "kind", "must be person or organization");
    if (name)
        text_field_check("name", name, 100, err);
    if (address && *address)
        text_field_check("address", address, 200, err);
    if (id_number) {
        char id[IDENTITY_RESIDENT_ID_LEN + 1], again[IDENTITY_RESIDENT_ID_LEN + 1];
        if (identity_resident_id_normalize(id_number, id))
            FUZZ_CHECK(identity_resident_id_valid(id) &&
                       identity_resident_id_normalize(id, again) && strcmp(id, again) == 0);
        if (identity_uscc_normalize(id_number, id))
            FUZZ_CHECK(identity_uscc_valid(id) && identity_uscc_normalize(id, again) &&
                       strcmp(id, again) == 0);
    }
    if (phone) {
        char norm[IDENTITY_PHONE_MAX], again[IDENTITY_PHONE_MAX];
        if (identity_mobile_normalize(phone, norm) || identity_phone_normalize(phone, norm))
            FUZZ_CHECK(identity_phone_valid(norm) && identity_phone_normalize(norm, again) &&
                       strcmp(norm, again) == 0);
    }
}

static void read_intake(const cJSON *body, struct error *err)
{
    static const char *const fields[] = {
        "dispute_type", "source",  "community_id", "summary", "claims", "occurred_on",
        "risk_level",   "parties", "external_ref", "center",  NULL};
    input_only_known(body, fields, err);
    const char *type = string_of(body, "dispute_type", true, err);
    const char *source = string_of(body, "source", true, err);
    const char *summary = string_of(body, "summary", true, err);
    const char *claims = string_of(body, "claims", false, err);
    const char *risk = string_of(body, "risk_level", false, err);
    check_date("occurred_on", string_of(body, "occurred_on", false, err), err);
    long community = input_id(body, "community_id", true, err);
    FUZZ_CHECK(community >= 0);
    enum dispute_type t;
    enum case_source s;
    enum risk_level r;
    if (type && !dispute_type_parse(type, &t))
        error_add_field(err, "dispute_type", "is not one of the allowed values");
    if (source && !case_source_parse(source, &s))
        error_add_field(err, "source", "is not one of the allowed values");
    if (risk && !risk_level_parse(risk, &r))
        error_add_field(err, "risk_level", "is not one of the allowed values");
    if (summary)
        text_field_check("summary", summary, 2000, err);
    if (claims && *claims)
        text_field_check("claims", claims, 2000, err);
    string_of(body, "center", false, err);
    const cJSON *parties = cJSON_GetObjectItemCaseSensitive(body, "parties");
    if (cJSON_IsArray(parties))
        for (const cJSON *p = parties->child; p; p = p->next)
            read_party(p, err);
}

static void read_close(const cJSON *body, struct error *err)
{
    static const char *const fields[] = {
        "amount", "form", "signed_at", "terms", "performance_method", "perform_by", NULL};
    const char *outcome = string_of(body, "outcome", true, err);
    string_of(body, "note", false, err);
    string_of(body, "referred_to", false, err);
    input_bool(body, "prevented_escalation", err);
    input_bool(body, "prevented_mass_petition", err);
    enum case_outcome o;
    if (outcome && !case_outcome_parse(outcome, &o))
        error_add_field(err, "outcome", "is not one of the allowed values");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "agreement");
    if (!cJSON_IsObject(a))
        return;
    input_only_known(a, fields, err);
    const char *amount = string_of(a, "amount", true, err);
    const char *form = string_of(a, "form", true, err);
    check_date("signed_at", string_of(a, "signed_at", true, err), err);
    check_date("perform_by", string_of(a, "perform_by", false, err), err);
    const char *terms = string_of(a, "terms", true, err);
    if (terms)
        text_field_check("terms", terms, 5000, err);
    enum agreement_form f;
    if (form && !agreement_form_parse(form, &f))
        error_add_field(err, "form", "must be written or oral");
    if (amount) {
        struct error money;
        error_init(&money);
        int64_t fen = -1, again = -1;
        if (money_parse(amount, &fen, &money) == STATUS_OK) {
            char text[MONEY_TEXT_MAX];
            money_format(fen, text);
            FUZZ_CHECK(money_parse(text, &again, NULL) == STATUS_OK && again == fen);
        } else {
            error_add_field(err, "amount", "%s",
                            money.field_count ? money.fields[0].message : money.message);
        }
    }
}

static void read_deadline_and_follow_up(const cJSON *body, struct error *err)
{
    string_of(body, "action", false, err);
    const char *reason = string_of(body, "reason", false, err);
    if (reason)
        text_field_check("reason", reason, 1000, err);
    long days = input_id(body, "days", false, err);
    int applicant = input_bool(body, "applicant_consent", err);
    int respondent = input_bool(body, "respondent_consent", err);
    FUZZ_CHECK(applicant >= -1 && applicant <= 1 && respondent >= -1 && respondent <= 1);
    int requested = days > 10000 ? 10000 : (int)days;
    deadline_extension_check(0, requested, DEADLINE_DEFAULT_EXTENSION_CAP_DAYS, applicant == 1,
                             respondent == 1, err);
    check_instant("return_visit_at", string_of(body, "return_visit_at", false, err), err);
    check_instant("held_at", string_of(body, "held_at", false, err), err);
    string_of(body, "return_visit_note", false, err);
    input_bool(body, "judicial_confirmation", err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    cJSON *root = NULL;
    struct error err;
    error_init(&err);
    enum status st = http_json_parse(text, size, MAX_DEPTH, &root, &err);
    check_errors(&err);
    if (!utf8_valid(text, size))
        FUZZ_CHECK(st != STATUS_OK);
    if (st != STATUS_OK) {
        FUZZ_CHECK(root == NULL);
        return 0;
    }
    bool finite = true;
    FUZZ_CHECK(tree_sound(root, &finite));
    if (finite) {
        char *printed = cJSON_PrintUnformatted(root);
        FUZZ_CHECK(printed != NULL);
        cJSON *again = NULL;
        struct error err2;
        error_init(&err2);
        FUZZ_CHECK(http_json_parse(printed, strlen(printed), MAX_DEPTH, &again, &err2) ==
                   STATUS_OK);
        FUZZ_CHECK(cJSON_Compare(root, again, true));
        cJSON_Delete(again);
        cJSON_free(printed);
    }

    struct http_request req;
    memset(&req, 0, sizeof(req));
    req.json = root;
    error_init(&req.error);
    const cJSON *body = input_object(&req);
    check_errors(&req.error);
    if (body) {
        struct error fields;
        error_init(&fields);
        read_intake(body, &fields);
        check_errors(&fields);
        error_init(&fields);
        read_close(body, &fields);
        check_errors(&fields);
        error_init(&fields);
        read_deadline_and_follow_up(body, &fields);
        check_errors(&fields);
    }
    cJSON_Delete(root);
    return 0;
}
