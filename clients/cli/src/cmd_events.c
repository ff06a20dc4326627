/* mediationctl events tail: follows the change feed (GET /api/v1/events) with long polls,
 * printing each event once, and keeping its place in a cursor file when asked. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static const struct opt_spec tail_opts[] = {
    {"after", "CURSOR", "start after this cursor (default: the beginning)", 0},
    {"cursor-file", "FILE", "read the start from FILE and write the cursor there after each page",
     0},
    {"types", "T,T", "only these event types (case.accepted,case.closed,…)", 0},
    {"case", "ID", "only this case's events", 0},
    {"wait", "SECONDS", "long-poll for up to this long (0-30, default 25)", 0},
    {"limit", "N", "events per request (1-500)", 0},
    {"once", NULL, "stop when caught up instead of following", 0},
    {"max-events", "N", "stop after N events", 0},
    {NULL, NULL, NULL, 0},
};

static int save_cursor(const char *file, const char *cursor)
{
    char tmp[1100];
    snprintf(tmp, sizeof(tmp), "%s.tmp", file);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    int bad = fprintf(f, "%s\n", cursor) < 0;
    bad |= fclose(f) != 0;
    return bad || rename(tmp, file) != 0 ? -1 : 0;
}

static void load_cursor(const char *file, char *out, size_t size)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return;
    if (fgets(out, (int)size, f))
        out[strcspn(out, "\r\n")] = '\0';
    fclose(f);
}

static int print_event(struct cli *cli, const cJSON *e, bool *header_done)
{
    if (cli->output == OUTPUT_JSON) {
        char *line = cJSON_PrintUnformatted(e);
        int rc = line && puts(line) >= 0 ? EXIT_OK : EXIT_FAILURE_;
        free(line);
        return rc;
    }
    static const char *const fields[] = {"id",      "occurred_at", "type",
                                         "case_no", "status",      "version"};
    struct table *t = table_new(6, fields);
    if (!t)
        return EXIT_FAILURE_;
    char v[6][256];
    const char *row[6];
    for (size_t i = 0; i < 6; i++)
        row[i] = cli_field(e, fields[i], v[i], sizeof(v[i]));
    table_add_row(t, row);
    struct buf out;
    buf_init(&out, 1u << 20);
    int rc;
    if (cli->output == OUTPUT_CSV) {
        rc = table_render_csv(t, &out, !*header_done);
        /* every row after the first: drop the header line the renderer wrote again */
        if (rc == 0 && *header_done) {
            char *nl = strstr(out.data, "\r\n");
            size_t skip = nl ? (size_t)(nl + 2 - out.data) : 0;
            memmove(out.data, out.data + skip, out.len - skip + 1);
            out.len -= skip;
        }
    } else {
        /* one line per event as it comes: fixed-width columns instead of a table */
        rc = buf_printf(&out, "%-20s  %-24s  %-16s  %-12s  v%s\n", row[1], row[2], row[3], row[4],
                        row[5]) == STATUS_OK
                 ? 0
                 : -1;
    }
    *header_done = true;
    if (rc == 0 && fwrite(out.data, 1, out.len, stdout) != out.len)
        rc = -1;
    fflush(stdout);
    buf_cleanup(&out);
    table_free(t);
    return rc == 0 ? EXIT_OK : EXIT_FAILURE_;
}

static int run_tail(struct cli *cli, const struct opts *o)
{
    char cursor[1024] = "";
    const char *file = opts_get(o, "cursor-file");
    if (opts_get(o, "after"))
        snprintf(cursor, sizeof(cursor), "%s", opts_get(o, "after"));
    else if (file)
        load_cursor(file, cursor, sizeof(cursor));
    bool once = opts_flag(o, "once");
    const char *wait = once ? "0" : opts_get(o, "wait") ? opts_get(o, "wait") : "25";
    long max_events = opts_get(o, "max-events") ? atol(opts_get(o, "max-events")) : 0;
    long seen = 0;
    bool header_done = false;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    int rc = EXIT_OK;
    while (rc == EXIT_OK && !stop) {
        struct buf url;
        buf_init(&url, 4096);
        buf_append_str(&url, "/api/v1/events");
        api_query_add(&url, "after", cursor);
        api_query_add(&url, "limit", opts_get(o, "limit"));
        api_query_add(&url, "types", opts_get(o, "types"));
        api_query_add(&url, "case_id", opts_get(o, "case"));
        api_query_add(&url, "wait", wait);
        struct api_request req = {.method = "GET", .path = buf_str(&url), .wait_s = atol(wait)};
        struct api_response res;
        if (api_send(&cli->api, &req, &res) != 0) {
            rc = EXIT_UNAVAILABLE;
        } else if (res.status == 404) {
            fprintf(stderr, "error: this server has no change feed (GET /api/v1/events answered "
                            "404)\n");
            rc = EXIT_NOT_FOUND;
        } else if (res.status != 200) {
            rc = api_print_error(&res);
        } else {
            cJSON *page = cli_json(&res);
            size_t n = 0;
            const cJSON *e;
            cJSON_ArrayForEach(e, (page ? cJSON_GetObjectItem(page, "items") : NULL))
            {
                if (rc == EXIT_OK && (max_events == 0 || seen < max_events)) {
                    rc = print_event(cli, e, &header_done);
                    seen++;
                }
                n++;
            }
            const char *next = cJSON_GetStringValue(cJSON_GetObjectItem(page, "next_cursor"));
            if (!page || !next) {
                fprintf(stderr, "error: the feed's answer has no next_cursor\n");
                rc = EXIT_FAILURE_;
            } else {
                snprintf(cursor, sizeof(cursor), "%s", next);
                if (file && save_cursor(file, cursor) != 0) {
                    fprintf(stderr, "error: cannot write %s\n", file);
                    rc = EXIT_FAILURE_;
                }
            }
            cJSON_Delete(page);
            if ((once && n == 0) || (max_events > 0 && seen >= max_events))
                stop = 1;
        }
        api_response_cleanup(&res);
        buf_cleanup(&url);
    }
    if (rc == EXIT_OK && !cli->quiet)
        fprintf(stderr, "cursor %s\n", cursor);
    return rc;
}

const struct command event_commands[] = {
    {"events", "tail", "", "follow the change feed (GET /api/v1/events), each event once",
     "Long-polls the feed and prints events as they commit: a line each, or JSON lines with\n"
     "--json. With --cursor-file the place is kept across runs (written after each page), so\n"
     "a restarted follower neither skips nor repeats a page. Ctrl-C stops; the last cursor is\n"
     "printed on stderr. Needs the events:read scope (supervisors and admins).",
     tail_opts, 0, 0, true, run_tail},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, false, NULL},
};
