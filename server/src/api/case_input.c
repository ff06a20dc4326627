/* The case operations' JSON bodies, read and checked without a database or a request. */
#include "case_input.h"

#include <stdio.h>
#include <string.h>

#include "case_types.h"
#include "community.h"
#include "dates.h"
#include "field_limits.h"
#include "identity.h"
#include "input.h"
#include "intake.h"
#include "money.h"

/* The latest calendar day anywhere on Earth at now (UTC+14), plus extra_days: a date after it is
 * in the future in every time zone. The exact check, by the center's own time zone, is the
 * database's (case_insert.sql, agreement_insert.sql), which knows the center. */
static void latest_day(int64_t now, int extra_days, struct date *out)
{
    date_from_unix(now + DATE_MOST_AHEAD_OFFSET_S + (int64_t)extra_days * 24 * 3600, out);
}

static bool date_after(const struct date *a, const struct date *b)
{
    return date_days_from_civil(a->year, a->month, a->day) >
           date_days_from_civil(b->year, b->month, b->day);
}

static void check_enum(const char *field, const char *value, enum case_vocab vocab,
                       struct error *err)
{
    if (value && !case_vocab_valid(vocab, value))
        error_add_field(err, field, "is not one of the allowed values");
}

void case_input_fields(const cJSON *body, bool required, int64_t now, struct case_edit_input *f,
                       struct error *err)
{
    f->dispute_type = input_string(body, "dispute_type", required, err);
    f->source = input_string(body, "source", required, err);
    f->summary = input_string(body, "summary", required, err);
    f->claims = input_string(body, "claims", false, err);
    f->occurred_on = input_string(body, "occurred_on", false, err);
    f->risk_level = input_string(body, "risk_level", false, err);
    f->community_id = input_id(body, "community_id", required, err);
    check_enum("dispute_type", f->dispute_type, CASE_VOCAB_DISPUTE_TYPE, err);
    check_enum("source", f->source, CASE_VOCAB_SOURCE, err);
    check_enum("risk_level", f->risk_level, CASE_VOCAB_RISK_LEVEL, err);
    if (f->summary)
        text_field_check("summary", f->summary, FIELD_LIMIT_CASE_SUMMARY, err);
    if (f->claims && *f->claims)
        text_field_check("claims", f->claims, FIELD_LIMIT_CASE_CLAIMS, err);
    if (f->occurred_on) {
        struct date d, today;
        latest_day(now, 0, &today);
        if (date_parse(f->occurred_on, &d) != STATUS_OK)
            error_add_field(err, "occurred_on", "must be a date YYYY-MM-DD");
        else if (date_after(&d, &today))
            error_add_field(err, "occurred_on", "must not be in the future");
    }
}

void case_input_edit(const cJSON *body, int64_t now, struct case_edit_input *f, struct error *err)
{
    static const char *const fields[] = {"dispute_type", "source",      "community_id", "summary",
                                         "claims",       "occurred_on", "risk_level",   NULL};
    input_only_known(body, fields, err);
    case_input_fields(body, false, now, f, err);
}

void case_input_party(struct arena *arena, const cJSON *obj, size_t i, struct party_input *p,
                      struct error *err)
{
    static const char *const fields[] = {"role",  "kind",    "name", "id_number",
                                         "phone", "address", NULL};
    char field[112];
    memset(p, 0, sizeof(*p));
    if (!cJSON_IsObject(obj)) {
        snprintf(field, sizeof(field), "parties[%zu]", i);
        error_add_field(err, field, "must be an object");
        return;
    }
    struct error local;
    error_init(&local);
    input_only_known(obj, fields, &local);
    p->role = input_string(obj, "role", true, &local);
    p->kind = input_string(obj, "kind", true, &local);
    p->name = input_string(obj, "name", true, &local);
    const char *id_number = input_string(obj, "id_number", false, &local);
    const char *phone = input_string(obj, "phone", false, &local);
    p->address = input_string(obj, "address", false, &local);
    enum party_kind kind = PARTY_KIND_ORGANIZATION; /* any kind but person: a code */
    bool kind_known = p->kind && party_kind_parse(p->kind, &kind);
    if (p->role && !case_vocab_valid(CASE_VOCAB_PARTY_ROLE, p->role))
        error_add_field(&local, "role", "must be applicant, respondent or third_party");
    if (p->kind && !kind_known)
        error_add_field(&local, "kind", "must be person or organization");
    if (p->name)
        text_field_check("name", p->name, FIELD_LIMIT_PARTY_NAME, &local);
    if (p->address && *p->address)
        text_field_check("address", p->address, FIELD_LIMIT_PARTY_ADDRESS, &local);
    else
        p->address = NULL;
    if (id_number && *id_number && p->kind) {
        char *norm = arena_alloc(arena, INTAKE_ID_NUMBER_MAX);
        const char *problem =
            !norm ? "could not be read" : intake_party_id_number(kind, id_number, norm);
        if (problem)
            error_add_field(&local, "id_number", "%s", problem);
        p->id_number = problem ? NULL : norm;
    }
    if (phone && *phone) {
        char *norm = arena_alloc(arena, IDENTITY_PHONE_MAX);
        const char *problem = !norm ? "could not be read" : intake_party_phone(phone, norm);
        if (problem)
            error_add_field(&local, "phone", "%s", problem);
        p->phone = problem ? NULL : norm;
    }
    for (size_t k = 0; k < local.field_count; k++) {
        snprintf(field, sizeof(field), "parties[%zu].%s", i, local.fields[k].field);
        error_add_field(err, field, "%s", local.fields[k].message);
    }
}

void case_input_intake(struct arena *arena, const cJSON *body, int64_t now, struct case_intake *in,
                       struct party_input parties[CASE_PARTIES_MAX], const char **center,
                       struct error *err)
{
    static const char *const fields[] = {"dispute_type", "source",      "community_id", "summary",
                                         "claims",       "occurred_on", "risk_level",   "parties",
                                         "external_ref", "campaign_id", "center",       NULL};
    memset(in, 0, sizeof(*in));
    input_only_known(body, fields, err);
    struct case_edit_input common;
    case_input_fields(body, true, now, &common, err);
    in->dispute_type = common.dispute_type;
    in->source = common.source;
    in->community_id = common.community_id;
    in->summary = common.summary;
    in->claims = common.claims;
    in->occurred_on = common.occurred_on;
    in->risk_level = common.risk_level ? common.risk_level : "none";
    *center = input_string(body, "center", false, err);
    in->campaign_id = input_id(body, "campaign_id", false, err);
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(body, "external_ref");
    if (ref && !cJSON_IsNull(ref)) {
        static const char *const ref_fields[] = {"system", "id", NULL};
        struct error local;
        error_init(&local);
        if (!cJSON_IsObject(ref)) {
            error_add_field(err, "external_ref", "must be an object {system, id}");
        } else {
            input_only_known(ref, ref_fields, &local);
            in->external_system = input_string(ref, "system", true, &local);
            in->external_id = input_string(ref, "id", true, &local);
            if (in->external_system && !intake_external_system_valid(in->external_system))
                error_add_field(&local, "system",
                                "must be 1 to 64 lower-case letters, digits, '.', '_' or '-'");
            if (in->external_id && !intake_external_id_valid(in->external_id))
                error_add_field(&local, "id", "must be 1 to 128 characters");
            for (size_t k = 0; k < local.field_count; k++)
                error_add_field(err, "external_ref", "%s %s", local.fields[k].field,
                                local.fields[k].message);
            if (local.field_count)
                in->external_system = in->external_id = NULL;
        }
    }
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(body, "parties");
    int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : -1;
    const char *problem = intake_parties_problem(n < 0 ? 0 : (size_t)n, 1);
    if (problem) {
        error_add_field(err, "parties", "%s", problem);
        return;
    }
    size_t applicants = 0, i = 0;
    for (const cJSON *p = list->child; p; p = p->next, i++) {
        enum party_role role;
        case_input_party(arena, p, i, &parties[i], err);
        applicants += party_role_parse(parties[i].role, &role) && role == PARTY_ROLE_APPLICANT;
    }
    if ((problem = intake_parties_problem((size_t)n, applicants)) != NULL)
        error_add_field(err, "parties", "%s", problem);
    in->party_count = (size_t)n;
    in->parties = parties;
}

/* Reads the agreement of a resolved case; field errors are named agreement.field. */
static void read_agreement(const cJSON *a, int64_t now, struct agreement_input *agreement,
                           struct error *err)
{
    static const char *const fields[] = {
        "amount", "form", "signed_at", "terms", "performance_method", "perform_by", NULL};
    struct error local;
    error_init(&local);
    memset(agreement, 0, sizeof(*agreement));
    if (!cJSON_IsObject(a)) {
        error_add_field(err, "agreement", "is required for a resolved case");
        return;
    }
    input_only_known(a, fields, &local);
    const char *amount = input_string(a, "amount", true, &local);
    agreement->form = input_string(a, "form", true, &local);
    agreement->signed_on = input_string(a, "signed_at", true, &local);
    agreement->terms = input_string(a, "terms", true, &local);
    agreement->performance_method = input_string(a, "performance_method", false, &local);
    agreement->perform_by = input_string(a, "perform_by", false, &local);
    if (amount) {
        struct error money;
        error_init(&money);
        if (money_parse(amount, &agreement->amount_fen, &money) != STATUS_OK)
            error_add_field(&local, "amount", "%s",
                            money.field_count ? money.fields[0].message : money.message);
    }
    enum agreement_form form;
    if (agreement->form && !agreement_form_parse(agreement->form, &form))
        error_add_field(&local, "form", "must be written or oral");
    struct date d;
    if (agreement->signed_on && date_parse(agreement->signed_on, &d) != STATUS_OK)
        error_add_field(&local, "signed_at", "must be a date YYYY-MM-DD");
    if (agreement->perform_by && date_parse(agreement->perform_by, &d) != STATUS_OK)
        error_add_field(&local, "perform_by", "must be a date YYYY-MM-DD");
    if (agreement->terms)
        text_field_check("terms", agreement->terms, FIELD_LIMIT_AGREEMENT_TERMS, &local);
    if (agreement->performance_method && *agreement->performance_method)
        text_field_check("performance_method", agreement->performance_method,
                         FIELD_LIMIT_AGREEMENT_PERFORMANCE_METHOD, &local);
    struct date tomorrow;
    latest_day(now, 1, &tomorrow);
    if (agreement->signed_on && date_parse(agreement->signed_on, &d) == STATUS_OK &&
        date_after(&d, &tomorrow))
        error_add_field(&local, "signed_at", "must not be in the future");
    for (size_t k = 0; k < local.field_count; k++) {
        char field[96];
        snprintf(field, sizeof(field), "agreement.%s", local.fields[k].field);
        error_add_field(err, field, "%s", local.fields[k].message);
    }
}

void case_input_close(const cJSON *body, int64_t now, struct close_input *close,
                      enum case_outcome *outcome, struct agreement_input *agreement,
                      struct error *err)
{
    static const char *const fields[] = {"outcome",
                                         "note",
                                         "agreement",
                                         "referred_to",
                                         "prevented_escalation",
                                         "prevented_mass_petition",
                                         NULL};
    memset(close, 0, sizeof(*close));
    input_only_known(body, fields, err);
    close->outcome = input_string(body, "outcome", true, err);
    close->note = input_string(body, "note", false, err);
    close->referred_to = input_string(body, "referred_to", false, err);
    close->prevented_escalation = input_bool(body, "prevented_escalation", err) == 1;
    close->prevented_mass_petition = input_bool(body, "prevented_mass_petition", err) == 1;
    if (close->outcome && !case_outcome_parse(close->outcome, outcome))
        error_add_field(err, "outcome",
                        "must be resolved, failed, terminated, withdrawn or referred");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "agreement");
    bool resolved = close->outcome && strcmp(close->outcome, "resolved") == 0;
    if (resolved) {
        read_agreement(a, now, agreement, err);
        close->agreement = agreement;
    } else if (a && !cJSON_IsNull(a)) {
        error_add_field(err, "agreement", "only a resolved case has an agreement");
    }
    bool referred = close->outcome && strcmp(close->outcome, "referred") == 0;
    if (referred && !close->referred_to)
        error_add_field(err, "referred_to",
                        "is required: the court, police, arbitration or agency it goes to");
    if (close->referred_to)
        text_field_check("referred_to", close->referred_to, FIELD_LIMIT_CLOSE_REFERRED_TO, err);
    if (close->note && *close->note)
        text_field_check("note", close->note, FIELD_LIMIT_CLOSE_NOTE, err);
}

void case_input_deadline(const cJSON *body, struct case_deadline_input *d, struct error *err)
{
    static const char *const fields[] = {
        "action", "days", "reason", "applicant_consent", "respondent_consent", NULL};
    memset(d, 0, sizeof(*d));
    input_only_known(body, fields, err);
    d->kind = input_string(body, "action", true, err);
    d->reason = input_string(body, "reason", true, err);
    if (d->kind && strcmp(d->kind, "extend") != 0 && strcmp(d->kind, "pause") != 0 &&
        strcmp(d->kind, "resume") != 0)
        error_add_field(err, "action", "must be extend, pause or resume");
    if (d->reason)
        text_field_check("reason", d->reason, FIELD_LIMIT_DEADLINE_REASON, err);
    if (d->kind && strcmp(d->kind, "extend") == 0) {
        const cJSON *days = cJSON_GetObjectItemCaseSensitive(body, "days");
        if (!cJSON_IsNumber(days) || days->valuedouble < 1 || days->valuedouble > 365 ||
            days->valuedouble != (double)(int)days->valuedouble)
            error_add_field(err, "days", "must be a whole number of days from 1 to 365");
        else
            d->days = (int)days->valuedouble;
        d->applicant_consent = input_bool(body, "applicant_consent", err) == 1;
        d->respondent_consent = input_bool(body, "respondent_consent", err) == 1;
    }
}

void case_input_follow_up(const cJSON *body, struct follow_up_input *f, struct error *err)
{
    static const char *const fields[] = {"return_visit_at", "return_visit_note", "performance",
                                         "judicial_confirmation", NULL};
    size_t before = err->field_count;
    input_only_known(body, fields, err);
    f->return_visit_at = input_string(body, "return_visit_at", false, err);
    f->return_visit_note = input_string(body, "return_visit_note", false, err);
    f->performance = input_string(body, "performance", false, err);
    f->judicial_confirmation = input_bool(body, "judicial_confirmation", err);
    int64_t when;
    if (f->return_visit_at && timestamp_parse(f->return_visit_at, &when) != STATUS_OK)
        error_add_field(err, "return_visit_at", "must be an RFC 3339 date-time");
    enum performance perf;
    if (f->performance && !performance_parse(f->performance, &perf))
        error_add_field(err, "performance", "must be fulfilled, partial or breached");
    if (f->return_visit_note && *f->return_visit_note)
        text_field_check("return_visit_note", f->return_visit_note, FIELD_LIMIT_RETURN_VISIT_NOTE,
                         err);
    if (!f->return_visit_at && !f->return_visit_note && !f->performance &&
        f->judicial_confirmation < 0 && err->field_count == before)
        error_add_field(err, "body", "must record at least one follow-up field");
}

void case_input_session(const cJSON *body, int64_t now, struct case_session_input *s,
                        struct error *err)
{
    static const char *const fields[] = {"held_at", "kind", "participants", "notes", NULL};
    input_only_known(body, fields, err);
    s->held_at = input_string(body, "held_at", true, err);
    s->kind = input_string(body, "kind", true, err);
    s->participants = input_string(body, "participants", true, err);
    s->notes = input_string(body, "notes", false, err);
    int64_t when;
    if (s->held_at && timestamp_parse(s->held_at, &when) != STATUS_OK)
        error_add_field(err, "held_at", "must be an RFC 3339 date-time");
    else if (s->held_at && when > now + 24 * 3600)
        /* a session is logged after it is held; a day of slack covers clocks and time zones */
        error_add_field(err, "held_at", "must not be in the future");
    enum session_kind kind;
    if (s->kind && !session_kind_parse(s->kind, &kind))
        error_add_field(err, "kind", "must be in_person, phone or video");
    if (s->participants)
        text_field_check("participants", s->participants, FIELD_LIMIT_SESSION_PARTICIPANTS, err);
    if (s->notes && *s->notes)
        text_field_check("notes", s->notes, FIELD_LIMIT_SESSION_NOTES, err);
}
