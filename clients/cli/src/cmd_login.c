/* mediationctl login, logout and whoami: session tokens and the configuration file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct opt_spec login_opts[] = {
    {"username", "NAME", "the account (MEDIATION_USERNAME)", 0},
    {"password-stdin", NULL, "read the password from the first line of stdin", 0},
    {"no-save", NULL, "print the token instead of saving it in the configuration file", 0},
    {NULL, NULL, NULL, 0},
};

static int read_password(const struct opts *o, char *out, size_t size)
{
    const char *env = getenv("MEDIATION_PASSWORD");
    if (opts_flag(o, "password-stdin")) {
        if (!fgets(out, (int)size, stdin)) {
            fprintf(stderr, "error: no password on stdin\n");
            return -1;
        }
        out[strcspn(out, "\r\n")] = '\0';
        return 0;
    }
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return 0;
    }
    fprintf(stderr, "error: give the password with --password-stdin or MEDIATION_PASSWORD\n");
    return -1;
}

static int run_login(struct cli *cli, const struct opts *o)
{
    const char *user = opts_get(o, "username");
    if (!user)
        user = getenv("MEDIATION_USERNAME");
    if (!user || !*user) {
        fprintf(stderr, "error: give --username or MEDIATION_USERNAME\n");
        return EXIT_USAGE;
    }
    char password[512];
    if (read_password(o, password, sizeof(password)) != 0)
        return EXIT_USAGE;
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "username", user);
    cJSON_AddStringToObject(body, "password", password);
    char *json = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    memset(password, 0, sizeof(password));
    if (!json)
        return EXIT_FAILURE_;
    struct api_response res;
    /* the server refuses Idempotency-Key here: a session token is never stored for a replay */
    int rc = cli_call(cli, "POST", "/api/v1/auth/login", json, CLI_NO_KEY, NULL, &res);
    free(json);
    cJSON *answer = rc == EXIT_OK ? cli_json(&res) : NULL;
    if (rc == EXIT_OK && !answer)
        rc = EXIT_FAILURE_;
    char token[256], expires[64], uid[32];
    if (rc == EXIT_OK) {
        cli_field(answer, "token", token, sizeof(token));
        cli_field(answer, "expires_at", expires, sizeof(expires));
        cli_field(answer, "user_id", uid, sizeof(uid));
        if (opts_flag(o, "no-save")) {
            printf("%s\n", token);
        } else {
            char err[256];
            if (config_save(&cli->config, cli->config.url, token, err, sizeof(err)) != 0) {
                fprintf(stderr, "error: %s\n", err);
                rc = EXIT_FAILURE_;
            } else if (cli->output == OUTPUT_JSON) {
                rc = cli_print_json(answer);
            } else {
                printf("logged in as %s (user %s) until %s; token saved in %s\n", user, uid,
                       expires, cli->config.path);
            }
        }
    }
    cJSON_Delete(answer);
    api_response_cleanup(&res);
    return rc;
}

static int run_logout(struct cli *cli, const struct opts *o)
{
    (void)o;
    struct api_response res;
    int rc = cli_call(cli, "POST", "/api/v1/auth/logout", NULL, CLI_NO_KEY, NULL, &res);
    api_response_cleanup(&res);
    if (rc == EXIT_OK) {
        char err[256];
        if (config_save(&cli->config, cli->config.url, "", err, sizeof(err)) != 0) {
            fprintf(stderr, "error: %s\n", err);
            return EXIT_FAILURE_;
        }
        if (!cli->quiet)
            printf("logged out; token removed from %s\n", cli->config.path);
    }
    return rc;
}

static int run_whoami(struct cli *cli, const struct opts *o)
{
    (void)o;
    struct api_response res;
    int rc = cli_call(cli, "GET", "/api/v1/me", NULL, NULL, NULL, &res);
    cJSON *me = rc == EXIT_OK ? cli_json(&res) : NULL;
    if (rc == EXIT_OK && !me)
        rc = EXIT_FAILURE_;
    if (me && cli->output == OUTPUT_JSON) {
        rc = cli_print_json(me);
    } else if (me) {
        static const char *const fields[] = {"kind",    "name",   "role",  "center",
                                             "user_id", "key_id", "scopes"};
        const char *head[] = {"field", "value"};
        struct table *t = table_new(2, head);
        for (size_t i = 0; t && i < sizeof(fields) / sizeof(fields[0]); i++) {
            char v[512];
            const char *row[] = {fields[i], cli_field(me, fields[i], v, sizeof(v))};
            table_add_row(t, row);
        }
        rc = t ? cli_print_table(cli, t) : EXIT_FAILURE_;
        table_free(t);
    }
    cJSON_Delete(me);
    api_response_cleanup(&res);
    return rc;
}

const struct command login_commands[] = {
    {"login", NULL, "", "log in with a username and password; saves the session token",
     "Sends POST /api/v1/auth/login and writes the server URL and the session token (valid for\n"
     "the server's SESSION_TTL, 8 hours by default) to the configuration file, mode 0600.\n"
     "Example: MEDIATION_PASSWORD=... mediationctl login --url http://127.0.0.1:8080 "
     "--username zhang.wei",
     login_opts, 0, 0, false, run_login},
    {"logout", NULL, "", "end the session and forget its token", NULL, NULL, 0, 0, true,
     run_logout},
    {"whoami", NULL, "", "show who the token belongs to (GET /api/v1/me)", NULL, NULL, 0, 0, true,
     run_whoami},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, false, NULL},
};
