/* Centers (tenants). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "actor.h"
#include "error.h"

struct arena;
struct db_conn;

struct center {
    int id;
    const char *code;
    const char *name;
    const char *time_zone;
    const char *created_at;
};

/* Centers visible to center_id (0: all), in id order. */
enum status db_center_list(struct db_conn *conn, struct arena *arena, int center_id,
                           struct center **items, size_t *count, struct error *err);

/* Creates a center. A taken code → STATUS_CONFLICT. */
enum status db_center_insert(struct db_conn *conn, struct arena *arena, const char *code,
                             const char *name, const char *time_zone, const struct db_actor *actor,
                             struct center *out, struct error *err);

/* Whether PostgreSQL knows the time zone name. */
enum status db_time_zone_known(struct db_conn *conn, const char *name, bool *known,
                               struct error *err);
