/* Long-option parsing and help (see opts.h). */
#include "opts.h"

#include <stdlib.h>
#include <string.h>

static const struct opt_spec *find(const struct opts *o, const char *name, size_t len)
{
    for (size_t t = 0; t < 2; t++)
        for (const struct opt_spec *s = o->specs[t]; s && s->name; s++)
            if (strlen(s->name) == len && strncmp(s->name, name, len) == 0)
                return s;
    return NULL;
}

int opts_parse(struct opts *o, const struct opt_spec *cmd, const struct opt_spec *global, int argc,
               char **argv, char *err, size_t err_size)
{
    memset(o, 0, sizeof(*o));
    o->specs[0] = cmd;
    o->specs[1] = global;
    size_t n = argc > 0 ? (size_t)argc : 1;
    o->values = calloc(n, sizeof(char *));
    o->which = calloc(n, sizeof(*o->which));
    o->args = calloc(n, sizeof(char *));
    if (!o->values || !o->which || !o->args) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    bool only_args = false;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0') {
            o->args[o->nargs++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            o->help = true;
            continue;
        }
        if (a[1] != '-') {
            snprintf(err, err_size, "unknown option %s (options are long: --name)", a);
            return -1;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct opt_spec *s = find(o, name, len);
        if (!s) {
            snprintf(err, err_size, "unknown option --%.*s", (int)len, name);
            return -1;
        }
        const char *value;
        if (!s->arg) {
            if (eq) {
                snprintf(err, err_size, "--%s takes no value", s->name);
                return -1;
            }
            value = "";
        } else if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            snprintf(err, err_size, "--%s needs a value (%s)", s->name, s->arg);
            return -1;
        }
        if (!(s->flags & OPT_MULTI))
            for (size_t k = 0; k < o->count; k++)
                if (o->which[k] == s) {
                    snprintf(err, err_size, "--%s given twice", s->name);
                    return -1;
                }
        o->which[o->count] = s;
        o->values[o->count++] = value;
    }
    return 0;
}

void opts_cleanup(struct opts *o)
{
    free(o->values);
    free(o->which);
    free(o->args);
    memset(o, 0, sizeof(*o));
}

const char *opts_get(const struct opts *o, const char *name)
{
    const char *v = NULL;
    for (size_t k = 0; k < o->count; k++)
        if (strcmp(o->which[k]->name, name) == 0)
            v = o->values[k];
    return v;
}

bool opts_flag(const struct opts *o, const char *name)
{
    return opts_get(o, name) != NULL;
}

const char *opts_nth(const struct opts *o, const char *name, size_t n)
{
    for (size_t k = 0; k < o->count; k++)
        if (strcmp(o->which[k]->name, name) == 0 && n-- == 0)
            return o->values[k];
    return NULL;
}

void opts_print_help(FILE *out, const struct opt_spec *specs)
{
    for (const struct opt_spec *s = specs; s && s->name; s++) {
        char left[64];
        snprintf(left, sizeof(left), "--%s%s%s", s->name, s->arg ? " " : "", s->arg ? s->arg : "");
        fprintf(out, "  %-28s %s%s\n", left, s->help,
                (s->flags & OPT_MULTI) ? " (repeatable)" : "");
    }
}
