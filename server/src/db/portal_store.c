/* Portal store. */
#include "portal_store.h"

#include <stdlib.h>

#include "arena.h"
#include "conn.h"
#include "params.h"
#include "rows.h"

enum status db_portal_access_insert(struct db_conn *conn, long case_id,
                                    const unsigned char hash[PORTAL_CODE_HASH_LEN],
                                    struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_bytes(&p, hash, PORTAL_CODE_HASH_LEN);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_PORTAL_ACCESS_INSERT, &p, &res, err);
    if (st == STATUS_OK)
        PQclear(res);
    return st;
}

enum status db_portal_case(struct db_conn *conn, struct arena *arena, const char *case_no,
                           struct portal_case *out, bool *found, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, case_no);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_PORTAL_CASE, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    *found = PQntuples(res) == 1;
    if (*found) {
        out->id = row_long(res, 0, 0);
        out->case_no = row_text(res, 0, 1, arena);
        out->status = row_text(res, 0, 2, arena);
        out->dispute_type = row_text(res, 0, 3, arena);
        out->received_at = row_text(res, 0, 4, arena);
        out->accepted_at = row_text(res, 0, 5, arena);
        out->due_at = row_text(res, 0, 6, arena);
        out->closed_at = row_text(res, 0, 7, arena);
        out->outcome = row_text(res, 0, 8, arena);
        out->mediator_name = row_text(res, 0, 9, arena);
        out->mediator_channel = row_text(res, 0, 10, arena);
        out->rating = (int)row_long(res, 0, 11);
        out->rated_at = row_text(res, 0, 12, arena);
        out->center_id = (int)row_long(res, 0, 14);
        out->has_sessions = row_bool(res, 0, 15);
        if (!row_bytes(res, 0, 13, out->code_hash, PORTAL_CODE_HASH_LEN))
            st = error_set(err, STATUS_INTERNAL, "tracking code hash unreadable");
        else if (!out->case_no || !out->status || !out->dispute_type || !out->received_at)
            st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    PQclear(res);
    return st;
}

enum status db_case_rating_insert(struct db_conn *conn, struct arena *arena, long case_id,
                                  int rating, const char *comment, const char *request_id,
                                  const char **rated_at, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_int(&p, rating);
    db_param_text(&p, comment);
    db_param_text(&p, request_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_RATING_INSERT, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) == 1) {
        *rated_at = row_text(res, 0, 1, arena);
        if (!*rated_at)
            st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    } else {
        st = error_set(err, STATUS_CONFLICT, "the case is not closed, or was rated already");
    }
    PQclear(res);
    return st;
}

enum status db_report_satisfaction(struct db_conn *conn, struct arena *arena, int center_id,
                                   const char *from, const char *to, long *count, const char **mean,
                                   struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    db_param_text(&p, from);
    db_param_text(&p, to);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_REPORT_SATISFACTION, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    *count = PQntuples(res) == 1 ? row_long(res, 0, 0) : 0;
    *mean = PQntuples(res) == 1 ? row_text(res, 0, 1, arena) : NULL;
    PQclear(res);
    return STATUS_OK;
}
