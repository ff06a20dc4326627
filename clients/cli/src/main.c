/* mediationctl: the command-line client of mediationd. Finds the command, parses its options
 * with the global ones, resolves the settings and runs it. Exit codes: see api.h and
 * clients/README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const struct command *const groups[] = {
    login_commands,  case_commands,   attachment_commands,
    report_commands, import_commands, event_commands,
};
#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

static void usage_line(FILE *out, const struct command *c)
{
    char left[96];
    snprintf(left, sizeof(left), "%s%s%s %s", c->group, c->name ? " " : "", c->name ? c->name : "",
             c->args);
    fprintf(out, "  %-44s %s\n", left, c->summary);
}

static void print_overview(FILE *out, const char *group)
{
    fprintf(out, "usage: mediationctl [OPTIONS] COMMAND [ARGS] (every command takes --help)\n\n"
                 "commands:\n");
    for (size_t g = 0; g < NGROUPS; g++)
        for (const struct command *c = groups[g]; c->group; c++)
            if (!group || strcmp(group, c->group) == 0)
                usage_line(out, c);
    fprintf(out, "\noptions (for every command):\n");
    opts_print_help(out, cli_global_opts);
    fprintf(out,
            "\nexit codes: 0 done, 1 failed, 2 usage or configuration, 3 not allowed (401, "
            "403),\n4 not found, 5 conflict (409, 412, 428), 6 refused as sent (400, 413, "
            "415, 422),\n7 unavailable (no connection, 429, 5xx), 8 import with failed rows\n");
}

static void print_help(const struct command *c)
{
    fprintf(stdout, "usage: mediationctl %s%s%s [OPTIONS] %s\n\n%s\n", c->group, c->name ? " " : "",
            c->name ? c->name : "", c->args, c->summary);
    if (c->description)
        fprintf(stdout, "\n%s\n", c->description);
    if (c->opts && c->opts->name) {
        fprintf(stdout, "\noptions:\n");
        opts_print_help(stdout, c->opts);
    }
    fprintf(stdout, "\nglobal options:\n");
    opts_print_help(stdout, cli_global_opts);
}

static const struct command *find(const char *group, const char *name, bool *group_known)
{
    *group_known = false;
    for (size_t g = 0; g < NGROUPS; g++)
        for (const struct command *c = groups[g]; c->group; c++) {
            if (strcmp(c->group, group) != 0)
                continue;
            *group_known = true;
            if (!c->name || (name && strcmp(c->name, name) == 0))
                return c;
        }
    return NULL;
}

static int parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Applies the global options and the settings; EXIT_OK or EXIT_USAGE. */
static int setup(struct cli *cli, const struct command *c, const struct opts *o)
{
    char err[256];
    if (config_load(&cli->config, opts_get(o, "config"), opts_get(o, "url"), opts_get(o, "token"),
                    err, sizeof(err)) != 0) {
        fprintf(stderr, "error: %s\n", err);
        return EXIT_USAGE;
    }
    if (opts_flag(o, "json") && opts_flag(o, "csv")) {
        fprintf(stderr, "error: --json and --csv exclude each other\n");
        return EXIT_USAGE;
    }
    cli->output = opts_flag(o, "json")  ? OUTPUT_JSON
                  : opts_flag(o, "csv") ? OUTPUT_CSV
                                        : OUTPUT_TABLE;
    cli->quiet = opts_flag(o, "quiet");
    if (!cli->config.url[0]) {
        fprintf(stderr, "error: no server: give --url, set MEDIATION_URL or run mediationctl "
                        "login --url URL\n");
        return EXIT_USAGE;
    }
    if (c->needs_token && !cli->config.token[0]) {
        fprintf(stderr, "error: no token: give --token, set MEDIATION_TOKEN or run mediationctl "
                        "login\n");
        return EXIT_USAGE;
    }
    if (api_init(&cli->api, cli->config.url, cli->config.token) != 0) {
        fprintf(stderr, "error: cannot start libcurl\n");
        return EXIT_FAILURE_;
    }
    long v;
    const char *s;
    if ((s = opts_get(o, "timeout"))) {
        if (parse_long(s, 1, 3600, &v) != 0) {
            fprintf(stderr, "error: --timeout must be 1 to 3600 seconds\n");
            return EXIT_USAGE;
        }
        cli->api.timeout_s = v;
    }
    if ((s = opts_get(o, "retries"))) {
        if (parse_long(s, 0, 20, &v) != 0) {
            fprintf(stderr, "error: --retries must be 0 to 20\n");
            return EXIT_USAGE;
        }
        cli->api.retries = (int)v;
    }
    cli->api.verbose = opts_flag(o, "verbose");
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    /* global options may come before the command word */
    int i = 1;
    while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "-h") != 0 &&
           strcmp(argv[i], "--help") != 0) {
        const char *eq = strchr(argv[i], '=');
        bool takes_value = false;
        for (const struct opt_spec *s = cli_global_opts; s->name; s++)
            if (strncmp(argv[i] + 2, s->name, strlen(s->name)) == 0 &&
                (argv[i][2 + strlen(s->name)] == '\0' || argv[i][2 + strlen(s->name)] == '='))
                takes_value = s->arg != NULL;
        i += (takes_value && !eq) ? 2 : 1;
    }
    if (i >= argc || strcmp(argv[i], "help") == 0 || strcmp(argv[i], "-h") == 0 ||
        strcmp(argv[i], "--help") == 0) {
        print_overview(stdout, NULL);
        return i >= argc ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "version") == 0) {
        printf("mediationctl %s\n", MEDIATIONCTL_VERSION);
        return EXIT_OK;
    }
    bool known;
    const char *name = i + 1 < argc ? argv[i + 1] : NULL;
    const struct command *c = find(argv[i], name, &known);
    if (!c) {
        if (known) {
            FILE *out =
                name && strcmp(name, "--help") != 0 && strcmp(name, "-h") != 0 ? stderr : stdout;
            if (out == stderr)
                fprintf(stderr, "error: %s has no command %s\n\n", argv[i],
                        name ? name : "(none given)");
            print_overview(out, argv[i]);
            return out == stderr || !name ? EXIT_USAGE : EXIT_OK;
        }
        fprintf(stderr, "error: unknown command %s (mediationctl help lists them)\n", argv[i]);
        return EXIT_USAGE;
    }
    /* the command's own arguments, with the leading global options put back in front */
    int first = i + (c->name ? 2 : 1);
    int n = (i - 1) + (argc - first);
    char **rest = calloc((size_t)n + 1, sizeof(char *));
    if (!rest)
        return EXIT_FAILURE_;
    memcpy(rest, argv + 1, (size_t)(i - 1) * sizeof(char *));
    memcpy(rest + (i - 1), argv + first, (size_t)(argc - first) * sizeof(char *));
    struct opts o;
    char err[256];
    int rc;
    if (opts_parse(&o, c->opts, cli_global_opts, n, rest, err, sizeof(err)) != 0) {
        fprintf(stderr, "error: %s (mediationctl %s%s%s --help)\n", err, c->group,
                c->name ? " " : "", c->name ? c->name : "");
        rc = EXIT_USAGE;
    } else if (o.help) {
        print_help(c);
        rc = EXIT_OK;
    } else if (o.nargs < c->min_args || o.nargs > c->max_args) {
        fprintf(stderr, "usage: mediationctl %s%s%s [OPTIONS] %s (--help for more)\n", c->group,
                c->name ? " " : "", c->name ? c->name : "", c->args);
        rc = EXIT_USAGE;
    } else {
        struct cli cli;
        memset(&cli, 0, sizeof(cli));
        rc = setup(&cli, c, &o);
        if (rc == EXIT_OK)
            rc = c->run(&cli, &o);
        api_cleanup(&cli.api);
    }
    opts_cleanup(&o);
    free(rest);
    fflush(stdout);
    if (ferror(stdout) && rc == EXIT_OK)
        rc = EXIT_FAILURE_;
    return rc;
}
