/* Communities (社区) and the center they belong to. */
#pragma once

#include <stddef.h>

#include "actor.h"
#include "error.h"

struct arena;
struct db_conn;

/* Strings point into the arena passed to the call that produced the struct. */
struct community {
    long id;
    const char *center; /* center code */
    const char *code;
    const char *name;
    const char *street;
    const char *created_at; /* RFC 3339, UTC */
};

/* Resolves the center a write goes to: code NULL picks the only center. Several centers and no
 * code, or an unknown code, are field errors on "center" (STATUS_INVALID). */
enum status db_center_resolve(struct db_conn *conn, const char *code, int *center_id,
                              struct error *err);

/* Inserts a community and its audit event. A code already used in the center → STATUS_CONFLICT. */
enum status db_community_insert(struct db_conn *conn, struct arena *arena, int center_id,
                                const char *code, const char *name, const char *street,
                                const struct db_actor *actor, struct community *out,
                                struct error *err);

/* One community visible to a caller of center_id (0: every center); STATUS_NOT_FOUND otherwise. */
enum status db_community_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                             struct community *out, struct error *err);

/* Up to limit communities with id > after_id, in id order; center_id 0 means every center.
 * *items is allocated from arena. */
enum status db_community_list(struct db_conn *conn, struct arena *arena, int center_id,
                              long after_id, int limit, struct community **items, size_t *count,
                              struct error *err);
