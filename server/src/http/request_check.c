/* Request target length and text checks, run on libmicrohttpd's first callback of a request. */
#include "request_check.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <string.h>

#include "encode.h"
#include "utf8.h"

size_t http_unescape(char *s)
{
    char *out = s;
    for (const char *in = s; *in;) {
        int hi = in[0] == '%' ? decode_hex_digit(in[1]) : -1;
        int lo = hi >= 0 ? decode_hex_digit(in[2]) : -1;
        if (lo >= 0 && (hi | lo) != 0) {
            *out++ = (char)(hi * 16 + lo);
            in += 3;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

struct check {
    size_t target_len;
    const char *bad_kind; /* "query" or "header": the first part found bad */
    const char *bad_name; /* the header name (a query name may itself be the bad text) */
};

static bool text_ok(const char *s, size_t len)
{
    return !s || (memchr(s, '\0', len) == NULL && utf8_valid(s, len));
}

static enum MHD_Result check_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                      size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    struct check *c = cls;
    c->target_len += key_size + value_size + 2; /* '&' or '?', and '=' */
    if (!c->bad_kind && (!text_ok(key, key_size) || !text_ok(value, value_size)))
        c->bad_kind = "query";
    return MHD_YES;
}

static enum MHD_Result check_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    struct check *c = cls;
    if (!c->bad_kind && (!text_ok(key, key_size) || !text_ok(value, value_size))) {
        c->bad_kind = "header";
        /* a header name is a token (libmicrohttpd refuses anything else), so it can be named */
        c->bad_name = key && text_ok(key, key_size) ? key : "?";
    }
    return MHD_YES;
}

int http_request_check(void *connection, const char *path, struct error *err)
{
    struct MHD_Connection *conn = connection;
    struct check c = {strlen(path), NULL, NULL};
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, check_argument, &c);
    if (c.target_len > HTTP_TARGET_MAX) {
        error_set(err, STATUS_MALFORMED, "the request target is longer than %d bytes",
                  HTTP_TARGET_MAX);
        return 414;
    }
    if (!text_ok(path, strlen(path))) {
        error_set(err, STATUS_MALFORMED, "the path is not valid UTF-8");
        return 400;
    }
    if (!c.bad_kind)
        MHD_get_connection_values_n(conn, MHD_HEADER_KIND, check_header, &c);
    if (!c.bad_kind)
        return 0;
    if (c.bad_name)
        error_set(err, STATUS_MALFORMED, "header %.64s is not valid UTF-8 text", c.bad_name);
    else
        error_set(err, STATUS_MALFORMED, "the query string is not valid UTF-8 text");
    return 400;
}
