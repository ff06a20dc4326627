/* Integration harness implementation. */
#include "harness.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define START_TIMEOUT_MS 60000

long harness_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

const char *harness_repo_root(void)
{
    return REPO_ROOT;
}

const char *harness_work_dir(void)
{
    return TEST_WORK_DIR;
}

static int maintenance_exec(struct harness *h, const char *sql)
{
    PGconn *pg = PQconnectdb(h->maintenance_url);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "harness: cannot connect to TEST_DATABASE_URL: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return -1;
    }
    PGresult *r = PQexec(pg, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
    if (ok)
        fprintf(stderr, "harness: %s: %s", sql, PQerrorMessage(pg));
    PQclear(r);
    PQfinish(pg);
    return ok;
}

int harness_create_db(struct harness *h, const char *test_name)
{
    const char *url = getenv("TEST_DATABASE_URL");
    if (!url || !*url) {
        fprintf(stderr, "harness: TEST_DATABASE_URL is not set (scripts/test sets it)\n");
        return -1;
    }
    return harness_create_db_at(h, url, test_name);
}

int harness_create_db_at(struct harness *h, const char *url, const char *test_name)
{
    memset(h, 0, sizeof(*h));
    snprintf(h->maintenance_url, sizeof(h->maintenance_url), "%s", url);
    snprintf(h->db_name, sizeof(h->db_name), "it_%s_%d", test_name, (int)getpid());
    char sql[256];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", h->db_name);
    maintenance_exec(h, sql);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", h->db_name);
    if (maintenance_exec(h, sql) != 0)
        return -1;
    /* Same server and credentials, another database: libpq lets a later dbname override. */
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK) {
        PQfinish(pg);
        return -1;
    }
    snprintf(h->db_url, sizeof(h->db_url), "host=%s port=%s user=%s dbname=%s%s%s", PQhost(pg),
             PQport(pg), PQuser(pg), h->db_name, PQpass(pg) && *PQpass(pg) ? " password=" : "",
             PQpass(pg) && *PQpass(pg) ? PQpass(pg) : "");
    PQfinish(pg);
    snprintf(h->log_path, sizeof(h->log_path), "%s/%s.server.log", TEST_WORK_DIR, h->db_name);
    return 0;
}

void harness_drop_db(struct harness *h)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", h->db_name);
    maintenance_exec(h, sql);
}

/* Runs the program at path with args, as harness_run says. */
static int run_program(struct harness *h, const char *path, char *out, size_t out_size,
                       const char *const *args)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(pipefd[1], STDOUT_FILENO);
        close(pipefd[0]);
        close(pipefd[1]);
        setenv("DATABASE_URL", h->db_url, 1);
        setenv("LOG_LEVEL", "warn", 1);
        const char *argv[32] = {path};
        size_t n = 1;
        for (; args[n - 1] && n < 31; n++)
            argv[n] = args[n - 1];
        argv[n] = NULL;
        execv(path, (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    size_t used = 0;
    char scratch[256];
    for (;;) {
        char *dst = out ? out + used : scratch;
        size_t room = out ? out_size - 1 - used : sizeof(scratch);
        if (room == 0) {
            dst = scratch;
            room = sizeof(scratch);
        }
        ssize_t r = read(pipefd[0], dst, room);
        if (r <= 0)
            break;
        if (out && dst != scratch)
            used += (size_t)r;
    }
    close(pipefd[0]);
    if (out) {
        out[used] = '\0';
        while (used && (out[used - 1] == '\n' || out[used - 1] == '\r'))
            out[--used] = '\0';
    }
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int harness_run(struct harness *h, char *out, size_t out_size, const char *const *args)
{
    return run_program(h, MEDIATIOND_PATH, out, out_size, args);
}

int harness_seed(struct harness *h, char *out, size_t out_size, const char *const *args)
{
    return run_program(h, MEDIATION_SEED_PATH, out, out_size, args);
}

int harness_create_key(struct harness *h, const char *role, const char *center, char *out)
{
    const char *args[] = {
        "admin", "create-key", "--role", role, "--name", role, center ? "--center" : NULL,
        center,  NULL};
    int rc = harness_run(h, out, 128, args);
    if (rc != 0 || strncmp(out, "mdk_", 4) != 0) {
        fprintf(stderr, "harness: create-key failed (%d): %s\n", rc, out);
        return -1;
    }
    return 0;
}

/* Scans the server log for the "listening on http://host:port" line. */
static int read_port(const char *log_path)
{
    FILE *f = fopen(log_path, "r");
    if (!f)
        return 0;
    char line[4096];
    int port = 0;
    while (fgets(line, sizeof(line), f)) {
        const char *p = strstr(line, "listening on http://");
        if (!p)
            continue;
        const char *colon = strrchr(p, ':');
        if (colon)
            port = atoi(colon + 1);
    }
    fclose(f);
    return port;
}

int harness_start_server(struct harness *h, const char *const *extra_env)
{
    /* Emptied here, before the fork: were the child to truncate it, the loop below could read a
     * previous server's "listening" line (and its port) before the child had run. */
    int log_fd = open(h->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log_fd < 0)
        return -1;
    close(log_fd);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(h->log_path, O_WRONLY | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, STDERR_FILENO);
            dup2(fd, STDOUT_FILENO);
            close(fd);
        }
        setenv("DATABASE_URL", h->db_url, 1);
        setenv("LISTEN", "127.0.0.1:0", 1);
        setenv("THREADS", "4", 1);
        setenv("PII_HASH_KEY", "integration-tests-pii-hash-key", 1);
        for (size_t i = 0; extra_env && extra_env[i]; i++)
            putenv((char *)extra_env[i]);
        execl(MEDIATIOND_PATH, MEDIATIOND_PATH, "serve", (char *)NULL);
        _exit(127);
    }
    h->server_pid = pid;
    long deadline = harness_now_ms() + START_TIMEOUT_MS;
    while (harness_now_ms() < deadline) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "harness: mediationd exited during start; log %s\n", h->log_path);
            h->server_pid = 0;
            return -1;
        }
        h->port = read_port(h->log_path);
        if (h->port > 0)
            return 0;
        usleep(20000);
    }
    fprintf(stderr, "harness: mediationd did not start listening; log %s\n", h->log_path);
    return -1;
}

int harness_stop_server(struct harness *h, int sig)
{
    if (!h->server_pid)
        return -1;
    kill(h->server_pid, sig);
    return harness_wait_server(h);
}

int harness_server_alive(struct harness *h)
{
    if (!h->server_pid)
        return 0;
    /* WNOWAIT: look without reaping, so harness_wait_server() still gets the exit status */
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    if (waitid(P_PID, (id_t)h->server_pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
        return 0;
    return info.si_pid == 0;
}

int harness_shell(const char *command, char *out, size_t out_size)
{
    FILE *p = popen(command, "r");
    if (!p)
        return -1;
    size_t used = fread(out, 1, out_size - 1, p);
    out[used] = '\0';
    while (used && (out[used - 1] == '\n' || out[used - 1] == '\r'))
        out[--used] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int harness_wait_server(struct harness *h)
{
    if (!h->server_pid)
        return -1;
    int status;
    pid_t r;
    do {
        r = waitpid(h->server_pid, &status, 0);
    } while (r < 0 && errno == EINTR);
    h->server_pid = 0;
    if (r < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void *harness_pg(struct harness *h)
{
    PGconn *pg = PQconnectdb(h->db_url);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "harness: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    return pg;
}

int harness_sql(struct harness *h, const char *sql, char *out, size_t out_size)
{
    PGconn *pg = harness_pg(h);
    if (!pg)
        return -1;
    PGresult *r = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) ? 0 : -1;
    if (rc)
        fprintf(stderr, "harness: %s: %s", sql, PQerrorMessage(pg));
    if (out && out_size) {
        out[0] = '\0';
        if (rc == 0 && st == PGRES_TUPLES_OK && PQntuples(r) > 0)
            snprintf(out, out_size, "%s", PQgetvalue(r, 0, 0));
        else if (rc)
            snprintf(out, out_size, "%s", PQerrorMessage(pg));
    }
    PQclear(r);
    PQfinish(pg);
    return rc;
}

struct growing {
    char *data;
    size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct growing *g = userdata;
    size_t n = size * nmemb;
    char *p = realloc(g->data, g->len + n + 1);
    if (!p)
        return 0;
    memcpy(p + g->len, ptr, n);
    g->data = p;
    g->len += n;
    g->data[g->len] = '\0';
    return n;
}

/* Appends one exchange to responses/<pid>.jsonl in the work dir, for the contract test that
 * validates every response the integration tests saw against api-spec/openapi.yaml. */
static void capture(const char *method, const char *path, const struct http_result *res)
{
    char dir[600], file[700], ct[128];
    snprintf(dir, sizeof(dir), "%s/responses", TEST_WORK_DIR);
    mkdir(dir, 0755);
    snprintf(file, sizeof(file), "%s/%d.jsonl", dir, (int)getpid());
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "method", method);
    cJSON_AddStringToObject(o, "path", path);
    cJSON_AddNumberToObject(o, "status", (double)res->status);
    cJSON_AddStringToObject(o, "content_type", http_header(res, "Content-Type", ct, sizeof(ct)));
    cJSON_AddStringToObject(o, "body", res->body);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!text)
        return;
    /* one write() per line on an O_APPEND descriptor: lines from several threads never mix */
    size_t len = strlen(text);
    text[len] = '\n';
    int fd = open(file, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
        ssize_t n = write(fd, text, len + 1);
        (void)n;
        close(fd);
    }
    free(text);
}

int http_call(struct harness *h, const char *method, const char *path, const char *const *headers,
              const char *body, size_t body_len, struct http_result *res)
{
    memset(res, 0, sizeof(*res));
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    /* sized for the path: a long one (a 414 test) must reach the server whole */
    size_t url_size = strlen(path) + 64;
    char *url = malloc(url_size);
    if (!url) {
        curl_easy_cleanup(c);
        return -1;
    }
    snprintf(url, url_size, "http://127.0.0.1:%d%s", h->port, path);
    struct growing b = {0}, hd = {0};
    struct curl_slist *list = NULL;
    for (size_t i = 0; headers && headers[i]; i++)
        list = curl_slist_append(list, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &hd);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
    else
        fprintf(stderr, "harness: %s %s: %s\n", method, path, curl_easy_strerror(rc));
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    free(url);
    res->body = b.data ? b.data : calloc(1, 1);
    res->body_len = b.len;
    res->headers = hd.data ? hd.data : calloc(1, 1);
    if (res->body_len)
        res->json = cJSON_Parse(res->body);
    if (rc != CURLE_OK) {
        http_result_cleanup(res); /* a failed call hands the caller nothing to free */
        return -1;
    }
    capture(method, path, res);
    return 0;
}

void http_result_cleanup(struct http_result *res)
{
    free(res->body);
    free(res->headers);
    cJSON_Delete(res->json);
    memset(res, 0, sizeof(*res));
}

const char *http_header(const struct http_result *res, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    size_t nlen = strlen(name);
    for (const char *line = res->headers; line && *line;) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > nlen && strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
            const char *v = line + nlen + 1;
            while (*v == ' ')
                v++;
            size_t vlen = len - (size_t)(v - line);
            snprintf(out, size, "%.*s", (int)vlen, v);
        }
        if (!end)
            break;
        line = end + 2;
    }
    return out;
}

const char *bearer(const char *key, char *out)
{
    snprintf(out, 160, "Authorization: Bearer %s", key);
    return out;
}

int harness_metric(struct harness *h, const char *series, double *out)
{
    struct http_result r;
    if (http_call(h, "GET", "/metrics", NULL, NULL, 0, &r) != 0)
        return -1;
    int rc = -1;
    size_t len = strlen(series);
    for (const char *p = r.body ? strstr(r.body, series) : NULL; p; p = strstr(p + 1, series)) {
        if ((p == r.body || p[-1] == '\n') && p[len] == ' ') {
            *out = strtod(p + len + 1, NULL);
            rc = 0;
            break;
        }
    }
    http_result_cleanup(&r);
    return rc;
}
