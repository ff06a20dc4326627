/* Request accessors and response helpers. */
#include "request.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

struct query_each_ctx {
    void (*each)(const char *name, const char *value, void *ctx);
    void *ctx;
};

static enum MHD_Result query_each_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    struct query_each_ctx *c = cls;
    c->each(key, value ? value : "", c->ctx);
    return MHD_YES;
}

void http_request_query_each(const struct http_request *req,
                             void (*each)(const char *name, const char *value, void *ctx),
                             void *ctx)
{
    if (!req->connection)
        return;
    struct query_each_ctx c = {each, ctx};
    MHD_get_connection_values(req->connection, MHD_GET_ARGUMENT_KIND, query_each_cb, &c);
}

const char *http_request_query(const struct http_request *req, const char *name)
{
    if (!req->connection)
        return NULL;
    return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_request_client(const struct http_request *req, char *out, size_t size)
{
    snprintf(out, size, "unknown");
    if (!req->connection)
        return out;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(req->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return out;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)size);
    return out;
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

int http_response_file(struct http_response *res, int status, int fd, size_t size,
                       const char *content_type)
{
    if (res->file_fd >= 0)
        close(res->file_fd);
    buf_clear(&res->body);
    res->file_fd = fd;
    res->file_size = size;
    res->content_type = content_type;
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
