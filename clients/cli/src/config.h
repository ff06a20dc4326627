/* Where mediationctl finds the server and its token. Each setting comes from the first of: the
 * flag (--url, --token), the environment (MEDIATION_URL, MEDIATION_TOKEN), the configuration file
 * (--config, else MEDIATION_CONFIG, else $XDG_CONFIG_HOME/mediationctl/config, else
 * $HOME/.config/mediationctl/config). The file holds `name = value` lines (url, token; `#`
 * starts a comment); `mediationctl login` writes it with mode 0600.
 *
 * Ownership: struct cli_config is the caller's, with fixed-size fields. */
#pragma once

#include <stddef.h>

struct cli_config {
    char url[512];   /* without a trailing slash; "" when unset */
    char token[256]; /* "" when unset */
    char path[1024]; /* the configuration file (which may not exist) */
};

/* Resolves the settings (any flag may be NULL). 0, or -1 with a message in err (a file that
 * exists but cannot be read, a line that is not `name = value`, a value too long). */
int config_load(struct cli_config *c, const char *config_flag, const char *url_flag,
                const char *token_flag, char *err, size_t err_size);

/* Writes url and token to c->path (mode 0600, its folder made 0700 when missing), replacing the
 * file atomically. 0, or -1 with a message in err. */
int config_save(const struct cli_config *c, const char *url, const char *token, char *err,
                size_t err_size);
