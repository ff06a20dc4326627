/* The party portal's API: apply online (a case with source online and status received, answered
 * with its number and a tracking code shown once, only the code's keyed hash kept), follow a
 * case with number + code, rate it once after closing. Public; every request is counted against
 * its client address first (guard_portal_admit), and a wrong number and a wrong code answer the
 * same 404. What it shows: the case's status and dates, the mediator's name and channel, the
 * rating; never a party's data, the other party's least of all, nor any staff member's but the
 * mediator's name. */
#include "handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "actor.h"
#include "app.h"
#include "case_input.h"
#include "case_store.h"
#include "community.h"
#include "community_store.h"
#include "crypto.h"
#include "guard.h"
#include "input.h"
#include "output.h"
#include "portal_store.h"
#include "views.h"

/* 12 characters of 32 (no I, O, 0, 1): 60 random bits, written XXXX-XXXX-XXXX */
#define CODE_CHARS 12
#define CODE_TEXT (CODE_CHARS + 2 + 1)
static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static int admit(struct http_request *req, struct app *app)
{
    char client[64];
    api_client(req, app, client, sizeof(client));
    int wait = guard_portal_admit(app->guard, client);
    if (wait > 0) {
        req->error.retry_after = wait;
        return http_fail(req, STATUS_RATE_LIMITED,
                         "too many requests from this address; try again in %d s", wait);
    }
    return 0;
}

/* admit, then the JSON body (input_body): 0 and *body, or the HTTP status to answer with. */
static int admit_body(struct http_request *req, struct app *app, const char *const *fields,
                      const cJSON **body)
{
    int refused = admit(req, app);
    if (refused)
        return refused;
    *body = input_body(req, fields);
    return *body ? 0 : http_fail_with_error(req);
}

/* The code's keyed hash, from its 12 characters whatever the case and dashes; false when it
 * does not have that form. */
static bool code_hash(struct app *app, const char *code, unsigned char out[PORTAL_CODE_HASH_LEN])
{
    char norm[6 + CODE_CHARS + 1] = "portal";
    size_t n = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '-' || *p == ' ')
            continue;
        char c = (char)toupper((unsigned char)*p);
        if (n == CODE_CHARS || !strchr(code_alphabet, c))
            return false;
        norm[6 + n++] = c;
    }
    if (n != CODE_CHARS)
        return false;
    const char *key = app->config->pii_hash_key;
    return crypto_hmac_sha256(key, strlen(key), norm, 6 + n, out) == STATUS_OK;
}

static bool code_new(char out[CODE_TEXT])
{
    unsigned char raw[CODE_CHARS];
    if (crypto_random(raw, sizeof(raw)) != STATUS_OK)
        return false;
    size_t o = 0;
    for (size_t i = 0; i < CODE_CHARS; i++) {
        if (i && i % 4 == 0)
            out[o++] = '-';
        out[o++] = code_alphabet[raw[i] & 31];
    }
    out[o] = '\0';
    return true;
}

static void no_store(struct http_response *res)
{
    http_response_header(res, "Cache-Control", "no-store");
}

/* ---- communities -------------------------------------------------------------------------------
 */

OUTPUT_ITEM_CALLBACK(community, struct community, view_portal_community)

int portal_communities(struct http_request *req, struct http_response *res, void *appv)
{
    struct app *app = appv;
    int refused = admit(req, app);
    if (refused)
        return refused;
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    int center_id = 0;
    if (db_center_resolve(conn, http_request_query(req, "center"), &center_id, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    struct community *items = NULL;
    size_t count = 0;
    if (db_community_list(conn, req->arena, center_id, 0, 1000, &items, &count, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    return output_items(res, 200, items, count, community_item, false);
}

/* ---- apply -------------------------------------------------------------------------------------
 */

struct apply_ctx {
    struct http_request *req;
    struct app *app;
    int center_id;
    struct case_intake in;
    struct party_input parties[2];
    unsigned char hashes[2][2][CRYPTO_SHA256_LEN];
    char code[CODE_TEXT];
    unsigned char code_hash[PORTAL_CODE_HASH_LEN];
    struct case_record record;
};

static enum status apply_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct apply_ctx *ctx = ctxv;
    struct db_actor actor = {0, 0, "portal", ctx->req->request_id};
    struct duplicates dups = {0};
    enum status st = db_case_insert(conn, ctx->req->arena, ctx->center_id, &ctx->in, &actor, NULL,
                                    &ctx->record, &dups, err);
    if (st == STATUS_OK)
        st = db_portal_access_insert(conn, ctx->record.id, ctx->code_hash, err);
    return st;
}

/* Copies a party object of the portal's body into an intake party, role given. */
static cJSON *party_body(const cJSON *obj, const char *role)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "role", role);
    cJSON_AddStringToObject(p, "kind", "person");
    static const char *const fields[] = {"name", "id_number", "phone", "address"};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, fields[i]);
        if (v)
            cJSON_AddItemToObject(p, fields[i], cJSON_Duplicate(v, true));
    }
    return p;
}

/* The intake's field names for the portal's: parties[0].x is applicant.x, parties[1].x
 * respondent.x. */
static void rename_fields(struct error *err)
{
    static const struct {
        const char *from, *to;
    } names[] = {{"parties[0]", "applicant"}, {"parties[1]", "respondent"}};
    for (size_t i = 0; i < err->field_count; i++) {
        char *f = err->fields[i].field;
        for (size_t k = 0; k < 2; k++) {
            size_t n = strlen(names[k].from), to = strlen(names[k].to);
            /* the new prefix is never longer than the old: the name still fits */
            if (strncmp(f, names[k].from, n) == 0 && to <= n) {
                memmove(f + to, f + n, strlen(f + n) + 1);
                memcpy(f, names[k].to, to);
            }
        }
    }
}

static void hash_parties(struct apply_ctx *ctx)
{
    const char *key = ctx->app->config->pii_hash_key;
    for (size_t i = 0; i < ctx->in.party_count; i++) {
        struct party_input *p = &ctx->parties[i];
        if (p->id_number) {
            crypto_hmac_sha256(key, strlen(key), p->id_number, strlen(p->id_number),
                               ctx->hashes[i][0]);
            p->id_hash = ctx->hashes[i][0];
        }
        if (p->phone) {
            crypto_hmac_sha256(key, strlen(key), p->phone, strlen(p->phone), ctx->hashes[i][1]);
            p->phone_hash = ctx->hashes[i][1];
        }
    }
}

int portal_apply(struct http_request *req, struct http_response *res, void *appv)
{
    static const char *const fields[] = {"center",    "dispute_type", "community_id",
                                         "summary",   "claims",       "occurred_on",
                                         "applicant", "respondent",   NULL};
    struct app *app = appv;
    const cJSON *body;
    int refused = admit_body(req, app, fields, &body);
    if (refused)
        return refused;
    struct error *err = &req->error;
    const cJSON *applicant = cJSON_GetObjectItemCaseSensitive(body, "applicant");
    const cJSON *respondent = cJSON_GetObjectItemCaseSensitive(body, "respondent");
    if (!cJSON_IsObject(applicant))
        error_add_field(err, "applicant", "is required: name and phone at least");
    else if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(applicant, "phone")))
        error_add_field(err, "applicant.phone", "is required, so that the center can call you");
    if (respondent && !cJSON_IsObject(respondent))
        error_add_field(err, "respondent", "must be an object");
    if (err->field_count)
        return 422;
    /* the same rules as the front desk's intake, through its reader */
    cJSON *intake = cJSON_CreateObject();
    static const char *const copied[] = {"center",  "dispute_type", "community_id",
                                         "summary", "claims",       "occurred_on"};
    for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, copied[i]);
        if (v)
            cJSON_AddItemToObject(intake, copied[i], cJSON_Duplicate(v, true));
    }
    cJSON_AddStringToObject(intake, "source", "online");
    cJSON_AddStringToObject(intake, "risk_level", "none");
    cJSON *parties = cJSON_AddArrayToObject(intake, "parties");
    cJSON_AddItemToArray(parties, party_body(applicant, "applicant"));
    if (respondent)
        cJSON_AddItemToArray(parties, party_body(respondent, "respondent"));
    struct apply_ctx *ctx = arena_calloc(req->arena, 1, sizeof(*ctx));
    if (!ctx) {
        cJSON_Delete(intake);
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    }
    ctx->req = req;
    ctx->app = app;
    struct party_input all[CASE_PARTIES_MAX];
    const char *center = NULL;
    case_input_intake(req->arena, intake, (int64_t)time(NULL), &ctx->in, all, &center, err);
    /* the strings point into intake's tree: keep them in the arena */
    ctx->in.dispute_type =
        arena_strdup(req->arena, ctx->in.dispute_type ? ctx->in.dispute_type : "");
    ctx->in.source = "online";
    ctx->in.risk_level = "none";
    ctx->in.summary = ctx->in.summary ? arena_strdup(req->arena, ctx->in.summary) : NULL;
    ctx->in.claims = ctx->in.claims ? arena_strdup(req->arena, ctx->in.claims) : NULL;
    ctx->in.occurred_on =
        ctx->in.occurred_on ? arena_strdup(req->arena, ctx->in.occurred_on) : NULL;
    center = center ? arena_strdup(req->arena, center) : NULL;
    for (size_t i = 0; i < ctx->in.party_count && i < 2; i++) {
        struct party_input *p = &ctx->parties[i];
        *p = all[i];
        p->role = i == 0 ? "applicant" : "respondent";
        p->kind = "person";
        p->name = p->name ? arena_strdup(req->arena, p->name) : NULL;
        p->address = p->address ? arena_strdup(req->arena, p->address) : NULL;
    }
    cJSON_Delete(intake);
    rename_fields(err);
    if (err->field_count)
        return 422;
    ctx->in.parties = ctx->parties;
    hash_parties(ctx);
    /* the search text: summary, claims and the names, as the front desk's intake makes it */
    ctx->in.search_text = arena_printf(
        req->arena, "%s %s %s %s", ctx->in.summary, ctx->in.claims ? ctx->in.claims : "",
        ctx->parties[0].name ? ctx->parties[0].name : "",
        ctx->in.party_count > 1 && ctx->parties[1].name ? ctx->parties[1].name : "");
    if (!code_new(ctx->code) || !code_hash(app, ctx->code, ctx->code_hash))
        return http_fail(req, STATUS_INTERNAL, "cannot make a tracking code");
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    if (db_center_resolve(conn, center, &ctx->center_id, err) != STATUS_OK)
        return http_fail_with_error(req);
    if (api_transact(req, app, apply_tx, ctx) != STATUS_OK)
        return http_fail_with_error(req);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "case_no", ctx->record.case_no);
    cJSON_AddStringToObject(o, "tracking_code", ctx->code);
    cJSON_AddStringToObject(o, "status", ctx->record.status);
    cJSON_AddStringToObject(o, "received_at", ctx->record.received_at);
    no_store(res);
    return output_json(res, 201, o);
}

/* ---- track and rate ----------------------------------------------------------------------------
 */

/* Reads case_no and tracking_code from body and finds the case they open; 404 (the same for a
 * wrong number and a wrong code) or 422. Returns 0 when found. */
static int open_case(struct http_request *req, struct app *app, const cJSON *body,
                     struct portal_case *out)
{
    const char *case_no = input_string(body, "case_no", true, &req->error);
    const char *code = input_string(body, "tracking_code", true, &req->error);
    if (case_no && strlen(case_no) > 40)
        error_add_field(&req->error, "case_no", "is not a case number");
    if (req->error.field_count)
        return 422;
    unsigned char hash[PORTAL_CODE_HASH_LEN];
    bool well_formed = code_hash(app, code, hash);
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    bool found = false;
    if (db_portal_case(conn, req->arena, case_no, out, &found, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    if (!found || !well_formed || !crypto_equal(hash, out->code_hash, PORTAL_CODE_HASH_LEN))
        return http_fail(req, STATUS_NOT_FOUND, "no case with this number and tracking code");
    return 0;
}

/* What the party should expect next, as a word the page words in Chinese. */
static const char *next_step(const struct portal_case *c)
{
    if (strcmp(c->status, "received") == 0)
        return "review";
    if (strcmp(c->status, "accepted") == 0)
        return "assignment";
    if (strcmp(c->status, "assigned") == 0)
        return "contact";
    if (strcmp(c->status, "in_mediation") == 0)
        return "mediation";
    if (strcmp(c->status, "closed") == 0)
        return c->rating ? "done" : "rate";
    return "declined";
}

int portal_track(struct http_request *req, struct http_response *res, void *appv)
{
    static const char *const fields[] = {"case_no", "tracking_code", NULL};
    struct app *app = appv;
    const cJSON *body;
    int refused = admit_body(req, app, fields, &body);
    if (refused)
        return refused;
    struct portal_case c;
    int failed = open_case(req, app, body, &c);
    if (failed)
        return failed;
    cJSON *o = view_portal_case(&c, next_step(&c));
    no_store(res);
    return output_json(res, 200, o);
}

struct rate_ctx {
    struct http_request *req;
    long case_id;
    int rating;
    const char *comment, *rated_at;
};

static enum status rate_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct rate_ctx *ctx = ctxv;
    return db_case_rating_insert(conn, ctx->req->arena, ctx->case_id, ctx->rating, ctx->comment,
                                 ctx->req->request_id, &ctx->rated_at, err);
}

int portal_rate(struct http_request *req, struct http_response *res, void *appv)
{
    static const char *const fields[] = {"case_no", "tracking_code", "rating", "comment", NULL};
    struct app *app = appv;
    const cJSON *body;
    int refused = admit_body(req, app, fields, &body);
    if (refused)
        return refused;
    struct rate_ctx ctx = {.req = req};
    const cJSON *rating = cJSON_GetObjectItemCaseSensitive(body, "rating");
    if (!cJSON_IsNumber(rating) || rating->valuedouble != (double)(int)rating->valuedouble ||
        rating->valueint < 1 || rating->valueint > 5)
        error_add_field(&req->error, "rating", "must be a whole number from 1 to 5");
    else
        ctx.rating = rating->valueint;
    ctx.comment = cJSON_GetObjectItemCaseSensitive(body, "comment")
                      ? input_string(body, "comment", false, &req->error)
                      : "";
    if (ctx.comment && *ctx.comment)
        text_field_check("comment", ctx.comment, 500, &req->error);
    if (!ctx.comment)
        ctx.comment = "";
    struct portal_case c;
    int failed = open_case(req, app, body, &c);
    if (failed)
        return failed;
    if (strcmp(c.status, "closed") != 0)
        return http_fail(req, STATUS_CONFLICT, "the case is %s: it can be rated once closed",
                         c.status);
    if (c.rating)
        return http_fail(req, STATUS_CONFLICT, "the case was rated already");
    ctx.case_id = c.id;
    if (api_transact(req, app, rate_tx, &ctx) != STATUS_OK)
        return http_fail_with_error(req);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "case_no", c.case_no);
    cJSON_AddNumberToObject(o, "rating", ctx.rating);
    cJSON_AddStringToObject(o, "rated_at", ctx.rated_at);
    no_store(res);
    return output_json(res, 201, o);
}
