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
#include "audit.h"
#include "case_input.h"
#include "case_state.h"
#include "case_store.h"
#include "case_types.h"
#include "case_view.h"
#include "community.h"
#include "dates.h"
#include "deadline.h"
#include "field_limits.h"
#include "handlers.h"
#include "input.h"
#include "resource.h"
#include "mediator_store.h"
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
    const char *capacity_override; /* assign: why a mediator at capacity takes the case anyway */
    struct case_session_input session;
    struct case_deadline_input deadline; /* its reason is also in reason */
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
    enum status st = case_view_lock(ctx->req, conn, ctx->id, ctx->if_match, &ctx->lock, err);
    if (st != STATUS_OK)
        return st;
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

/* Allocates the context, reads the path id, the optional If-Match and the JSON object body (a
 * missing one is 400 when body_required, else *body is NULL). */
static struct action_ctx *start(struct http_request *req, enum case_action action,
                                bool body_required, const cJSON **body)
{
    struct action_ctx *ctx;
    if (!API_CTX_NEW(req, ctx))
        return NULL;
    ctx->action = action;
    if (!input_path_id(req, "id", &ctx->id))
        return NULL;
    if (http_request_header(req, "If-Match")) {
        if (input_if_match(req, ctx->id, &ctx->if_match) != STATUS_OK)
            return NULL;
    }
    /* an empty body means {} for actions that need nothing */
    if (!req->json && body_required) {
        http_fail(req, STATUS_MALFORMED, "a JSON body is required");
        return NULL;
    }
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
    struct action_ctx *ctx = start(req, CASE_ACTION_ACCEPT, false, &body);
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
    struct action_ctx *ctx = start(req, CASE_ACTION_DECLINE, false, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body with reason is required");
    input_only_known(body, fields, &req->error);
    ctx->reason = input_string(body, "reason", true, &req->error);
    ctx->advice = input_string(body, "referral_advice", false, &req->error);
    if (ctx->reason)
        text_field_check("reason", ctx->reason, FIELD_LIMIT_DECLINE_REASON, &req->error);
    if (ctx->advice && *ctx->advice)
        text_field_check("referral_advice", ctx->advice, FIELD_LIMIT_DECLINE_REFERRAL_ADVICE,
                         &req->error);
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
    /* a mediator at capacity takes no more cases unless a supervisor says why (audited below) */
    int capacity = 0, open_cases = 0;
    st = db_mediator_capacity(conn, ctx->mediator_id, ctx->id, &capacity, &open_cases, err);
    if (st != STATUS_OK)
        return st;
    bool over = open_cases >= capacity;
    if (over && !ctx->capacity_override)
        return error_set(err, STATUS_CONFLICT,
                         "mediator %ld is at capacity (%d open cases of %d); send "
                         "capacity_override with a reason to assign anyway",
                         ctx->mediator_id, open_cases, capacity);
    const char *channel = NULL;
    st = db_case_assign(conn, ctx->req->arena, ctx->id, ctx->mediator_id, case_status_name(ctx->to),
                        &channel, err);
    if (st != STATUS_OK)
        return st;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddNumberToObject(after, "mediator_id", (double)ctx->mediator_id);
    cJSON_AddNumberToObject(after, "previous_mediator_id", (double)ctx->lock.mediator_id);
    audit_add_text(after, "channel", channel);
    if (over) {
        cJSON_AddNumberToObject(after, "open_cases", open_cases);
        cJSON_AddNumberToObject(after, "max_open_cases", capacity);
        audit_add_text(after, "capacity_override", ctx->capacity_override);
    }
    ctx->event_after = audit_json(ctx->req->arena, after);
    return finish_action(conn, ctx, reassign ? "reassign" : "assign", err);
}

int cases_assign(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"mediator_id", "reason", "capacity_override", NULL};
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_ASSIGN, false, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body with mediator_id is required");
    input_only_known(body, fields, &req->error);
    ctx->mediator_id = input_id(body, "mediator_id", true, &req->error);
    ctx->reason = input_string(body, "reason", false, &req->error);
    if (ctx->reason)
        text_field_check("reason", ctx->reason, FIELD_LIMIT_ASSIGN_REASON, &req->error);
    ctx->capacity_override = input_string(body, "capacity_override", false, &req->error);
    if (ctx->capacity_override)
        text_field_check("capacity_override", ctx->capacity_override, FIELD_LIMIT_ASSIGN_REASON,
                         &req->error);
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
    st = db_case_session(conn, ctx->req->arena, ctx->id, ctx->session.held_at, ctx->session.kind,
                         ctx->session.participants, ctx->session.notes, &session_id, err);
    if (st != STATUS_OK)
        return st;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddNumberToObject(after, "session_id", (double)session_id);
    audit_add_text(after, "held_at", ctx->session.held_at);
    audit_add_text(after, "kind", ctx->session.kind);
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
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_LOG_SESSION, true, &body);
    if (!ctx)
        return finish_request(req);
    case_input_session(body, (int64_t)time(NULL), &ctx->session, &req->error);
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
    if (strcmp(ctx->deadline.kind, "extend") == 0) {
        st = deadline_extension_check(
            ctx->lock.extended_days, ctx->deadline.days, DEADLINE_DEFAULT_EXTENSION_CAP_DAYS,
            ctx->deadline.applicant_consent, ctx->deadline.respondent_consent, err);
        if (st != STATUS_OK)
            return st;
    } else if (strcmp(ctx->deadline.kind, "pause") == 0 && ctx->lock.paused) {
        return error_set(err, STATUS_CONFLICT, "the deadline is already paused");
    } else if (strcmp(ctx->deadline.kind, "resume") == 0 && !ctx->lock.paused) {
        return error_set(err, STATUS_CONFLICT, "the deadline is not paused");
    }
    const char *due = NULL;
    struct db_actor actor;
    api_actor(ctx->req, &actor);
    st = db_case_deadline(conn, ctx->req->arena, ctx->id, ctx->deadline.kind, ctx->deadline.days,
                          ctx->reason, ctx->deadline.applicant_consent,
                          ctx->deadline.respondent_consent, actor.name, &due, err);
    if (st != STATUS_OK)
        return st;
    ctx->to = ctx->from;
    cJSON *after = cJSON_CreateObject();
    audit_add_text(after, "kind", ctx->deadline.kind);
    cJSON_AddNumberToObject(after, "days", ctx->deadline.days);
    audit_add_text(after, "due_at", due ? due : "");
    ctx->event_after = audit_json(ctx->req->arena, after);
    return finish_action(conn, ctx, "deadline", err);
}

int cases_deadline(struct http_request *req, struct http_response *res, void *app)
{
    const cJSON *body = NULL;
    /* the state machine has no deadline action: begin_action checks EDIT's statuses (open ones),
     * and deadline_tx narrows them to those with a running deadline */
    struct action_ctx *ctx = start(req, CASE_ACTION_EDIT, true, &body);
    if (!ctx)
        return finish_request(req);
    case_input_deadline(body, &ctx->deadline, &req->error);
    ctx->reason = ctx->deadline.reason;
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

int cases_close(struct http_request *req, struct http_response *res, void *app)
{
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_CLOSE, false, &body);
    if (!ctx)
        return finish_request(req);
    if (!body)
        return http_fail(req, STATUS_MALFORMED, "a JSON body with outcome is required");
    struct error *err = &req->error;
    case_input_close(body, (int64_t)time(NULL), &ctx->close, &ctx->outcome, &ctx->agreement, err);
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
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, CASE_ACTION_FOLLOW_UP, true, &body);
    if (!ctx)
        return finish_request(req);
    struct error *err = &req->error;
    case_input_follow_up(body, &ctx->follow_up, err);
    if (err->field_count)
        return 422;
    ctx->event_after = audit_body(req->arena, body);
    return api_mutate(req, res, app, follow_up_tx, action_render, ctx);
}
