/* Binary COPY FROM STDIN: a growing buffer sent in chunks of about COPY_CHUNK bytes. */
#include "copy.h"

#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "log.h"

/* Send when the buffer holds this much: large enough that libpq sends full socket writes. */
#define COPY_CHUNK (256 * 1024)

/* "PGCOPY\n\377\r\n\0", flags, header extension length */
static const unsigned char header[19] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n',
                                         0,   0,   0,   0,   0,   0,   0,    0,    0};

static void flush(struct db_copy *copy)
{
    if (copy->failed || copy->len == 0)
        return;
    if (PQputCopyData(copy->conn->pg, (const char *)copy->buf, (int)copy->len) != 1)
        copy->failed = true;
    copy->len = 0;
}

/* Room for need more bytes; false (and failed) when memory runs out. */
static bool reserve(struct db_copy *copy, size_t need)
{
    if (copy->failed)
        return false;
    if (copy->len + need <= copy->cap)
        return true;
    size_t cap = copy->cap * 2;
    while (cap < copy->len + need)
        cap *= 2;
    unsigned char *buf = realloc(copy->buf, cap);
    if (!buf) {
        copy->failed = true;
        return false;
    }
    copy->buf = buf;
    copy->cap = cap;
    return true;
}

/* Big-endian stores into reserved room: each field reserves once, for its length word and its
 * value together (the generator writes millions of fields). */
static void store16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void store32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void store64(unsigned char *p, uint64_t v)
{
    store32(p, (uint32_t)(v >> 32));
    store32(p + 4, (uint32_t)v);
}

/* need bytes of room at the end of the buffer, counted as written; NULL when out of memory. */
static unsigned char *append(struct db_copy *copy, size_t need)
{
    if (!reserve(copy, need))
        return NULL;
    unsigned char *p = copy->buf + copy->len;
    copy->len += need;
    return p;
}

enum status db_copy_begin(struct db_conn *conn, const char *sql, struct db_copy *copy,
                          struct error *err)
{
    memset(copy, 0, sizeof(*copy));
    copy->conn = conn;
    PGresult *res = PQexec(conn->pg, sql);
    if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
        enum status st = db_result_error(conn->pg, res, err);
        if (PQstatus(conn->pg) == CONNECTION_BAD)
            conn->broken = true;
        PQclear(res);
        return st;
    }
    PQclear(res);
    copy->cap = 2 * COPY_CHUNK;
    copy->buf = malloc(copy->cap);
    if (!copy->buf)
        copy->failed = true;
    else
        memcpy(copy->buf, header, sizeof(header)), copy->len = sizeof(header);
    return STATUS_OK;
}

void db_copy_row(struct db_copy *copy, int fields)
{
    if (copy->len >= COPY_CHUNK)
        flush(copy);
    unsigned char *p = append(copy, 2);
    if (p)
        store16(p, (uint16_t)fields);
}

void db_copy_null(struct db_copy *copy)
{
    unsigned char *p = append(copy, 4);
    if (p)
        store32(p, 0xffffffffu);
}

void db_copy_bool(struct db_copy *copy, bool value)
{
    unsigned char *p = append(copy, 5);
    if (p) {
        store32(p, 1);
        p[4] = value ? 1 : 0;
    }
}

void db_copy_int4(struct db_copy *copy, int32_t value)
{
    unsigned char *p = append(copy, 8);
    if (p) {
        store32(p, 4);
        store32(p + 4, (uint32_t)value);
    }
}

void db_copy_int8(struct db_copy *copy, int64_t value)
{
    unsigned char *p = append(copy, 12);
    if (p) {
        store32(p, 8);
        store64(p + 4, (uint64_t)value);
    }
}

void db_copy_bytes(struct db_copy *copy, const void *value, size_t len)
{
    unsigned char *p = append(copy, 4 + len);
    if (p) {
        store32(p, (uint32_t)len);
        memcpy(p + 4, value, len);
    }
}

void db_copy_text(struct db_copy *copy, const char *value)
{
    if (!value)
        db_copy_null(copy);
    else
        db_copy_bytes(copy, value, strlen(value));
}

void db_copy_timestamptz(struct db_copy *copy, int64_t usecs)
{
    db_copy_int8(copy, usecs);
}

void db_copy_date(struct db_copy *copy, int32_t days)
{
    db_copy_int4(copy, days);
}

enum status db_copy_end(struct db_copy *copy, bool give_up, long *rows, struct error *err)
{
    PGconn *pg = copy->conn->pg;
    bool failed = copy->failed;
    if (!give_up && !failed) {
        unsigned char *p = append(copy, 2);
        if (p)
            store16(p, 0xffff); /* the trailer: a field count of -1 */
        flush(copy);
        failed = copy->failed;
    }
    free(copy->buf);
    copy->buf = NULL;
    const char *why = give_up ? "given up" : failed ? "the client could not send its rows" : NULL;
    if (PQputCopyEnd(pg, why) != 1)
        failed = true;
    enum status st = STATUS_OK;
    PGresult *res;
    bool first = true;
    while ((res = PQgetResult(pg)) != NULL) {
        if (first && PQresultStatus(res) == PGRES_COMMAND_OK) {
            if (rows)
                *rows = strtol(PQcmdTuples(res), NULL, 10);
        } else if (first) {
            st = give_up ? STATUS_INTERNAL : db_result_error(pg, res, err);
        }
        first = false;
        PQclear(res);
    }
    if (PQstatus(pg) == CONNECTION_BAD) {
        copy->conn->broken = true;
        if (st == STATUS_OK)
            st = error_set(err, STATUS_UNAVAILABLE, "the database connection was lost");
    }
    if (st == STATUS_OK && (failed || give_up))
        st = error_set(err, STATUS_INTERNAL, "copy %s", give_up ? "given up" : "failed");
    return st;
}
