/* Status tables. */
#include "status_map.h"

#include <stddef.h>

int http_status_from(enum status status)
{
    switch (status) {
    case STATUS_OK:
        return 200;
    case STATUS_INVALID:
        return 422;
    case STATUS_MALFORMED:
        return 400;
    case STATUS_NOT_FOUND:
        return 404;
    case STATUS_CONFLICT:
        return 409;
    case STATUS_TOO_LARGE:
        return 413;
    case STATUS_RETRY:
        return 503; /* retries were exhausted: the client may try again */
    case STATUS_UNAVAILABLE:
        return 503;
    case STATUS_NO_MEMORY:
        return 503;
    case STATUS_UNAUTHORIZED:
        return 401;
    case STATUS_FORBIDDEN:
        return 403;
    case STATUS_INTERNAL:
        return 500;
    case STATUS_RATE_LIMITED:
        return 429;
    case STATUS_PRECONDITION:
        return 412;
    case STATUS_PRECONDITION_REQUIRED:
        return 428;
    }
    return 500;
}

struct status_text {
    int code;
    const char *title;
    const char *slug;
};

static const struct status_text texts[] = {
    {400, "Bad Request", "malformed-request"},
    {401, "Unauthorized", "unauthorized"},
    {403, "Forbidden", "forbidden"},
    {404, "Not Found", "not-found"},
    {405, "Method Not Allowed", "method-not-allowed"},
    {409, "Conflict", "conflict"},
    {412, "Precondition Failed", "precondition-failed"},
    {413, "Content Too Large", "payload-too-large"},
    {414, "URI Too Long", "uri-too-long"},
    {415, "Unsupported Media Type", "unsupported-media-type"},
    {422, "Unprocessable Content", "validation-error"},
    {428, "Precondition Required", "precondition-required"},
    {429, "Too Many Requests", "too-many-requests"},
    {500, "Internal Server Error", "internal-error"},
    {503, "Service Unavailable", "service-unavailable"},
};

static const struct status_text *find(int code)
{
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (texts[i].code == code)
            return &texts[i];
    return NULL;
}

const char *http_status_title(int http_status)
{
    const struct status_text *t = find(http_status);
    return t ? t->title : (http_status >= 500 ? "Server Error" : "Client Error");
}

const char *http_status_slug(int http_status)
{
    const struct status_text *t = find(http_status);
    return t ? t->slug : "error";
}
