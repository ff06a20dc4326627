/* Serving the embedded web client: path → file, gzip negotiation, ETag, caching and the pages'
 * security headers. */
#include "web.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "web_files.h"

/* No inline script or style, nothing from another origin, no framing: every script is a file of
 * ours, every text from the server goes in as text (clients/web/README.md). */
const char web_csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                       "data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
                       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
            if (strcmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

bool web_content_hashed(const char *path)
{
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    for (const char *p = strchr(name, '.'); p; p = strchr(p + 1, '.')) {
        size_t n = 0;
        while (isxdigit((unsigned char)p[1 + n]) && !isupper((unsigned char)p[1 + n]))
            n++;
        if (n >= 8 && p[1 + n] == '.')
            return true;
    }
    return false;
}

bool web_accepts_gzip(const char *ae)
{
    while (ae && *ae) {
        while (*ae == ' ' || *ae == ',')
            ae++;
        size_t len = strcspn(ae, ",");
        if (len >= 4 && strncasecmp(ae, "gzip", 4) == 0 &&
            (len == 4 || ae[4] == ';' || ae[4] == ' ')) {
            const char *q = memchr(ae, '=', len);
            if (!q)
                return true;
            /* q=0, q=0.0, q=0.000: refused */
            q++;
            while (*q == '0' || *q == '.')
                q++;
            return (size_t)(q - ae) < len && *q >= '1' && *q <= '9';
        }
        ae += len;
    }
    return false;
}

static const struct web_file *find(const char *path)
{
    for (size_t i = 0; i < WEB_FILE_COUNT; i++)
        if (strcmp(web_files[i].path, path) == 0)
            return &web_files[i];
    return NULL;
}

static void security_headers(struct http_response *res)
{
    http_response_header(res, "Content-Security-Policy", web_csp);
    http_response_header(res, "X-Content-Type-Options", "nosniff");
    http_response_header(res, "Referrer-Policy", "no-referrer");
    http_response_header(res, "X-Frame-Options", "DENY");
    http_response_header(res, "Cross-Origin-Opener-Policy", "same-origin");
}

int web_serve(struct http_request *req, struct http_response *res, void *app)
{
    (void)app;
    /* the portal's pages name every file by its absolute path, so /portal serves them as well
     * as /portal/ does */
    const char *path = strcmp(req->path, "/portal") == 0 ? "/portal/" : req->path;
    size_t len = strlen(path);
    if (len > 0 && path[len - 1] == '/')
        path = arena_printf(req->arena, "%sindex.html", path);
    if (!path)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    const struct web_file *f = find(path);
    if (!f)
        return http_fail(req, STATUS_NOT_FOUND, "no page or file at %s", req->path);
    security_headers(res);
    http_response_header(res, "ETag", f->etag);
    http_response_header(res, "Vary", "Accept-Encoding");
    http_response_header(res, "Cache-Control",
                         web_content_hashed(f->path) ? "public, max-age=31536000, immutable"
                                                     : "no-cache");
    res->content_type = content_type(f->path);
    const char *inm = http_request_header(req, "If-None-Match");
    if (inm && (strstr(inm, f->etag) || strcmp(inm, "*") == 0))
        return 304;
    if (f->gzip_length < f->length &&
        web_accepts_gzip(http_request_header(req, "Accept-Encoding"))) {
        http_response_header(res, "Content-Encoding", "gzip");
        res->static_body = f->gzip;
        res->static_len = f->gzip_length;
    } else {
        res->static_body = f->data;
        res->static_len = f->length;
    }
    return 200;
}
