/* Helpers every mediationctl command uses (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct opt_spec cli_global_opts[] = {
    {"url", "URL", "the server, e.g. http://127.0.0.1:8080 (MEDIATION_URL)", 0},
    {"token", "TOKEN", "an API key or session token (MEDIATION_TOKEN)", 0},
    {"config", "FILE", "the configuration file (MEDIATION_CONFIG)", 0},
    {"json", NULL, "print the server's JSON", 0},
    {"csv", NULL, "print CSV (UTF-8 with a byte-order mark)", 0},
    {"timeout", "SECONDS", "give up on one request after this long (default 60)", 0},
    {"retries", "N", "attempts after a 503 or a lost connection (default 4)", 0},
    {"verbose", NULL, "show the HTTP exchange on stderr", 0},
    {"quiet", NULL, "no progress lines", 0},
    {NULL, NULL, NULL, 0},
};

int cli_call(struct cli *cli, const char *method, const char *path, const char *json,
             const char *key, const char *if_match, struct api_response *res)
{
    char fresh[37];
    if (!key && strcmp(method, "POST") == 0) {
        if (api_new_key(fresh) != 0) {
            fprintf(stderr, "error: no randomness for an Idempotency-Key\n");
            memset(res, 0, sizeof(*res));
            return EXIT_FAILURE_;
        }
        key = fresh;
    }
    if (key && !*key) /* CLI_NO_KEY */
        key = NULL;
    struct api_request req = {
        .method = method, .path = path, .json = json, .idempotency_key = key, .if_match = if_match};
    if (api_send(&cli->api, &req, res) != 0)
        return EXIT_UNAVAILABLE;
    if (res->status < 200 || res->status >= 300)
        return api_print_error(res);
    return EXIT_OK;
}

cJSON *cli_json(const struct api_response *res)
{
    cJSON *j = cJSON_ParseWithLength(buf_str(&res->body), res->body.len);
    if (!j)
        fprintf(stderr, "error: the server's answer is not JSON\n");
    return j;
}

const char *cli_field(const cJSON *o, const char *path, char *out, size_t size)
{
    out[0] = '\0';
    const cJSON *v = o;
    char name[64];
    for (const char *p = path; v && *p;) {
        size_t n = strcspn(p, ".");
        if (n >= sizeof(name))
            return out;
        memcpy(name, p, n);
        name[n] = '\0';
        v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, name) : NULL;
        p += n + (p[n] == '.');
    }
    return cli_value(v, out, size);
}

const char *cli_value(const cJSON *v, char *out, size_t size)
{
    out[0] = '\0';
    if (!v || cJSON_IsNull(v))
        return out;
    if (cJSON_IsString(v))
        snprintf(out, size, "%s", v->valuestring);
    else if (cJSON_IsBool(v))
        snprintf(out, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) < 9007199254740992.0)
            snprintf(out, size, "%" PRId64, (int64_t)d);
        else
            snprintf(out, size, "%.4f", d);
    } else {
        char *text = cJSON_PrintUnformatted(v);
        if (text)
            snprintf(out, size, "%s", text);
        free(text);
    }
    return out;
}

int cli_print_table(struct cli *cli, struct table *t)
{
    struct buf out;
    buf_init(&out, 256u << 20);
    int rc =
        cli->output == OUTPUT_CSV ? table_render_csv(t, &out, true) : table_render_text(t, &out);
    if (rc == 0 && fwrite(out.data ? out.data : "", 1, out.len, stdout) != out.len)
        rc = -1;
    buf_cleanup(&out);
    if (rc != 0) {
        fprintf(stderr, "error: cannot print the table\n");
        return EXIT_FAILURE_;
    }
    return EXIT_OK;
}

int cli_print_json(const cJSON *j)
{
    char *text = cJSON_Print(j);
    if (!text) {
        fprintf(stderr, "error: out of memory\n");
        return EXIT_FAILURE_;
    }
    int rc = puts(text) < 0 ? EXIT_FAILURE_ : EXIT_OK;
    free(text);
    return rc;
}

int cli_query_from_opts(struct buf *q, const char *path, const struct opts *o,
                        const char *const (*pairs)[2])
{
    if (buf_append_str(q, path) != STATUS_OK)
        return -1;
    for (size_t i = 0; pairs[i][0]; i++) {
        const char *v = opts_get(o, pairs[i][1]);
        if (v && !*v) /* a flag: true */
            v = "true";
        if (api_query_add(q, pairs[i][0], v) != 0)
            return -1;
    }
    return 0;
}

int cli_read_file(const char *path, struct buf *b)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "error: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    char chunk[65536];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (buf_append(b, chunk, n) != STATUS_OK) {
            fprintf(stderr, "error: %s is larger than %zu bytes\n", path, b->max);
            rc = -1;
        }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, "error: cannot read %s\n", path);
        rc = -1;
    }
    if (f != stdin)
        fclose(f);
    return rc;
}

int cli_case_ref(const char *arg, char *out, size_t size)
{
    if (!arg || !*arg)
        return -1;
    struct buf b;
    buf_init(&b, size);
    int rc = api_query_add(&b, "x", arg); /* "?x=<encoded>" */
    if (rc == 0)
        snprintf(out, size, "%s", buf_str(&b) + 3);
    buf_cleanup(&b);
    return rc;
}

int cli_list_pages(struct cli *cli, const char *path, const char *cursor, bool follow,
                   const char *const *fields, size_t nfields, struct table *t, cJSON *items)
{
    char next[512] = "";
    if (cursor)
        snprintf(next, sizeof(next), "%s", cursor);
    int rc = EXIT_OK;
    for (bool first = true; rc == EXIT_OK && (first || (follow && next[0])); first = false) {
        struct buf url;
        buf_init(&url, 8192);
        buf_append_str(&url, path);
        if (api_query_add(&url, "cursor", next) != 0) {
            buf_cleanup(&url);
            return EXIT_FAILURE_;
        }
        struct api_response res;
        rc = cli_call(cli, "GET", buf_str(&url), NULL, NULL, NULL, &res);
        buf_cleanup(&url);
        cJSON *page = rc == EXIT_OK ? cli_json(&res) : NULL;
        if (rc == EXIT_OK && !page)
            rc = EXIT_FAILURE_;
        const cJSON *it;
        cJSON_ArrayForEach(it, (page ? cJSON_GetObjectItemCaseSensitive(page, "items") : NULL))
        {
            if (items) {
                cJSON_AddItemToArray(items, cJSON_Duplicate(it, 1));
                continue;
            }
            char v[16][512];
            const char *row[16];
            for (size_t i = 0; i < nfields && i < 16; i++)
                row[i] = cli_field(it, fields[i], v[i], sizeof(v[i]));
            if (table_add_row(t, row) != 0)
                rc = EXIT_FAILURE_;
        }
        next[0] = '\0';
        if (page)
            cli_field(page, "next_cursor", next, sizeof(next));
        cJSON_Delete(page);
        api_response_cleanup(&res);
    }
    if (rc == EXIT_OK && !follow && next[0] && !cli->quiet)
        fprintf(stderr, "more: --cursor %s (or --all)\n", next);
    return rc;
}

int cli_print_list(struct cli *cli, const char *path, const struct opts *o,
                   const char *const *fields, const char *const *heads, size_t n,
                   const size_t *max_widths)
{
    bool all = opts_flag(o, "all");
    const char *cursor = opts_get(o, "cursor");
    if (cli->output == OUTPUT_JSON) {
        cJSON *items = cJSON_CreateArray();
        int rc = cli_list_pages(cli, path, cursor, all, fields, n, NULL, items);
        if (rc == EXIT_OK)
            rc = cli_print_json(items);
        cJSON_Delete(items);
        return rc;
    }
    struct table *t = table_new(n, heads);
    if (!t)
        return EXIT_FAILURE_;
    for (size_t i = 0; max_widths && i < n; i++)
        table_set_max_width(t, i, max_widths[i]);
    int rc = cli_list_pages(cli, path, cursor, all, fields, n, t, NULL);
    if (rc == EXIT_OK)
        rc = cli_print_table(cli, t);
    table_free(t);
    return rc;
}
