/* COPY … FROM STDIN in PostgreSQL's binary format: rows are encoded into a buffer and sent in
 * large chunks while the caller keeps producing them, so the server inserts as the client
 * generates. Used by the data generator (seed.c) for its bulk loads.
 *
 * Ownership: struct db_copy is the caller's; db_copy_begin allocates its buffer and db_copy_end
 * frees it (call db_copy_end after every successful db_copy_begin, also to give up). Errors while
 * sending are kept and reported by db_copy_end, so the field functions return nothing. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct db_conn;

struct db_copy {
    struct db_conn *conn;
    unsigned char *buf;
    size_t len, cap;
    bool failed; /* sending failed or memory ran out: db_copy_end reports it */
};

/* Starts sql, a "COPY table (columns) FROM STDIN (FORMAT binary)" command. */
enum status db_copy_begin(struct db_conn *conn, const char *sql, struct db_copy *copy,
                          struct error *err);

/* Starts a row of fields values; each value follows with one of the calls below. */
void db_copy_row(struct db_copy *copy, int fields);
void db_copy_null(struct db_copy *copy);
void db_copy_bool(struct db_copy *copy, bool value);
void db_copy_int4(struct db_copy *copy, int32_t value);
void db_copy_int8(struct db_copy *copy, int64_t value);
/* text, varchar and enum values (an enum's binary form is its label); NULL sends SQL NULL */
void db_copy_text(struct db_copy *copy, const char *value);
void db_copy_bytes(struct db_copy *copy, const void *value, size_t len);
/* microseconds since 2000-01-01 UTC and days since 2000-01-01 */
void db_copy_timestamptz(struct db_copy *copy, int64_t usecs);
void db_copy_date(struct db_copy *copy, int32_t days);

/* Ends the COPY (or abandons it when give_up is true) and frees the buffer. On success *rows
 * (may be NULL) gets the number of rows the server inserted. A row the database refused fails
 * the whole COPY, with the server's error mapped as db_exec maps it. */
enum status db_copy_end(struct db_copy *copy, bool give_up, long *rows, struct error *err);
