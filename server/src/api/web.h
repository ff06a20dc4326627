/* The web client's files (clients/web/public, embedded at build time): the staff pages at /, the
 * party portal at /portal/. */
#pragma once

#include <stdbool.h>

#include "request.h"

/* The server's fallback for a GET or HEAD outside /api/ that matches no route (http_server_config
 * .fallback): the embedded file at that path ("/", "/portal/" and "/portal" are their index.html),
 * gzipped when the client accepts it, with an ETag (304 on If-None-Match), a year's immutable
 * caching for content-hashed names (NAME.<hex digits>.EXT) and revalidation for the rest, and the
 * pages' security headers (Content-Security-Policy and the rest, see docs/security.md). 404
 * otherwise. */
int web_serve(struct http_request *req, struct http_response *res, void *app);

/* Whether a served path's file name carries a content hash (echarts-6.1.0.3f2a9c1d.min.js): ".",
 * 8 or more lowercase hex digits, "." in its last segment. Such a file never changes under its
 * name, so it may be cached for good. Pure. */
bool web_content_hashed(const char *path);

/* Whether an Accept-Encoding value (NULL: absent) allows gzip: a "gzip" token (any case) that
 * is not given q=0. Pure. */
bool web_accepts_gzip(const char *accept_encoding);

/* The Content-Security-Policy every web file is served with. */
extern const char web_csp[];
