/* Deadline policy store. */
#include "policy_store.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "query.h"
#include "rows.h"

/* Array literals of up to DEADLINE_POLICY_ROWS_MAX elements: the longest dispute type name is
 * under 24 characters. */
#define LITERAL_MAX (DEADLINE_POLICY_ROWS_MAX * 24 + 8)

enum status db_policy_list(struct db_conn *conn, struct arena *arena, int center_id,
                           const char **center_code,
                           struct deadline_policy_row rows[DEADLINE_POLICY_ROWS_MAX], size_t *count,
                           struct error *err)
{
    PGresult *res = NULL;
    *count = 0;
    enum status st =
        db_query(conn, SQL_DEADLINE_POLICY_LIST, DB_ARGS(DB_INT(center_id)), &res, err);
    if (st != STATUS_OK)
        return st;
    int n = PQntuples(res);
    if (n == 0) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no center %d", center_id);
    }
    if (center_code && !(*center_code = row_text(res, 0, 0, arena))) {
        PQclear(res);
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    size_t used = 0;
    for (int i = 0; i < n && st == STATUS_OK; i++) {
        if (PQgetisnull(res, i, 2))
            continue; /* the center has no rows */
        if (used == DEADLINE_POLICY_ROWS_MAX) {
            st = error_set(err, STATUS_INTERNAL, "center %d has too many policy rows", center_id);
            break;
        }
        struct deadline_policy_row *row = &rows[used];
        memset(row, 0, sizeof(*row));
        row->any_type = PQgetisnull(res, i, 1);
        if ((!row->any_type && !dispute_type_parse(PQgetvalue(res, i, 1), &row->type)) ||
            !risk_level_parse(PQgetvalue(res, i, 2), &row->risk))
            st = error_set(err, STATUS_INTERNAL, "center %d has a malformed policy row", center_id);
        row->days = (int)row_long(res, i, 3);
        row->max_extension_days = (int)row_long(res, i, 4);
        used++;
    }
    PQclear(res);
    if (st == STATUS_OK)
        *count = used;
    return st;
}

enum status db_policy_days(struct db_conn *conn, int center_id, enum dispute_type type,
                           enum risk_level risk, int *days, int *max_extension_days,
                           struct error *err)
{
    struct deadline_policy_row rows[DEADLINE_POLICY_ROWS_MAX];
    size_t count;
    enum status st = db_policy_list(conn, NULL, center_id, NULL, rows, &count, err);
    if (st != STATUS_OK)
        return st;
    deadline_policy_resolve(rows, count, type, risk, days, max_extension_days);
    return STATUS_OK;
}

/* Appends text to a literal being built in out (LITERAL_MAX bytes). */
static void append(char *out, size_t *used, const char *text)
{
    int n = snprintf(out + *used, LITERAL_MAX - *used, "%s", text);
    if (n > 0 && *used + (size_t)n < LITERAL_MAX)
        *used += (size_t)n;
}

enum status db_policy_replace(struct db_conn *conn, int center_id,
                              const struct deadline_policy_row *rows, size_t count,
                              const struct db_actor *actor, struct error *err)
{
    if (count > DEADLINE_POLICY_ROWS_MAX)
        return error_add_field(err, "items", "must have at most %d rows", DEADLINE_POLICY_ROWS_MAX);
    char types[LITERAL_MAX], risks[LITERAL_MAX], days[LITERAL_MAX], caps[LITERAL_MAX];
    size_t tu = 0, ru = 0, du = 0, cu = 0;
    append(types, &tu, "{");
    append(risks, &ru, "{");
    append(days, &du, "{");
    append(caps, &cu, "{");
    for (size_t i = 0; i < count; i++) {
        char number[16];
        const char *sep = i ? "," : "";
        append(types, &tu, sep);
        append(types, &tu, rows[i].any_type ? "NULL" : dispute_type_name(rows[i].type));
        append(risks, &ru, sep);
        append(risks, &ru, risk_level_name(rows[i].risk));
        snprintf(number, sizeof(number), "%s%d", sep, rows[i].days);
        append(days, &du, number);
        snprintf(number, sizeof(number), "%s%d", sep, rows[i].max_extension_days);
        append(caps, &cu, number);
    }
    append(types, &tu, "}");
    append(risks, &ru, "}");
    append(days, &du, "}");
    append(caps, &cu, "}");

    enum status st = db_query_exec(conn, SQL_DEADLINE_POLICY_LOCK, DB_ARGS(DB_INT(center_id)), err);
    if (st != STATUS_OK)
        return st;
    long inserted = 0;
    st = db_query_long(conn, SQL_DEADLINE_POLICY_REPLACE,
                       DB_ARGS(DB_INT(center_id), DB_TEXT(types), DB_TEXT(risks), DB_TEXT(days),
                               DB_TEXT(caps), DB_ACTOR(actor)),
                       &inserted, err);
    if (st != STATUS_OK)
        return st;
    if (inserted != (long)count)
        return error_set(err, STATUS_INTERNAL, "policy replacement stored %ld of %zu rows",
                         inserted, count);
    return STATUS_OK;
}
