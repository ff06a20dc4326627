/* clients_live_run NAME COMMAND [ARGS...]: runs a client test against the real server. Creates a
 * database of its own in TEST_DATABASE_URL's PostgreSQL, migrates it, makes an admin key for
 * center WD, starts the sanitizer-built mediationd on a free port (the integration harness), and
 * runs COMMAND with
 *   MEDIATION_URL        http://127.0.0.1:PORT
 *   MEDIATION_TOKEN      the admin key
 *   MEDIATION_TEST_DB    the database (libpq keyword form, for psql checks)
 *   MEDIATIOND_BIN       the server binary
 * Then it stops the server by its process id with SIGTERM, requires exit status 0 (so a
 * sanitizer report in the server fails the test), drops the database and exits with COMMAND's
 * status (1 when the server did not stop cleanly). Not a cmocka test: the test is COMMAND. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static int run_command(char **argv)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: clients_live_run NAME COMMAND [ARGS...]\n");
        return 2;
    }
    struct harness h;
    if (harness_create_db(&h, argv[1]) != 0)
        return 1;
    const char *migrate[] = {"migrate", NULL};
    int rc = 1;
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_start_server(&h, NULL) != 0) {
        fprintf(stderr, "clients_live_run: the server did not start (log %s)\n", h.log_path);
        if (h.server_pid)
            harness_stop_server(&h, SIGKILL);
        harness_drop_db(&h);
        return 1;
    }
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", h.port);
    setenv("MEDIATION_URL", url, 1);
    setenv("MEDIATION_TOKEN", h.admin_key, 1);
    setenv("MEDIATION_TEST_DB", h.db_url, 1);
    setenv("MEDIATIOND_BIN", MEDIATIOND_BIN, 1);
    /* the clients must not read a developer's own settings */
    unsetenv("MEDIATION_CONFIG");
    rc = run_command(argv + 2);
    int server = harness_stop_server(&h, SIGTERM);
    if (server != 0) {
        fprintf(stderr, "clients_live_run: mediationd exited with %d (log %s)\n", server,
                h.log_path);
        if (rc == 0)
            rc = 1;
    }
    harness_drop_db(&h);
    return rc;
}
