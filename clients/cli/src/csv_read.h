/* An RFC 4180 CSV reader for the files `mediationctl import` takes: UTF-8 with or without a
 * byte-order mark, CRLF or LF line ends, fields quoted with double quotes (inner quotes doubled,
 * line breaks allowed inside quotes). Pure: reads a caller-owned buffer.
 *
 * Ownership: the reader borrows the data, which must outlive it. A record owns its fields;
 * csv_record_cleanup frees them. */
#pragma once

#include <stddef.h>

struct csv_reader {
    const char *data;
    size_t len;
    size_t pos;
    size_t line; /* 1-based line where the next record starts */
};

struct csv_record {
    char **fields; /* count NUL-terminated strings */
    size_t count, capacity;
    size_t line; /* the line the record started on */
};

/* Starts reading data[0..len), skipping a UTF-8 byte-order mark. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len);

/* Reads the next record into rec (which it empties first). Returns 1 when a record was read, 0 at
 * the end of the data, -1 on malformed input (a quote inside an unquoted field, text after a
 * closing quote, an unterminated quote, a NUL byte, text that is not UTF-8) with a message in err
 * naming the line. Blank lines are skipped. */
int csv_read_record(struct csv_reader *r, struct csv_record *rec, char *err, size_t err_size);

void csv_record_init(struct csv_record *rec);
void csv_record_cleanup(struct csv_record *rec);
