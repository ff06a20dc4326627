/* Command-line options of mediationctl: every command declares a table of long options, parsed
 * together with the global ones (`--name value` or `--name=value`, `--` ends options), and its
 * --help is printed from the same table, so the help cannot drift from what is accepted.
 *
 * Ownership: struct opts borrows the strings of argv and owns only its arrays; opts_cleanup
 * frees them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum {
    OPT_MULTI = 1, /* may be given more than once */
};

struct opt_spec {
    const char *name; /* without the leading -- */
    const char *arg;  /* the value's name in the help, NULL for a flag */
    const char *help;
    unsigned flags;
};

struct opts {
    const struct opt_spec *specs[2]; /* the command's table and the global one, NULL-terminated */
    const char **values;             /* one slot per given option, in order */
    const struct opt_spec **which;
    size_t count;
    char **args; /* positional arguments */
    size_t nargs;
    bool help;
};

/* Parses argv[0..argc) against the two tables (either may be NULL). 0, or -1 with a message in
 * err (an unknown option, a missing value, a flag given a value, a single option given twice). */
int opts_parse(struct opts *o, const struct opt_spec *cmd, const struct opt_spec *global, int argc,
               char **argv, char *err, size_t err_size);
void opts_cleanup(struct opts *o);

/* The value of the last --name, or NULL. A flag's value is "" when given. */
const char *opts_get(const struct opts *o, const char *name);
bool opts_flag(const struct opts *o, const char *name);
/* The values of a repeatable option, in order: the n-th, or NULL past the last. */
const char *opts_nth(const struct opts *o, const char *name, size_t n);

/* Prints a table of options as help lines. */
void opts_print_help(FILE *out, const struct opt_spec *specs);
