/* Request accessors and response helpers. */
#include "request.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "status_map.h"

const char *http_request_param(const struct http_request *req, const char *name)
{
    for (size_t i = 0; i < req->param_count; i++)
        if (strcmp(req->params[i].name, name) == 0)
            return req->params[i].value;
    return NULL;
}

const char *http_request_header(const struct http_request *req, const char *name)
{
    if (!req->connection)
        return NULL;
    return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

const char *http_request_query(const struct http_request *req, const char *name)
{
    if (!req->connection)
        return NULL;
    return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

enum status http_response_header(struct http_response *res, const char *name, const char *value)
{
    if (res->header_count >= HTTP_MAX_RESPONSE_HEADERS)
        return STATUS_TOO_LARGE;
    res->headers[res->header_count].name = name;
    res->headers[res->header_count].value = value;
    res->header_count++;
    return STATUS_OK;
}

int http_response_json(struct http_response *res, int status, const cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    if (!text)
        return 503;
    buf_clear(&res->body);
    enum status st = buf_append_str(&res->body, text);
    free(text);
    if (st != STATUS_OK)
        return 503;
    res->content_type = "application/json";
    return status;
}

int http_fail(struct http_request *req, enum status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(&req->error, st, fmt, ap);
    va_end(ap);
    return http_status_from(st);
}

int http_fail_with_error(struct http_request *req)
{
    return http_status_from(req->error.status);
}
