/* What every mediationctl command shares: the command table's shape, the context (client,
 * settings, output form) and helpers to call the API and print its answers.
 *
 * Ownership: struct cli is main's; commands borrow it. JSON trees that helpers return are the
 * caller's (cJSON_Delete). */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "api.h"
#include "config.h"
#include "opts.h"
#include "table.h"

enum output { OUTPUT_TABLE, OUTPUT_CSV, OUTPUT_JSON };

struct cli {
    struct api api;
    struct cli_config config;
    enum output output;
    bool quiet;
};

struct command {
    const char *group;       /* "cases" */
    const char *name;        /* "list", or NULL for a group that is itself the command */
    const char *args;        /* positional arguments for the usage line, "" when none */
    const char *summary;     /* one line for the command list */
    const char *description; /* the --help text, may be NULL */
    const struct opt_spec *opts;
    size_t min_args, max_args;
    bool needs_token;
    int (*run)(struct cli *cli, const struct opts *o);
};

/* Each file's commands, ended by an entry whose group is NULL. */
extern const struct command login_commands[];
extern const struct command case_commands[];
extern const struct command attachment_commands[];
extern const struct command report_commands[];
extern const struct command import_commands[];
extern const struct command event_commands[];

/* Sends a request; on an error answer prints it and returns its exit code; on success returns 0
 * with the answer in res (the caller cleans it up in every case). POSTs get a fresh
 * Idempotency-Key unless key is given, so a retry never makes a second change; CLI_NO_KEY sends
 * none (login and logout refuse one, and are then not retried). */
#define CLI_NO_KEY ""
int cli_call(struct cli *cli, const char *method, const char *path, const char *json,
             const char *key, const char *if_match, struct api_response *res);

/* Parses an answer's JSON body (NULL, with a message, when it is not JSON). */
cJSON *cli_json(const struct api_response *res);

/* Writes the text form of the member at path ("a" or "a.b") of o into out: strings as they are,
 * integers without a fraction, other numbers as the server wrote them, booleans, "" for null or
 * absent. Returns out. */
const char *cli_field(const cJSON *o, const char *path, char *out, size_t size);

/* The text form of one JSON value, as cli_field writes it. Returns out. */
const char *cli_value(const cJSON *v, char *out, size_t size);

/* Prints a table in the chosen form (aligned or CSV) to stdout. Returns 0 or EXIT_FAILURE_. */
int cli_print_table(struct cli *cli, struct table *t);
/* Prints JSON text (pretty) to stdout, with a newline. */
int cli_print_json(const cJSON *j);

/* Builds "PATH?query" from a path and NULL-terminated name/value pairs taken from options: each
 * pair is {query name, option name}. Into q (caller-owned). 0 or -1. */
int cli_query_from_opts(struct buf *q, const char *path, const struct opts *o,
                        const char *const (*pairs)[2]);

/* Fetches the pages of a list (one, or every page when follow) from path (with or without a
 * query), from cursor when not NULL, adding each item to t as a row of the members named by
 * fields, or, when items is not NULL, to that JSON array. Says on stderr how to go on when a
 * page was left. An exit code. */
int cli_list_pages(struct cli *cli, const char *path, const char *cursor, bool follow,
                   const char *const *fields, size_t nfields, struct table *t, cJSON *items);

/* Prints a list (options --cursor and --all): for --json the items as one JSON array, else a
 * table with the columns fields headed heads (max_widths may be NULL). An exit code. */
int cli_print_list(struct cli *cli, const char *path, const struct opts *o,
                   const char *const *fields, const char *const *heads, size_t n,
                   const size_t *max_widths);

/* Reads a whole file ("-": stdin) into b (capped by b's max). 0, or -1 with a message printed. */
int cli_read_file(const char *path, struct buf *b);

/* A case id or number given on the command line, percent-encoded for a path; -1 when empty. */
int cli_case_ref(const char *arg, char *out, size_t size);

/* The global options (--url, --token, --config, --json, --csv, --timeout, --retries, --verbose,
 * --quiet), parsed with every command. */
extern const struct opt_spec cli_global_opts[];
