/* Mediator store: the directory, workload and suggestion candidates. */
#include "mediator_store.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "conn.h"
#include "rows.h"

/* Room for "{" + every dispute type name + "}" */
#define SPECIALTIES_TEXT_MAX 512

struct actor_params {
    char key[24], user[24];
};

static void actor_params(const struct db_actor *a, struct actor_params *p)
{
    snprintf(p->key, sizeof(p->key), "%ld", a->key_id);
    snprintf(p->user, sizeof(p->user), "%ld", a->user_id);
}

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

static enum status read_mediator(PGresult *res, int row, struct arena *arena, struct mediator *m,
                                 struct error *err)
{
    m->id = row_long(res, row, 0);
    m->center_id = (int)row_long(res, row, 1);
    m->center = row_text(res, row, 2, arena);
    m->name = row_text(res, row, 3, arena);
    m->organization = row_text(res, row, 4, arena);
    m->channel = row_text(res, row, 5, arena);
    m->specialties = row_text(res, row, 6, arena);
    m->max_open_cases = (int)row_long(res, row, 7);
    m->active = row_bool(res, row, 8);
    m->user_id = row_long(res, row, 9);
    m->version = (int)row_long(res, row, 10);
    m->created_at = row_text(res, row, 11, arena);
    if (!m->center || !m->name || !m->organization || !m->channel || !m->specialties ||
        !m->created_at)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    return STATUS_OK;
}

/* Reads the single row of res into out, or reports not_found. Clears res. */
static enum status one_mediator(PGresult *res, struct arena *arena, struct mediator *out, long id,
                                struct error *err)
{
    enum status st = PQntuples(res) == 1 ? read_mediator(res, 0, arena, out, err)
                                         : error_set(err, STATUS_NOT_FOUND, "no mediator %ld", id);
    PQclear(res);
    return st;
}

enum status db_mediator_user_check(struct db_conn *conn, long user_id, int center_id,
                                   long mediator_id, struct error *err)
{
    char ids[24];
    snprintf(ids, sizeof(ids), "%ld", user_id);
    const char *values[] = {ids};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MEDIATOR_USER_CHECK, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    bool found =
        PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) && row_long(res, 0, 0) == (long)center_id;
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
    char center[16], specialties[SPECIALTIES_TEXT_MAX], cap[16], user[24];
    struct actor_params ap;
    actor_params(actor, &ap);
    snprintf(center, sizeof(center), "%d", center_id);
    specialties_literal(fields->specialties, fields->specialty_count, specialties);
    snprintf(cap, sizeof(cap), "%d", fields->max_open_cases);
    snprintf(user, sizeof(user), "%ld", fields->user_id);
    const char *values[] = {center,
                            fields->name,
                            fields->organization,
                            fields->channel,
                            specialties,
                            cap,
                            fields->active ? "true" : "false",
                            fields->user_id ? user : NULL,
                            actor->key_id ? ap.key : NULL,
                            actor->user_id ? ap.user : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MEDIATOR_INSERT, 12, values, NULL, NULL, &res, err);
    if (st == STATUS_CONFLICT) /* the only unique key besides the id: the linked user */
        return error_set(err, STATUS_CONFLICT, "user %ld is already linked to a mediator",
                         fields->user_id);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "insert returned no row");
    }
    return one_mediator(res, arena, out, 0, err);
}

enum status db_mediator_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                            struct mediator *out, struct error *err)
{
    char ids[24], center[16];
    snprintf(ids, sizeof(ids), "%ld", id);
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {ids, center_id ? center : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MEDIATOR_GET, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    return one_mediator(res, arena, out, id, err);
}

enum status db_mediator_list(struct db_conn *conn, struct arena *arena, int center_id,
                             const struct mediator_filter *filter, long after_id, int limit,
                             struct mediator **items, size_t *count, struct error *err)
{
    char center[16], after[24], lim[16];
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(after, sizeof(after), "%ld", after_id);
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *values[] = {center_id ? center : NULL,
                            after,
                            lim,
                            filter->channel,
                            filter->active < 0 ? NULL : (filter->active ? "true" : "false"),
                            filter->specialty,
                            filter->q};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MEDIATOR_LIST, 7, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(res);
    *count = 0;
    *items = arena_calloc(arena, (size_t)rows + 1, sizeof(**items));
    if (!*items)
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    for (int i = 0; st == STATUS_OK && i < rows; i++)
        st = read_mediator(res, i, arena, &(*items)[i], err);
    if (st == STATUS_OK)
        *count = (size_t)rows;
    PQclear(res);
    return st;
}

enum status db_mediator_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                               int version, const struct mediator_fields *change,
                               const struct db_actor *actor, struct mediator *out,
                               struct error *err)
{
    char ids[24], center[16], ver[16], specialties[SPECIALTIES_TEXT_MAX], cap[16], user[24];
    struct actor_params ap;
    actor_params(actor, &ap);
    snprintf(ids, sizeof(ids), "%ld", id);
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(ver, sizeof(ver), "%d", version);
    if (change->set_specialties)
        specialties_literal(change->specialties, change->specialty_count, specialties);
    snprintf(cap, sizeof(cap), "%d", change->max_open_cases);
    snprintf(user, sizeof(user), "%ld", change->user_id);
    const char *values[] = {ids,
                            center_id ? center : NULL,
                            ver,
                            change->name,
                            change->organization,
                            change->channel,
                            change->set_specialties ? specialties : NULL,
                            change->max_open_cases >= 0 ? cap : NULL,
                            change->active < 0 ? NULL : (change->active ? "true" : "false"),
                            change->set_user ? "true" : "false",
                            change->set_user && change->user_id ? user : NULL,
                            actor->key_id ? ap.key : NULL,
                            actor->user_id ? ap.user : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MEDIATOR_UPDATE, 15, values, NULL, NULL, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "user %ld is already linked to a mediator",
                         change->user_id);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) == 1)
        return one_mediator(res, arena, out, id, err);
    PQclear(res);
    /* no row: either no such mediator for this caller, or a stale version */
    struct mediator current;
    st = db_mediator_get(conn, arena, id, center_id, &current, err);
    if (st != STATUS_OK)
        return st;
    return error_set(err, STATUS_CONFLICT, "stale: mediator %ld is at version %d, not %d", id,
                     current.version, version);
}

enum status db_mediator_workload(struct db_conn *conn, long id, int center_id,
                                 struct mediator_workload *out, struct error *err)
{
    char ids[24], center[16];
    snprintf(ids, sizeof(ids), "%ld", id);
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {ids, center_id ? center : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MEDIATOR_WORKLOAD, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no mediator %ld", id);
    }
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

enum status db_mediator_candidates(struct db_conn *conn, struct arena *arena, long case_id,
                                   int center_id, enum dispute_type *dispute_type,
                                   bool *has_channel, enum mediation_channel *channel,
                                   struct mediator_candidate_row **items, size_t *count,
                                   struct error *err)
{
    char ids[24], center[16];
    snprintf(ids, sizeof(ids), "%ld", case_id);
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {ids, center_id ? center : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MEDIATOR_CANDIDATES, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(res);
    *count = 0;
    if (rows == 0) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no case %ld", case_id);
    }
    if (!dispute_type_parse(PQgetvalue(res, 0, 0), dispute_type)) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "case %ld has an unknown dispute type", case_id);
    }
    *has_channel =
        !PQgetisnull(res, 0, 1) && mediation_channel_parse(PQgetvalue(res, 0, 1), channel);
    *items = arena_calloc(arena, (size_t)rows, sizeof(**items));
    if (!*items) {
        PQclear(res);
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    size_t n = 0;
    for (int i = 0; i < rows && st == STATUS_OK; i++) {
        if (PQgetisnull(res, i, 2))
            continue; /* the case's center has no active mediator */
        struct mediator_candidate_row *c = &(*items)[n];
        c->id = row_long(res, i, 2);
        c->name = row_text(res, i, 3, arena);
        c->organization = row_text(res, i, 4, arena);
        if (!c->name || !c->organization)
            st = error_set(err, STATUS_NO_MEMORY, "out of memory");
        else if (!mediation_channel_parse(PQgetvalue(res, i, 5), &c->channel))
            st = error_set(err, STATUS_INTERNAL, "mediator %ld has an unknown channel", c->id);
        c->specialty_match = row_bool(res, i, 6);
        c->capacity = (int)row_long(res, i, 7);
        c->open_cases = (int)row_long(res, i, 8);
        n++;
    }
    PQclear(res);
    if (st == STATUS_OK)
        *count = n;
    return st;
}

enum status db_mediator_capacity(struct db_conn *conn, long mediator_id, long case_id,
                                 int *capacity, int *open_cases, struct error *err)
{
    char m[24], c[24];
    snprintf(m, sizeof(m), "%ld", mediator_id);
    snprintf(c, sizeof(c), "%ld", case_id);
    const char *values[] = {m, c};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_MEDIATOR_CAPACITY, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(res);
    if (rows == 1) {
        *capacity = (int)row_long(res, 0, 0);
        *open_cases = (int)row_long(res, 0, 1);
    }
    PQclear(res);
    if (rows != 1)
        return error_add_field(err, "mediator_id", "no mediator %ld in the case's center",
                               mediator_id);
    return STATUS_OK;
}
