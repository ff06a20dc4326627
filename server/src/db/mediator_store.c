/* Mediator store: the directory, workload and suggestion candidates. */
#include "mediator_store.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "query.h"
#include "rows.h"

/* Room for "{" + every dispute type name + "}" */
#define SPECIALTIES_TEXT_MAX 512

/* The PostgreSQL array literal of a list of dispute types, e.g. "{neighbor,labor}". */
static void specialties_literal(const enum dispute_type *types, size_t count,
                                char out[SPECIALTIES_TEXT_MAX])
{
    size_t used = (size_t)snprintf(out, SPECIALTIES_TEXT_MAX, "{");
    for (size_t i = 0; i < count && used < SPECIALTIES_TEXT_MAX; i++)
        used += (size_t)snprintf(out + used, SPECIALTIES_TEXT_MAX - used, "%s%s", i ? "," : "",
                                 dispute_type_name(types[i]));
    if (used < SPECIALTIES_TEXT_MAX)
        snprintf(out + used, SPECIALTIES_TEXT_MAX - used, "}");
}

/* A mediator row; false when out of memory (a rows_read reader). */
static bool read_mediator(PGresult *res, int row, void *item, struct arena *arena)
{
    struct mediator *m = item;
    m->id = row_long(res, row, 0);
    m->center_id = (int)row_long(res, row, 1);
    m->max_open_cases = (int)row_long(res, row, 7);
    m->active = row_bool(res, row, 8);
    m->user_id = row_long(res, row, 9);
    m->version = (int)row_long(res, row, 10);
    m->created_at = row_text(res, row, 11, arena);
    return m->created_at && ROW_TEXTS(res, row, 2, arena, &m->center, &m->name, &m->organization,
                                      &m->channel, &m->specialties);
}

enum status db_mediator_user_check(struct db_conn *conn, long user_id, int center_id,
                                   long mediator_id, struct error *err)
{
    PGresult *res = NULL;
    enum status st =
        db_query_row(conn, SQL_MEDIATOR_USER_CHECK, DB_ARGS(DB_INT(user_id)), &res, err);
    if (st != STATUS_OK)
        return st;
    bool found = res && !PQgetisnull(res, 0, 0) && row_long(res, 0, 0) == (long)center_id;
    bool mediator_role = found && strcmp(PQgetvalue(res, 0, 1), "mediator") == 0;
    char role[32];
    snprintf(role, sizeof(role), "%s", found ? PQgetvalue(res, 0, 1) : "");
    long linked = found ? row_long(res, 0, 2) : 0;
    PQclear(res);
    if (!found)
        return error_add_field(err, "user_id", "no user %ld in this center", user_id);
    if (!mediator_role)
        return error_add_field(err, "user_id",
                               "must be a user whose role is mediator (user %ld is %s)", user_id,
                               role);
    if (linked && linked != mediator_id)
        return error_set(err, STATUS_CONFLICT, "user %ld is already linked to mediator %ld",
                         user_id, linked);
    return STATUS_OK;
}

enum status db_mediator_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const struct mediator_fields *fields, const struct db_actor *actor,
                               struct mediator *out, struct error *err)
{
    char specialties[SPECIALTIES_TEXT_MAX];
    specialties_literal(fields->specialties, fields->specialty_count, specialties);
    /* the only unique key besides the id: the linked user */
    return db_query_insert(
        conn, SQL_MEDIATOR_INSERT,
        DB_ARGS(DB_INT(center_id), DB_TEXT(fields->name), DB_TEXT(fields->organization),
                DB_TEXT(fields->channel), DB_TEXT(specialties), DB_INT(fields->max_open_cases),
                DB_BOOL(fields->active != 0), DB_ID(fields->user_id), DB_ACTOR(actor)),
        arena, read_mediator, out, err, "user %ld is already linked to a mediator",
        fields->user_id);
}

enum status db_mediator_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                            struct mediator *out, struct error *err)
{
    return db_query_get(conn, SQL_MEDIATOR_GET, id, center_id, "mediator", arena, read_mediator,
                        out, err);
}

enum status db_mediator_list(struct db_conn *conn, struct arena *arena, int center_id,
                             const struct mediator_filter *filter, long after_id, int limit,
                             struct mediator **items, size_t *count, struct error *err)
{
    return db_query_rows(conn, SQL_MEDIATOR_LIST,
                         DB_ARGS(DB_ID(center_id), DB_INT(after_id), DB_INT(limit),
                                 DB_TEXT(filter->channel), DB_BOOL(filter->active),
                                 DB_TEXT(filter->specialty), DB_TEXT(filter->q)),
                         arena, sizeof(**items), read_mediator, items, count, err);
}

enum status db_mediator_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                               int version, const struct mediator_fields *change,
                               const struct db_actor *actor, struct mediator *out,
                               struct error *err)
{
    char specialties[SPECIALTIES_TEXT_MAX];
    if (change->set_specialties)
        specialties_literal(change->specialties, change->specialty_count, specialties);
    PGresult *res = NULL;
    enum status st =
        db_query_row(conn, SQL_MEDIATOR_UPDATE,
                     DB_ARGS(DB_INT(id), DB_ID(center_id), DB_INT(version), DB_TEXT(change->name),
                             DB_TEXT(change->organization), DB_TEXT(change->channel),
                             DB_TEXT(change->set_specialties ? specialties : NULL),
                             change->max_open_cases >= 0 ? DB_INT(change->max_open_cases) : DB_NULL,
                             DB_BOOL(change->active), DB_BOOL(change->set_user),
                             DB_ID(change->set_user ? change->user_id : 0), DB_ACTOR(actor)),
                     &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "user %ld is already linked to a mediator",
                         change->user_id);
    if (st != STATUS_OK)
        return st;
    if (res)
        return db_read_first(res, arena, read_mediator, out, err);
    return db_stale(conn, SQL_MEDIATOR_GET, id, center_id, version, "mediator", arena,
                    read_mediator, out, offsetof(struct mediator, version), err);
}

enum status db_mediator_workload(struct db_conn *conn, long id, int center_id,
                                 struct mediator_workload *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_one(conn, SQL_MEDIATOR_WORKLOAD,
                                  DB_ARGS(DB_INT(id), DB_ID(center_id)), "mediator", id, &res, err);
    if (st != STATUS_OK)
        return st;
    memset(out, 0, sizeof(*out));
    out->mediator_id = row_long(res, 0, 0);
    out->capacity = (int)row_long(res, 0, 1);
    out->open_cases = row_long(res, 0, 2);
    out->overdue = row_long(res, 0, 3);
    /* columns 4..9 follow enum case_status: received … closed */
    for (int s = 0; s < CASE_STATUS_COUNT; s++)
        out->by_status[s] = row_long(res, 0, 4 + s);
    out->closed_last_30_days = row_long(res, 0, 4 + CASE_STATUS_COUNT);
    PQclear(res);
    return STATUS_OK;
}

/* A mediator of a candidates' row (a db_child_reader). */
static enum status read_candidate(PGresult *res, int row, void *item, struct arena *arena,
                                  struct error *err)
{
    struct mediator_candidate_row *c = item;
    c->id = row_long(res, row, 2);
    c->specialty_match = row_bool(res, row, 6);
    c->capacity = (int)row_long(res, row, 7);
    c->open_cases = (int)row_long(res, row, 8);
    if (!ROW_TEXTS(res, row, 3, arena, &c->name, &c->organization))
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    if (!mediation_channel_parse(PQgetvalue(res, row, 5), &c->channel))
        return error_set(err, STATUS_INTERNAL, "mediator %ld has an unknown channel", c->id);
    return STATUS_OK;
}

enum status db_mediator_candidates(struct db_conn *conn, struct arena *arena, long case_id,
                                   int center_id, enum dispute_type *dispute_type,
                                   bool *has_channel, enum mediation_channel *channel,
                                   struct mediator_candidate_row **items, size_t *count,
                                   struct error *err)
{
    PGresult *res = NULL;
    int mediators = 0;
    *count = 0;
    /* the case, and its center's active mediators from column 2 on */
    enum status st =
        db_query_children(conn, SQL_MEDIATOR_CANDIDATES, DB_ARGS(DB_INT(case_id), DB_ID(center_id)),
                          2, "case", case_id, &res, &mediators, err);
    if (st != STATUS_OK)
        return st;
    if (!dispute_type_parse(PQgetvalue(res, 0, 0), dispute_type)) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "case %ld has an unknown dispute type", case_id);
    }
    *has_channel =
        !PQgetisnull(res, 0, 1) && mediation_channel_parse(PQgetvalue(res, 0, 1), channel);
    *items = arena_calloc(arena, (size_t)mediators + 1, sizeof(**items));
    if (!*items) {
        PQclear(res);
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    return db_read_children(res, mediators, *items, sizeof(**items), read_candidate, arena, count,
                            err);
}

enum status db_mediator_capacity(struct db_conn *conn, long mediator_id, long case_id,
                                 int *capacity, int *open_cases, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_need(
        conn, SQL_MEDIATOR_CAPACITY, DB_ARGS(DB_INT(mediator_id), DB_INT(case_id)), &res, err,
        STATUS_INVALID, "mediator_id", "no mediator %ld in the case's center", mediator_id);
    if (st != STATUS_OK)
        return st;
    *capacity = (int)row_long(res, 0, 0);
    *open_cases = (int)row_long(res, 0, 1);
    PQclear(res);
    return STATUS_OK;
}
