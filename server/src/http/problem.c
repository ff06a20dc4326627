/* problem+json rendering, written directly into a buffer (no JSON tree needed). */
#include "problem.h"

#include <string.h>

#include "status_map.h"

static enum status append_string(struct buf *out, const char *s)
{
    enum status st = buf_append(out, "\"", 1);
    if (st == STATUS_OK)
        st = buf_append_json_escaped(out, s, strlen(s));
    if (st == STATUS_OK)
        st = buf_append(out, "\"", 1);
    return st;
}

enum status http_problem_render(struct buf *out, int http_status, const struct error *err,
                                const char *request_id)
{
    const char *title = http_status_title(http_status);
    const char *detail = err && err->message[0] ? err->message : title;
    enum status st =
        buf_printf(out, "{\"type\":\"/problems/%s\",\"title\":", http_status_slug(http_status));
    if (st == STATUS_OK)
        st = append_string(out, title);
    if (st == STATUS_OK)
        st = buf_printf(out, ",\"status\":%d,\"detail\":", http_status);
    if (st == STATUS_OK)
        st = append_string(out, detail);
    if (st == STATUS_OK && request_id && *request_id) {
        st = buf_append_str(out, ",\"request_id\":");
        if (st == STATUS_OK)
            st = append_string(out, request_id);
    }
    if (st == STATUS_OK && err && err->field_count > 0) {
        st = buf_append_str(out, ",\"errors\":[");
        for (size_t i = 0; st == STATUS_OK && i < err->field_count; i++) {
            st = buf_append_str(out, i ? ",{\"field\":" : "{\"field\":");
            if (st == STATUS_OK)
                st = append_string(out, err->fields[i].field);
            if (st == STATUS_OK)
                st = buf_append_str(out, ",\"message\":");
            if (st == STATUS_OK)
                st = append_string(out, err->fields[i].message);
            if (st == STATUS_OK)
                st = buf_append(out, "}", 1);
        }
        if (st == STATUS_OK)
            st = buf_append(out, "]", 1);
    }
    if (st == STATUS_OK)
        st = buf_append(out, "}", 1);
    return st;
}
