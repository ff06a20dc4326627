/* /api/v1/mediators (调解员): the directory (every person reads it, admins change it), a mediator's
 * workload, and /api/v1/cases/{id}/mediator-suggestions for supervisors. Everything is scoped to
 * the caller's center; a city-level caller sees every center (and names one with `center`). */
#include <string.h>

#include "actor.h"
#include "app.h"
#include "community.h"
#include "community_store.h"
#include "handlers.h"
#include "input.h"
#include "mediator.h"
#include "mediator_store.h"
#include "output.h"
#include "resource.h"
#include "views.h"

#define LIST_NAME "mediators"
#define QUERY_MAX 100 /* characters of the name filter q */
#define USER_ID_MAX 999999999999L

OUTPUT_PAGE_CALLBACKS(page, struct mediator, view_mediator)

static int respond_mediator(struct http_request *req, struct http_response *res, int status,
                            const struct mediator *m)
{
    return api_respond(req, res, status, view_mediator(m), input_etag(req, m->id, m->version));
}

/* The optional integer member name in [min, max] into *out: true when present and valid; a
 * field error when present but not such a whole number; false and no error when absent or
 * null. */
static bool json_int(const cJSON *obj, const char *name, long min, long max, long *out,
                     struct error *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!m || cJSON_IsNull(m))
        return false;
    double v = cJSON_IsNumber(m) ? m->valuedouble : (double)min - 1;
    /* the range check comes first, so the cast is defined (and NaN fails it) */
    if (!(v >= (double)min && v <= (double)max) || v != (double)(long)v) {
        error_add_field(err, name, "must be a whole number from %ld to %ld", min, max);
        return false;
    }
    *out = (long)v;
    return true;
}

/* Reads "specialties" (an array of dispute type names) into types; adds field errors. Returns
 * true when present (valid or not). */
static bool read_specialties(const cJSON *body, enum dispute_type types[DISPUTE_TYPE_COUNT],
                             size_t *count, struct error *err)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "specialties");
    *count = 0;
    if (!arr || cJSON_IsNull(arr))
        return false;
    if (!cJSON_IsArray(arr)) {
        error_add_field(err, "specialties", "must be an array of dispute types");
        return true;
    }
    if (cJSON_GetArraySize(arr) > DISPUTE_TYPE_COUNT) {
        error_add_field(err, "specialties", "must name each dispute type at most once");
        return true;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        if (!cJSON_IsString(item) || !dispute_type_parse(item->valuestring, &types[*count])) {
            error_add_field(err, "specialties",
                            "must list dispute types: marriage_family, neighbor, "
                            "housing_homestead, contract, production_business, damages, "
                            "forest_land, land_requisition, environment, labor, consumer, "
                            "medical, traffic, property_management, other");
            *count = 0;
            return true;
        }
        (*count)++;
    }
    mediator_specialties_check(types, *count, err);
    return true;
}

/* The "channel" member, checked; NULL when absent (a field error when required). */
static const char *read_channel(const cJSON *body, bool required, struct error *err)
{
    const char *text = input_string(body, "channel", required, err);
    enum mediation_channel channel;
    if (text && !mediation_channel_parse(text, &channel)) {
        error_add_field(err, "channel", "must be people, administrative, judicial or industry");
        return NULL;
    }
    return text;
}

struct list_ctx {
    struct mediator_filter filter;
    const char *center; /* a city-level caller's choice, or NULL */
};

static enum status list_fetch(struct http_request *req, struct db_conn *conn, void *ctxv,
                              long after, int limit, const void **rows, size_t *count)
{
    struct list_ctx *ctx = ctxv;
    int center_id = api_caller(req)->center_id;
    struct mediator *items = NULL;
    enum status st = STATUS_OK;
    if (ctx->center)
        st = db_center_resolve(conn, ctx->center, &center_id, &req->error);
    if (st == STATUS_OK)
        st = db_mediator_list(conn, req->arena, center_id, &ctx->filter, after, limit, &items,
                              count, &req->error);
    *rows = items;
    return st;
}

int mediators_list(struct http_request *req, struct http_response *res, void *app)
{
    static const struct api_list list = {
        .name = LIST_NAME, .replica = true, .fetch = list_fetch, .item = page_item, .id = page_id};
    struct list_ctx ctx = {.filter = {.active = -1}};
    struct mediator_filter *filter = &ctx.filter;
    filter->channel = http_request_query(req, "channel");
    enum mediation_channel channel;
    if (filter->channel && !mediation_channel_parse(filter->channel, &channel))
        error_add_field(&req->error, "channel",
                        "must be people, administrative, judicial or industry");
    const char *active = http_request_query(req, "active");
    if (active && strcmp(active, "true") == 0)
        filter->active = 1;
    else if (active && strcmp(active, "false") == 0)
        filter->active = 0;
    else if (active)
        error_add_field(&req->error, "active", "must be true or false");
    filter->specialty = http_request_query(req, "specialty");
    enum dispute_type type;
    if (filter->specialty && !dispute_type_parse(filter->specialty, &type))
        error_add_field(&req->error, "specialty", "must be a dispute type");
    filter->q = http_request_query(req, "q");
    if (filter->q)
        text_field_check("q", filter->q, QUERY_MAX, &req->error);
    ctx.center = api_center_field(req, http_request_query(req, "center"));
    /* limit and cursor are read after the filters: any field error is a 422 */
    return api_list_page(req, res, app, &list, &ctx);
}

API_GET_HANDLER(mediators_get, true, struct mediator, db_mediator_get, respond_mediator)

struct create_ctx {
    struct api_create create; /* first */
    enum dispute_type specialties[DISPUTE_TYPE_COUNT];
    struct mediator_fields fields;
    struct mediator created;
};

static enum status create_insert(struct db_conn *conn, void *ctxv, int center_id,
                                 const struct db_actor *actor, struct error *err)
{
    struct create_ctx *ctx = ctxv;
    enum status st;
    if (ctx->fields.user_id &&
        (st = db_mediator_user_check(conn, ctx->fields.user_id, center_id, 0, err)) != STATUS_OK)
        return st;
    return db_mediator_insert(conn, ctx->create.req->arena, center_id, &ctx->fields, actor,
                              &ctx->created, err);
}

static int create_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct create_ctx *ctx = ctxv;
    const struct mediator *m = &ctx->created;
    return api_created(req, res, "mediators", m->id, view_mediator(m),
                       input_etag(req, m->id, m->version));
}

int mediators_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"center",  "name",        "organization",
                                         "channel", "specialties", "max_open_cases",
                                         "active",  "user_id",     NULL};
    const cJSON *body = input_body(req, fields);
    if (!body)
        return http_fail_with_error(req);
    struct create_ctx ctx = {.create.insert = create_insert};
    struct mediator_fields *f = &ctx.fields;
    struct error *err = &req->error;
    ctx.create.center = api_center_field(req, input_string(body, "center", false, err));
    f->name = input_string(body, "name", true, err);
    f->organization = input_string(body, "organization", true, err);
    f->channel = read_channel(body, true, err);
    f->set_specialties = true;
    f->specialties = ctx.specialties;
    if (!read_specialties(body, ctx.specialties, &f->specialty_count, err))
        error_add_field(err, "specialties", "is required (an empty array for none)");
    long cap = MEDIATOR_CAPACITY_DEFAULT;
    json_int(body, "max_open_cases", MEDIATOR_CAPACITY_MIN, MEDIATOR_CAPACITY_MAX, &cap, err);
    f->max_open_cases = (int)cap;
    f->active = input_bool(body, "active", err);
    if (f->active < 0)
        f->active = 1;
    long user = 0;
    json_int(body, "user_id", 1, USER_ID_MAX, &user, err);
    f->set_user = user != 0;
    f->user_id = user;
    mediator_validate(f->name, f->organization, -1, err);
    return api_create(req, res, app, &ctx.create, create_render);
}

struct update_ctx {
    struct http_request *req;
    long id;
    int version;
    enum dispute_type specialties[DISPUTE_TYPE_COUNT];
    struct mediator_fields change;
    struct mediator updated;
};

static enum status update_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                             struct error *err)
{
    struct update_ctx *ctx = ctxv;
    int caller_center = api_caller(ctx->req)->center_id;
    struct mediator current;
    enum status st = db_mediator_get(conn, ctx->req->arena, ctx->id, caller_center, &current, err);
    if (st != STATUS_OK)
        return st;
    if (current.version != ctx->version)
        return error_set(err, STATUS_PRECONDITION, "mediator %ld is at version %d, not %d", ctx->id,
                         current.version, ctx->version);
    if (ctx->change.set_user && ctx->change.user_id &&
        (st = db_mediator_user_check(conn, ctx->change.user_id, current.center_id, ctx->id, err)) !=
            STATUS_OK)
        return st;
    return db_mediator_update(conn, ctx->req->arena, ctx->id, caller_center, ctx->version,
                              &ctx->change, actor, &ctx->updated, err);
}

static int update_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct update_ctx *ctx = ctxv;
    return respond_mediator(req, res, 200, &ctx->updated);
}

int mediators_update(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"name",           "organization", "channel", "specialties",
                                         "max_open_cases", "active",       "user_id", NULL};
    struct update_ctx ctx = {.req = req};
    const cJSON *body = input_path_body(req, &ctx.id, fields);
    if (!body)
        return http_fail_with_error(req);
    struct mediator_fields *c = &ctx.change;
    struct error *err = &req->error;
    c->name = input_string(body, "name", false, err);
    c->organization = input_string(body, "organization", false, err);
    c->channel = read_channel(body, false, err);
    c->specialties = ctx.specialties;
    c->set_specialties = read_specialties(body, ctx.specialties, &c->specialty_count, err);
    long cap = -1;
    json_int(body, "max_open_cases", MEDIATOR_CAPACITY_MIN, MEDIATOR_CAPACITY_MAX, &cap, err);
    c->max_open_cases = (int)cap;
    c->active = input_bool(body, "active", err);
    /* user_id: a number links that user, null unlinks, absent leaves the link as it is */
    const cJSON *user = cJSON_GetObjectItemCaseSensitive(body, "user_id");
    long user_id = 0;
    c->set_user =
        user && (cJSON_IsNull(user) || json_int(body, "user_id", 1, USER_ID_MAX, &user_id, err));
    c->user_id = user_id;
    mediator_validate(c->name, c->organization, -1, err);
    if (err->field_count)
        return 422;
    if (input_if_match(req, ctx.id, &ctx.version) != STATUS_OK)
        return http_fail_with_error(req);
    return api_mutate_as_caller(req, res, app, update_tx, update_render, &ctx);
}

int mediators_workload(struct http_request *req, struct http_response *res, void *app)
{
    long id;
    struct db_conn *conn;
    int refused = api_path_connect(req, app, true, &id, &conn);
    if (refused)
        return refused;
    struct mediator_workload w;
    if (db_mediator_workload(conn, id, api_caller(req)->center_id, &w, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    return output_json(res, 200, view_mediator_workload(&w));
}

int cases_mediator_suggestions(struct http_request *req, struct http_response *res, void *app)
{
    long case_id;
    if (!input_path_id(req, "id", &case_id))
        return 404;
    long limit = input_query_long(req, "limit", 1, 100, 5);
    if (req->error.field_count)
        return 422;
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    enum dispute_type type;
    bool has_channel = false;
    enum mediation_channel channel = MEDIATION_CHANNEL_PEOPLE;
    struct mediator_candidate_row *rows;
    size_t count;
    if (db_mediator_candidates(conn, req->arena, case_id, api_caller(req)->center_id, &type,
                               &has_channel, &channel, &rows, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    struct mediator_candidate *ranked = arena_calloc(req->arena, count + 1, sizeof(*ranked));
    if (!ranked)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < count; i++) {
        /* the row's index rides in id's place; rows come in id order, so it breaks ties as
         * the id would */
        ranked[i].id = (long)i;
        ranked[i].channel = rows[i].channel;
        ranked[i].specialty_match = rows[i].specialty_match;
        ranked[i].open_cases = rows[i].open_cases;
        ranked[i].capacity = rows[i].capacity;
    }
    mediator_rank(ranked, count, has_channel, channel);
    size_t shown = count < (size_t)limit ? count : (size_t)limit;
    return output_json(res, 200,
                       view_mediator_suggestions(case_id, type, has_channel ? &channel : NULL, rows,
                                                 ranked, shown));
}
