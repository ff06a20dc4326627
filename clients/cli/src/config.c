/* mediationctl's settings: flags, environment, configuration file (see config.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int set(char *dst, size_t size, const char *value, const char *what, char *err,
               size_t err_size)
{
    if (strlen(value) >= size) {
        snprintf(err, err_size, "%s is too long", what);
        return -1;
    }
    snprintf(dst, size, "%s", value);
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int read_file(struct cli_config *c, char *url, char *token, char *err, size_t err_size)
{
    FILE *f = fopen(c->path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, err_size, "cannot read %s: %s", c->path, strerror(errno));
        return -1;
    }
    char line[1024];
    int rc = 0;
    for (unsigned n = 1; rc == 0 && fgets(line, sizeof(line), f); n++) {
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, err_size, "%s:%u: expected name = value", c->path, n);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *name = trim(s), *value = trim(eq + 1);
        if (strcmp(name, "url") == 0)
            rc = set(url, sizeof(c->url), value, "url", err, err_size);
        else if (strcmp(name, "token") == 0)
            rc = set(token, sizeof(c->token), value, "token", err, err_size);
        /* other names are left for newer versions */
    }
    fclose(f);
    return rc;
}

int config_load(struct cli_config *c, const char *config_flag, const char *url_flag,
                const char *token_flag, char *err, size_t err_size)
{
    memset(c, 0, sizeof(*c));
    const char *env = getenv("MEDIATION_CONFIG");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (config_flag)
        snprintf(c->path, sizeof(c->path), "%s", config_flag);
    else if (env && *env)
        snprintf(c->path, sizeof(c->path), "%s", env);
    else if (xdg && *xdg)
        snprintf(c->path, sizeof(c->path), "%s/mediationctl/config", xdg);
    else if (home && *home)
        snprintf(c->path, sizeof(c->path), "%s/.config/mediationctl/config", home);
    char file_url[sizeof(c->url)] = "", file_token[sizeof(c->token)] = "";
    if (c->path[0] && read_file(c, file_url, file_token, err, err_size) != 0)
        return -1;
    const char *env_url = getenv("MEDIATION_URL");
    const char *env_token = getenv("MEDIATION_TOKEN");
    const char *url = url_flag ? url_flag : (env_url && *env_url) ? env_url : file_url;
    const char *token = token_flag                  ? token_flag
                        : (env_token && *env_token) ? env_token
                                                    : file_token;
    if (set(c->url, sizeof(c->url), url, "the server URL", err, err_size) != 0 ||
        set(c->token, sizeof(c->token), token, "the token", err, err_size) != 0)
        return -1;
    size_t n = strlen(c->url);
    while (n > 0 && c->url[n - 1] == '/')
        c->url[--n] = '\0';
    return 0;
}

/* mkdir -p of the folder holding path, mode 0700. */
static int make_parent(const char *path)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

int config_save(const struct cli_config *c, const char *url, const char *token, char *err,
                size_t err_size)
{
    if (!c->path[0]) {
        snprintf(err, err_size, "no configuration file: set HOME, MEDIATION_CONFIG or --config");
        return -1;
    }
    if (make_parent(c->path) != 0) {
        snprintf(err, err_size, "cannot make the folder of %s: %s", c->path, strerror(errno));
        return -1;
    }
    char tmp[1100];
    snprintf(tmp, sizeof(tmp), "%s.%d.tmp", c->path, (int)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, err_size, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        snprintf(err, err_size, "cannot write %s", tmp);
        return -1;
    }
    int bad = fprintf(f,
                      "# mediationctl configuration (written by mediationctl login)\n"
                      "url = %s\ntoken = %s\n",
                      url, token) < 0;
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, c->path) != 0) {
        snprintf(err, err_size, "cannot write %s: %s", c->path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}
