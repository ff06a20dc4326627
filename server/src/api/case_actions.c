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

struct action_spec;

struct action_ctx {
    const struct action_spec *spec;
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
    cJSON *after;            /* the event's after, built by the action; NULL for none */
    const char *event_after; /* or the event's after as text */
};

/* One action: its state machine action, its event, what it reads from the body and what it does
 * in the transaction between begin_action and finish_action. */
struct action_spec {
    enum case_action action;
    const char *event;
    const char *body_missing; /* the 400 when no body is sent; NULL: an empty body means {} */
    void (*parse)(struct action_ctx *ctx, const cJSON *body, struct error *err);
    enum status (*apply)(struct db_conn *conn, struct action_ctx *ctx, struct error *err);
    int (*render)(struct http_request *req, struct http_response *res, void *ctx);
};

/* The event's after object, created on first use. */
static cJSON *action_after(struct action_ctx *ctx)
{
    if (!ctx->after)
        ctx->after = cJSON_CreateObject();
    return ctx->after;
}

/* Locks the case and checks access, If-Match and the state machine. An assign from assigned or
 * in_mediation is a reassignment, which needs a reason (checked by assign_apply). */
static enum status begin_action(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    enum status st = case_view_lock(ctx->req, conn, ctx->id, ctx->if_match, &ctx->lock, err);
    if (st != STATUS_OK)
        return st;
    if (!case_status_parse(ctx->lock.status, &ctx->from))
        return error_set(err, STATUS_INTERNAL, "unknown status %s", ctx->lock.status);
    st = case_state_next(ctx->from, ctx->action, ctx->outcome, &ctx->to, err);
    if (st == STATUS_CONFLICT && ctx->action == CASE_ACTION_ASSIGN &&
        (ctx->from == CASE_STATUS_ASSIGNED || ctx->from == CASE_STATUS_IN_MEDIATION)) {
        error_init(err);
        ctx->action = CASE_ACTION_REASSIGN;
        st = case_state_next(ctx->from, ctx->action, ctx->outcome, &ctx->to, err);
    }
    return st;
}

/* Writes the event and reads the case back for the answer. */
static enum status finish_action(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    if (ctx->after) {
        ctx->event_after = audit_json(ctx->req->arena, ctx->after);
        ctx->after = NULL;
    }
    const char *action = ctx->action == CASE_ACTION_REASSIGN ? "reassign" : ctx->spec->event;
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
 * missing one is 400 when the action names why, else *body is NULL). NULL, with req->error set,
 * when the request is not acceptable. */
static struct action_ctx *start(struct http_request *req, const struct action_spec *spec,
                                const cJSON **body)
{
    struct action_ctx *ctx;
    if (!API_CTX_NEW(req, ctx))
        return NULL;
    ctx->spec = spec;
    ctx->action = spec->action;
    if (!input_path_id(req, "id", &ctx->id))
        return NULL;
    if (http_request_header(req, "If-Match")) {
        if (input_if_match(req, ctx->id, &ctx->if_match) != STATUS_OK)
            return NULL;
    }
    if (!req->json) {
        /* an empty body means {} for actions that need nothing */
        if (spec->body_missing) {
            http_fail(req, STATUS_MALFORMED, "%s", spec->body_missing);
            return NULL;
        }
        *body = NULL;
        return ctx;
    }
    *body = input_object(req);
    return *body ? ctx : NULL;
}

/* The one transaction of every action: lock and check, the action's own work, the event. */
static enum status action_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct action_ctx *ctx = ctxv;
    enum status st = begin_action(conn, ctx, err);
    if (st == STATUS_OK)
        st = ctx->spec->apply(conn, ctx, err);
    return st == STATUS_OK ? finish_action(conn, ctx, err) : st;
}

/* Reads the request (400 or 422 when it is not acceptable) and runs the action. */
static int run_action(struct http_request *req, struct http_response *res, void *app,
                      const struct action_spec *spec)
{
    const cJSON *body = NULL;
    struct action_ctx *ctx = start(req, spec, &body);
    if (!ctx)
        return http_fail_with_error(req);
    spec->parse(ctx, body, &req->error);
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, action_tx, spec->render, ctx);
}

/* Defines the route handler of one action from its parts (prefix_parse and prefix_apply). */
#define CASE_ACTION_HANDLER(handler, action, event, body_missing, prefix, render)                  \
    int handler(struct http_request *req, struct http_response *res, void *app)                    \
    {                                                                                              \
        static const struct action_spec spec = {action,         event,          body_missing,      \
                                                prefix##_parse, prefix##_apply, render};           \
        return run_action(req, res, app, &spec);                                                   \
    }

#define BODY_REQUIRED "a JSON body is required"

/* ---- accept / decline ------------------------------------------------------------------------
 */

static void accept_parse(struct action_ctx *ctx, const cJSON *body, struct error *err)
{
    static const char *const fields[] = {NULL};
    (void)ctx;
    if (body)
        input_only_known(body, fields, err);
}

static enum status accept_apply(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    enum dispute_type type = DISPUTE_TYPE_OTHER;
    enum risk_level risk = RISK_LEVEL_NONE;
    dispute_type_parse(ctx->lock.dispute_type, &type);
    risk_level_parse(ctx->lock.risk_level, &risk);
    int days = 0, cap = 0;
    enum status st = db_policy_days(conn, ctx->lock.center_id, type, risk, &days, &cap, err);
    if (st == STATUS_OK)
        st = db_case_accept(conn, ctx->id, days, err);
    if (st == STATUS_OK)
        cJSON_AddNumberToObject(action_after(ctx), "deadline_days", days);
    return st;
}

CASE_ACTION_HANDLER(cases_accept, CASE_ACTION_ACCEPT, "accept", NULL, accept, action_render)

static void decline_parse(struct action_ctx *ctx, const cJSON *body, struct error *err)
{
    static const char *const fields[] = {"reason", "referral_advice", NULL};
    input_only_known(body, fields, err);
    ctx->reason = input_string(body, "reason", true, err);
    ctx->advice = input_string(body, "referral_advice", false, err);
    if (ctx->reason)
        text_field_check("reason", ctx->reason, FIELD_LIMIT_DECLINE_REASON, err);
    if (ctx->advice && *ctx->advice)
        text_field_check("referral_advice", ctx->advice, FIELD_LIMIT_DECLINE_REFERRAL_ADVICE, err);
}

static enum status decline_apply(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    return db_case_decline(conn, ctx->id, ctx->reason, ctx->advice, err);
}

CASE_ACTION_HANDLER(cases_decline, CASE_ACTION_DECLINE, "decline",
                    "a JSON body with reason is required", decline, action_render)

/* ---- assign -----------------------------------------------------------------------------------
 */

static void assign_parse(struct action_ctx *ctx, const cJSON *body, struct error *err)
{
    static const char *const fields[] = {"mediator_id", "reason", "capacity_override", NULL};
    input_only_known(body, fields, err);
    ctx->mediator_id = input_id(body, "mediator_id", true, err);
    ctx->reason = input_string(body, "reason", false, err);
    if (ctx->reason)
        text_field_check("reason", ctx->reason, FIELD_LIMIT_ASSIGN_REASON, err);
    ctx->capacity_override = input_string(body, "capacity_override", false, err);
    if (ctx->capacity_override)
        text_field_check("capacity_override", ctx->capacity_override, FIELD_LIMIT_ASSIGN_REASON,
                         err);
}

static enum status assign_apply(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    bool reassign = ctx->action == CASE_ACTION_REASSIGN;
    if (reassign && !ctx->reason)
        return error_add_field(err, "reason", "is required to reassign a case");
    if (reassign && ctx->mediator_id == ctx->lock.mediator_id)
        return error_add_field(err, "mediator_id", "already has this case");
    /* a mediator at capacity takes no more cases unless a supervisor says why (audited below) */
    int capacity = 0, open_cases = 0;
    enum status st =
        db_mediator_capacity(conn, ctx->mediator_id, ctx->id, &capacity, &open_cases, err);
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
    cJSON *after = action_after(ctx);
    cJSON_AddNumberToObject(after, "mediator_id", (double)ctx->mediator_id);
    cJSON_AddNumberToObject(after, "previous_mediator_id", (double)ctx->lock.mediator_id);
    audit_add_text(after, "channel", channel);
    if (over) {
        cJSON_AddNumberToObject(after, "open_cases", open_cases);
        cJSON_AddNumberToObject(after, "max_open_cases", capacity);
        audit_add_text(after, "capacity_override", ctx->capacity_override);
    }
    return STATUS_OK;
}

CASE_ACTION_HANDLER(cases_assign, CASE_ACTION_ASSIGN, "assign",
                    "a JSON body with mediator_id is required", assign, action_render)

/* ---- sessions ---------------------------------------------------------------------------------
 */

static void session_parse(struct action_ctx *ctx, const cJSON *body, struct error *err)
{
    case_input_session(body, (int64_t)time(NULL), &ctx->session, err);
}

static enum status session_apply(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    long session_id = 0;
    enum status st =
        db_case_session(conn, ctx->req->arena, ctx->id, ctx->session.held_at, ctx->session.kind,
                        ctx->session.participants, ctx->session.notes, &session_id, err);
    if (st != STATUS_OK)
        return st;
    cJSON *after = action_after(ctx);
    cJSON_AddNumberToObject(after, "session_id", (double)session_id);
    audit_add_text(after, "held_at", ctx->session.held_at);
    audit_add_text(after, "kind", ctx->session.kind);
    return STATUS_OK;
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

CASE_ACTION_HANDLER(cases_sessions_create, CASE_ACTION_LOG_SESSION, "session", BODY_REQUIRED,
                    session, session_render)

/* ---- deadline ---------------------------------------------------------------------------------
 */

static void deadline_parse(struct action_ctx *ctx, const cJSON *body, struct error *err)
{
    case_input_deadline(body, &ctx->deadline, err);
    ctx->reason = ctx->deadline.reason;
}

/* The state machine has no deadline action: begin_action checks EDIT's statuses (open ones), and
 * this narrows them to those with a running deadline (from acceptance to close: the same
 * statuses as a reassignment or an edit after acceptance). */
static enum status deadline_apply(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    if (ctx->from != CASE_STATUS_ACCEPTED && ctx->from != CASE_STATUS_ASSIGNED &&
        ctx->from != CASE_STATUS_IN_MEDIATION)
        return error_set(err, STATUS_CONFLICT, "a case that is %s has no running deadline",
                         ctx->lock.status);
    if (strcmp(ctx->deadline.kind, "extend") == 0) {
        enum status st = deadline_extension_check(
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
    enum status st = db_case_deadline(
        conn, ctx->req->arena, ctx->id, ctx->deadline.kind, ctx->deadline.days, ctx->reason,
        ctx->deadline.applicant_consent, ctx->deadline.respondent_consent, actor.name, &due, err);
    if (st != STATUS_OK)
        return st;
    ctx->to = ctx->from;
    cJSON *after = action_after(ctx);
    audit_add_text(after, "kind", ctx->deadline.kind);
    cJSON_AddNumberToObject(after, "days", ctx->deadline.days);
    audit_add_text(after, "due_at", due ? due : "");
    return STATUS_OK;
}

CASE_ACTION_HANDLER(cases_deadline, CASE_ACTION_EDIT, "deadline", BODY_REQUIRED, deadline,
                    action_render)

/* ---- close ------------------------------------------------------------------------------------
 */

static void close_parse(struct action_ctx *ctx, const cJSON *body, struct error *err)
{
    case_input_close(body, (int64_t)time(NULL), &ctx->close, &ctx->outcome, &ctx->agreement, err);
}

static enum status close_apply(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    enum status st = db_case_close(conn, ctx->id, &ctx->close, err);
    if (st != STATUS_OK)
        return st;
    char amount[MONEY_TEXT_MAX] = "";
    if (ctx->close.agreement)
        money_format(ctx->close.agreement->amount_fen, amount);
    cJSON *after = action_after(ctx);
    audit_add_text(after, "outcome", ctx->close.outcome);
    audit_add_text(after, "agreement_amount", *amount ? amount : NULL);
    cJSON_AddBoolToObject(after, "prevented_escalation", ctx->close.prevented_escalation);
    cJSON_AddBoolToObject(after, "prevented_mass_petition", ctx->close.prevented_mass_petition);
    return STATUS_OK;
}

CASE_ACTION_HANDLER(cases_close, CASE_ACTION_CLOSE, "close", "a JSON body with outcome is required",
                    close, action_render)

/* ---- follow-up --------------------------------------------------------------------------------
 */

static void follow_up_parse(struct action_ctx *ctx, const cJSON *body, struct error *err)
{
    case_input_follow_up(body, &ctx->follow_up, err);
    if (!err->field_count)
        ctx->event_after = audit_body(ctx->req->arena, body);
}

static enum status follow_up_apply(struct db_conn *conn, struct action_ctx *ctx, struct error *err)
{
    return db_case_follow_up(conn, ctx->id, &ctx->follow_up, err);
}

CASE_ACTION_HANDLER(cases_follow_up, CASE_ACTION_FOLLOW_UP, "follow_up", BODY_REQUIRED, follow_up,
                    action_render)
