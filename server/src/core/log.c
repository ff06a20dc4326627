/* JSON-lines logger on stderr. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

static volatile enum log_level current_level = LOG_INFO;

static _Thread_local const char *bound_request_id;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
    current_level = level;
}

enum log_level log_get_level(void)
{
    return current_level;
}

int log_level_parse(const char *text, enum log_level *out)
{
    for (int i = LOG_DEBUG; i <= LOG_ERROR; i++) {
        if (strcmp(text, level_names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    }
    return -1;
}

void log_write_line(const char *json, unsigned long len)
{
    struct iovec iov[2] = {{(void *)json, len}, {"\n", 1}};
    /* One writev per line keeps lines from different threads whole. A failed write to stderr has
     * nowhere to be reported, so its result is deliberately ignored. */
    ssize_t n = writev(STDERR_FILENO, iov, 2);
    (void)n;
}

void log_bind_request(const char *request_id)
{
    bound_request_id = request_id;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (level < current_level)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[80];
    snprintf(when, sizeof(when), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);

    /* line points at a stack array that can hold the worst case (every byte of msg escaped to
     * six), and its max is capacity - 1, so it never reallocates. */
    char storage[sizeof(msg) * 6 + 256];
    struct buf line = {storage, 0, sizeof(storage), sizeof(storage) - 1};
    buf_printf(&line, "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"", when, level_names[level]);
    buf_append_json_escaped(&line, msg, strlen(msg));
    if (bound_request_id) {
        buf_append_str(&line, "\",\"request_id\":\"");
        buf_append_json_escaped(&line, bound_request_id, strlen(bound_request_id));
    }
    buf_append_str(&line, "\"}");
    log_write_line(buf_str(&line), line.len);
}
