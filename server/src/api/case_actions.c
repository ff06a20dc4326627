/* The transitions of a case (docs/design.md, Status machine): accept, decline, assign, sessions,
 * deadline, close, follow-up. Each locks the case, checks the caller may act on it and that the
 * state machine allows the action from the current status (409 naming it otherwise), changes it,
 * writes the case event, and answers with the case as it now is, all in one transaction. An
 * If-Match header, when sent, must name the current version (412 otherwise). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "actor.h"
#include "app.h"
#include "case_state.h"
#include "case_store.h"
#include "case_types.h"
#include "audit.h"
#include "case_view.h"
#include "community.h"
#include "dates.h"
#include "deadline.h"
#include "handlers.h"
#include "input.h"
#include "money.h"
#include "policy_store.h"

struct action_ctx {
    struct http_request *req;
    long id;
    enum case_action action;
    enum case_outcome outcome;
    int if_match; /* 0: not sent */
    struct case_lock lock;
    enum case_status from, to;
    /* action inputs */
    const char *reason, *advice;
    long mediator_id;
    const char *held_at, *session_kind, *participants, *notes;
    const char *deadline_kind;
    int days;
    bool applicant_consent, respondent_consent;
    struct close_input close;
    struct agreement_input agreement;
    struct follow_up_input follow_up;
    /* out */
    struct case_record record;
    const char *event_after;
};

/* Locks the case and checks access, If-Match and the state machine. */
static enum status begin_action(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    struct http_request *req = ctx->req;
    const struct principal *who = api_caller(req);
    enum status st = db_case_lock(conn, req->arena, ctx->id, who->center_id, &ctx->lock, err);
    if (st != STATUS_OK)
        return st;
    if (!case_view_visible(who, ctx->lock.mediator_user_id))
        return error_set(err, STATUS_NOT_FOUND, "no such case");
    if (ctx->if_match && ctx->if_match != ctx->lock.version)
        return error_set(err, STATUS_PRECONDITION, "the case is at version %d, not %d",
                         ctx->lock.version, ctx->if_match);
    if (!case_status_parse(ctx->lock.status, &ctx->from))
        return error_set(err, STATUS_INTERNAL, "unknown status %s", ctx->lock.status);
    return case_state_next(ctx->from, ctx->action, ctx->outcome, &ctx->to, err);
}

/* Writes the event and reads the case back for the answer. */
static enum status finish_action(struct db_conn *conn, struct action_ctx *ctx, const char *action,
                                 struct error *err)
{
    struct db_actor actor;
    api_actor(ctx->req, &actor);
    enum status st =
        db_case_event(conn, &ctx->lock, &actor, action, ctx->lock.status, case_status_name(ctx->to),
                      NULL, ctx->event_after, ctx->reason, err);
    if (st == STATUS_OK)
        st = db_case_get(conn, ctx->req->arena, ctx->id, NULL, 0, &ctx->record, err);
    return st;
}

static int action_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct action_ctx *ctx = ctxv;
    return case_view_respond(req, res, 200, &ctx->record,
                             case_view_default(api_caller(req), ctx->record.mediator_user_id));
}

/* Allocates the context, reads the path id, the optional If-Match and the JSON object body. */
static struct action_ctx *start(struct http_request *req, enum case_action action,
                                const cJSON **body)
{
    struct action_ctx *ctx = arena_calloc(req->arena, 1, sizeof(*ctx));
    if (!ctx) {
        http_fail(req, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    ctx->req = req;
    ctx->action = action;
    if (!input_path_id(req, "id", &ctx->id))
        return NULL;
    if (http_request_header(req, "If-Match")) {
        if (input_if_match(req, ctx->id, &ctx->if_match) != STATUS_OK)
            return NULL;
    }
    /* an empty body means {} for actions that need nothing */
    if (!req->json) {
        *body = NULL;
        return ctx;
    }
    *body = input_object(req);
    return *body ? ctx : NULL;
}

static int finish_request(struct http_request *req)
{
    return req->error.status ? http_fail_with_error(req) : 400;
}

/* ---- accept / decline ------------------------------------------------------------------------
 */

static enum status accept_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct action_ctx *ctx = ctxv;
    enum status st = begin_action(conn, ctx, err);
    if (st != STATUS_OK)
        return st;
    enum dispute_type type = DISPUTE_TYPE_OTHER;
    enum risk_level risk = RISK_LEVEL_NONE;
    dispute_type_parse(ctx->lock.dispute_type, &type);
    risk_level_parse(ctx->lock.risk_level, &risk);
    int days = 0, cap = 0;
    st = db_policy_days(conn, ctx->lock.center_id, type, risk, &days, &cap, err);
    if (st != STATUS_OK)
        return st;
    st = db_case_accept(conn, ctx->id, days, err);
    if (st != STATUS_OK)
        return st;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddNumberToObject(after, "deadline_days", days);
    ctx->event_after = audit_json(ctx->req->arena, after);
    return finish_action(conn, ctx, "accept", err);
}

int cases_accept(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {NULL};
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_ACCEPT, &body);
    if (!ctx)
        return finish_request(req);
    if (body && !input_only_known(body, fields, &req->error))
        return 422;
    return api_mutate(req, res, app, accept_tx, action_render, ctx);
}

static enum status decline_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct action_ctx *ctx = ctxv;
    enum status st = begin_action(conn, ctx, err);
    if (st == STATUS_OK)
        st = db_case_decline(conn, ctx->id, ctx->reason, ctx->advice, err);
    return st == STATUS_OK ? finish_action(conn, ctx, "decline", err) : st;
}

int cases_decline(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"reason", "referral_advice", NULL};
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_DECLINE, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body with reason is required");
    input_only_known(body, fields, &req->error);
    ctx->reason = input_string(body, "reason", true, &req->error);
    ctx->advice = input_string(body, "referral_advice", false, &req->error);
    if (ctx->reason)
        text_field_check("reason", ctx->reason, 1000, &req->error);
    if (ctx->advice && *ctx->advice)
        text_field_check("referral_advice", ctx->advice, 1000, &req->error);
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, decline_tx, action_render, ctx);
}

/* ---- assign -----------------------------------------------------------------------------------
 */

static enum status assign_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct action_ctx *ctx = ctxv;
    /* from assigned or in_mediation this is a reassignment, which needs a reason */
    enum status st = begin_action(conn, ctx, err);
    if (st == STATUS_CONFLICT && ctx->action == CASE_ACTION_ASSIGN &&
        (ctx->from == CASE_STATUS_ASSIGNED || ctx->from == CASE_STATUS_IN_MEDIATION)) {
        error_init(err);
        ctx->action = CASE_ACTION_REASSIGN;
        st = case_state_next(ctx->from, ctx->action, ctx->outcome, &ctx->to, err);
    }
    if (st != STATUS_OK)
        return st;
    bool reassign = ctx->action == CASE_ACTION_REASSIGN;
    if (reassign && !ctx->reason)
        return error_add_field(err, "reason", "is required to reassign a case");
    if (reassign && ctx->mediator_id == ctx->lock.mediator_id)
        return error_add_field(err, "mediator_id", "already has this case");
    const char *channel = NULL;
    st = db_case_assign(conn, ctx->req->arena, ctx->id, ctx->mediator_id, case_status_name(ctx->to),
                        &channel, err);
    if (st != STATUS_OK)
        return st;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddNumberToObject(after, "mediator_id", (double)ctx->mediator_id);
    cJSON_AddNumberToObject(after, "previous_mediator_id", (double)ctx->lock.mediator_id);
    audit_add_text(after, "channel", channel);
    ctx->event_after = audit_json(ctx->req->arena, after);
    return finish_action(conn, ctx, reassign ? "reassign" : "assign", err);
}

int cases_assign(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"mediator_id", "reason", NULL};
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_ASSIGN, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body with mediator_id is required");
    input_only_known(body, fields, &req->error);
    ctx->mediator_id = input_id(body, "mediator_id", true, &req->error);
    ctx->reason = input_string(body, "reason", false, &req->error);
    if (ctx->reason)
        text_field_check("reason", ctx->reason, 1000, &req->error);
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, assign_tx, action_render, ctx);
}

/* ---- sessions ---------------------------------------------------------------------------------
 */

static enum status session_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct action_ctx *ctx = ctxv;
    enum status st = begin_action(conn, ctx, err);
    if (st != STATUS_OK)
        return st;
    long session_id = 0;
    st = db_case_session(conn, ctx->req->arena, ctx->id, ctx->held_at, ctx->session_kind,
                         ctx->participants, ctx->notes, &session_id, err);
    if (st != STATUS_OK)
        return st;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddNumberToObject(after, "session_id", (double)session_id);
    audit_add_text(after, "held_at", ctx->held_at);
    audit_add_text(after, "kind", ctx->session_kind);
    ctx->event_after = audit_json(ctx->req->arena, after);
    return finish_action(conn, ctx, "session", err);
}

static int session_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct action_ctx *ctx = ctxv;
    int status = action_render(req, res, ctxv);
    if (status == 200) {
        http_response_header(res, "Location",
                             arena_printf(req->arena, "/api/v1/cases/%ld/sessions", ctx->id));
        status = 201;
    }
    return status;
}

int cases_sessions_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"held_at", "kind", "participants", "notes", NULL};
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_LOG_SESSION, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body is required");
    input_only_known(body, fields, &req->error);
    ctx->held_at = input_string(body, "held_at", true, &req->error);
    ctx->session_kind = input_string(body, "kind", true, &req->error);
    ctx->participants = input_string(body, "participants", true, &req->error);
    ctx->notes = input_string(body, "notes", false, &req->error);
    int64_t when;
    if (ctx->held_at && timestamp_parse(ctx->held_at, &when) != STATUS_OK)
        error_add_field(&req->error, "held_at", "must be an RFC 3339 date-time");
    else if (ctx->held_at && when > (int64_t)time(NULL) + 24 * 3600)
        /* a session is logged after it is held; a day of slack covers clocks and time zones */
        error_add_field(&req->error, "held_at", "must not be in the future");
    enum session_kind kind;
    if (ctx->session_kind && !session_kind_parse(ctx->session_kind, &kind))
        error_add_field(&req->error, "kind", "must be in_person, phone or video");
    if (ctx->participants)
        text_field_check("participants", ctx->participants, 500, &req->error);
    if (ctx->notes && *ctx->notes)
        text_field_check("notes", ctx->notes, 5000, &req->error);
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, session_tx, session_render, ctx);
}

/* ---- deadline ---------------------------------------------------------------------------------
 */

static enum status deadline_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct action_ctx *ctx = ctxv;
    /* a deadline runs from acceptance to close: the same statuses as a reassignment or an edit
     * after acceptance */
    enum status st = begin_action(conn, ctx, err);
    if (st != STATUS_OK)
        return st;
    if (ctx->from != CASE_STATUS_ACCEPTED && ctx->from != CASE_STATUS_ASSIGNED &&
        ctx->from != CASE_STATUS_IN_MEDIATION)
        return error_set(err, STATUS_CONFLICT, "a case that is %s has no running deadline",
                         ctx->lock.status);
    if (strcmp(ctx->deadline_kind, "extend") == 0) {
        st = deadline_extension_check(ctx->lock.extended_days, ctx->days,
                                      DEADLINE_DEFAULT_EXTENSION_CAP_DAYS, ctx->applicant_consent,
                                      ctx->respondent_consent, err);
        if (st != STATUS_OK)
            return st;
    } else if (strcmp(ctx->deadline_kind, "pause") == 0 && ctx->lock.paused) {
        return error_set(err, STATUS_CONFLICT, "the deadline is already paused");
    } else if (strcmp(ctx->deadline_kind, "resume") == 0 && !ctx->lock.paused) {
        return error_set(err, STATUS_CONFLICT, "the deadline is not paused");
    }
    const char *due = NULL;
    struct db_actor actor;
    api_actor(ctx->req, &actor);
    st =
        db_case_deadline(conn, ctx->req->arena, ctx->id, ctx->deadline_kind, ctx->days, ctx->reason,
                         ctx->applicant_consent, ctx->respondent_consent, actor.name, &due, err);
    if (st != STATUS_OK)
        return st;
    ctx->to = ctx->from;
    cJSON *after = cJSON_CreateObject();
    audit_add_text(after, "kind", ctx->deadline_kind);
    cJSON_AddNumberToObject(after, "days", ctx->days);
    audit_add_text(after, "due_at", due ? due : "");
    ctx->event_after = audit_json(ctx->req->arena, after);
    return finish_action(conn, ctx, "deadline", err);
}

int cases_deadline(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {
        "action", "days", "reason", "applicant_consent", "respondent_consent", NULL};
    const cJSON *body = NULL;
    /* the state machine has no deadline action: begin_action checks EDIT's statuses (open ones),
     * and deadline_tx narrows them to those with a running deadline */
    struct action_ctx *ctx = start(req, CASE_ACTION_EDIT, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body is required");
    input_only_known(body, fields, &req->error);
    ctx->deadline_kind = input_string(body, "action", true, &req->error);
    ctx->reason = input_string(body, "reason", true, &req->error);
    if (ctx->deadline_kind && strcmp(ctx->deadline_kind, "extend") != 0 &&
        strcmp(ctx->deadline_kind, "pause") != 0 && strcmp(ctx->deadline_kind, "resume") != 0)
        error_add_field(&req->error, "action", "must be extend, pause or resume");
    if (ctx->reason)
        text_field_check("reason", ctx->reason, 1000, &req->error);
    if (ctx->deadline_kind && strcmp(ctx->deadline_kind, "extend") == 0) {
        const cJSON *days = cJSON_GetObjectItemCaseSensitive(body, "days");
        if (!cJSON_IsNumber(days) || days->valuedouble < 1 || days->valuedouble > 365 ||
            days->valuedouble != (double)(int)days->valuedouble)
            error_add_field(&req->error, "days", "must be a whole number of days from 1 to 365");
        else
            ctx->days = (int)days->valuedouble;
        ctx->applicant_consent = input_bool(body, "applicant_consent", &req->error) == 1;
        ctx->respondent_consent = input_bool(body, "respondent_consent", &req->error) == 1;
    }
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, deadline_tx, action_render, ctx);
}

/* ---- close ------------------------------------------------------------------------------------
 */

static enum status close_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct action_ctx *ctx = ctxv;
    enum status st = begin_action(conn, ctx, err);
    if (st != STATUS_OK)
        return st;
    st = db_case_close(conn, ctx->id, &ctx->close, err);
    if (st != STATUS_OK)
        return st;
    char amount[MONEY_TEXT_MAX] = "";
    if (ctx->close.agreement)
        money_format(ctx->close.agreement->amount_fen, amount);
    cJSON *after = cJSON_CreateObject();
    audit_add_text(after, "outcome", ctx->close.outcome);
    audit_add_text(after, "agreement_amount", *amount ? amount : NULL);
    cJSON_AddBoolToObject(after, "prevented_escalation", ctx->close.prevented_escalation);
    cJSON_AddBoolToObject(after, "prevented_mass_petition", ctx->close.prevented_mass_petition);
    ctx->event_after = audit_json(ctx->req->arena, after);
    return finish_action(conn, ctx, "close", err);
}

/* Reads the agreement of a resolved case. */
static void read_agreement(struct action_ctx *ctx, const cJSON *a)
{
    static const char *const fields[] = {
        "amount", "form", "signed_at", "terms", "performance_method", "perform_by", NULL};
    struct error *err = &ctx->req->error;
    struct error local;
    error_init(&local);
    if (!cJSON_IsObject(a)) {
        error_add_field(err, "agreement", "is required for a resolved case");
        return;
    }
    input_only_known(a, fields, &local);
    const char *amount = input_string(a, "amount", true, &local);
    ctx->agreement.form = input_string(a, "form", true, &local);
    ctx->agreement.signed_on = input_string(a, "signed_at", true, &local);
    ctx->agreement.terms = input_string(a, "terms", true, &local);
    ctx->agreement.performance_method = input_string(a, "performance_method", false, &local);
    ctx->agreement.perform_by = input_string(a, "perform_by", false, &local);
    if (amount) {
        struct error money;
        error_init(&money);
        if (money_parse(amount, &ctx->agreement.amount_fen, &money) != STATUS_OK)
            error_add_field(&local, "amount", "%s",
                            money.field_count ? money.fields[0].message : money.message);
    }
    enum agreement_form form;
    if (ctx->agreement.form && !agreement_form_parse(ctx->agreement.form, &form))
        error_add_field(&local, "form", "must be written or oral");
    struct date d;
    if (ctx->agreement.signed_on && date_parse(ctx->agreement.signed_on, &d) != STATUS_OK)
        error_add_field(&local, "signed_at", "must be a date YYYY-MM-DD");
    if (ctx->agreement.perform_by && date_parse(ctx->agreement.perform_by, &d) != STATUS_OK)
        error_add_field(&local, "perform_by", "must be a date YYYY-MM-DD");
    if (ctx->agreement.terms)
        text_field_check("terms", ctx->agreement.terms, 5000, &local);
    if (ctx->agreement.performance_method && *ctx->agreement.performance_method)
        text_field_check("performance_method", ctx->agreement.performance_method, 1000, &local);
    /* a signature after tomorrow everywhere is refused here, with the other fields; one after
     * tomorrow in the center's time zone by the insert (agreement_insert.sql) */
    struct date latest;
    date_from_unix((int64_t)time(NULL) + DATE_MOST_AHEAD_OFFSET_S + 24 * 3600, &latest);
    if (ctx->agreement.signed_on && date_parse(ctx->agreement.signed_on, &d) == STATUS_OK &&
        date_days_from_civil(d.year, d.month, d.day) >
            date_days_from_civil(latest.year, latest.month, latest.day))
        error_add_field(&local, "signed_at", "must not be in the future");
    for (size_t k = 0; k < local.field_count; k++) {
        char field[96];
        snprintf(field, sizeof(field), "agreement.%s", local.fields[k].field);
        error_add_field(err, field, "%s", local.fields[k].message);
    }
    ctx->close.agreement = &ctx->agreement;
}

int cases_close(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"outcome",
                                         "note",
                                         "agreement",
                                         "referred_to",
                                         "prevented_escalation",
                                         "prevented_mass_petition",
                                         NULL};
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_CLOSE, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body with outcome is required");
    struct error *err = &req->error;
    input_only_known(body, fields, err);
    ctx->close.outcome = input_string(body, "outcome", true, err);
    ctx->close.note = input_string(body, "note", false, err);
    ctx->close.referred_to = input_string(body, "referred_to", false, err);
    ctx->close.prevented_escalation = input_bool(body, "prevented_escalation", err) == 1;
    ctx->close.prevented_mass_petition = input_bool(body, "prevented_mass_petition", err) == 1;
    if (ctx->close.outcome && !case_outcome_parse(ctx->close.outcome, &ctx->outcome))
        error_add_field(err, "outcome",
                        "must be resolved, failed, terminated, withdrawn or referred");
    const cJSON *agreement = cJSON_GetObjectItemCaseSensitive(body, "agreement");
    bool resolved = ctx->close.outcome && strcmp(ctx->close.outcome, "resolved") == 0;
    if (resolved)
        read_agreement(ctx, agreement);
    else if (agreement && !cJSON_IsNull(agreement))
        error_add_field(err, "agreement", "only a resolved case has an agreement");
    bool referred = ctx->close.outcome && strcmp(ctx->close.outcome, "referred") == 0;
    if (referred && !ctx->close.referred_to)
        error_add_field(err, "referred_to",
                        "is required: the court, police, arbitration or agency it goes to");
    if (ctx->close.referred_to)
        text_field_check("referred_to", ctx->close.referred_to, 200, err);
    if (ctx->close.note && *ctx->close.note)
        text_field_check("note", ctx->close.note, 2000, err);
    if (err->field_count)
        return 422;
    return api_mutate(req, res, app, close_tx, action_render, ctx);
}

/* ---- follow-up --------------------------------------------------------------------------------
 */

static enum status follow_up_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct action_ctx *ctx = ctxv;
    enum status st = begin_action(conn, ctx, err);
    if (st != STATUS_OK)
        return st;
    st = db_case_follow_up(conn, ctx->id, &ctx->follow_up, err);
    return st == STATUS_OK ? finish_action(conn, ctx, "follow_up", err) : st;
}

int cases_follow_up(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"return_visit_at", "return_visit_note", "performance",
                                         "judicial_confirmation", NULL};
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_FOLLOW_UP, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body is required");
    struct error *err = &req->error;
    input_only_known(body, fields, err);
    struct follow_up_input *f = &ctx->follow_up;
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
        text_field_check("return_visit_note", f->return_visit_note, 2000, err);
    if (!f->return_visit_at && !f->return_visit_note && !f->performance &&
        f->judicial_confirmation < 0 && !err->field_count)
        error_add_field(err, "body", "must record at least one follow-up field");
    if (err->field_count)
        return 422;
    ctx->event_after = audit_body(req->arena, body);
    return api_mutate(req, res, app, follow_up_tx, action_render, ctx);
}
