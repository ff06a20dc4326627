/* Case attachments: see attachment_store.h. */
#include "attachment_store.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "query.h"
#include "rows.h"

static bool read_attachment(PGresult *res, int i, void *item, struct arena *arena)
{
    struct attachment *a = item;
    a->id = row_long(res, i, 0);
    a->case_id = row_long(res, i, 1);
    a->size = strtoll(PQgetvalue(res, i, 5), NULL, 10);
    a->chunks = (int)row_long(res, i, 9);
    return ROW_TEXTS(res, i, 2, arena, &a->kind, &a->filename, &a->content_type) &&
           ROW_TEXTS(res, i, 6, arena, &a->sha256, &a->created_at, &a->created_by);
}

enum status db_attachment_insert(struct db_conn *conn, struct arena *arena, long case_id,
                                 const char *kind, const char *filename, const char *content_type,
                                 long long size, const unsigned char sha256[32], int chunks,
                                 const char *author, struct attachment *out, struct error *err)
{
    return db_query_read(conn, SQL_ATTACHMENT_INSERT,
                         DB_ARGS(DB_INT(case_id), DB_TEXT(kind), DB_TEXT(filename),
                                 DB_TEXT(content_type), DB_INT(size), DB_BYTES(sha256, 32),
                                 DB_INT(chunks), DB_TEXT(author)),
                         "attachment", 0, arena, read_attachment, out, err);
}

enum status db_attachment_chunk_insert(struct db_conn *conn, long attachment_id, int seq,
                                       const void *data, size_t len, struct error *err)
{
    /* the bytes go in binary: no escaping, no doubling */
    return db_query_exec(conn, SQL_ATTACHMENT_CHUNK_INSERT,
                         DB_ARGS(DB_INT(attachment_id), DB_INT(seq), DB_BYTES(data, len)), err);
}

enum status db_attachment_chunk_to_fd(struct db_conn *conn, long attachment_id, int seq, int fd,
                                      struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_need(
        conn, SQL_ATTACHMENT_CHUNK_GET, DB_ARGS(DB_INT(attachment_id), DB_INT(seq)), &res, err,
        STATUS_INTERNAL, NULL, "attachment %ld lacks chunk %d", attachment_id, seq);
    if (st != STATUS_OK)
        return st;
    size_t len = 0;
    unsigned char *bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(res, 0, 0), &len);
    PQclear(res);
    if (!bytes)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, bytes + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            PQfreemem(bytes);
            return error_set(err, STATUS_UNAVAILABLE, "cannot write the download file");
        }
        done += (size_t)w;
    }
    PQfreemem(bytes);
    return STATUS_OK;
}

enum status db_attachment_list(struct db_conn *conn, struct arena *arena, long case_id,
                               long after_id, int limit, bool with_id_copies,
                               struct attachment **items, size_t *count, struct error *err)
{
    return db_query_rows(
        conn, SQL_ATTACHMENT_LIST,
        DB_ARGS(DB_INT(case_id), DB_INT(after_id), DB_INT(limit), DB_BOOL(with_id_copies)), arena,
        sizeof(**items), read_attachment, items, count, err);
}

enum status db_attachment_get(struct db_conn *conn, struct arena *arena, long case_id, long id,
                              struct attachment *out, struct error *err)
{
    return db_query_read(conn, SQL_ATTACHMENT_GET, DB_ARGS(DB_INT(case_id), DB_INT(id)),
                         "attachment", 0, arena, read_attachment, out, err);
}

enum status db_attachment_delete(struct db_conn *conn, long case_id, long id, const char *actor,
                                 struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_one(conn, SQL_ATTACHMENT_DELETE,
                                  DB_ARGS(DB_INT(case_id), DB_INT(id), DB_TEXT(actor)),
                                  "attachment", 0, &res, err);
    PQclear(res);
    return st;
}
