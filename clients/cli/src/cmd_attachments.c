/* mediationctl attachments add|list|get: evidence, agreement scans and ID copies of a case. The
 * upload streams from the file (never read whole into memory) and its SHA-256 is checked against
 * the server's answer; a download goes straight to its file. */
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "encode.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const fields[] = {"id",   "kind",   "filename",   "content_type",
                                     "size", "sha256", "created_at", "created_by"};

static int print_attachments(struct cli *cli, const cJSON *one)
{
    if (cli->output == OUTPUT_JSON)
        return cli_print_json(one);
    struct table *t = table_new(COUNT(fields), fields);
    if (!t)
        return EXIT_FAILURE_;
    char v[COUNT(fields)][256];
    const char *row[COUNT(fields)];
    for (size_t i = 0; i < COUNT(fields); i++)
        row[i] = cli_field(one, fields[i], v[i], sizeof(v[i]));
    table_add_row(t, row);
    int rc = cli_print_table(cli, t);
    table_free(t);
    return rc;
}

/* The SHA-256 (hex) of the file's bytes. 0 or -1. */
static int file_sha256(FILE *f, char hex[65])
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char chunk[65536], digest[32];
    unsigned int len = 0;
    size_t n;
    int rc = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 ? 0 : -1;
    rewind(f);
    while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = EVP_DigestUpdate(md, chunk, n) == 1 ? 0 : -1;
    if (rc == 0 && (ferror(f) || EVP_DigestFinal_ex(md, digest, &len) != 1 || len != 32))
        rc = -1;
    EVP_MD_CTX_free(md);
    if (rc == 0)
        encode_hex(digest, 32, hex);
    return rc;
}

static const struct opt_spec add_opts[] = {
    {"kind", "KIND", "evidence, agreement, id_copy or other (required)", 0},
    {"filename", "NAME", "the name to store (default: the file's own name)", 0},
    {"idempotency-key", "KEY", "send this key (default: a new random one)", 0},
    {NULL, NULL, NULL, 0},
};

static int run_add(struct cli *cli, const struct opts *o)
{
    char ref[256];
    const char *kind = opts_get(o, "kind");
    if (cli_case_ref(o->args[0], ref, sizeof(ref)) != 0 || !kind) {
        fprintf(stderr, "error: give a case and --kind\n");
        return EXIT_USAGE;
    }
    const char *path = o->args[1];
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "error: cannot read %s: %s\n", path,
                f ? "not a regular file" : strerror(errno));
        if (f)
            fclose(f);
        return EXIT_USAGE;
    }
    const char *name = opts_get(o, "filename");
    if (!name) {
        const char *slash = strrchr(path, '/');
        name = slash ? slash + 1 : path;
    }
    char local[65];
    if (file_sha256(f, local) != 0) {
        fclose(f);
        fprintf(stderr, "error: cannot read %s\n", path);
        return EXIT_FAILURE_;
    }
    struct buf url;
    buf_init(&url, 4096);
    buf_printf(&url, "/api/v1/cases/%s/attachments", ref);
    api_query_add(&url, "kind", kind);
    api_query_add(&url, "filename", name);
    char key[37];
    const char *k = opts_get(o, "idempotency-key");
    if (!k && api_new_key(key) == 0)
        k = key;
    struct api_request req = {.method = "POST",
                              .path = buf_str(&url),
                              .upload = f,
                              .upload_size = (long long)st.st_size,
                              .idempotency_key = k};
    struct api_response res;
    int rc = api_send(&cli->api, &req, &res) == 0 ? EXIT_OK : EXIT_UNAVAILABLE;
    fclose(f);
    buf_cleanup(&url);
    if (rc == EXIT_OK && (res.status < 200 || res.status >= 300))
        rc = api_print_error(&res);
    cJSON *a = rc == EXIT_OK ? cli_json(&res) : NULL;
    if (rc == EXIT_OK && !a)
        rc = EXIT_FAILURE_;
    if (a) {
        const char *remote = cJSON_GetStringValue(cJSON_GetObjectItem(a, "sha256"));
        if (!remote || strcmp(remote, local) != 0) {
            fprintf(stderr, "error: the server stored SHA-256 %s, the file has %s\n",
                    remote ? remote : "(none)", local);
            rc = EXIT_FAILURE_;
        } else {
            rc = print_attachments(cli, a);
        }
    }
    cJSON_Delete(a);
    api_response_cleanup(&res);
    return rc;
}

static const struct opt_spec list_opts[] = {
    {"limit", "N", "attachments per page", 0},
    {"cursor", "CURSOR", "continue from a next_cursor", 0},
    {"all", NULL, "follow next_cursor to the last page", 0},
    {NULL, NULL, NULL, 0},
};

static int run_list(struct cli *cli, const struct opts *o)
{
    char ref[256];
    if (cli_case_ref(o->args[0], ref, sizeof(ref)) != 0)
        return EXIT_USAGE;
    struct buf url;
    buf_init(&url, 4096);
    buf_printf(&url, "/api/v1/cases/%s/attachments", ref);
    api_query_add(&url, "limit", opts_get(o, "limit"));
    static const size_t widths[] = {0, 0, 40, 0, 0, 16, 0, 0};
    int rc = cli_print_list(cli, buf_str(&url), o, fields, fields, COUNT(fields), widths);
    buf_cleanup(&url);
    return rc;
}

static const struct opt_spec get_opts[] = {
    {"output", "FILE", "where to write the bytes (- for stdout; required)", 0},
    {NULL, NULL, NULL, 0},
};

static int run_get(struct cli *cli, const struct opts *o)
{
    char ref[256], aid[64];
    const char *out = opts_get(o, "output");
    if (cli_case_ref(o->args[0], ref, sizeof(ref)) != 0 ||
        cli_case_ref(o->args[1], aid, sizeof(aid)) != 0 || !out) {
        fprintf(stderr, "error: give CASE ATTACHMENT_ID and --output FILE\n");
        return EXIT_USAGE;
    }
    FILE *f = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
    if (!f) {
        fprintf(stderr, "error: cannot write %s: %s\n", out, strerror(errno));
        return EXIT_USAGE;
    }
    char path[512];
    snprintf(path, sizeof(path), "/api/v1/cases/%s/attachments/%s", ref, aid);
    struct api_request req = {.method = "GET", .path = path, .download = f};
    struct api_response res;
    int rc = api_send(&cli->api, &req, &res) == 0 ? EXIT_OK : EXIT_UNAVAILABLE;
    if (rc == EXIT_OK && res.status != 200)
        rc = api_print_error(&res);
    if (f != stdout && fclose(f) != 0 && rc == EXIT_OK) {
        fprintf(stderr, "error: cannot write %s\n", out);
        rc = EXIT_FAILURE_;
    }
    if (rc != EXIT_OK && f != stdout)
        remove(out);
    else if (rc == EXIT_OK && f != stdout && !cli->quiet)
        fprintf(stderr, "saved %s (%s)\n", out, res.content_type);
    api_response_cleanup(&res);
    return rc;
}

const struct command attachment_commands[] = {
    {"attachments", "add", "CASE FILE", "upload a file to a case (evidence, agreement scan, …)",
     "Streams the file as the request body; the server checks its type by content (PDF, JPEG,\n"
     "PNG, OFD, DOCX) and its size. The SHA-256 the server stored is compared with the file's.",
     add_opts, 2, 2, true, run_add},
    {"attachments", "list", "CASE", "a case's attachments", NULL, list_opts, 1, 1, true, run_list},
    {"attachments", "get", "CASE ATTACHMENT_ID", "download an attachment's bytes", NULL, get_opts,
     2, 2, true, run_get},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, false, NULL},
};
