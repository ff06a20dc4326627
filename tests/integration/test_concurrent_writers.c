/* Intake without hot rows (migration 0011) under concurrency: 16 writer threads register and move
 * cases of one community of one center on the same day, all at once, while a 17th thread reads
 * the summary and breakdowns and checks what must hold at every instant (the reports read the
 * folded rollups plus the pending contributions, so they are exact in every snapshot). Then:
 * the reports equal plain SQL over the cases (report_check.c); case numbers are unique and
 * consecutive; the rollups maintained by the triggers and the background folder, folded with
 * rollup_fold_all(), equal a fresh rollup_rebuild_bulk(); the reports answer the same before the
 * fold, after it and after the rebuild; and the duplicate check lists at most 20 open cases,
 * newest first, never a closed or declined one. Over 600 lines: the threads, the invariants and the
 * final checks share one fixture. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <libpq-fe.h>

#include "harness.h"
#include "report_check.h"

#define WRITERS 16
#define ITERATIONS 25
#define MEDIATOR_COUNT 4
#define MAX_READS 20000 /* the reader's bound, whatever happens to the writers */
#define DUP_LIMIT 20    /* possible_duplicates lists at most this many */
#define SHARED_PHONE "13700000000"
#define STEP5_PHONE "13600000000"

static struct harness h;
static PGconn *pg;
static char supervisor[128], front_desk[128];
static long community;
static long mediator_ids[MEDIATOR_COUNT];
static char today[16], tomorrow[16]; /* the center's dates (Asia/Shanghai) at the start */
static char held_at[40];             /* a moment before the writers start, RFC 3339 */
static int center_id;
static char year[8];
static atomic_int writers_done;
static int extra_cases; /* intakes of the main test after the writers */

/* The reports compared before and after the fold and the rebuild. */
static const char *const compared[] = {
    "summary?from=%s&to=%s",
    "breakdown?from=%s&to=%s&by=community",
    "breakdown?from=%s&to=%s&by=mediator",
    "breakdown?from=%s&to=%s&by=risk",
    "breakdown?from=%s&to=%s&by=mediator,dispute_type",
    "summary?from=%s&to=%s&community_id=%ld&dispute_type=neighbor&risk_level=none"};
#define COMPARED (sizeof(compared) / sizeof(compared[0]))
/* their answers before the fold, after it and after the rebuild (freed by teardown) */
static char *answers_before[COMPARED], *after_fold[COMPARED], *after_rebuild[COMPARED];

/* ---- calls that may run on any thread (no cmocka assertion in them) -------------------------- */

struct tally {
    int failures;
    char first[640];
};

static void note(struct tally *t, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (t->failures++ == 0)
        snprintf(t->first, sizeof(t->first), "%s", msg);
    if (t->failures <= 5)
        fprintf(stderr, "FAILURE %s\n", msg);
}

/* One request; the status (or -1 when there was no answer). out, when given, is the caller's. */
static long call(const char *method, const char *path, const char *key, const char *body,
                 const char *extra_header, struct http_result *out)
{
    char auth[200];
    const char *headers[] = {"Content-Type: application/json", bearer(key, auth), extra_header,
                             NULL};
    struct http_result r;
    if (http_call(&h, method, path, headers, body, body ? strlen(body) : 0, &r) != 0)
        return -1;
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

/* A request that must answer `expected`; a failure is noted with the answer. */
static int expect(struct tally *t, long expected, const char *method, const char *path,
                  const char *key, const char *body, const char *extra_header,
                  struct http_result *out)
{
    struct http_result r;
    long status = call(method, path, key, body, extra_header, &r);
    if (status != expected) {
        note(t, "%s %s %s: %ld (expected %ld) %.300s", method, path, body ? body : "", status,
             expected, status < 0 ? "no answer" : r.body);
        if (status >= 0)
            http_result_cleanup(&r);
        return -1;
    }
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return 0;
}

static long num(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

static const char *text(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* possible_duplicates of an intake answer: at most 20, newest (highest id) first, only open
 * cases, never the case itself. Returns how many it lists. */
static int check_duplicates(struct tally *t, const cJSON *intake, long self)
{
    const cJSON *dups = cJSON_GetObjectItemCaseSensitive(intake, "possible_duplicates");
    if (!cJSON_IsArray(dups)) {
        note(t, "case %ld: no possible_duplicates array", self);
        return -1;
    }
    int n = cJSON_GetArraySize(dups);
    if (n > DUP_LIMIT)
        note(t, "case %ld: %d possible duplicates, more than %d", self, n, DUP_LIMIT);
    long previous = -1;
    const cJSON *d;
    cJSON_ArrayForEach(d, dups)
    {
        long id = num(d, "id");
        const char *status = text(d, "status");
        if (id == self)
            note(t, "case %ld lists itself as a possible duplicate", self);
        if (previous >= 0 && id >= previous)
            note(t, "case %ld: possible duplicates not newest first (%ld after %ld)", self, id,
                 previous);
        if (strcmp(status, "received") && strcmp(status, "accepted") &&
            strcmp(status, "assigned") && strcmp(status, "in_mediation"))
            note(t, "case %ld: possible duplicate %ld is %s", self, id, status);
        previous = id;
    }
    return n;
}

/* Registers a case in the community; its id (0 on failure). The applicant has phone. */
static long intake(struct tally *t, const char *dispute_type, const char *phone, cJSON **dups)
{
    char body[1024];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"%s\",\"source\":\"hotline\",\"community_id\":%ld,"
             "\"summary\":\"并发受理测试\",\"claims\":\"停止侵害\",\"risk_level\":\"none\","
             "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"申请人\","
             "\"phone\":\"%s\"},{\"role\":\"respondent\",\"kind\":\"person\","
             "\"name\":\"被申请人\"}]}",
             dispute_type, community, phone);
    struct http_result r;
    if (expect(t, 201, "POST", "/api/v1/cases", front_desk, body, NULL, &r) != 0)
        return 0;
    long id = num(r.json, "id");
    if (id <= 0)
        note(t, "intake answered 201 without an id: %.200s", r.body);
    else
        check_duplicates(t, r.json, id);
    if (dups)
        *dups = cJSON_DetachItemFromObjectCaseSensitive(r.json, "possible_duplicates");
    http_result_cleanup(&r);
    return id > 0 ? id : 0;
}

static int act(struct tally *t, long id, const char *action, const char *body, long expected)
{
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/%s", id, action);
    return expect(t, expected, "POST", path, supervisor, body, NULL, NULL);
}

/* An edit of the risk level (a dimension: the case's contributions move). */
static int edit_risk(struct tally *t, long id, const char *risk)
{
    char path[64], etag[64], if_match[96], body[64];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
    struct http_result r;
    if (expect(t, 200, "GET", path, supervisor, NULL, NULL, &r) != 0)
        return -1;
    http_header(&r, "ETag", etag, sizeof(etag));
    http_result_cleanup(&r);
    snprintf(if_match, sizeof(if_match), "If-Match: %s", etag);
    snprintf(body, sizeof(body), "{\"risk_level\":\"%s\"}", risk);
    return expect(t, 200, "PATCH", path, supervisor, body, if_match, NULL);
}

/* ---- the writers ------------------------------------------------------------------------------
 */

struct writer {
    pthread_t thread;
    int index;
    struct tally tally;
    /* what this writer did, to compare with the reports afterwards */
    int received, accepted, declined, assigned, resolved, failed, withdrawn, agreements;
    long long agreement_fen;
};

static int assign_and_session(struct writer *w, long id, int k)
{
    char body[256];
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediator_ids[k % MEDIATOR_COUNT]);
    if (act(&w->tally, id, "assign", body, 200) != 0)
        return -1;
    w->assigned++;
    snprintf(body, sizeof(body),
             "{\"held_at\":\"%s\",\"kind\":\"in_person\",\"participants\":\"双方当事人\"}",
             held_at);
    return act(&w->tally, id, "sessions", body, 201);
}

/* One case through the path its number picks (every path appears for every writer). */
static void one_case(struct writer *w, int i)
{
    struct tally *t = &w->tally;
    int k = w->index * ITERATIONS + i;
    char phone[16], body[512];
    if (i % 4 == 0)
        snprintf(phone, sizeof(phone), SHARED_PHONE); /* the duplicate index's hot hash */
    else
        snprintf(phone, sizeof(phone), "139%04d%04d", w->index, i);
    long id = intake(t, i % 5 == 4 ? "contract" : "neighbor", phone, NULL);
    if (!id)
        return;
    w->received++;
    switch (k % 10) {
    case 0: /* still waiting, some with another risk level */
        if (i % 2 == 0)
            edit_risk(t, id, "yellow");
        return;
    case 1:
        if (act(t, id, "decline", "{\"reason\":\"不属于受理范围\",\"referral_advice\":\"诉讼\"}",
                200) == 0)
            w->declined++;
        return;
    case 2: /* withdrawn before acceptance */
        if (act(t, id, "close", "{\"outcome\":\"withdrawn\"}", 200) == 0)
            w->withdrawn++;
        return;
    }
    if (act(t, id, "accept", "{}", 200) != 0)
        return;
    w->accepted++;
    if (k % 10 == 3)
        return;
    if (k % 10 == 9 && edit_risk(t, id, "orange") != 0)
        return;
    if (k % 10 == 4) {
        char a[64];
        snprintf(a, sizeof(a), "{\"mediator_id\":%ld}", mediator_ids[k % MEDIATOR_COUNT]);
        if (act(t, id, "assign", a, 200) == 0)
            w->assigned++;
        return;
    }
    if (assign_and_session(w, id, k) != 0)
        return;
    switch (k % 10) {
    case 5:
    case 6: {
        long long fen = (long long)(w->index + 1) * 1000000 + i * 100 + 37;
        snprintf(body, sizeof(body),
                 "{\"outcome\":\"resolved\",\"prevented_escalation\":%s,"
                 "\"prevented_mass_petition\":false,\"agreement\":{\"amount\":\"%lld.%02lld\","
                 "\"form\":\"written\",\"signed_at\":\"%s\",\"terms\":\"双方达成协议\"}}",
                 i % 3 == 0 ? "true" : "false", fen / 100, fen % 100, today);
        if (act(t, id, "close", body, 200) == 0) {
            w->resolved++;
            w->agreements++;
            w->agreement_fen += fen;
        }
        return;
    }
    case 7:
        if (act(t, id, "close", "{\"outcome\":\"failed\",\"note\":\"双方分歧较大\"}", 200) == 0)
            w->failed++;
        return;
    case 8: /* in mediation, its risk raised */
        edit_risk(t, id, "red");
        return;
    default: /* 9: raised, then withdrawn in mediation */
        if (act(t, id, "close", "{\"outcome\":\"withdrawn\"}", 200) == 0)
            w->withdrawn++;
        return;
    }
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    for (int i = 0; i < ITERATIONS; i++)
        one_case(w, i);
    return NULL;
}

/* ---- the reader -------------------------------------------------------------------------------
 */

struct reader {
    pthread_t thread;
    struct tally tally;
    int reads;
    long last[4]; /* received, accepted, declined, closed of the last summary: never fewer */
};

static const char *const count_names[] = {
    "received",  "accepted", "declined", "assigned", "resolved", "failed",         "terminated",
    "withdrawn", "referred", "closed",   "open",     "overdue",  "agreement_count"};
#define COUNTS (sizeof(count_names) / sizeof(count_names[0]))

/* What holds in any one snapshot of a day on which every case was received. */
static void check_metrics(struct tally *t, const char *what, const cJSON *m)
{
    long v[COUNTS];
    for (size_t i = 0; i < COUNTS; i++)
        v[i] = num(m, count_names[i]);
    long received = v[0], accepted = v[1], declined = v[2], assigned = v[3], closed = v[9],
         open = v[10];
    long outcomes = v[4] + v[5] + v[6] + v[7] + v[8];
    if (received < accepted + declined)
        note(t, "%s: received %ld < accepted %ld + declined %ld", what, received, accepted,
             declined);
    if (open < 0 || open != received - declined - closed)
        note(t, "%s: open %ld, received %ld - declined %ld - closed %ld = %ld", what, open,
             received, declined, closed, received - declined - closed);
    if (closed != outcomes)
        note(t, "%s: closed %ld, the outcomes add up to %ld", what, closed, outcomes);
    if (assigned > accepted || v[4] < v[12])
        note(t, "%s: assigned %ld > accepted %ld, or agreements %ld > resolved %ld", what, assigned,
             accepted, v[12], v[4]);
}

static void read_summary(struct reader *rd)
{
    char path[160];
    snprintf(path, sizeof(path), "/api/v1/reports/summary?from=%s&to=%s", today, tomorrow);
    struct http_result r;
    if (expect(&rd->tally, 200, "GET", path, supervisor, NULL, NULL, &r) != 0)
        return;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(r.json, "metrics");
    check_metrics(&rd->tally, "summary", m);
    const char *grow[] = {"received", "accepted", "declined", "closed"};
    for (int i = 0; i < 4; i++) {
        long now = num(m, grow[i]);
        if (now < rd->last[i])
            note(&rd->tally, "summary: %s went down from %ld to %ld", grow[i], rd->last[i], now);
        rd->last[i] = now;
    }
    http_result_cleanup(&r);
}

/* A breakdown: every row as a summary, and the rows add up to the total. */
static void read_breakdown(struct reader *rd, const char *by)
{
    char path[200];
    snprintf(path, sizeof(path), "/api/v1/reports/breakdown?from=%s&to=%s&by=%s", today, tomorrow,
             by);
    struct http_result r;
    if (expect(&rd->tally, 200, "GET", path, supervisor, NULL, NULL, &r) != 0)
        return;
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(r.json, "total"), "metrics");
    check_metrics(&rd->tally, by, total);
    long sum[COUNTS] = {0};
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r.json, "rows"))
    {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(row, "metrics");
        for (size_t i = 0; i < COUNTS; i++)
            sum[i] += num(m, count_names[i]);
    }
    for (size_t i = 0; i < COUNTS; i++)
        if (sum[i] != num(total, count_names[i]))
            note(&rd->tally, "breakdown by %s: the rows add up to %s %ld, the total says %ld", by,
                 count_names[i], sum[i], num(total, count_names[i]));
    http_result_cleanup(&r);
}

static void *reader_main(void *arg)
{
    struct reader *rd = arg;
    for (int n = 0; n < MAX_READS && !atomic_load(&writers_done); n++) {
        if (n % 3 == 0)
            read_summary(rd);
        else
            read_breakdown(rd, n % 3 == 1 ? "community" : "mediator");
        rd->reads++;
    }
    return NULL;
}

/* ---- fixtures ---------------------------------------------------------------------------------
 */

static void sql_value(char *out, size_t size, const char *fmt, ...)
{
    char sql[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    PGresult *r = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", PQerrorMessage(pg));
        PQclear(r);
        PQclear(PQexec(pg, "ROLLBACK"));
        fail_msg("SQL failed: %s\n%s", msg, sql);
    }
    snprintf(out, size, "%s", st == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
}

static int setup(void **state)
{
    (void)state;
    /* before any thread: curl_easy_init() would otherwise initialise libcurl on first use, and
     * that is not thread-safe */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    if (harness_create_db(&h, "concurrent_writers") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0)
        return -1;
    /* a worker and a connection for each of the 17 client threads, and one to spare */
    const char *env[] = {"THREADS=18", "DB_POOL_SIZE=18", NULL};
    if (harness_start_server(&h, env) != 0)
        return -1;
    pg = harness_pg(&h);
    if (!pg)
        return -1;
    PGresult *r = PQexec(pg, "SELECT id, (now() AT TIME ZONE time_zone)::date::text, "
                             "((now() AT TIME ZONE time_zone)::date + 1)::text, "
                             "extract(year FROM now() AT TIME ZONE time_zone)::int::text, "
                             "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                             "FROM centers WHERE code = 'WD'");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        PQclear(r);
        return -1;
    }
    center_id = atoi(PQgetvalue(r, 0, 0));
    snprintf(today, sizeof(today), "%s", PQgetvalue(r, 0, 1));
    snprintf(tomorrow, sizeof(tomorrow), "%s", PQgetvalue(r, 0, 2));
    snprintf(year, sizeof(year), "%s", PQgetvalue(r, 0, 3));
    snprintf(held_at, sizeof(held_at), "%s", PQgetvalue(r, 0, 4));
    PQclear(r);

    struct tally t = {0};
    struct http_result res;
    if (expect(&t, 201, "POST", "/api/v1/communities", h.admin_key,
               "{\"code\":\"bf\",\"name\":\"并发社区\",\"street\":\"五一路街道\"}", NULL,
               &res) != 0)
        return -1;
    community = num(res.json, "id");
    http_result_cleanup(&res);
    static const char *const channels[MEDIATOR_COUNT] = {"people", "judicial", "administrative",
                                                         "people"};
    for (int i = 0; i < MEDIATOR_COUNT; i++) {
        char body[512];
        snprintf(body, sizeof(body),
                 "{\"name\":\"并发调解员%d\",\"organization\":\"魏都区调解委员会\","
                 "\"channel\":\"%s\",\"specialties\":[\"neighbor\",\"contract\"],"
                 "\"max_open_cases\":1000}",
                 i + 1, channels[i]);
        if (expect(&t, 201, "POST", "/api/v1/mediators", h.admin_key, body, NULL, &res) != 0)
            return -1;
        mediator_ids[i] = num(res.json, "id");
        http_result_cleanup(&res);
    }
    return community > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (pg)
        PQfinish(pg);
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    for (size_t i = 0; i < COMPARED; i++) {
        free(answers_before[i]);
        free(after_fold[i]);
        free(after_rebuild[i]);
    }
    curl_global_cleanup();
    return rc == 0 ? 0 : -1;
}

/* ---- after the writers ------------------------------------------------------------------------
 */

static void fetch_reports(char *bodies[COMPARED])
{
    struct tally t = {0};
    for (size_t i = 0; i < COMPARED; i++) {
        char q[256], path[300];
        snprintf(q, sizeof(q), compared[i], today, tomorrow, community);
        snprintf(path, sizeof(path), "/api/v1/reports/%s", q);
        struct http_result r;
        if (expect(&t, 200, "GET", path, supervisor, NULL, NULL, &r) != 0)
            fail_msg("%s", t.first);
        bodies[i] = strdup(r.body);
        assert_non_null(bodies[i]);
        http_result_cleanup(&r);
    }
}

static void same_reports(char *before[COMPARED], char *after[COMPARED], const char *when)
{
    int differ = 0;
    for (size_t i = 0; i < COMPARED; i++)
        if (strcmp(before[i], after[i]) != 0) {
            fprintf(stderr, "%s: GET %s differs\n before: %s\n after:  %s\n", when, compared[i],
                    before[i], after[i]);
            differ++;
        }
    if (differ)
        fail_msg("%d of %zu reports answer otherwise %s", differ, COMPARED, when);
}

/* Rows of the center's report_slices or report_cube and of the snapshot snap_TABLE taken before
 * the rebuild that are not in the other (rows of the snapshot whose counters are all zero and
 * that have no histogram are ignored: a rebuild never writes them). Prints a few. */
static long rollup_differences(const char *table)
{
    static const char *const zero =
        "(received, accepted, declined, assigned, resolved, failed, terminated, withdrawn, "
        "referred, agreements, agreement_fen, prevented_escalation, prevented_mass_petition, "
        "close_days_sum, close_days_n, open_delta, overdue_delta) = "
        "(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) AND close_hist IS NULL";
    char count[32], rows[4096];
    const char *side[2] = {"only in the rebuild", "only in the maintained rollups"};
    long total = 0;
    for (int s = 0; s < 2; s++) {
        char diff[1024];
        if (s == 0)
            snprintf(diff, sizeof(diff),
                     "SELECT * FROM %s WHERE center_id = %d EXCEPT SELECT * FROM snap_%s", table,
                     center_id, table);
        else
            snprintf(diff, sizeof(diff),
                     "SELECT * FROM snap_%s WHERE NOT (%s) EXCEPT SELECT * FROM %s WHERE "
                     "center_id = %d",
                     table, zero, table, center_id);
        sql_value(count, sizeof(count), "SELECT count(*) FROM (%s) d", diff);
        if (atol(count) > 0) {
            sql_value(rows, sizeof(rows),
                      "SELECT string_agg(d::text, E'\\n') FROM (SELECT * FROM (%s) x LIMIT 6) d",
                      diff);
            fprintf(stderr, "%s: %s rows %s, e.g.\n%s\n", table, count, side[s], rows);
        }
        total += atol(count);
    }
    return total;
}

static void cross_check_all(void)
{
    const struct report_check check = {&h, pg, supervisor, "WD"};
    const struct report_filter three = {
        .community_id = community, .dispute_type = "neighbor", .risk_level = "none"};
    const struct report_filter one = {.mediator_id = mediator_ids[1]};
    report_check_reset();
    report_cross_check(&check, today, tomorrow, NULL, NULL);
    report_cross_check(&check, today, tomorrow, "community", NULL);
    report_cross_check(&check, today, tomorrow, "mediator", NULL);
    report_cross_check(&check, today, tomorrow, "risk", NULL);
    report_cross_check(&check, today, tomorrow, "mediator,dispute_type", NULL);
    report_cross_check(&check, today, tomorrow, NULL, &three);
    report_cross_check(&check, today, tomorrow, "channel", &one);
    report_check_fail_on_mismatches();
}

/* The summary against what the writers say they did. */
static void summary_matches_writers(const struct writer *w)
{
    long want[8] = {0};
    long long fen = 0;
    for (int i = 0; i < WRITERS; i++) {
        const int got[8] = {w[i].received, w[i].accepted, w[i].declined,  w[i].assigned,
                            w[i].resolved, w[i].failed,   w[i].withdrawn, w[i].agreements};
        for (int k = 0; k < 8; k++)
            want[k] += got[k];
        fen += w[i].agreement_fen;
    }
    static const char *const names[8] = {"received", "accepted", "declined",  "assigned",
                                         "resolved", "failed",   "withdrawn", "agreement_count"};
    char path[160], amount[48];
    snprintf(path, sizeof(path), "/api/v1/reports/summary?from=%s&to=%s", today, tomorrow);
    struct tally t = {0};
    struct http_result r;
    if (expect(&t, 200, "GET", path, supervisor, NULL, NULL, &r) != 0)
        fail_msg("%s", t.first);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(r.json, "metrics");
    for (int k = 0; k < 8; k++)
        if (num(m, names[k]) != want[k])
            note(&t, "summary %s: %ld, the writers did %ld", names[k], num(m, names[k]), want[k]);
    snprintf(amount, sizeof(amount), "%lld.%02lld", fen / 100, fen % 100);
    if (strcmp(text(m, "agreement_amount_total"), amount) != 0)
        note(&t, "summary agreement_amount_total: %s, the writers agreed %s",
             text(m, "agreement_amount_total"), amount);
    http_result_cleanup(&r);
    if (t.failures)
        fail_msg("%d differences from the writers' own count; first: %s", t.failures, t.first);
}

/* Case numbers of the year: unique, 1..count without a gap, the sequence at count. */
static void case_numbers_are_consecutive(long expected_count)
{
    char row[256];
    sql_value(row, sizeof(row),
              "SELECT count(*) || ' ' || count(DISTINCT c.case_no) || ' ' || "
              "coalesce(max(split_part(c.case_no, '-', 3)::bigint), 0) || ' ' || "
              "coalesce(min(split_part(c.case_no, '-', 3)::bigint), 0) "
              "FROM cases c WHERE c.center_id = %d AND c.case_no LIKE 'WD-%s-%%'",
              center_id, year);
    long count = -1, distinct = -1, max = -1, min = -1;
    assert_int_equal(4, sscanf(row, "%ld %ld %ld %ld", &count, &distinct, &max, &min));
    if (count != expected_count || distinct != count || max != count || min != 1)
        fail_msg("case numbers of %s: %ld cases (expected %ld), %ld distinct numbers, from %ld "
                 "to %ld",
                 year, count, expected_count, distinct, min, max);
    /* the year's sequence (case_number_sequence) handed out exactly these */
    char last[32];
    sql_value(last, sizeof(last), "SELECT last_value FROM case_no_%d_%s", center_id, year);
    if (atol(last) != count)
        fail_msg("the sequence of %s is at %s, %ld cases have numbers", year, last, count);
}

/* ---- the tests --------------------------------------------------------------------------------
 */

static void test_sixteen_writers_one_day_one_community(void **state)
{
    (void)state;
    static struct writer writers[WRITERS];
    static struct reader reader;
    long started = harness_now_ms();
    atomic_store(&writers_done, 0);
    /* the writers race for the first case of the year too (the sequence is made by the first) */
    assert_int_equal(0, pthread_create(&reader.thread, NULL, reader_main, &reader));
    int created = 0;
    for (; created < WRITERS; created++) {
        writers[created].index = created;
        if (pthread_create(&writers[created].thread, NULL, writer_main, &writers[created]) != 0)
            break;
    }
    int joined = 0;
    for (int i = 0; i < created; i++)
        joined += pthread_join(writers[i].thread, NULL) == 0;
    atomic_store(&writers_done, 1);
    assert_int_equal(0, pthread_join(reader.thread, NULL));
    assert_int_equal(created, joined);
    assert_int_equal(WRITERS, created);
    fprintf(stderr, "writers done in %ld ms; the reader read %d reports meanwhile\n",
            harness_now_ms() - started, reader.reads);

    int failures = 0;
    const char *first = NULL;
    for (int i = 0; i < WRITERS; i++)
        if (writers[i].tally.failures) {
            failures += writers[i].tally.failures;
            if (!first)
                first = writers[i].tally.first;
        }
    if (failures)
        fail_msg("%d failed calls among the writers; first: %s", failures, first);
    if (reader.tally.failures)
        fail_msg("%d failures in the reports read while the writers ran; first: %s",
                 reader.tally.failures, reader.tally.first);
    assert_true(reader.reads >= 1);

    /* numbers: unique and consecutive (no transaction failed) */
    case_numbers_are_consecutive(WRITERS * ITERATIONS);

    /* the reports: what the writers did */
    summary_matches_writers(writers);

    /* Keep contributions pending while the reports are read: lock the pending rows, so that the
     * server's folder (FOR UPDATE SKIP LOCKED) leaves them. Should its folder have folded them
     * all already, one more intake makes new ones (a bounded number of times). */
    char pending[32], folded[32], ignored[8];
    sql_value(ignored, sizeof(ignored), "BEGIN");
    long held = 0;
    for (int attempt = 0; attempt < 5 && held == 0; attempt++) {
        if (attempt) {
            struct tally t = {0};
            if (!intake(&t, "neighbor", "13500000000", NULL))
                fail_msg("%s", t.first);
            extra_cases++;
        }
        sql_value(pending, sizeof(pending),
                  "SELECT count(*) FROM (SELECT id FROM rollup_pending FOR UPDATE) x");
        held = atol(pending);
    }
    fprintf(stderr, "%ld contribution rows held pending while the reports are read\n", held);
    assert_true(held > 0);
    /* exact while they are pending: plain SQL over the cases */
    fetch_reports(answers_before);
    cross_check_all();

    /* Fold everything: the table lock waits for a fold of the server's folder that is under way
     * (its rows are skipped by ours, not yet in the rollups) and keeps the next one out. Then the
     * maintained rollups are kept in snap_* and rebuilt from the cases. */
    sql_value(ignored, sizeof(ignored), "LOCK TABLE rollup_pending IN SHARE ROW EXCLUSIVE MODE");
    sql_value(folded, sizeof(folded), "SELECT rollup_fold_all()");
    sql_value(pending, sizeof(pending), "SELECT count(*) FROM rollup_pending");
    sql_value(ignored, sizeof(ignored), "COMMIT");
    fprintf(stderr, "rollup_fold_all() folded %s rows; %s pending after it\n", folded, pending);
    assert_string_equal("0", pending);
    assert_true(atol(folded) >= held);
    fetch_reports(after_fold);
    same_reports(answers_before, after_fold, "after rollup_fold_all()");
    cross_check_all();

    sql_value(ignored, sizeof(ignored),
              "CREATE TEMP TABLE snap_report_slices AS SELECT * FROM report_slices WHERE "
              "center_id = %d; "
              "CREATE TEMP TABLE snap_report_cube AS SELECT * FROM report_cube WHERE "
              "center_id = %d",
              center_id, center_id);
    sql_value(ignored, sizeof(ignored), "SELECT rollup_rebuild_bulk(%d)", center_id);
    long differences = rollup_differences("report_slices") + rollup_differences("report_cube");
    if (differences)
        fail_msg("%ld rollup rows differ between the triggers + folds and a rebuild (see above)",
                 differences);
    fetch_reports(after_rebuild);
    same_reports(answers_before, after_rebuild, "after rollup_rebuild_bulk()");
    fprintf(stderr, "test done in %ld ms\n", harness_now_ms() - started);
}

/* A phone shared with more than 20 earlier open cases, and with later closed and declined ones:
 * the intake lists the 20 newest open ones, newest first. */
static void test_possible_duplicates_newest_twenty_open(void **state)
{
    (void)state;
    enum { OPEN = DUP_LIMIT + 5, SHUT = 4 };
    struct tally t = {0};
    long open_ids[OPEN];
    for (int i = 0; i < OPEN; i++) {
        open_ids[i] = intake(&t, "neighbor", STEP5_PHONE, NULL);
        if (i % 3 == 1 && open_ids[i])
            act(&t, open_ids[i], "accept", "{}", 200);
    }
    /* newer than every open one, then closed or declined */
    for (int i = 0; i < SHUT; i++) {
        long id = intake(&t, "neighbor", STEP5_PHONE, NULL);
        if (!id)
            continue;
        if (i % 2)
            act(&t, id, "decline", "{\"reason\":\"重复申请\"}", 200);
        else
            act(&t, id, "close", "{\"outcome\":\"withdrawn\"}", 200);
    }
    cJSON *dups = NULL;
    long id = intake(&t, "contract", STEP5_PHONE, &dups);
    if (t.failures) {
        cJSON_Delete(dups);
        fail_msg("%d failed calls; first: %s", t.failures, t.first);
    }
    int n = cJSON_GetArraySize(dups);
    int wrong = n != DUP_LIMIT;
    for (int i = 0; i < n && !wrong; i++)
        wrong = num(cJSON_GetArrayItem(dups, i), "id") != open_ids[OPEN - 1 - i];
    if (wrong) {
        char *listed = cJSON_PrintUnformatted(dups);
        fprintf(stderr, "case %ld lists %s\nexpected the ids %ld down to %ld\n", id,
                listed ? listed : "?", open_ids[OPEN - 1], open_ids[OPEN - DUP_LIMIT]);
        free(listed);
    }
    cJSON_Delete(dups);
    assert_false(wrong);
    /* plain SQL agrees: the open cases with the phone's hash, newest first */
    char want[512], got[512] = "";
    sql_value(want, sizeof(want),
              "SELECT string_agg(id::text, ',' ORDER BY id DESC) FROM (SELECT c.id FROM cases c "
              "WHERE c.id <> %ld AND c.status IN ('received', 'accepted', 'assigned', "
              "'in_mediation') AND EXISTS (SELECT 1 FROM parties p, parties q WHERE p.case_id = "
              "c.id AND q.case_id = %ld AND p.phone_hash = q.phone_hash) ORDER BY c.id DESC "
              "LIMIT %d) x",
              id, id, DUP_LIMIT);
    for (int i = 0; i < DUP_LIMIT; i++) {
        size_t used = strlen(got);
        snprintf(got + used, sizeof(got) - used, "%s%ld", i ? "," : "", open_ids[OPEN - 1 - i]);
    }
    assert_string_equal(want, got);
    /* every number of the year still taken once, without a gap */
    case_numbers_are_consecutive(WRITERS * ITERATIONS + extra_cases + OPEN + SHUT + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sixteen_writers_one_day_one_community),
        cmocka_unit_test(test_possible_duplicates_newest_twenty_open),
    };
    return cmocka_run_group_tests_name("integration_concurrent_writers", tests, setup, teardown);
}
