/* Case store: the statements of cases, their parties, sessions, agreements, deadline changes and
 * audit trail, each function one statement of server/sql/ with its parameters (DB_ARGS, query.h)
 * and its result read into the caller's arena. */
#include "case_store.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pg_array.h"
#include "query.h"
#include "rows.h"

/* Runs an UPDATE … RETURNING that must touch exactly one row. */
static enum status run_one(struct db_conn *conn, enum sql_id id, struct db_args args,
                           struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query(conn, id, args, &res, err);
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
    PGresult *res = NULL;
    enum status st =
        db_query_row(conn, SQL_CASE_BY_EXTERNAL_REF,
                     DB_ARGS(DB_TEXT(system), DB_TEXT(id), DB_INT(center_id)), &res, err);
    *found = res != NULL;
    if (res)
        *case_id = row_long(res, 0, 0);
    PQclear(res);
    return st;
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
    return ROW_TEXTS(res, i, k + 1, arena, &p->role, &p->kind, &p->name, &p->id_number, &p->phone,
                     &p->address);
}

/* Reads a case read's result (case_get.sql's columns: the case's, then its party's; one row per
 * party) into out, its strings in arena. Does not clear res. */
static enum status case_record_read(PGresult *res, struct arena *arena, struct case_record *out,
                                    struct error *err)
{
    memset(out, 0, sizeof(*out));
    out->id = row_long(res, 0, 0);
    out->center_id = (int)row_long(res, 0, 1);
    out->community_id = row_long(res, 0, 7);
    out->mediator_id = row_long(res, 0, 13);
    out->extended_days = (int)row_long(res, 0, 19);
    out->prevented_escalation = row_bool(res, 0, 24);
    out->prevented_mass_petition = row_bool(res, 0, 25);
    out->version = (int)row_long(res, 0, 30);
    out->judicial_confirmation = row_bool(res, 0, 34);
    out->overdue = row_bool(res, 0, 35);
    out->has_agreement = !PQgetisnull(res, 0, 36);
    out->agreement_fen = (int64_t)strtoll(PQgetvalue(res, 0, 36), NULL, 10);
    out->mediator_user_id = row_long(res, 0, 42);
    /* the text columns, in runs between the others */
    if (!ROW_TEXTS(res, 0, 2, arena, &out->center, &out->case_no, &out->status, &out->dispute_type,
                   &out->source) ||
        !ROW_TEXTS(res, 0, 8, arena, &out->summary, &out->claims, &out->occurred_on,
                   &out->risk_level, &out->channel) ||
        !ROW_TEXTS(res, 0, 14, arena, &out->received_at, &out->accepted_at, &out->assigned_at,
                   &out->due_at, &out->paused_at) ||
        !ROW_TEXTS(res, 0, 20, arena, &out->closed_at, &out->outcome, &out->outcome_note,
                   &out->referred_to) ||
        !ROW_TEXTS(res, 0, 26, arena, &out->decline_reason, &out->referral_advice,
                   &out->external_system, &out->external_id) ||
        !ROW_TEXTS(res, 0, 31, arena, &out->return_visit_at, &out->return_visit_note,
                   &out->performance) ||
        !ROW_TEXTS(res, 0, 37, arena, &out->agreement_form, &out->agreement_signed_on,
                   &out->agreement_terms, &out->agreement_performance_method,
                   &out->agreement_perform_by))
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    int k = 43; /* the party's columns */
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
    PGresult *res = NULL;
    enum status st = db_query(
        conn, SQL_CASE_GET,
        DB_ARGS(DB_ID(case_no ? 0 : id), DB_TEXT(case_no), DB_ID(caller_center)), &res, err);
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
    PGresult *res = NULL;
    enum status st = db_query_row(
        conn, SQL_CASE_INTAKE_REFUSAL,
        DB_ARGS(DB_INT(center_id), DB_INT(community_id), DB_TEXT(occurred_on)), &res, err);
    if (st != STATUS_OK)
        return st;
    bool foreign = res && row_bool(res, 0, 0);
    bool future = res && row_bool(res, 0, 1);
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
    PGresult *res = NULL;
    enum status st =
        db_query(conn, SQL_CASE_INSERT,
                 DB_ARGS(DB_INT(center_id), DB_TEXT(in->dispute_type), DB_TEXT(in->source),
                         DB_INT(in->community_id), DB_TEXT(in->summary),
                         DB_TEXT(in->claims ? in->claims : ""), DB_TEXT(in->occurred_on),
                         DB_TEXT(in->risk_level), DB_TEXT(in->external_system),
                         DB_TEXT(in->external_id), DB_TEXT(in->search_text), DB_ACTOR(actor),
                         /* the parties' arrays, $16 … $23 */
                         DB_TEXT(buf_str(&a.text[0])), DB_TEXT(buf_str(&a.text[1])),
                         DB_TEXT(buf_str(&a.text[2])), DB_TEXT(buf_str(&a.text[3])),
                         DB_TEXT(buf_str(&a.hashes[0])), DB_TEXT(buf_str(&a.text[4])),
                         DB_TEXT(buf_str(&a.hashes[1])), DB_TEXT(buf_str(&a.text[5])),
                         DB_TEXT(pii_view ? pii_view->after : NULL),
                         DB_TEXT(pii_view ? pii_view->reason : NULL)),
                 &res, err);
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
    PGresult *res = NULL;
    enum status st = db_query_one(conn, SQL_CASE_LOCK, DB_ARGS(DB_INT(id), DB_ID(caller_center)),
                                  "case", 0, &res, err);
    if (st != STATUS_OK)
        return st;
    out->id = row_long(res, 0, 0);
    out->center_id = (int)row_long(res, 0, 1);
    out->version = (int)row_long(res, 0, 3);
    out->mediator_id = row_long(res, 0, 4);
    out->mediator_user_id = row_long(res, 0, 5);
    out->paused = row_bool(res, 0, 8);
    out->extended_days = (int)row_long(res, 0, 9);
    out->community_id = row_long(res, 0, 13);
    bool copied = (out->status = row_text(res, 0, 2, arena)) &&
                  ROW_TEXTS(res, 0, 6, arena, &out->dispute_type, &out->risk_level) &&
                  ROW_TEXTS(res, 0, 10, arena, &out->case_no, &out->summary, &out->claims) &&
                  ROW_TEXTS(res, 0, 14, arena, &out->source, &out->occurred_on);
    PQclear(res);
    return copied ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

/* One row of db_case_list (a rows_read reader). */
static bool read_summary(PGresult *res, int i, void *item, struct arena *arena)
{
    struct case_summary *c = item;
    c->id = row_long(res, i, 0);
    c->community_id = row_long(res, i, 6);
    c->mediator_id = row_long(res, i, 10);
    c->overdue = row_bool(res, i, 16);
    c->version = (int)row_long(res, i, 17);
    c->sort_key = (int64_t)strtoll(PQgetvalue(res, i, 20), NULL, 10);
    return ROW_TEXTS(res, i, 1, arena, &c->center, &c->case_no, &c->status, &c->dispute_type,
                     &c->source) &&
           ROW_TEXTS(res, i, 7, arena, &c->summary, &c->risk_level, &c->channel) &&
           ROW_TEXTS(res, i, 11, arena, &c->received_at, &c->accepted_at, &c->due_at, &c->closed_at,
                     &c->outcome) &&
           ROW_TEXTS(res, i, 18, arena, &c->external_system, &c->external_id);
}

enum status db_case_list(struct db_conn *conn, struct arena *arena, const struct case_filter *f,
                         struct case_summary **items, size_t *count, struct error *err)
{
    return db_query_rows(
        conn, f->by_due ? SQL_CASE_LIST_DUE : SQL_CASE_LIST_RECEIVED,
        DB_ARGS(DB_ID(f->center_id), DB_TEXT(f->status), DB_ID(f->mediator_id),
                DB_ID(f->community_id), DB_TEXT(f->dispute_type), DB_TEXT(f->source),
                DB_TEXT(f->risk_level), DB_BOOL(f->overdue), DB_BOOL(f->due_soon),
                DB_TEXT(f->received_from), DB_TEXT(f->received_to), DB_TEXT(f->external_system),
                DB_TEXT(f->external_id), DB_TEXT(f->q), DB_ID(f->only_mediator_user),
                f->has_cursor ? DB_INT(f->cursor_key) : DB_NULL,
                f->has_cursor ? DB_INT(f->cursor_id) : DB_NULL, DB_INT(f->limit)),
        arena, sizeof(**items), read_summary, items, count, err);
}

enum status db_case_event(struct db_conn *conn, const struct case_lock *c,
                          const struct db_actor *actor, const char *action, const char *from_status,
                          const char *to_status, const char *before, const char *after,
                          const char *reason, struct error *err)
{
    /* this statement's own order: key, user, name, then the event, and the request id last */
    return db_query_exec(conn, SQL_CASE_EVENT_INSERT,
                         DB_ARGS(DB_INT(c->id), DB_INT(c->center_id), DB_ID(actor->key_id),
                                 DB_ID(actor->user_id), DB_TEXT(actor->name), DB_TEXT(action),
                                 DB_TEXT(from_status), DB_TEXT(to_status), DB_TEXT(before),
                                 DB_TEXT(after), DB_TEXT(reason), DB_TEXT(actor->request_id)),
                         err);
}

/* One row of db_case_events (a rows_read reader). */
static bool read_event(PGresult *res, int i, void *item, struct arena *arena)
{
    struct case_event *e = item;
    e->id = row_long(res, i, 0);
    return ROW_TEXTS(res, i, 1, arena, &e->at, &e->actor, &e->action, &e->from_status,
                     &e->to_status, &e->before, &e->after, &e->reason, &e->request_id,
                     &e->client_request_id);
}

enum status db_case_events(struct db_conn *conn, struct arena *arena, long case_id, long after_id,
                           int limit, struct case_event **items, size_t *count, struct error *err)
{
    return db_query_rows(conn, SQL_CASE_EVENTS_LIST,
                         DB_ARGS(DB_INT(case_id), DB_INT(after_id), DB_INT(limit)), arena,
                         sizeof(**items), read_event, items, count, err);
}

enum status db_case_accept(struct db_conn *conn, long case_id, int days, struct error *err)
{
    return run_one(conn, SQL_CASE_ACCEPT, DB_ARGS(DB_INT(case_id), DB_INT(days)), err);
}

enum status db_case_decline(struct db_conn *conn, long case_id, const char *reason,
                            const char *advice, struct error *err)
{
    return run_one(conn, SQL_CASE_DECLINE,
                   DB_ARGS(DB_INT(case_id), DB_TEXT(reason), DB_TEXT(advice)), err);
}

enum status db_case_assign(struct db_conn *conn, struct arena *arena, long case_id,
                           long mediator_id, const char *status_after, const char **channel,
                           struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_need(
        conn, SQL_CASE_ASSIGN, DB_ARGS(DB_INT(case_id), DB_INT(mediator_id), DB_TEXT(status_after)),
        &res, err, STATUS_INVALID, "mediator_id", "is not an active mediator of this center");
    return st == STATUS_OK ? db_take_text(res, 1, arena, channel, err) : st;
}

enum status db_case_session(struct db_conn *conn, struct arena *arena, long case_id,
                            const char *held_at, const char *kind, const char *participants,
                            const char *notes, long *session_id, struct error *err)
{
    (void)arena;
    PGresult *res = NULL;
    enum status st =
        db_query_need(conn, SQL_CASE_SESSION_INSERT,
                      DB_ARGS(DB_INT(case_id), DB_TEXT(held_at), DB_TEXT(kind),
                              DB_TEXT(participants), DB_TEXT(notes ? notes : "")),
                      &res, err, STATUS_INTERNAL, NULL, "session insert returned no row");
    return st == STATUS_OK ? db_take_long(res, 0, session_id) : st;
}

/* One row of db_case_sessions (a rows_read reader). */
static bool read_session(PGresult *res, int i, void *item, struct arena *arena)
{
    struct mediation_session *s = item;
    s->id = row_long(res, i, 0);
    s->mediator_id = row_long(res, i, 5);
    s->created_at = row_text(res, i, 6, arena);
    return ROW_TEXTS(res, i, 1, arena, &s->held_at, &s->kind, &s->participants, &s->notes) &&
           s->created_at;
}

enum status db_case_sessions(struct db_conn *conn, struct arena *arena, long case_id,
                             struct mediation_session **items, size_t *count, struct error *err)
{
    return db_query_rows(conn, SQL_CASE_SESSIONS, DB_ARGS(DB_INT(case_id)), arena, sizeof(**items),
                         read_session, items, count, err);
}

enum status db_case_close(struct db_conn *conn, long case_id, const struct close_input *in,
                          struct error *err)
{
    enum status st = run_one(conn, SQL_CASE_CLOSE,
                             DB_ARGS(DB_INT(case_id), DB_TEXT(in->outcome), DB_TEXT(in->note),
                                     DB_TEXT(in->referred_to), DB_BOOL(in->prevented_escalation),
                                     DB_BOOL(in->prevented_mass_petition)),
                             err);
    if (st != STATUS_OK || !in->agreement)
        return st;
    const struct agreement_input *a = in->agreement;
    PGresult *res = NULL;
    st = db_query_row(conn, SQL_AGREEMENT_INSERT,
                      DB_ARGS(DB_INT(case_id), DB_INT(a->amount_fen), DB_TEXT(a->form),
                              DB_TEXT(a->signed_on), DB_TEXT(a->terms),
                              DB_TEXT(a->performance_method), DB_TEXT(a->perform_by)),
                      &res, err);
    if (st == STATUS_OK && !res)
        st = error_add_field(err, "agreement.signed_at", "must not be in the future");
    PQclear(res);
    return st;
}

enum status db_case_follow_up(struct db_conn *conn, long case_id, const struct follow_up_input *in,
                              struct error *err)
{
    return run_one(conn, SQL_CASE_FOLLOW_UP,
                   DB_ARGS(DB_INT(case_id), DB_TEXT(in->return_visit_at),
                           DB_TEXT(in->return_visit_note), DB_TEXT(in->performance),
                           DB_BOOL(in->judicial_confirmation)),
                   err);
}

enum status db_case_edit(struct db_conn *conn, long case_id, int version,
                         const struct case_edit_input *in, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_row(
        conn, SQL_CASE_EDIT,
        DB_ARGS(DB_INT(case_id), DB_INT(version), DB_TEXT(in->dispute_type), DB_TEXT(in->source),
                DB_ID(in->community_id), DB_TEXT(in->summary), DB_TEXT(in->claims),
                DB_TEXT(in->occurred_on), DB_TEXT(in->risk_level)),
        &res, err);
    if (st != STATUS_OK || res) {
        PQclear(res);
        return st;
    }
    /* the case is locked by the caller and its version was checked: the community is wrong */
    return error_add_field(err, "community_id", "is not a community of this center");
}

enum status db_case_deadline(struct db_conn *conn, struct arena *arena, long case_id,
                             const char *kind, int days, const char *reason, bool applicant_consent,
                             bool respondent_consent, const char *actor, const char **due_at,
                             struct error *err)
{
    bool extend = strcmp(kind, "extend") == 0;
    PGresult *res = NULL;
    enum status st =
        db_query_need(conn, SQL_CASE_DEADLINE_CHANGE,
                      DB_ARGS(DB_INT(case_id), DB_TEXT(kind), DB_ID(extend ? days : 0),
                              DB_TEXT(reason), DB_BOOL(extend ? applicant_consent : -1),
                              DB_BOOL(extend ? respondent_consent : -1), DB_TEXT(actor)),
                      &res, err, STATUS_INTERNAL, NULL, "deadline change touched no case");
    return st == STATUS_OK ? db_take_text(res, 1, arena, due_at, err) : st;
}
