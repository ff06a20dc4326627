/* Logging: one JSON object per line on stderr, so that a log shipper can parse every line.
 *
 * log_msg() is thread-safe (each line is formatted into a local buffer and written with one write
 * call). Messages follow PostgreSQL's style: lower-case first letter, no final period. */
#pragma once

enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Lines below this level are dropped. Default LOG_INFO. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Parses "debug", "info", "warn" or "error". Returns 0 on success, -1 otherwise. */
int log_level_parse(const char *text, enum log_level *out);

/* Names the request the calling thread works on (its id must stay valid until the next call), or
 * none with NULL: every line log_msg writes on this thread meanwhile carries "request_id". */
void log_bind_request(const char *request_id);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes an already formatted JSON object (without newline) as one line, whatever the level. */
void log_write_line(const char *json, unsigned long len);
