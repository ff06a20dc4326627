/* Case attachments (migration 0020): rows, and their bytes in chunks of at most
 * ATTACHMENT_CHUNK_BYTES, written and read one chunk at a time so that no file is ever whole in
 * memory. Strings are copied into the caller's arena. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

#define ATTACHMENT_CHUNK_BYTES 262144

struct db_conn;

struct attachment {
    long id;
    long case_id;
    const char *kind;
    const char *filename;
    const char *content_type;
    long long size;
    const char *sha256; /* hex */
    const char *created_at;
    const char *created_by;
    int chunks;
};

enum status db_attachment_insert(struct db_conn *conn, struct arena *arena, long case_id,
                                 const char *kind, const char *filename, const char *content_type,
                                 long long size, const unsigned char sha256[32], int chunks,
                                 const char *author, struct attachment *out, struct error *err);
enum status db_attachment_chunk_insert(struct db_conn *conn, long attachment_id, int seq,
                                       const void *data, size_t len, struct error *err);
/* Appends chunk seq's bytes to fd (at its current offset). */
enum status db_attachment_chunk_to_fd(struct db_conn *conn, long attachment_id, int seq, int fd,
                                      struct error *err);
enum status db_attachment_list(struct db_conn *conn, struct arena *arena, long case_id,
                               long after_id, int limit, bool with_id_copies,
                               struct attachment **items, size_t *count, struct error *err);
/* STATUS_NOT_FOUND when the case has no such attachment (or it is deleted). */
enum status db_attachment_get(struct db_conn *conn, struct arena *arena, long case_id, long id,
                              struct attachment *out, struct error *err);
enum status db_attachment_delete(struct db_conn *conn, long case_id, long id, const char *actor,
                                 struct error *err);
