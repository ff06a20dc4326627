/* /api/v1/cases: read, list and search, the audit trail, the sessions list and the audited
 * unmask. Intake is case_intake.c, the edit of intake fields case_edit.c, the transitions
 * case_actions.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "actor.h"
#include "app.h"
#include "audit.h"
#include "case_state.h"
#include "case_store.h"
#include "case_types.h"
#include "case_view.h"
#include "community.h"
#include "community_store.h"
#include "cursor.h"
#include "dates.h"
#include "field_limits.h"
#include "handlers.h"
#include "input.h"
#include "resource.h"
#include "output.h"
#include "views.h"

#define LIST_RECEIVED "cases-received"
#define LIST_DUE "cases-due"

/* ---- read -------------------------------------------------------------------------------------
 */

/* Reads the case named by the path ({id}: an id or a case number) if the caller may see it. */
enum status case_view_load(struct http_request *req, struct db_conn *conn, struct case_record *out)
{
    const char *text = http_request_param(req, "id");
    const struct principal *who = api_caller(req);
    long id = 0;
    const char *case_no = NULL;
    if (text && strchr(text, '-'))
        case_no = text;
    else if (!input_path_id(req, "id", &id))
        return STATUS_NOT_FOUND;
    enum status st = db_case_get(conn, req->arena, id, case_no, who->center_id, out, &req->error);
    if (st == STATUS_OK && !case_view_visible(who, out->mediator_user_id))
        st = error_set(&req->error, STATUS_NOT_FOUND, "no such case");
    return st;
}

/* The connection of a read (a replica's when there is one: api_read_db), and the case its path
 * names if the caller may see it. */
static enum status path_case(struct http_request *req, struct app *app, struct db_conn **conn,
                             struct case_record *out)
{
    enum status st = api_read_db(req, app, conn);
    return st == STATUS_OK ? case_view_load(req, *conn, out) : st;
}

struct get_ctx {
    struct http_request *req;
    struct case_record record;
    enum idempotent_pii pii;
};

/* A read that may show the parties in clear (to the case's mediator): the case and the pii.view
 * event in one transaction. */
static enum status get_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct get_ctx *ctx = ctxv;
    enum status st = case_view_load(ctx->req, conn, &ctx->record);
    if (st != STATUS_OK)
        return st;
    ctx->pii = case_view_default(api_caller(ctx->req), ctx->record.mediator_user_id);
    if (ctx->pii == IDEMPOTENT_PII_MASKED)
        return STATUS_OK;
    return case_view_audit_clear(ctx->req, conn, ctx->record.id, ctx->record.center_id,
                                 ctx->record.party_count, ctx->pii, false, err);
}

int cases_get(struct http_request *req, struct http_response *res, void *app)
{
    struct get_ctx ctx = {.req = req, .pii = IDEMPOTENT_PII_MASKED};
    /* read where reads go (a replica when there is one); only a logged-in user can be a case's
     * mediator and see the parties in clear, which is audited: that read runs again on the
     * primary, with its pii.view event, in one transaction */
    const struct principal *who = api_caller(req);
    struct db_conn *conn;
    if (path_case(req, app, &conn, &ctx.record) != STATUS_OK)
        return http_fail_with_error(req);
    if (who->kind == PRINCIPAL_SESSION &&
        case_view_default(who, ctx.record.mediator_user_id) != IDEMPOTENT_PII_MASKED) {
        api_release(req, app);
        if (api_transact(req, app, get_tx, &ctx) != STATUS_OK)
            return http_fail_with_error(req);
    }
    return case_view_respond(req, res, 200, &ctx.record, ctx.pii);
}

/* ---- list -------------------------------------------------------------------------------------
 */

/* Escapes LIKE's wildcards so that q matches literally. */
static const char *like_escape(struct http_request *req, const char *q)
{
    size_t len = strlen(q);
    char *out = arena_alloc(req->arena, 2 * len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
            out[o++] = '\\';
        out[o++] = q[i];
    }
    out[o] = '\0';
    return out;
}

static int query_bool(struct http_request *req, const char *name)
{
    const char *v = http_request_query(req, name);
    if (!v)
        return -1;
    if (strcmp(v, "true") == 0)
        return 1;
    if (strcmp(v, "false") == 0)
        return 0;
    error_add_field(&req->error, name, "must be true or false");
    return -1;
}

static const char *query_enum(struct http_request *req, const char *name, enum case_vocab vocab)
{
    const char *v = http_request_query(req, name);
    if (v && !case_vocab_valid(vocab, v))
        error_add_field(&req->error, name, "is not one of the allowed values");
    return v;
}

static const char *query_date(struct http_request *req, const char *name)
{
    const char *v = http_request_query(req, name);
    struct date d;
    if (v && date_parse(v, &d) != STATUS_OK)
        error_add_field(&req->error, name, "must be a date YYYY-MM-DD");
    return v;
}

static cJSON *summary_json(const struct case_summary *c)
{
    cJSON *o = cJSON_CreateObject();
    CASE_VIEW_HEAD(o, c);
    CASE_VIEW_INTAKE(o, c);
    output_string_or_null(o, "due_at", c->due_at);
    cJSON_AddBoolToObject(o, "overdue", c->overdue);
    output_string_or_null(o, "closed_at", c->closed_at);
    output_string_or_null(o, "outcome", c->outcome);
    case_view_external_ref(o, c->external_system, c->external_id);
    return o;
}

/* The case list's page callbacks (output_page_keyed). */
static cJSON *summary_item(const void *rows, size_t i)
{
    return summary_json(&((const struct case_summary *)rows)[i]);
}

static long long summary_key(const void *rows, size_t i)
{
    return (long long)((const struct case_summary *)rows)[i].sort_key;
}

static long summary_id(const void *rows, size_t i)
{
    return ((const struct case_summary *)rows)[i].id;
}

int cases_list(struct http_request *req, struct http_response *res, void *app)
{
    const struct principal *who = api_caller(req);
    struct case_filter f = {.center_id = who->center_id, .overdue = -1, .due_soon = -1};
    f.limit = (int)input_query_long(req, "limit", 1, 100, 50);
    f.status = query_enum(req, "status", CASE_VOCAB_STATUS);
    f.dispute_type = query_enum(req, "dispute_type", CASE_VOCAB_DISPUTE_TYPE);
    f.source = query_enum(req, "source", CASE_VOCAB_SOURCE);
    f.risk_level = query_enum(req, "risk_level", CASE_VOCAB_RISK_LEVEL);
    f.mediator_id = input_query_long(req, "mediator_id", 1, 1L << 53, 0);
    f.community_id = input_query_long(req, "community_id", 1, 1L << 53, 0);
    f.overdue = query_bool(req, "overdue");
    f.due_soon = query_bool(req, "due_soon");
    f.received_from = query_date(req, "received_from");
    f.received_to = query_date(req, "received_to");
    f.external_system = http_request_query(req, "external_system");
    f.external_id = http_request_query(req, "external_id");
    const char *q = http_request_query(req, "q");
    if (q && (strlen(q) < 1 || strlen(q) > 200))
        error_add_field(&req->error, "q", "must be 1 to 200 bytes");
    else if (q)
        f.q = like_escape(req, q);
    const char *sort = http_request_query(req, "sort");
    if (sort && strcmp(sort, "received") != 0 && strcmp(sort, "due") != 0)
        error_add_field(&req->error, "sort", "must be received or due");
    f.by_due = sort && strcmp(sort, "due") == 0;
    if (req->error.field_count)
        return 422;
    const char *list = f.by_due ? LIST_DUE : LIST_RECEIVED;
    const char *cursor = http_request_query(req, "cursor");
    if (cursor) {
        long long key;
        if (!cursor_decode_pair(list, cursor, &key, &f.cursor_id))
            return http_fail(req, STATUS_MALFORMED, "cursor is not one this list issued");
        f.cursor_key = key;
        f.has_cursor = true;
    }
    /* mediators list only their own cases; a mediator key without a linked user has none */
    if (who->role == ROLE_MEDIATOR)
        f.only_mediator_user = who->kind == PRINCIPAL_SESSION ? who->user_id : -1;
    int limit = f.limit;
    f.limit = limit + 1;
    struct db_conn *conn;
    if (api_read_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct case_summary *items;
    size_t count;
    if (db_case_list(conn, req->arena, &f, &items, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    return output_page_keyed(res, list, items, count, (size_t)limit, summary_item, summary_key,
                             summary_id);
}

OUTPUT_PAGE_CALLBACKS(event, struct case_event, view_case_event)
OUTPUT_ITEM_CALLBACK(session, struct mediation_session, view_session)

/* ---- audit trail, sessions, unmask ------------------------------------------------------------
 */

int cases_events(struct http_request *req, struct http_response *res, void *app)
{
    long limit = input_query_long(req, "limit", 1, 500, 100);
    if (req->error.field_count)
        return 422;
    long after = 0;
    const char *cursor = http_request_query(req, "cursor");
    if (cursor && !cursor_decode("case-events", cursor, &after))
        return http_fail(req, STATUS_MALFORMED, "cursor is not one this list issued");
    struct db_conn *conn;
    struct case_record c;
    if (path_case(req, app, &conn, &c) != STATUS_OK)
        return http_fail_with_error(req);
    struct case_event *items;
    size_t count;
    if (db_case_events(conn, req->arena, c.id, after, (int)limit + 1, &items, &count,
                       &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    return output_page(res, "case-events", items, count, (size_t)limit, event_item, event_id);
}

int cases_sessions_list(struct http_request *req, struct http_response *res, void *app)
{
    struct db_conn *conn;
    struct case_record c;
    if (path_case(req, app, &conn, &c) != STATUS_OK)
        return http_fail_with_error(req);
    struct mediation_session *items;
    size_t count;
    if (db_case_sessions(conn, req->arena, c.id, &items, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    return output_items(res, 200, items, count, session_item, true);
}

struct unmask_ctx {
    struct http_request *req;
    long id;
    const char *reason;
    struct case_record record;
};

static enum status unmask_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct unmask_ctx *ctx = ctxv;
    struct http_request *req = ctx->req;
    const struct principal *who = api_caller(req);
    enum status st =
        db_case_get(conn, req->arena, ctx->id, NULL, who->center_id, &ctx->record, err);
    if (st != STATUS_OK)
        return st;
    if (!case_view_visible(who, ctx->record.mediator_user_id))
        return error_set(err, STATUS_NOT_FOUND, "no such case");
    if (!case_view_works(who, ctx->record.center_id, ctx->record.mediator_user_id))
        return error_set(err, STATUS_FORBIDDEN,
                         "only the case's mediator, or a supervisor or admin of its center, may "
                         "unmask its parties");
    struct case_lock lock = {.id = ctx->record.id, .center_id = ctx->record.center_id};
    struct db_actor actor;
    api_actor(req, &actor);
    const char *after = audit_json(req->arena, audit_parties_shown(ctx->record.party_count));
    return db_case_event(conn, &lock, &actor, "pii.unmask", NULL, NULL, NULL, after, ctx->reason,
                         err);
}

static int unmask_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct unmask_ctx *ctx = ctxv;
    int status = case_view_respond(req, res, 200, &ctx->record, IDEMPOTENT_PII_UNMASK);
    /* unmask_tx wrote its own event, pii.unmask, with the caller's reason */
    struct api_request *ar = api_request_state(req);
    if (ar)
        ar->shown.audited = true;
    return status;
}

int cases_unmask(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"reason", NULL};
    struct unmask_ctx *ctx;
    const cJSON *body = API_CTX_PATH_BODY(req, ctx, fields);
    if (!body)
        return http_fail_with_error(req);
    ctx->reason = input_string(body, "reason", true, &req->error);
    if (ctx->reason)
        text_field_check("reason", ctx->reason, FIELD_LIMIT_UNMASK_REASON, &req->error);
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, unmask_tx, unmask_render, ctx);
}
