/* Case attachments: see attachment_store.h. */
#include "attachment_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conn.h"
#include "rows.h"

#define NUM 24

static const char *num(char buf[NUM], long long v)
{
    snprintf(buf, NUM, "%lld", v);
    return buf;
}

static bool read_attachment(PGresult *res, int i, void *item, struct arena *arena)
{
    struct attachment *a = item;
    a->id = row_long(res, i, 0);
    a->case_id = row_long(res, i, 1);
    a->kind = row_text(res, i, 2, arena);
    a->filename = row_text(res, i, 3, arena);
    a->content_type = row_text(res, i, 4, arena);
    a->size = strtoll(PQgetvalue(res, i, 5), NULL, 10);
    a->sha256 = row_text(res, i, 6, arena);
    a->created_at = row_text(res, i, 7, arena);
    a->created_by = row_text(res, i, 8, arena);
    a->chunks = (int)row_long(res, i, 9);
    return a->kind && a->filename && a->content_type && a->sha256 && a->created_at && a->created_by;
}

static enum status one_attachment(PGresult *res, struct arena *arena, struct attachment *out,
                                  struct error *err)
{
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no such attachment");
    }
    bool ok = read_attachment(res, 0, out, arena);
    PQclear(res);
    return ok ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_attachment_insert(struct db_conn *conn, struct arena *arena, long case_id,
                                 const char *kind, const char *filename, const char *content_type,
                                 long long size, const unsigned char sha256[32], int chunks,
                                 const char *author, struct attachment *out, struct error *err)
{
    char cid[NUM], sz[NUM], n[NUM], sha[2 + 64 + 1] = "\\x";
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        sha[2 + 2 * i] = hex[sha256[i] >> 4];
        sha[3 + 2 * i] = hex[sha256[i] & 15];
    }
    sha[66] = '\0';
    const char *values[] = {num(cid, case_id), kind, filename,       content_type,
                            num(sz, size),     sha,  num(n, chunks), author};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_ATTACHMENT_INSERT, 8, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    return one_attachment(res, arena, out, err);
}

enum status db_attachment_chunk_insert(struct db_conn *conn, long attachment_id, int seq,
                                       const void *data, size_t len, struct error *err)
{
    char aid[NUM], s[NUM];
    const char *values[] = {num(aid, attachment_id), num(s, seq), data};
    int lengths[] = {0, 0, (int)len};
    int formats[] = {0, 0, 1}; /* the bytes go in binary: no escaping, no doubling */
    PGresult *res = NULL;
    enum status st =
        db_exec(conn, SQL_ATTACHMENT_CHUNK_INSERT, 3, values, lengths, formats, &res, err);
    if (st == STATUS_OK)
        PQclear(res);
    return st;
}

enum status db_attachment_chunk_to_fd(struct db_conn *conn, long attachment_id, int seq, int fd,
                                      struct error *err)
{
    char aid[NUM], s[NUM];
    const char *values[] = {num(aid, attachment_id), num(s, seq)};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_ATTACHMENT_CHUNK_GET, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "attachment %ld lacks chunk %d", attachment_id, seq);
    }
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
    char cid[NUM], after[NUM], lim[NUM];
    const char *values[] = {num(cid, case_id), num(after, after_id), num(lim, limit),
                            with_id_copies ? "true" : "false"};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_ATTACHMENT_LIST, 4, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_attachment, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_attachment_get(struct db_conn *conn, struct arena *arena, long case_id, long id,
                              struct attachment *out, struct error *err)
{
    char cid[NUM], aid[NUM];
    const char *values[] = {num(cid, case_id), num(aid, id)};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_ATTACHMENT_GET, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    return one_attachment(res, arena, out, err);
}

enum status db_attachment_delete(struct db_conn *conn, long case_id, long id, const char *actor,
                                 struct error *err)
{
    char cid[NUM], aid[NUM];
    const char *values[] = {num(cid, case_id), num(aid, id), actor};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_ATTACHMENT_DELETE, 3, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    int n = PQntuples(res);
    PQclear(res);
    return n == 1 ? STATUS_OK : error_set(err, STATUS_NOT_FOUND, "no such attachment");
}
