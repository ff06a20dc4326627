/* POST /api/v1/cases: intake. The body is read by case_input.c and judged by the rules of
 * domain/intake.h; the parties' keyed hashes are computed here, before any SQL; the case, its
 * parties, search text and audit events go in with one statement (case_insert.sql), or, for a
 * pushed external reference, in a transaction that first looks the reference up. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "actor.h"
#include "app.h"
#include "campaigns.h"
#include "case_input.h"
#include "case_store.h"
#include "case_view.h"
#include "community_store.h"
#include "crypto.h"
#include "handlers.h"
#include "input.h"
#include "resource.h"
#include "intake.h"
#include "output.h"

struct intake_ctx {
    struct http_request *req;
    struct app *app;
    int center_id;
    struct case_intake in;
    struct party_input parties[CASE_PARTIES_MAX];
    unsigned char hashes[CASE_PARTIES_MAX][2][CRYPTO_SHA256_LEN];
    /* out */
    bool existing;
    struct case_record record;
    struct duplicates duplicates;
};

/* Keyed hashes recognise the same person across cases without indexing the number. */
static void hash_party(struct intake_ctx *ctx, size_t i)
{
    const char *key = ctx->app->config->pii_hash_key;
    struct party_input *p = &ctx->parties[i];
    if (p->id_number) {
        crypto_hmac_sha256(key, strlen(key), p->id_number, strlen(p->id_number), ctx->hashes[i][0]);
        p->id_hash = ctx->hashes[i][0];
    }
    if (p->phone) {
        crypto_hmac_sha256(key, strlen(key), p->phone, strlen(p->phone), ctx->hashes[i][1]);
        p->phone_hash = ctx->hashes[i][1];
    }
}

static enum status intake_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct intake_ctx *ctx = ctxv;
    struct http_request *req = ctx->req;
    long case_id = 0;
    ctx->existing = false;
    if (ctx->in.external_system) {
        bool found = false;
        enum status st = db_case_by_external_ref(conn, ctx->center_id, ctx->in.external_system,
                                                 ctx->in.external_id, &case_id, &found, err);
        if (st != STATUS_OK)
            return st;
        ctx->existing = found;
    }
    ctx->duplicates.count = 0;
    if (ctx->existing)
        return db_case_get(conn, req->arena, case_id, NULL, 0, &ctx->record, err);
    struct db_actor actor;
    api_actor(req, &actor);
    /* the answer shows the registrant the parties they sent: the insert writes its pii.view */
    struct db_event_note pii_view = {case_view_clear_after(req->arena, ctx->in.party_count, false),
                                     case_view_clear_reason(IDEMPOTENT_PII_REGISTRANT, false)};
    if (!pii_view.after)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    enum status st = db_case_insert(conn, req->arena, ctx->center_id, &ctx->in, &actor, &pii_view,
                                    &ctx->record, &ctx->duplicates, err);
    if (st == STATUS_OK && ctx->in.campaign_id)
        st = campaigns_tag_new_case(req, conn, ctx->record.id, ctx->center_id, ctx->in.campaign_id,
                                    err);
    return st;
}

static int intake_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct intake_ctx *ctx = ctxv;
    /* the registrant gets back in clear what they have just sent; a second push of an external
     * reference shows an existing case, which follows the rule of a read */
    enum idempotent_pii pii = ctx->existing
                                  ? case_view_default(api_caller(req), ctx->record.mediator_user_id)
                                  : IDEMPOTENT_PII_REGISTRANT;
    cJSON *o = case_view_json(&ctx->record, pii != IDEMPOTENT_PII_MASKED);
    if (!o)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    cJSON *dups = cJSON_AddArrayToObject(o, "possible_duplicates");
    for (size_t i = 0; i < ctx->duplicates.count; i++) {
        const struct duplicate *dup = &ctx->duplicates.items[i];
        cJSON *d = cJSON_CreateObject();
        cJSON_AddNumberToObject(d, "id", (double)dup->id);
        cJSON_AddStringToObject(d, "case_no", dup->case_no);
        cJSON_AddStringToObject(d, "status", dup->status);
        cJSON_AddItemToArray(dups, d);
    }
    http_response_header(res, "Location",
                         arena_printf(req->arena, "/api/v1/cases/%ld", ctx->record.id));
    http_response_header(res, "ETag", input_etag(req, ctx->record.id, ctx->record.version));
    /* a new case's pii.view went in with it (db_case_insert) */
    case_view_shown(req, res, &ctx->record, pii, !ctx->existing);
    return output_json(res, ctx->existing ? 200 : 201, o);
}

/* The text the trigram index searches (domain/intake.h), in the request's arena. */
static const char *search_text(struct intake_ctx *ctx)
{
    const char *names[CASE_PARTIES_MAX];
    for (size_t i = 0; i < ctx->in.party_count; i++)
        names[i] = ctx->parties[i].name;
    size_t len =
        intake_search_text(ctx->in.summary, ctx->in.claims, names, ctx->in.party_count, NULL, 0);
    char *text = arena_alloc(ctx->req->arena, len + 1);
    if (text)
        intake_search_text(ctx->in.summary, ctx->in.claims, names, ctx->in.party_count, text,
                           len + 1);
    return text;
}

int cases_create(struct http_request *req, struct http_response *res, void *app)
{
    const cJSON *body = input_object(req);
    if (!body)
        return http_fail_with_error(req);
    const struct principal *who = api_caller(req);
    struct intake_ctx *ctx;
    if (!API_CTX_NEW(req, ctx))
        return http_fail_with_error(req);
    ctx->app = app;
    struct case_intake *in = &ctx->in;
    struct error *err = &req->error;
    const char *center = NULL;
    case_input_intake(req->arena, body, (int64_t)time(NULL), in, ctx->parties, &center, err);
    for (size_t i = 0; i < in->party_count; i++)
        hash_party(ctx, i);
    ctx->center_id = who->center_id;
    if (who->center_id && center && strcmp(center, who->center_code) != 0)
        error_add_field(err, "center", "must be your own center, %s", who->center_code);
    if (err->field_count)
        return 422;
    if (!ctx->center_id) {
        /* a city-level caller names the center, or there is only one */
        struct db_conn *conn;
        if (api_db(req, app, &conn) != STATUS_OK)
            return http_fail_with_error(req);
        if (db_center_resolve(conn, center, &ctx->center_id, err) != STATUS_OK)
            return http_fail_with_error(req);
    }
    in->search_text = search_text(ctx);
    /* without an external reference or a campaign, intake_tx is the one insert statement */
    if (!in->external_system && !in->campaign_id)
        return api_mutate_one_statement(req, res, app, intake_tx, intake_render, ctx);
    return api_mutate(req, res, app, intake_tx, intake_render, ctx);
}
