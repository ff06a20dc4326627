/* The party portal's store: the tracking code's hash of a case applied for online, what the
 * portal shows of such a case, its satisfaction rating, and the ratings a report counts. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct arena;
struct db_conn;

#define PORTAL_CODE_HASH_LEN 32

/* What a party may see of their case: never a party's data, never a staff member's but the
 * mediator's name and channel. */
struct portal_case {
    long id;
    int center_id;
    const char *case_no, *status, *dispute_type;
    const char *received_at, *accepted_at, *due_at, *closed_at, *outcome; /* NULL when not yet */
    const char *mediator_name, *mediator_channel;                         /* NULL: unassigned */
    int rating;                                                           /* 0: not rated */
    const char *rated_at;
    bool has_sessions;
    unsigned char code_hash[PORTAL_CODE_HASH_LEN];
};

/* Keeps the tracking code's keyed hash for a case inserted in the same transaction. */
enum status db_portal_access_insert(struct db_conn *conn, long case_id,
                                    const unsigned char hash[PORTAL_CODE_HASH_LEN],
                                    struct error *err);
/* The case of that number if it was applied for in the portal; *found false otherwise. The
 * caller compares code_hash in constant time. */
enum status db_portal_case(struct db_conn *conn, struct arena *arena, const char *case_no,
                           struct portal_case *out, bool *found, struct error *err);
/* Rates a closed case once, with its case event; STATUS_CONFLICT when it is not closed or was
 * rated before. */
enum status db_case_rating_insert(struct db_conn *conn, struct arena *arena, long case_id,
                                  int rating, const char *comment, const char *request_id,
                                  const char **rated_at, struct error *err);
/* Ratings given from from to to (inclusive dates, each center's time zone) in center_id (0: all):
 * count and mean ("4.25", NULL when none). */
enum status db_report_satisfaction(struct db_conn *conn, struct arena *arena, int center_id,
                                   const char *from, const char *to, long *count, const char **mean,
                                   struct error *err);
