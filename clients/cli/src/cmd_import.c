/* mediationctl import FILE.csv: bulk intake, a case per row, safe to run again. Each row carries
 * its external_ref and an Idempotency-Key derived from the row (import_row.h), so a rerun after a
 * failure creates nothing twice: rows already registered answer with their case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csv_read.h"
#include "import_row.h"

#define IMPORT_FILE_MAX (256u << 20)
#define GIVE_UP_AFTER 3 /* rows in a row without an answer: the server is gone */

static const struct opt_spec import_opts[] = {
    {"system", "SYSTEM", "external_system for rows without one (default \"import\")", 0},
    {"dry-run", NULL, "check the file and print each row's key; send nothing", 0},
    {"only-failed", NULL, "list only the rows that failed", 0},
    {NULL, NULL, NULL, 0},
};

struct tally {
    size_t created, replayed, existing, failed;
};

/* One row's error answer as a line: "422 title: detail; field: message; …". */
static void describe_error(const struct api_response *res, char *out, size_t size)
{
    cJSON *p = cJSON_ParseWithLength(buf_str(&res->body), res->body.len);
    const char *title = cJSON_GetStringValue(cJSON_GetObjectItem(p, "title"));
    const char *detail = cJSON_GetStringValue(cJSON_GetObjectItem(p, "detail"));
    int n = snprintf(out, size, "%ld %s%s%s", res->status, title ? title : "", detail ? ": " : "",
                     detail ? detail : "");
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(p, "errors"))
    {
        if (n < 0 || (size_t)n >= size)
            break;
        const char *f = cJSON_GetStringValue(cJSON_GetObjectItem(e, "field"));
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "message"));
        n += snprintf(out + n, size - (size_t)n, "; %s: %s", f ? f : "", m ? m : "");
    }
    cJSON_Delete(p);
}

struct row_result {
    char row[24], ext_id[160], result[16], status[8], case_id[24], case_no[48], error[1024];
};

static void add_result(struct cli *cli, const struct opts *o, struct table *t, cJSON *all,
                       const struct row_result *r)
{
    if (opts_flag(o, "only-failed") && strcmp(r->result, "failed") != 0)
        return;
    if (cli->output == OUTPUT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "row", atof(r->row));
        cJSON_AddStringToObject(j, "external_id", r->ext_id);
        cJSON_AddStringToObject(j, "result", r->result);
        if (r->status[0])
            cJSON_AddNumberToObject(j, "status", atof(r->status));
        if (r->case_id[0])
            cJSON_AddNumberToObject(j, "case_id", atof(r->case_id));
        if (r->case_no[0])
            cJSON_AddStringToObject(j, "case_no", r->case_no);
        if (r->error[0])
            cJSON_AddStringToObject(j, "error", r->error);
        cJSON_AddItemToArray(all, j);
        return;
    }
    const char *cells[] = {r->row, r->ext_id, r->result, r->case_id, r->case_no, r->error};
    table_add_row(t, cells);
}

/* Sends one row; fills r and counts it. Returns -1 when no answer came. */
static int send_row(struct cli *cli, cJSON *body, const char *key, struct row_result *r,
                    struct tally *tally)
{
    char *json = cJSON_PrintUnformatted(body);
    if (!json) {
        snprintf(r->result, sizeof(r->result), "failed");
        snprintf(r->error, sizeof(r->error), "out of memory");
        tally->failed++;
        return 0;
    }
    struct api_request req = {
        .method = "POST", .path = "/api/v1/cases", .json = json, .idempotency_key = key};
    struct api_response res;
    int sent = api_send(&cli->api, &req, &res);
    free(json);
    if (sent != 0) {
        snprintf(r->result, sizeof(r->result), "failed");
        snprintf(r->error, sizeof(r->error), "no answer from the server");
        tally->failed++;
        api_response_cleanup(&res);
        return -1;
    }
    snprintf(r->status, sizeof(r->status), "%ld", res.status);
    if (res.status == 200 || res.status == 201) {
        cJSON *c = cJSON_ParseWithLength(buf_str(&res.body), res.body.len);
        cli_field(c, "id", r->case_id, sizeof(r->case_id));
        cli_field(c, "case_no", r->case_no, sizeof(r->case_no));
        cJSON_Delete(c);
        if (res.status == 200) { /* its external_ref was pushed before */
            snprintf(r->result, sizeof(r->result), "existing");
            tally->existing++;
        } else if (res.replayed) { /* this very row was sent before */
            snprintf(r->result, sizeof(r->result), "replayed");
            tally->replayed++;
        } else {
            snprintf(r->result, sizeof(r->result), "created");
            tally->created++;
        }
    } else {
        snprintf(r->result, sizeof(r->result), "failed");
        describe_error(&res, r->error, sizeof(r->error));
        tally->failed++;
    }
    api_response_cleanup(&res);
    return 0;
}

static void progress(size_t done, size_t total, const struct tally *t)
{
    fprintf(stderr, "\rrow %zu/%zu: %zu created, %zu already there, %zu failed", done, total,
            t->created, t->existing + t->replayed, t->failed);
    fflush(stderr);
}

static int run_import(struct cli *cli, const struct opts *o)
{
    const char *file = o->args[0];
    const char *system = opts_get(o, "system") ? opts_get(o, "system") : "import";
    bool dry = opts_flag(o, "dry-run");
    struct buf data;
    buf_init(&data, IMPORT_FILE_MAX);
    if (cli_read_file(file, &data) != 0) {
        buf_cleanup(&data);
        return EXIT_USAGE;
    }
    /* count the records first, for the progress line (and to refuse a malformed file early) */
    struct csv_reader rd;
    struct csv_record rec;
    csv_record_init(&rec);
    char err[512];
    size_t records = 0;
    int got;
    csv_reader_init(&rd, data.data ? data.data : "", data.len);
    while ((got = csv_read_record(&rd, &rec, err, sizeof(err))) == 1)
        records++;
    struct import_columns cols = {0};
    int rc = EXIT_OK;
    if (got < 0 || records == 0) {
        fprintf(stderr, "error: %s: %s\n", file, got < 0 ? err : "empty file");
        rc = EXIT_USAGE;
    } else {
        csv_reader_init(&rd, data.data, data.len);
        csv_read_record(&rd, &rec, err, sizeof(err));
        if (import_columns_init(&cols, rec.fields, rec.count, err, sizeof(err)) != 0) {
            fprintf(stderr, "error: %s: %s\n", file, err);
            rc = EXIT_USAGE;
        }
    }
    static const char *const heads[] = {"row",     "external_id", "result",
                                        "case_id", "case_no",     "error"};
    struct table *t = rc == EXIT_OK ? table_new(6, heads) : NULL;
    cJSON *all = rc == EXIT_OK ? cJSON_CreateArray() : NULL;
    if (rc == EXIT_OK && (!t || !all))
        rc = EXIT_FAILURE_;
    if (t) {
        table_set_max_width(t, 1, 32);
        table_set_max_width(t, 5, 80);
    }
    struct tally tally = {0};
    bool show_progress = !cli->quiet && !dry && isatty(STDERR_FILENO);
    size_t total = records > 0 ? records - 1 : 0, done = 0, silent = 0;
    while (rc == EXIT_OK && csv_read_record(&rd, &rec, err, sizeof(err)) == 1) {
        struct row_result r;
        memset(&r, 0, sizeof(r));
        snprintf(r.row, sizeof(r.row), "%zu", rec.line);
        cJSON *body;
        char key[IMPORT_KEY_LEN + 1];
        if (import_row_build(&cols, rec.fields, rec.count, system, &body, key, r.ext_id,
                             sizeof(r.ext_id), r.error, sizeof(r.error)) != 0) {
            snprintf(r.result, sizeof(r.result), "failed");
            tally.failed++;
        } else if (dry) {
            snprintf(r.result, sizeof(r.result), "checked");
            snprintf(r.error, sizeof(r.error), "Idempotency-Key %s", key);
        } else if (silent >= GIVE_UP_AFTER) {
            snprintf(r.result, sizeof(r.result), "failed");
            snprintf(r.error, sizeof(r.error), "not sent: the server stopped answering");
            tally.failed++;
        } else {
            silent = send_row(cli, body, key, &r, &tally) == 0 ? 0 : silent + 1;
        }
        cJSON_Delete(body);
        add_result(cli, o, t, all, &r);
        done++;
        if (show_progress && (done % 10 == 0 || done == total))
            progress(done, total, &tally);
    }
    if (show_progress)
        fputc('\n', stderr);
    if (rc == EXIT_OK) {
        rc = cli->output == OUTPUT_JSON ? cli_print_json(all) : cli_print_table(cli, t);
        if (!cli->quiet)
            fprintf(stderr, "%zu rows: %zu created, %zu replayed, %zu already pushed, %zu failed\n",
                    done, tally.created, tally.replayed, tally.existing, tally.failed);
        if (rc == EXIT_OK && tally.failed > 0)
            rc = EXIT_PARTIAL;
    }
    table_free(t);
    cJSON_Delete(all);
    import_columns_cleanup(&cols);
    csv_record_cleanup(&rec);
    buf_cleanup(&data);
    return rc;
}

const struct command import_commands[] = {
    {"import", NULL, "FILE.csv", "register a case per CSV row; a rerun creates nothing twice",
     "The header names the columns: external_id (required), external_system, dispute_type,\n"
     "source, community_id, summary, claims, occurred_on, risk_level, center, and per party\n"
     "<role>[N]_<field> (role applicant, respondent, third_party; field name, kind, id_number,\n"
     "phone, address; e.g. applicant_name, respondent2_phone). Each row is sent with its\n"
     "external_ref and an Idempotency-Key derived from the row, so running the file again after\n"
     "a failure registers only what is missing. Results per row: created, replayed (sent\n"
     "before with the same content), existing (its external_ref was pushed before), failed.\n"
     "Exit code 8 when some rows failed.",
     import_opts, 1, 1, true, run_import},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, false, NULL},
};
