/* Case store: the statements of cases, their parties, sessions, agreements, deadline changes and
 * audit trail, each function one statement of server/sql/ with its parameters (params.h) and
 * its result read into the caller's arena.
 *
 * Over 600 lines because a case is the one resource with this many statements (about twenty)
 * and a wide row (case_record_read reads its forty-odd columns once, for intake, read and every
 * transition): split, the files would share the row readers and the party arrays. */
#include "case_store.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "params.h"
#include "pg_array.h"
#include "rows.h"

/* Runs a statement whose result the caller does not need. */
static enum status run(struct db_conn *conn, enum sql_id id, const struct db_params *p,
                       struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, id, p, &res, err);
    PQclear(res);
    return st;
}

/* Runs an UPDATE … RETURNING that must touch exactly one row. */
static enum status run_one(struct db_conn *conn, enum sql_id id, const struct db_params *p,
                           struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, id, p, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1)
        st = error_set(err, STATUS_INTERNAL, "case update touched %d rows", PQntuples(res));
    PQclear(res);
    return st;
}

enum status db_case_by_external_ref(struct db_conn *conn, int center_id, const char *system,
                                    const char *id, long *case_id, bool *found, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, system);
    db_param_text(&p, id);
    db_param_int(&p, center_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_BY_EXTERNAL_REF, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    *found = PQntuples(res) == 1;
    if (*found)
        *case_id = row_long(res, 0, 0);
    PQclear(res);
    return STATUS_OK;
}

/* The parties of an intake as the array parameters of case_insert.sql ($16 … $23), each literal
 * in its own buffer (the caller cleans them up). */
struct party_arrays {
    struct buf text[6]; /* roles, kinds, names, ID numbers, phones, addresses */
    struct buf hashes[2];
};

static void party_arrays_cleanup(struct party_arrays *a)
{
    for (size_t i = 0; i < 6; i++)
        buf_cleanup(&a->text[i]);
    for (size_t i = 0; i < 2; i++)
        buf_cleanup(&a->hashes[i]);
}

static enum status party_arrays_build(struct party_arrays *a, const struct case_intake *in)
{
    for (size_t i = 0; i < 6; i++)
        buf_init(&a->text[i], 1u << 20);
    for (size_t i = 0; i < 2; i++)
        buf_init(&a->hashes[i], 1u << 16);
    size_t n = in->party_count;
    if (n > CASE_PARTIES_MAX)
        return STATUS_INVALID;
    const char *column[CASE_PARTIES_MAX];
    const unsigned char *hash[CASE_PARTIES_MAX];
    size_t hash_len[CASE_PARTIES_MAX];
    enum status st = STATUS_OK;
    for (size_t c = 0; c < 6 && st == STATUS_OK; c++) {
        for (size_t i = 0; i < n; i++) {
            const struct party_input *p = &in->parties[i];
            const char *const v[] = {p->role, p->kind, p->name, p->id_number, p->phone, p->address};
            column[i] = v[c];
        }
        st = pg_array_text(&a->text[c], column, n);
    }
    for (size_t c = 0; c < 2 && st == STATUS_OK; c++) {
        for (size_t i = 0; i < n; i++) {
            const struct party_input *p = &in->parties[i];
            bool set = c == 0 ? p->id_number != NULL : p->phone != NULL;
            hash[i] = set ? (c == 0 ? p->id_hash : p->phone_hash) : NULL;
            hash_len[i] = 32;
        }
        st = pg_array_bytea(&a->hashes[c], hash, hash_len, n);
    }
    return st;
}

/* The party columns that follow the case's in a case read, from column k of row i (NULL id: the
 * case has no parties, a row of the LEFT JOIN). */
static bool read_party(PGresult *res, int i, int k, struct party *p, struct arena *arena)
{
    p->id = row_long(res, i, k);
    p->role = row_text(res, i, k + 1, arena);
    p->kind = row_text(res, i, k + 2, arena);
    p->name = row_text(res, i, k + 3, arena);
    p->id_number = row_text(res, i, k + 4, arena);
    p->phone = row_text(res, i, k + 5, arena);
    p->address = row_text(res, i, k + 6, arena);
    return p->role && p->kind && p->name;
}

/* Reads a case read's result (case_get.sql's columns: the case's, then its party's; one row per
 * party) into out, its strings in arena. Does not clear res. */
static enum status case_record_read(PGresult *res, struct arena *arena, struct case_record *out,
                                    struct error *err)
{
    memset(out, 0, sizeof(*out));
    int k = 0;
    out->id = row_long(res, 0, k++);
    out->center_id = (int)row_long(res, 0, k++);
    out->center = row_text(res, 0, k++, arena);
    out->case_no = row_text(res, 0, k++, arena);
    out->status = row_text(res, 0, k++, arena);
    out->dispute_type = row_text(res, 0, k++, arena);
    out->source = row_text(res, 0, k++, arena);
    out->community_id = row_long(res, 0, k++);
    out->summary = row_text(res, 0, k++, arena);
    out->claims = row_text(res, 0, k++, arena);
    out->occurred_on = row_text(res, 0, k++, arena);
    out->risk_level = row_text(res, 0, k++, arena);
    out->channel = row_text(res, 0, k++, arena);
    out->mediator_id = row_long(res, 0, k++);
    out->received_at = row_text(res, 0, k++, arena);
    out->accepted_at = row_text(res, 0, k++, arena);
    out->assigned_at = row_text(res, 0, k++, arena);
    out->due_at = row_text(res, 0, k++, arena);
    out->paused_at = row_text(res, 0, k++, arena);
    out->extended_days = (int)row_long(res, 0, k++);
    out->closed_at = row_text(res, 0, k++, arena);
    out->outcome = row_text(res, 0, k++, arena);
    out->outcome_note = row_text(res, 0, k++, arena);
    out->referred_to = row_text(res, 0, k++, arena);
    out->prevented_escalation = row_bool(res, 0, k++);
    out->prevented_mass_petition = row_bool(res, 0, k++);
    out->decline_reason = row_text(res, 0, k++, arena);
    out->referral_advice = row_text(res, 0, k++, arena);
    out->external_system = row_text(res, 0, k++, arena);
    out->external_id = row_text(res, 0, k++, arena);
    out->version = (int)row_long(res, 0, k++);
    out->return_visit_at = row_text(res, 0, k++, arena);
    out->return_visit_note = row_text(res, 0, k++, arena);
    out->performance = row_text(res, 0, k++, arena);
    out->judicial_confirmation = row_bool(res, 0, k++);
    out->overdue = row_bool(res, 0, k++);
    out->has_agreement = !PQgetisnull(res, 0, k);
    out->agreement_fen = (int64_t)strtoll(PQgetvalue(res, 0, k++), NULL, 10);
    out->agreement_form = row_text(res, 0, k++, arena);
    out->agreement_signed_on = row_text(res, 0, k++, arena);
    out->agreement_terms = row_text(res, 0, k++, arena);
    out->agreement_performance_method = row_text(res, 0, k++, arena);
    out->agreement_perform_by = row_text(res, 0, k++, arena);
    out->mediator_user_id = row_long(res, 0, k++);
    if (!out->case_no || !out->status || !out->summary)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    int rows = PQntuples(res);
    if (rows == 1 && PQgetisnull(res, 0, k))
        return STATUS_OK;
    out->parties = arena_alloc(arena, (size_t)rows * sizeof(*out->parties));
    if (!out->parties)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    for (int i = 0; i < rows; i++)
        if (!read_party(res, i, k, &out->parties[i], arena))
            return error_set(err, STATUS_NO_MEMORY, "out of memory");
    out->party_count = (size_t)rows;
    return STATUS_OK;
}

enum status db_case_get(struct db_conn *conn, struct arena *arena, long id, const char *case_no,
                        int caller_center, struct case_record *out, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, case_no ? 0 : id);
    db_param_text(&p, case_no);
    db_param_id(&p, caller_center);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_GET, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) < 1)
        st = error_set(err, STATUS_NOT_FOUND, "no such case");
    else
        st = case_record_read(res, arena, out, err);
    PQclear(res);
    return st;
}

/* Reads the intake's duplicate lines ("id status case_no", newest first; NULL: none) from column
 * col of row 0. */
static enum status duplicates_read(PGresult *res, int col, struct arena *arena,
                                   struct duplicates *out, struct error *err)
{
    out->items = NULL;
    out->count = 0;
    if (PQgetisnull(res, 0, col))
        return STATUS_OK;
    const char *text = PQgetvalue(res, 0, col);
    size_t lines = 1;
    for (const char *c = text; *c; c++)
        lines += *c == '\n';
    out->items = arena_alloc(arena, lines * sizeof(*out->items));
    if (!out->items)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *copy = arena_strndup(arena, line, len);
        if (!copy)
            return error_set(err, STATUS_NO_MEMORY, "out of memory");
        char *status = strchr(copy, ' ');
        char *case_no = status ? strchr(status + 1, ' ') : NULL;
        if (!case_no)
            return error_set(err, STATUS_INTERNAL, "malformed duplicate line");
        *status++ = '\0';
        *case_no++ = '\0';
        struct duplicate *d = &out->items[out->count++];
        d->id = strtol(copy, NULL, 10);
        d->status = status;
        d->case_no = case_no;
        line = end ? end + 1 : line + len;
    }
    return STATUS_OK;
}

/* The field errors of an intake the insert refused (case_intake_refusal.sql). */
static enum status intake_refused(struct db_conn *conn, int center_id, long community_id,
                                  const char *occurred_on, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, center_id);
    db_param_int(&p, community_id);
    db_param_text(&p, occurred_on);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_INTAKE_REFUSAL, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    bool foreign = PQntuples(res) == 1 && row_bool(res, 0, 0);
    bool future = PQntuples(res) == 1 && row_bool(res, 0, 1);
    PQclear(res);
    if (foreign)
        st = error_add_field(err, "community_id", "is not a community of this center");
    if (future)
        st = error_add_field(err, "occurred_on", "must not be in the future");
    /* neither any more (a concurrent change): as a conflict, which the client may retry */
    return foreign || future ? st
                             : error_set(err, STATUS_CONFLICT, "the case could not be registered");
}

enum status db_case_insert(struct db_conn *conn, struct arena *arena, int center_id,
                           const struct case_intake *in, const struct db_actor *actor,
                           const struct db_event_note *pii_view, struct case_record *out,
                           struct duplicates *dups, struct error *err)
{
    struct party_arrays a;
    if (party_arrays_build(&a, in) != STATUS_OK) {
        party_arrays_cleanup(&a);
        return error_add_field(err, "parties", "must be 1 to %d parties", CASE_PARTIES_MAX);
    }
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, center_id);
    db_param_text(&p, in->dispute_type);
    db_param_text(&p, in->source);
    db_param_int(&p, in->community_id);
    db_param_text(&p, in->summary);
    db_param_text(&p, in->claims ? in->claims : "");
    db_param_text(&p, in->occurred_on);
    db_param_text(&p, in->risk_level);
    db_param_text(&p, in->external_system);
    db_param_text(&p, in->external_id);
    db_param_text(&p, in->search_text);
    db_param_actor(&p, actor);
    /* the parties' arrays, $16 … $23 */
    const char *const parties[] = {
        buf_str(&a.text[0]),   buf_str(&a.text[1]), buf_str(&a.text[2]),   buf_str(&a.text[3]),
        buf_str(&a.hashes[0]), buf_str(&a.text[4]), buf_str(&a.hashes[1]), buf_str(&a.text[5])};
    db_param_texts(&p, parties, sizeof(parties) / sizeof(parties[0]));
    db_param_text(&p, pii_view ? pii_view->after : NULL);
    db_param_text(&p, pii_view ? pii_view->reason : NULL);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_INSERT, &p, &res, err);
    party_arrays_cleanup(&a);
    if (st == STATUS_CONFLICT && in->external_system)
        return error_set(err, STATUS_RETRY, "external reference pushed concurrently");
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) < 1)
        st = intake_refused(conn, center_id, in->community_id, in->occurred_on, err);
    else
        st = case_record_read(res, arena, out, err);
    if (st == STATUS_OK)
        st = duplicates_read(res, PQnfields(res) - 1, arena, dups, err);
    PQclear(res);
    return st;
}

enum status db_case_lock(struct db_conn *conn, struct arena *arena, long id, int caller_center,
                         struct case_lock *out, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, id);
    db_param_id(&p, caller_center);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_LOCK, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no such case");
    }
    out->id = row_long(res, 0, 0);
    out->center_id = (int)row_long(res, 0, 1);
    out->status = row_text(res, 0, 2, arena);
    out->version = (int)row_long(res, 0, 3);
    out->mediator_id = row_long(res, 0, 4);
    out->mediator_user_id = row_long(res, 0, 5);
    out->dispute_type = row_text(res, 0, 6, arena);
    out->risk_level = row_text(res, 0, 7, arena);
    out->paused = row_bool(res, 0, 8);
    out->extended_days = (int)row_long(res, 0, 9);
    out->case_no = row_text(res, 0, 10, arena);
    out->summary = row_text(res, 0, 11, arena);
    out->claims = row_text(res, 0, 12, arena);
    out->community_id = row_long(res, 0, 13);
    out->source = row_text(res, 0, 14, arena);
    out->occurred_on = row_text(res, 0, 15, arena);
    PQclear(res);
    return out->status ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

/* One row of db_case_list (a rows_read reader). */
static bool read_summary(PGresult *res, int i, void *item, struct arena *arena)
{
    struct case_summary *c = item;
    int k = 0;
    c->id = row_long(res, i, k++);
    c->center = row_text(res, i, k++, arena);
    c->case_no = row_text(res, i, k++, arena);
    c->status = row_text(res, i, k++, arena);
    c->dispute_type = row_text(res, i, k++, arena);
    c->source = row_text(res, i, k++, arena);
    c->community_id = row_long(res, i, k++);
    c->summary = row_text(res, i, k++, arena);
    c->risk_level = row_text(res, i, k++, arena);
    c->channel = row_text(res, i, k++, arena);
    c->mediator_id = row_long(res, i, k++);
    c->received_at = row_text(res, i, k++, arena);
    c->accepted_at = row_text(res, i, k++, arena);
    c->due_at = row_text(res, i, k++, arena);
    c->closed_at = row_text(res, i, k++, arena);
    c->outcome = row_text(res, i, k++, arena);
    c->overdue = row_bool(res, i, k++);
    c->version = (int)row_long(res, i, k++);
    c->external_system = row_text(res, i, k++, arena);
    c->external_id = row_text(res, i, k++, arena);
    c->sort_key = (int64_t)strtoll(PQgetvalue(res, i, k++), NULL, 10);
    return true;
}

enum status db_case_list(struct db_conn *conn, struct arena *arena, const struct case_filter *f,
                         struct case_summary **items, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, f->center_id);
    db_param_text(&p, f->status);
    db_param_id(&p, f->mediator_id);
    db_param_id(&p, f->community_id);
    db_param_text(&p, f->dispute_type);
    db_param_text(&p, f->source);
    db_param_text(&p, f->risk_level);
    db_param_bool(&p, f->overdue);
    db_param_bool(&p, f->due_soon);
    db_param_text(&p, f->received_from);
    db_param_text(&p, f->received_to);
    db_param_text(&p, f->external_system);
    db_param_text(&p, f->external_id);
    db_param_text(&p, f->q);
    db_param_id(&p, f->only_mediator_user);
    if (f->has_cursor) {
        db_param_int(&p, f->cursor_key);
        db_param_int(&p, f->cursor_id);
    } else {
        db_param_text(&p, NULL);
        db_param_text(&p, NULL);
    }
    db_param_int(&p, f->limit);
    return db_exec_rows(conn, f->by_due ? SQL_CASE_LIST_DUE : SQL_CASE_LIST_RECEIVED, &p, arena,
                        sizeof(**items), read_summary, items, count, err);
}

enum status db_case_event(struct db_conn *conn, const struct case_lock *c,
                          const struct db_actor *actor, const char *action, const char *from_status,
                          const char *to_status, const char *before, const char *after,
                          const char *reason, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, c->id);
    db_param_int(&p, c->center_id);
    /* this statement's own order: key, user, name, then the event, and the request id last */
    db_param_id(&p, actor->key_id);
    db_param_id(&p, actor->user_id);
    db_param_text(&p, actor->name);
    const char *const event[] = {action, from_status, to_status, before, after, reason};
    db_param_texts(&p, event, sizeof(event) / sizeof(event[0]));
    db_param_text(&p, actor->request_id);
    return run(conn, SQL_CASE_EVENT_INSERT, &p, err);
}

/* One row of db_case_events (a rows_read reader). */
static bool read_event(PGresult *res, int i, void *item, struct arena *arena)
{
    struct case_event *e = item;
    e->id = row_long(res, i, 0);
    e->at = row_text(res, i, 1, arena);
    e->actor = row_text(res, i, 2, arena);
    e->action = row_text(res, i, 3, arena);
    e->from_status = row_text(res, i, 4, arena);
    e->to_status = row_text(res, i, 5, arena);
    e->before = row_text(res, i, 6, arena);
    e->after = row_text(res, i, 7, arena);
    e->reason = row_text(res, i, 8, arena);
    e->request_id = row_text(res, i, 9, arena);
    e->client_request_id = row_text(res, i, 10, arena);
    return true;
}

enum status db_case_events(struct db_conn *conn, struct arena *arena, long case_id, long after_id,
                           int limit, struct case_event **items, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_int(&p, after_id);
    db_param_int(&p, limit);
    return db_exec_rows(conn, SQL_CASE_EVENTS_LIST, &p, arena, sizeof(**items), read_event, items,
                        count, err);
}

enum status db_case_accept(struct db_conn *conn, long case_id, int days, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_int(&p, days);
    return run_one(conn, SQL_CASE_ACCEPT, &p, err);
}

enum status db_case_decline(struct db_conn *conn, long case_id, const char *reason,
                            const char *advice, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_text(&p, reason);
    db_param_text(&p, advice);
    return run_one(conn, SQL_CASE_DECLINE, &p, err);
}

enum status db_case_assign(struct db_conn *conn, struct arena *arena, long case_id,
                           long mediator_id, const char *status_after, const char **channel,
                           struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_int(&p, mediator_id);
    db_param_text(&p, status_after);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_ASSIGN, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1)
        st = error_add_field(err, "mediator_id", "is not an active mediator of this center");
    else
        *channel = row_text(res, 0, 1, arena);
    PQclear(res);
    return st;
}

enum status db_case_session(struct db_conn *conn, struct arena *arena, long case_id,
                            const char *held_at, const char *kind, const char *participants,
                            const char *notes, long *session_id, struct error *err)
{
    (void)arena;
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_text(&p, held_at);
    db_param_text(&p, kind);
    db_param_text(&p, participants);
    db_param_text(&p, notes ? notes : "");
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_SESSION_INSERT, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1)
        st = error_set(err, STATUS_INTERNAL, "session insert returned no row");
    else
        *session_id = row_long(res, 0, 0);
    PQclear(res);
    return st;
}

/* One row of db_case_sessions (a rows_read reader). */
static bool read_session(PGresult *res, int i, void *item, struct arena *arena)
{
    struct mediation_session *s = item;
    s->id = row_long(res, i, 0);
    s->held_at = row_text(res, i, 1, arena);
    s->kind = row_text(res, i, 2, arena);
    s->participants = row_text(res, i, 3, arena);
    s->notes = row_text(res, i, 4, arena);
    s->mediator_id = row_long(res, i, 5);
    s->created_at = row_text(res, i, 6, arena);
    return true;
}

enum status db_case_sessions(struct db_conn *conn, struct arena *arena, long case_id,
                             struct mediation_session **items, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    return db_exec_rows(conn, SQL_CASE_SESSIONS, &p, arena, sizeof(**items), read_session, items,
                        count, err);
}

enum status db_case_close(struct db_conn *conn, long case_id, const struct close_input *in,
                          struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_text(&p, in->outcome);
    db_param_text(&p, in->note);
    db_param_text(&p, in->referred_to);
    db_param_bool(&p, in->prevented_escalation);
    db_param_bool(&p, in->prevented_mass_petition);
    enum status st = run_one(conn, SQL_CASE_CLOSE, &p, err);
    if (st != STATUS_OK || !in->agreement)
        return st;
    const struct agreement_input *a = in->agreement;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_int(&p, a->amount_fen);
    const char *const texts[] = {a->form, a->signed_on, a->terms, a->performance_method,
                                 a->perform_by};
    db_param_texts(&p, texts, sizeof(texts) / sizeof(texts[0]));
    PGresult *res = NULL;
    st = db_exec_params(conn, SQL_AGREEMENT_INSERT, &p, &res, err);
    if (st == STATUS_OK && PQntuples(res) != 1)
        st = error_add_field(err, "agreement.signed_at", "must not be in the future");
    PQclear(res);
    return st;
}

enum status db_case_follow_up(struct db_conn *conn, long case_id, const struct follow_up_input *in,
                              struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_text(&p, in->return_visit_at);
    db_param_text(&p, in->return_visit_note);
    db_param_text(&p, in->performance);
    db_param_bool(&p, in->judicial_confirmation);
    return run_one(conn, SQL_CASE_FOLLOW_UP, &p, err);
}

enum status db_case_edit(struct db_conn *conn, long case_id, int version,
                         const struct case_edit_input *in, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_int(&p, version);
    db_param_text(&p, in->dispute_type);
    db_param_text(&p, in->source);
    db_param_id(&p, in->community_id);
    const char *const texts[] = {in->summary, in->claims, in->occurred_on, in->risk_level};
    db_param_texts(&p, texts, sizeof(texts) / sizeof(texts[0]));
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_EDIT, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(res);
    PQclear(res);
    if (rows == 1)
        return STATUS_OK;
    /* the case is locked by the caller and its version was checked: the community is wrong */
    return error_add_field(err, "community_id", "is not a community of this center");
}

enum status db_case_deadline(struct db_conn *conn, struct arena *arena, long case_id,
                             const char *kind, int days, const char *reason, bool applicant_consent,
                             bool respondent_consent, const char *actor, const char **due_at,
                             struct error *err)
{
    bool extend = strcmp(kind, "extend") == 0;
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_text(&p, kind);
    db_param_id(&p, extend ? days : 0);
    db_param_text(&p, reason);
    db_param_bool(&p, extend ? applicant_consent : -1);
    db_param_bool(&p, extend ? respondent_consent : -1);
    db_param_text(&p, actor);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_DEADLINE_CHANGE, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1)
        st = error_set(err, STATUS_INTERNAL, "deadline change touched no case");
    else
        *due_at = row_text(res, 0, 1, arena);
    PQclear(res);
    return st;
}
