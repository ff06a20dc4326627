/* Portal store. */
#include "portal_store.h"

#include <stdlib.h>

#include "arena.h"
#include "query.h"
#include "rows.h"

enum status db_portal_access_insert(struct db_conn *conn, long case_id,
                                    const unsigned char hash[PORTAL_CODE_HASH_LEN],
                                    struct error *err)
{
    return db_query_exec(conn, SQL_PORTAL_ACCESS_INSERT,
                         DB_ARGS(DB_INT(case_id), DB_BYTES(hash, PORTAL_CODE_HASH_LEN)), err);
}

enum status db_portal_case(struct db_conn *conn, struct arena *arena, const char *case_no,
                           struct portal_case *out, bool *found, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_row(conn, SQL_PORTAL_CASE, DB_ARGS(DB_TEXT(case_no)), &res, err);
    *found = res != NULL;
    if (!res)
        return st;
    out->id = row_long(res, 0, 0);
    bool copied = ROW_TEXTS(res, 0, 1, arena, &out->case_no, &out->status, &out->dispute_type,
                            &out->received_at, &out->accepted_at, &out->due_at, &out->closed_at,
                            &out->outcome, &out->mediator_name, &out->mediator_channel);
    out->rating = (int)row_long(res, 0, 11);
    out->rated_at = row_text(res, 0, 12, arena);
    out->center_id = (int)row_long(res, 0, 14);
    out->has_sessions = row_bool(res, 0, 15);
    if (!row_bytes(res, 0, 13, out->code_hash, PORTAL_CODE_HASH_LEN))
        st = error_set(err, STATUS_INTERNAL, "tracking code hash unreadable");
    else if (!copied)
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}

enum status db_case_rating_insert(struct db_conn *conn, struct arena *arena, long case_id,
                                  int rating, const char *comment, const char *request_id,
                                  const char **rated_at, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_need(
        conn, SQL_CASE_RATING_INSERT,
        DB_ARGS(DB_INT(case_id), DB_INT(rating), DB_TEXT(comment), DB_TEXT(request_id)), &res, err,
        STATUS_CONFLICT, NULL, "the case is not closed, or was rated already");
    return st == STATUS_OK ? db_take_text(res, 1, arena, rated_at, err) : st;
}

enum status db_report_satisfaction(struct db_conn *conn, struct arena *arena, int center_id,
                                   const char *from, const char *to, long *count, const char **mean,
                                   struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_row(conn, SQL_REPORT_SATISFACTION,
                                  DB_ARGS(DB_ID(center_id), DB_TEXT(from), DB_TEXT(to)), &res, err);
    *count = res ? row_long(res, 0, 0) : 0;
    *mean = res ? row_text(res, 0, 1, arena) : NULL;
    PQclear(res);
    return st;
}
