/* /api/v1/cases/{id}/attachments: evidence, agreement scans, ID copies and other files of a case.
 *
 * An upload's body never sits in memory: the server spools it to an unlinked temporary file as it
 * arrives (http_hooks.spool_body, capped at MAX_UPLOAD_BYTES: a larger Content-Length is 413
 * before any byte is read, a larger chunked body is 413 and its file dropped), and the handler
 * copies it into the database a chunk at a time. The type is what the first bytes say (sniff.h),
 * never the name or the Content-Type sent. A download goes the other way: chunks into a temporary
 * file, which the server sends. ID copies are personal data: only those who work the case
 * (case_view_works) see them listed or may download them. Every upload, download and deletion is
 * a case event, in the transaction that does it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "attachment_store.h"
#include "audit.h"
#include "case_view.h"
#include "crypto.h"
#include "encode.h"
#include "handlers.h"
#include "input.h"
#include "output.h"
#include "resource.h"
#include "routes.h"
#include "sniff.h"
#include "tmpfile.h"
#include "views.h"

#define LIST_NAME "attachments"
#define SNIFF_BYTES 65536

static const char *const kinds[] = {"evidence", "agreement", "id_copy", "other", NULL};

bool api_spool_body(const struct http_request *req, void *app)
{
    (void)app;
    return req->route && req->route->handler == attachments_upload;
}

static bool pread_all(int fd, void *buf, size_t len, off_t at)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, (char *)buf + done, len - done, at + (off_t)done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        done += (size_t)r;
    }
    return true;
}

/* The case event of an attachment (upload, download, deletion), in the caller's transaction. */
static enum status attachment_event(struct http_request *req, struct db_conn *conn,
                                    const struct case_record *c, const struct attachment *a,
                                    const char *action, struct error *err)
{
    cJSON *after = cJSON_CreateObject();
    cJSON_AddNumberToObject(after, "attachment_id", (double)a->id);
    cJSON_AddStringToObject(after, "kind", a->kind);
    cJSON_AddStringToObject(after, "content_type", a->content_type);
    cJSON_AddNumberToObject(after, "size", (double)a->size);
    cJSON_AddStringToObject(after, "sha256", a->sha256);
    cJSON_AddStringToObject(after, "filename", a->filename);
    const char *text = audit_json(req->arena, after);
    if (!text)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    struct case_lock lock = {.id = c->id, .center_id = c->center_id, .status = c->status};
    struct db_actor actor;
    api_actor(req, &actor);
    return db_case_event(conn, &lock, &actor, action, NULL, NULL, NULL, text, NULL, err);
}

/* ---- upload ---------------------------------------------------------------------------------- */

struct upload_ctx {
    struct http_request *req;
    const char *kind, *filename, *content_type;
    unsigned char sha256[CRYPTO_SHA256_LEN];
    unsigned char *chunk; /* ATTACHMENT_CHUNK_BYTES, arena */
    struct case_record c;
    struct attachment created;
};

static enum status upload_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct upload_ctx *ctx = ctxv;
    struct http_request *req = ctx->req;
    enum status st = case_view_load(req, conn, &ctx->c);
    if (st != STATUS_OK)
        return error_set(err, st, "%s", req->error.message);
    size_t size = req->body_file_size;
    int chunks = (int)((size + ATTACHMENT_CHUNK_BYTES - 1) / ATTACHMENT_CHUNK_BYTES);
    st = db_attachment_insert(conn, req->arena, ctx->c.id, ctx->kind, ctx->filename,
                              ctx->content_type, (long long)size, ctx->sha256, chunks,
                              api_caller(req)->name, &ctx->created, err);
    for (int i = 0; st == STATUS_OK && i < chunks; i++) {
        size_t at = (size_t)i * ATTACHMENT_CHUNK_BYTES;
        size_t n = size - at < ATTACHMENT_CHUNK_BYTES ? size - at : ATTACHMENT_CHUNK_BYTES;
        if (!pread_all(req->body_fd, ctx->chunk, n, (off_t)at))
            return error_set(err, STATUS_UNAVAILABLE, "cannot read the upload back");
        st = db_attachment_chunk_insert(conn, ctx->created.id, i, ctx->chunk, n, err);
    }
    if (st == STATUS_OK)
        st = attachment_event(req, conn, &ctx->c, &ctx->created, "attachment.add", err);
    return st;
}

static int upload_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct upload_ctx *ctx = ctxv;
    const char *location =
        arena_printf(req->arena, "/api/v1/cases/%ld/attachments/%ld", ctx->c.id, ctx->created.id);
    if (!location)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    http_response_header(res, "Location", location);
    return api_respond(req, res, 201, view_attachment(&ctx->created), NULL);
}

/* The SHA-256 of the spooled body, read a chunk at a time. */
static enum status hash_body(struct http_request *req, unsigned char *buf,
                             unsigned char out[CRYPTO_SHA256_LEN])
{
    struct crypto_sha256_stream *s = crypto_sha256_stream_new();
    if (!s)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory"), STATUS_NO_MEMORY;
    for (size_t at = 0; at < req->body_file_size; at += ATTACHMENT_CHUNK_BYTES) {
        size_t n = req->body_file_size - at;
        if (n > ATTACHMENT_CHUNK_BYTES)
            n = ATTACHMENT_CHUNK_BYTES;
        if (!pread_all(req->body_fd, buf, n, (off_t)at) ||
            crypto_sha256_stream_update(s, buf, n) != STATUS_OK) {
            crypto_sha256_stream_free(s);
            error_set(&req->error, STATUS_UNAVAILABLE, "cannot read the upload back");
            return STATUS_UNAVAILABLE;
        }
    }
    return crypto_sha256_stream_finish(s, out);
}

int attachments_upload(struct http_request *req, struct http_response *res, void *app)
{
    struct upload_ctx *ctx = arena_calloc(req->arena, 1, sizeof(*ctx));
    unsigned char *chunk = arena_alloc(req->arena, ATTACHMENT_CHUNK_BYTES);
    if (!ctx || !chunk)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    ctx->req = req;
    ctx->chunk = chunk;
    ctx->kind = http_request_query(req, "kind");
    ctx->filename = http_request_query(req, "filename");
    bool kind_ok = false;
    for (size_t i = 0; ctx->kind && kinds[i]; i++)
        kind_ok = kind_ok || strcmp(ctx->kind, kinds[i]) == 0;
    if (!kind_ok)
        error_add_field(&req->error, "kind", "must be evidence, agreement, id_copy or other");
    if (!ctx->filename || !sniff_filename_ok(ctx->filename))
        error_add_field(&req->error, "filename",
                        "must be 1 to 255 bytes without control characters, slashes or quotes");
    if (req->body_fd < 0 || req->body_file_size == 0)
        error_add_field(&req->error, "body", "must be the file's bytes");
    if (req->error.field_count)
        return 422;
    size_t head = req->body_file_size < SNIFF_BYTES ? req->body_file_size : SNIFF_BYTES;
    if (!pread_all(req->body_fd, chunk, head, 0))
        return http_fail(req, STATUS_UNAVAILABLE, "cannot read the upload back");
    ctx->content_type = sniff_content_type(chunk, head);
    if (!ctx->content_type) {
        http_fail(req, STATUS_INVALID,
                  "the file is not a PDF, JPEG, PNG, OFD or DOCX document (by its content)");
        return 415;
    }
    if (hash_body(req, chunk, ctx->sha256) != STATUS_OK)
        return http_fail_with_error(req);
    /* The spooled body is not in req->body, which the Idempotency-Key's request hash reads: its
     * digest stands in for it there, so the same key with another file is a 422, as for JSON. */
    char digest[2 * CRYPTO_SHA256_LEN + 8] = "sha256:";
    encode_hex(ctx->sha256, CRYPTO_SHA256_LEN, digest + 7);
    buf_clear(&req->body);
    if (buf_append_str(&req->body, digest) != STATUS_OK)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    return api_mutate(req, res, app, upload_tx, upload_render, ctx);
}

/* ---- list ------------------------------------------------------------------------------------ */

OUTPUT_PAGE_CALLBACKS(page, struct attachment, view_attachment)

/* The path's case, if the caller may see it, and its attachments (ID copies only for those who
 * work the case). */
static enum status list_fetch(struct http_request *req, struct db_conn *conn, void *ctx, long after,
                              int limit, const void **rows, size_t *count)
{
    (void)ctx;
    struct case_record c;
    struct attachment *items = NULL;
    enum status st = case_view_load(req, conn, &c);
    if (st == STATUS_OK)
        st = db_attachment_list(conn, req->arena, c.id, after, limit,
                                case_view_works(api_caller(req), c.center_id, c.mediator_user_id),
                                &items, count, &req->error);
    *rows = items;
    return st;
}

int attachments_list(struct http_request *req, struct http_response *res, void *app)
{
    static const struct api_list list = {
        .name = LIST_NAME, .fetch = list_fetch, .item = page_item, .id = page_id};
    return api_list_page(req, res, app, &list, NULL);
}

/* ---- download and delete --------------------------------------------------------------------- */

struct one_ctx {
    struct http_request *req;
    long attachment_id;
    struct case_record c;
    struct attachment a;
    int fd; /* download: the temporary file */
    bool remove;
};

/* The case and its attachment, if the caller may see both (404 otherwise: an ID copy is not
 * shown to those who do not work the case). */
static enum status load_one(struct one_ctx *ctx, struct db_conn *conn, struct error *err)
{
    struct http_request *req = ctx->req;
    enum status st = case_view_load(req, conn, &ctx->c);
    if (st != STATUS_OK)
        return error_set(err, st, "%s", req->error.message);
    st = db_attachment_get(conn, req->arena, ctx->c.id, ctx->attachment_id, &ctx->a, err);
    if (st == STATUS_OK && strcmp(ctx->a.kind, "id_copy") == 0 &&
        !case_view_works(api_caller(req), ctx->c.center_id, ctx->c.mediator_user_id))
        st = error_set(err, STATUS_NOT_FOUND, "no such attachment");
    return st;
}

static enum status download_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct one_ctx *ctx = ctxv;
    enum status st = load_one(ctx, conn, err);
    if (st != STATUS_OK)
        return st;
    /* a retried attempt starts the file over */
    if (ftruncate(ctx->fd, 0) != 0 || lseek(ctx->fd, 0, SEEK_SET) != 0)
        return error_set(err, STATUS_UNAVAILABLE, "cannot prepare the download");
    for (int i = 0; st == STATUS_OK && i < ctx->a.chunks; i++)
        st = db_attachment_chunk_to_fd(conn, ctx->a.id, i, ctx->fd, err);
    if (st == STATUS_OK)
        st = attachment_event(ctx->req, conn, &ctx->c, &ctx->a, "attachment.download", err);
    return st;
}

/* Content-Disposition with an ASCII fallback name and the exact name in RFC 5987 form. */
static const char *disposition(struct http_request *req, const char *name)
{
    size_t len = strlen(name);
    char *ascii = arena_alloc(req->arena, len + 1);
    char *pct = arena_alloc(req->arena, 3 * len + 1);
    if (!ascii || !pct)
        return NULL;
    static const char hex[] = "0123456789ABCDEF";
    size_t p = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)name[i];
        ascii[i] = ch < 0x80 && ch >= 0x20 && ch != '"' && ch != '\\' ? (char)ch : '_';
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
            ch == '.' || ch == '-' || ch == '_') {
            pct[p++] = (char)ch;
        } else {
            pct[p++] = '%';
            pct[p++] = hex[ch >> 4];
            pct[p++] = hex[ch & 15];
        }
    }
    ascii[len] = '\0';
    pct[p] = '\0';
    return arena_printf(req->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, pct);
}

static struct one_ctx *one_start(struct http_request *req)
{
    struct one_ctx *ctx;
    if (!API_CTX_NEW(req, ctx))
        return NULL;
    ctx->fd = -1;
    if (!input_path_id(req, "attachment_id", &ctx->attachment_id)) {
        error_set(&req->error, STATUS_NOT_FOUND, "no such attachment");
        return NULL;
    }
    return ctx;
}

int attachments_download(struct http_request *req, struct http_response *res, void *app)
{
    struct one_ctx *ctx = one_start(req);
    if (!ctx)
        return http_fail_with_error(req);
    ctx->fd = tmpfile_open_unlinked();
    if (ctx->fd < 0)
        return http_fail(req, STATUS_UNAVAILABLE, "cannot prepare the download now");
    if (api_transact(req, app, download_tx, ctx) != STATUS_OK) {
        close(ctx->fd);
        return http_fail_with_error(req);
    }
    const char *cd = disposition(req, ctx->a.filename);
    if (cd)
        http_response_header(res, "Content-Disposition", cd);
    http_response_header(res, "X-Content-Type-Options", "nosniff");
    return http_response_file(res, 200, ctx->fd, (size_t)ctx->a.size, ctx->a.content_type);
}

static enum status delete_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct one_ctx *ctx = ctxv;
    enum status st = load_one(ctx, conn, err);
    if (st == STATUS_OK)
        st = db_attachment_delete(conn, ctx->c.id, ctx->a.id, api_caller(ctx->req)->name, err);
    if (st == STATUS_OK)
        st = attachment_event(ctx->req, conn, &ctx->c, &ctx->a, "attachment.delete", err);
    return st;
}

static int delete_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    (void)req;
    (void)res;
    (void)ctxv;
    return 204;
}

int attachments_delete(struct http_request *req, struct http_response *res, void *app)
{
    struct one_ctx *ctx = one_start(req);
    if (!ctx)
        return http_fail_with_error(req);
    ctx->remove = true;
    return api_mutate(req, res, app, delete_tx, delete_render, ctx);
}
