/* The JSON body reader and the readers of the case operations' bodies behind it.
 *
 * http_json_parse (the server's default bound, depth 32): text that is not UTF-8 is always
 * refused; an accepted tree holds only UTF-8 strings and names and no object with a name twice
 * (checked here by an independent scan), and prints to JSON text that parses again to an equal
 * tree. Then the object is read exactly as the handlers read it (api/case_input.c: intake with
 * parties, close with agreement, deadline, follow-up, session, PATCH), with a fixed "now":
 * every string they keep is UTF-8, every field error (name and message, which may quote a member
 * name from the body) is UTF-8 and within the error's bounds, as problem+json requires, and a body
 * they accept without a field error is really valid: enumerations parse, texts have 1..max
 * characters, dates are real and not in the future, normalised ID numbers and phones are valid and
 * normalise to themselves, an amount lies in 0..MONEY_MAX_FEN and formats back, a resolved close
 * has its agreement and a referred one says where to, an extension has 1..365 days. */
#include <math.h>

#include "case_input.h"
#include "case_state.h"
#include "case_types.h"
#include "community.h"
#include "dates.h"
#include "deadline.h"
#include "fuzz.h"
#include "identity.h"
#include "input.h"
#include "request.h"
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

/* A fixed "now" keeps every run reproducible: 2026-12-05T00:00:00Z. */
#define NOW INT64_C(1796428800)

static bool text_ok(const char *s)
{
    return !s || utf8_valid_str(s);
}

/* An accepted text field: UTF-8 of 1 to max characters. */
static bool length_ok(const char *s, long max)
{
    long n = utf8_length(s);
    return n >= 1 && n <= max;
}

static bool date_ok(const char *text, int extra_days)
{
    struct date d, today;
    if (date_parse(text, &d) != STATUS_OK)
        return false;
    date_from_unix(NOW + DATE_MOST_AHEAD_OFFSET_S + (int64_t)extra_days * 86400, &today);
    return date_days_from_civil(d.year, d.month, d.day) <=
           date_days_from_civil(today.year, today.month, today.day);
}

static void check_fields(const struct case_edit_input *f, bool clean)
{
    FUZZ_CHECK(text_ok(f->dispute_type) && text_ok(f->source) && text_ok(f->summary) &&
               text_ok(f->claims) && text_ok(f->occurred_on) && text_ok(f->risk_level));
    FUZZ_CHECK(f->community_id >= 0);
    if (!clean)
        return;
    enum dispute_type t;
    enum case_source s;
    enum risk_level r;
    FUZZ_CHECK(!f->dispute_type || dispute_type_parse(f->dispute_type, &t));
    FUZZ_CHECK(!f->source || case_source_parse(f->source, &s));
    FUZZ_CHECK(!f->risk_level || risk_level_parse(f->risk_level, &r));
    FUZZ_CHECK(!f->summary || length_ok(f->summary, 2000));
    FUZZ_CHECK(!f->claims || !*f->claims || length_ok(f->claims, 2000));
    FUZZ_CHECK(!f->occurred_on || date_ok(f->occurred_on, 0));
}

static void check_intake(struct arena *arena, const cJSON *body)
{
    struct error err;
    error_init(&err);
    struct case_intake in;
    struct party_input parties[CASE_PARTIES_MAX];
    const char *center = NULL;
    case_input_intake(arena, body, NOW, &in, parties, &center, &err);
    check_errors(&err);
    bool clean = err.field_count == 0;
    struct case_edit_input f = {in.dispute_type, in.source,     in.summary,     in.claims,
                                in.occurred_on,  in.risk_level, in.community_id};
    check_fields(&f, clean);
    FUZZ_CHECK(text_ok(center) && text_ok(in.external_system) && text_ok(in.external_id));
    FUZZ_CHECK(!in.external_system == !in.external_id || !clean);
    FUZZ_CHECK(in.party_count <= CASE_PARTIES_MAX);
    bool applicant = false;
    for (size_t i = 0; i < in.party_count; i++) {
        const struct party_input *p = &parties[i];
        FUZZ_CHECK(text_ok(p->role) && text_ok(p->kind) && text_ok(p->name) &&
                   text_ok(p->address) && text_ok(p->id_number) && text_ok(p->phone));
        FUZZ_CHECK(!p->id_hash && !p->phone_hash);
        applicant |= p->role && strcmp(p->role, "applicant") == 0;
        if (p->id_number) {
            char again[IDENTITY_RESIDENT_ID_LEN + 1];
            bool person = strcmp(p->kind, "person") == 0;
            FUZZ_CHECK(person ? identity_resident_id_valid(p->id_number)
                              : identity_uscc_valid(p->id_number));
            FUZZ_CHECK(person ? identity_resident_id_normalize(p->id_number, again)
                              : identity_uscc_normalize(p->id_number, again));
            FUZZ_CHECK(strcmp(again, p->id_number) == 0);
        }
        if (p->phone) {
            char again[IDENTITY_PHONE_MAX];
            FUZZ_CHECK(identity_phone_valid(p->phone));
            FUZZ_CHECK(identity_phone_normalize(p->phone, again) && strcmp(again, p->phone) == 0);
        }
        if (clean) {
            enum party_role r;
            enum party_kind k;
            FUZZ_CHECK(p->role && party_role_parse(p->role, &r));
            FUZZ_CHECK(p->kind && party_kind_parse(p->kind, &k));
            FUZZ_CHECK(p->name && length_ok(p->name, 100));
            FUZZ_CHECK(!p->address || length_ok(p->address, 200));
        }
    }
    if (clean) {
        FUZZ_CHECK(in.party_count >= 1 && applicant && in.parties == parties);
        FUZZ_CHECK(in.summary && in.dispute_type && in.source && in.community_id > 0);
    }
}

static void check_close(const cJSON *body)
{
    struct error err;
    error_init(&err);
    struct close_input close;
    struct agreement_input agreement;
    enum case_outcome outcome = CASE_OUTCOME_COUNT;
    case_input_close(body, NOW, &close, &outcome, &agreement, &err);
    check_errors(&err);
    FUZZ_CHECK(text_ok(close.outcome) && text_ok(close.note) && text_ok(close.referred_to));
    if (err.field_count)
        return;
    FUZZ_CHECK(close.outcome && outcome < CASE_OUTCOME_COUNT &&
               strcmp(case_outcome_name(outcome), close.outcome) == 0);
    FUZZ_CHECK(outcome != CASE_OUTCOME_REFERRED || close.referred_to);
    FUZZ_CHECK((outcome == CASE_OUTCOME_RESOLVED) == (close.agreement != NULL));
    if (close.agreement) {
        const struct agreement_input *a = close.agreement;
        FUZZ_CHECK(a->amount_fen >= 0 && a->amount_fen <= MONEY_MAX_FEN);
        char text[MONEY_TEXT_MAX];
        int64_t again = -1;
        money_format(a->amount_fen, text);
        FUZZ_CHECK(money_parse(text, &again, NULL) == STATUS_OK && again == a->amount_fen);
        FUZZ_CHECK(a->signed_on && date_ok(a->signed_on, 1));
        FUZZ_CHECK(a->terms && length_ok(a->terms, 5000));
        FUZZ_CHECK(text_ok(a->form) && text_ok(a->performance_method) && text_ok(a->perform_by));
    }
}

static void check_actions(const cJSON *body)
{
    struct error err;
    error_init(&err);
    struct case_deadline_input d;
    case_input_deadline(body, &d, &err);
    check_errors(&err);
    FUZZ_CHECK(text_ok(d.kind) && text_ok(d.reason));
    if (!err.field_count) {
        FUZZ_CHECK(d.kind && d.reason && length_ok(d.reason, 1000));
        bool extend = strcmp(d.kind, "extend") == 0;
        FUZZ_CHECK(extend || strcmp(d.kind, "pause") == 0 || strcmp(d.kind, "resume") == 0);
        FUZZ_CHECK(extend ? d.days >= 1 && d.days <= 365 : d.days == 0);
        struct error ext;
        error_init(&ext);
        deadline_extension_check(0, d.days, DEADLINE_DEFAULT_EXTENSION_CAP_DAYS,
                                 d.applicant_consent, d.respondent_consent, &ext);
        check_errors(&ext);
    }

    error_init(&err);
    struct follow_up_input f;
    case_input_follow_up(body, &f, &err);
    check_errors(&err);
    FUZZ_CHECK(text_ok(f.return_visit_at) && text_ok(f.return_visit_note) &&
               text_ok(f.performance));
    FUZZ_CHECK(f.judicial_confirmation >= -1 && f.judicial_confirmation <= 1);
    if (!err.field_count) {
        int64_t t;
        FUZZ_CHECK(f.return_visit_at || f.return_visit_note || f.performance ||
                   f.judicial_confirmation >= 0);
        FUZZ_CHECK(!f.return_visit_at || timestamp_parse(f.return_visit_at, &t) == STATUS_OK);
    }

    error_init(&err);
    struct case_session_input s;
    case_input_session(body, NOW, &s, &err);
    check_errors(&err);
    FUZZ_CHECK(text_ok(s.held_at) && text_ok(s.kind) && text_ok(s.participants) &&
               text_ok(s.notes));
    if (!err.field_count) {
        int64_t t = 0;
        FUZZ_CHECK(s.held_at && timestamp_parse(s.held_at, &t) == STATUS_OK && t <= NOW + 86400);
        FUZZ_CHECK(s.participants && length_ok(s.participants, 500));
    }

    error_init(&err);
    struct case_edit_input e;
    case_input_edit(body, NOW, &e, &err);
    check_errors(&err);
    check_fields(&e, err.field_count == 0);
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
    struct arena *arena = body ? arena_new(4096) : NULL;
    if (arena) {
        check_intake(arena, body);
        check_close(body);
        check_actions(body);
        arena_free(arena);
    }
    cJSON_Delete(root);
    return 0;
}
