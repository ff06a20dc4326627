/* Reports over real HTTP (docs/design.md, Reports and their metrics; issue 5): every metric of the
 * summary and of every breakdown cross-checked against plain SQL over the cases, agreements and
 * centers tables on generated histories (reassignments, extensions, pauses, edits of dimensions,
 * follow-ups, dates spread over years); the center's time zone at a day boundary; CSV (BOM, CRLF,
 * headers in Chinese and English, RFC 4180 quoting); bad parameters; center visibility; frozen
 * snapshots; the overdue and mediators reports. Over 600 lines: the generated histories and their
 * plain-SQL cross-checks share one fixture. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "harness.h"
#include "report_check.h"

#define PASSWORD "correct horse battery"
#define CASES 150
#define COMMUNITIES 12
#define MEDIATORS 6
#define TZ "Asia/Shanghai"

static struct harness h;
static PGconn *pg;
static char supervisor[128], front_desk[128], city_admin[128], xc_admin[128], reporter[128];
static long communities[COMMUNITIES];
static long mediators[MEDIATORS];
static char today[16];     /* the center's date (Asia/Shanghai) when the tests start */
static char base_ts[64];   /* now() when the histories were generated: virtual times go back */
static int histories_made; /* the generated histories exist */

/* ---- small helpers ----------------------------------------------------------------------------
 */

static long req(const char *method, const char *path, const char *key, const char *body,
                const char *extra_header, struct http_result *out)
{
    char auth[200];
    const char *headers[] = {"Content-Type: application/json", key ? bearer(key, auth) : NULL,
                             extra_header, NULL};
    if (!key)
        headers[1] = extra_header, headers[2] = NULL;
    struct http_result r;
    assert_int_equal(0, http_call(&h, method, path, headers, body, body ? strlen(body) : 0, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

/* A GET that must answer 200 with JSON; the caller cleans up. */
static void get_ok(const char *path, const char *key, struct http_result *out)
{
    long status = req("GET", path, key, NULL, NULL, out);
    if (status != 200 || !out->json)
        fail_msg("GET %s: %ld %s", path, status, out->body ? out->body : "");
}

static long json_long(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

static const char *json_string(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double absd(double v)
{
    return v < 0 ? -v : v;
}

/* True when a 422 problem names field among its errors. */
static int names_field(const struct http_result *r, const char *field)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r->json, "errors"))
    {
        const char *f = json_string(e, "field");
        if (f && strcmp(f, field) == 0)
            return 1;
    }
    return 0;
}

static PGresult *sqlv(const char *fmt, va_list ap)
{
    static char sql[65536];
    vsnprintf(sql, sizeof(sql), fmt, ap);
    PGresult *r = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", PQerrorMessage(pg));
        PQclear(r);
        PQclear(PQexec(pg, "ROLLBACK"));
        fail_msg("SQL failed: %s\n%s", msg, sql);
    }
    return r;
}

static void sqlx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    PQclear(sqlv(fmt, ap));
    va_end(ap);
}

/* The first value of the first row, as text ("" for none or NULL). */
static void sql_text(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    PGresult *r = sqlv(fmt, ap);
    va_end(ap);
    snprintf(out, size, "%s", PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
}

/* today's date in the center's time zone plus days */
static void day_from_today(char out[16], int days)
{
    sql_text(out, 16, "SELECT (DATE '%s' + %d)::text", today, days);
}

/* Deterministic pseudo-random numbers (splitmix64), the same on every machine. */
static uint64_t rng_state = 0x2026113000c0ffeeULL;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static long long rnd_range(long long lo, long long hi)
{
    return lo + (long long)(rnd() % (uint64_t)(hi - lo + 1));
}

static int chance(int percent)
{
    return rnd_range(0, 99) < percent;
}

/* ---- fixtures ---------------------------------------------------------------------------------
 */

static long create_community(const char *key, const char *body)
{
    struct http_result r;
    long status = req("POST", "/api/v1/communities", key, body, NULL, &r);
    if (status != 201)
        fail_msg("community %s: %ld %s", body, status, r.body);
    long id = json_long(r.json, "id");
    http_result_cleanup(&r);
    return id;
}

static long create_mediator(int i)
{
    static const char *const channels[MEDIATORS] = {"people",   "administrative", "judicial",
                                                    "industry", "people",         "judicial"};
    static const char *const names[MEDIATORS] = {"王调解", "李调解", "赵法官",
                                                 "钱行业", "孙人民", "周司法"};
    char body[512], user[64] = "";
    struct http_result r;
    if (i % 2 == 0) {
        /* linked to a login of its own */
        snprintf(body, sizeof(body),
                 "{\"username\":\"rep.mediator%d\",\"display_name\":\"%s\",\"role\":\"mediator\","
                 "\"password\":\"" PASSWORD "\"}",
                 i, names[i]);
        assert_int_equal(201, req("POST", "/api/v1/users", h.admin_key, body, NULL, &r));
        snprintf(user, sizeof(user), ",\"user_id\":%ld", json_long(r.json, "id"));
        http_result_cleanup(&r);
    }
    snprintf(body, sizeof(body),
             "{\"name\":\"%s\",\"organization\":\"魏都区%s调解委员会\",\"channel\":\"%s\","
             "\"specialties\":[\"neighbor\",\"contract\"],\"max_open_cases\":1000%s}",
             names[i], channels[i], channels[i], user);
    long status = req("POST", "/api/v1/mediators", h.admin_key, body, NULL, &r);
    if (status != 201)
        fail_msg("mediator: %ld %s", status, r.body);
    long id = json_long(r.json, "id");
    http_result_cleanup(&r);
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (harness_create_db(&h, "reports") != 0)
        return -1;
    const char *migrate[] = {"migrate", NULL};
    const char *reporter_key[] = {"admin",    "create-key",   "--role",   "integration",
                                  "--name",   "dashboard",    "--center", "WD",
                                  "--scopes", "reports:read", NULL};
    if (harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0 ||
        harness_create_key(&h, "admin", NULL, city_admin) != 0 ||
        harness_run(&h, reporter, sizeof(reporter), reporter_key) != 0)
        return -1;
    if (harness_start_server(&h, NULL) != 0)
        return -1;
    pg = harness_pg(&h);
    if (!pg)
        return -1;
    PGresult *r = PQexec(pg, "SELECT (now() AT TIME ZONE '" TZ "')::date::text");
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        return -1;
    snprintf(today, sizeof(today), "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    /* a second center, for visibility */
    if (req("POST", "/api/v1/centers", city_admin, "{\"code\":\"XC\",\"name\":\"许昌\"}", NULL,
            NULL) != 201 ||
        harness_create_key(&h, "admin", "XC", xc_admin) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (pg)
        PQfinish(pg);
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* ---- case histories ---------------------------------------------------------------------------
 */

static const char *const dispute_types[] = {"neighbor",
                                            "marriage_family",
                                            "contract",
                                            "property_management",
                                            "labor",
                                            "damages",
                                            "housing_homestead",
                                            "consumer",
                                            "traffic",
                                            "medical",
                                            "production_business",
                                            "forest_land",
                                            "land_requisition",
                                            "environment",
                                            "other"};
static const char *const sources[] = {
    "party_application", "proactive", "police_referral", "court_referral", "government_referral",
    "grid_report",       "hotline",   "online",          "sweep_campaign"};
static const char *const risks[] = {"none", "yellow", "orange", "red"};

static const char *pick_dispute_type(void)
{
    /* most cases are of the common kinds, some of every kind */
    return chance(70) ? dispute_types[rnd_range(0, 4)] : dispute_types[rnd_range(0, 14)];
}

static const char *pick_risk(void)
{
    long long k = rnd_range(0, 99);
    return risks[k < 50 ? 0 : k < 75 ? 1 : k < 90 ? 2 : 3];
}

static long create_case(const char *key, const char *dispute, const char *source, long community,
                        const char *risk, const char *extra)
{
    char body[1024];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"%s\",\"source\":\"%s\",\"community_id\":%ld,"
             "\"summary\":\"报表测试纠纷\",\"claims\":\"赔偿损失\",\"risk_level\":\"%s\","
             "\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\",\"name\":\"申请人\"},"
             "{\"role\":\"respondent\",\"kind\":\"person\",\"name\":\"被申请人\"}]%s}",
             dispute, source, community, risk, extra ? extra : "");
    struct http_result r;
    long status = req("POST", "/api/v1/cases", key, body, NULL, &r);
    if (status != 201)
        fail_msg("intake: %ld %s", status, r.body);
    long id = json_long(r.json, "id");
    http_result_cleanup(&r);
    return id;
}

static void act(long id, const char *action, const char *body, long expected)
{
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/%s", id, action);
    struct http_result r;
    long status = req("POST", path, supervisor, body, NULL, &r);
    if (status != expected)
        fail_msg("POST %s %s: %ld (expected %ld) %s", path, body, status, expected, r.body);
    http_result_cleanup(&r);
}

static void patch_case(long id, const char *body)
{
    char path[64], etag[64], if_match[96];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
    struct http_result r;
    get_ok(path, supervisor, &r);
    http_header(&r, "ETag", etag, sizeof(etag));
    http_result_cleanup(&r);
    snprintf(if_match, sizeof(if_match), "If-Match: %s", etag);
    long status = req("PATCH", path, supervisor, body, if_match, &r);
    if (status != 200)
        fail_msg("PATCH %s %s: %ld %s", path, body, status, r.body);
    http_result_cleanup(&r);
}

/* An edit of the dimension fields of an open case. */
static void random_edit(long id)
{
    char body[256];
    switch (rnd_range(0, 3)) {
    case 0:
        snprintf(body, sizeof(body), "{\"dispute_type\":\"%s\"}", pick_dispute_type());
        break;
    case 1:
        snprintf(body, sizeof(body), "{\"risk_level\":\"%s\"}", pick_risk());
        break;
    case 2:
        snprintf(body, sizeof(body), "{\"community_id\":%ld}",
                 communities[rnd_range(0, COMMUNITIES - 1)]);
        break;
    default:
        snprintf(body, sizeof(body),
                 "{\"community_id\":%ld,\"risk_level\":\"%s\",\"dispute_type\":\"%s\"}",
                 communities[rnd_range(0, COMMUNITIES - 1)], pick_risk(), pick_dispute_type());
    }
    patch_case(id, body);
}

/* A timestamp `minutes` before the moment the histories started. */
static const char *at(char *out, size_t size, long long minutes)
{
    snprintf(out, size, "('%s'::timestamptz - make_interval(mins => %lld))", base_ts, minutes);
    return out;
}

/* Sets a timestamp column of a case to a virtual time (the rollup triggers re-attribute). */
static void set_time(long id, const char *columns, long long minutes)
{
    char t[128], sets[512] = "";
    size_t used = 0;
    for (const char *c = columns; *c;) {
        size_t len = strcspn(c, ",");
        used += (size_t)snprintf(sets + used, sizeof(sets) - used, "%s%.*s = %s", used ? ", " : "",
                                 (int)len, c, at(t, sizeof(t), minutes));
        c += len + (c[len] == ',');
    }
    sqlx("UPDATE cases SET %s WHERE id = %ld", sets, id);
}

/* A moment after `last` (minutes before base, smaller is later), within max_days, never later
 * than an hour before base. */
static long long later(long long last, int max_days)
{
    long long lo = last - (long long)max_days * 1440;
    if (lo < 60)
        lo = 60;
    if (lo > last)
        return last;
    return rnd_range(lo, last);
}

static long long random_fen(void)
{
    long long k = rnd_range(0, 99);
    if (k < 8)
        return 0;
    if (k < 55)
        return rnd_range(100, 5000000);
    if (k < 80)
        return rnd_range(5000000, 2147483647);
    return rnd_range(2147483648LL, 900000000000LL); /* beyond 2^31 fen */
}

static const char *const outcomes[] = {"resolved", "failed", "terminated", "withdrawn", "referred"};

/* Closes a case: through the API (closed now), or, as a backdated close, with plain SQL in one
 * transaction at a past moment after `last` (the only way to have a past close date: the guard
 * keeps closed_at of a closed case as it is). */
static void close_case(long id, const char *outcome, long long last)
{
    int escalation = chance(20), petition = chance(10);
    long long fen = strcmp(outcome, "resolved") == 0 ? random_fen() : -1;
    if (chance(55) && last > 120) {
        char t[128], agreement[512] = "";
        long long when = later(last, 90);
        if (fen >= 0)
            snprintf(agreement, sizeof(agreement),
                     "INSERT INTO agreements (case_id, amount_fen, form, signed_on, terms) "
                     "VALUES (%ld, %lld, 'written', DATE '2026-01-01', '双方达成协议');",
                     id, fen);
        sqlx("BEGIN; UPDATE cases SET status = 'closed', outcome = '%s', closed_at = %s, "
             "referred_to = %s, prevented_escalation = %s, prevented_mass_petition = %s, "
             "paused_at = NULL, version = version + 1 WHERE id = %ld; %s COMMIT",
             outcome, at(t, sizeof(t), when),
             strcmp(outcome, "referred") == 0 ? "'魏都区人民法院'" : "NULL",
             escalation ? "true" : "false", petition ? "true" : "false", id, agreement);
        return;
    }
    char body[512], extra[320] = "";
    if (fen >= 0)
        snprintf(extra, sizeof(extra),
                 ",\"agreement\":{\"amount\":\"%lld.%02lld\",\"form\":\"written\","
                 "\"signed_at\":\"2026-11-29\",\"terms\":\"双方达成协议\"}",
                 fen / 100, fen % 100);
    else if (strcmp(outcome, "referred") == 0)
        snprintf(extra, sizeof(extra), ",\"referred_to\":\"魏都区人民法院\"");
    else if (strcmp(outcome, "withdrawn") != 0)
        snprintf(extra, sizeof(extra), ",\"note\":\"双方分歧较大\"");
    snprintf(body, sizeof(body),
             "{\"outcome\":\"%s\",\"prevented_escalation\":%s,\"prevented_mass_petition\":%s%s}",
             outcome, escalation ? "true" : "false", petition ? "true" : "false", extra);
    act(id, "close", body, 200);
}

static void follow_up(long id, const char *outcome)
{
    if (strcmp(outcome, "resolved") == 0)
        act(id, "follow-up",
            "{\"return_visit_at\":\"2026-11-29T10:00:00+08:00\",\"performance\":\"fulfilled\","
            "\"judicial_confirmation\":true}",
            200);
    else
        act(id, "follow-up", "{\"return_visit_note\":\"电话回访，双方情绪稳定\"}", 200);
}

static void deadline_changes(long id)
{
    char body[256];
    if (chance(25)) {
        snprintf(body, sizeof(body),
                 "{\"action\":\"extend\",\"days\":%lld,\"reason\":\"双方同意延长\","
                 "\"applicant_consent\":true,\"respondent_consent\":true}",
                 rnd_range(1, 10));
        act(id, "deadline", body, 200);
    }
    if (chance(15)) {
        act(id, "deadline", "{\"action\":\"pause\",\"reason\":\"等待鉴定结果\"}", 200);
        if (chance(50))
            act(id, "deadline", "{\"action\":\"resume\",\"reason\":\"鉴定完成\"}", 200);
    }
}

/* One case through a random path of its lifecycle, with its dates spread into the past. */
static void random_history(void)
{
    long id = create_case(front_desk, pick_dispute_type(), sources[rnd_range(0, 8)],
                          communities[rnd_range(0, COMMUNITIES - 1)], pick_risk(), NULL);
    long long received = rnd_range(2 * 1440, 1650LL * 1440);
    set_time(id, "received_at", received);
    long long fate = rnd_range(0, 99);
    if (chance(15))
        random_edit(id);
    if (fate < 6)
        return; /* still waiting to be accepted */
    if (fate < 16) {
        if (chance(60)) {
            char t[128];
            sqlx("UPDATE cases SET status = 'declined', declined_at = %s, decline_reason = "
                 "'不属于受理范围', version = version + 1 WHERE id = %ld",
                 at(t, sizeof(t), later(received, 10)), id);
        } else {
            act(id, "decline",
                "{\"reason\":\"不属于受理范围\",\"referral_advice\":\"建议向劳动仲裁委员会申请\"}",
                200);
        }
        return;
    }
    if (fate < 21) {
        close_case(id, "withdrawn", received);
        if (chance(30))
            follow_up(id, "withdrawn");
        return;
    }
    act(id, "accept", "{}", 200);
    long long accepted = later(received, 12);
    set_time(id, "accepted_at", accepted);
    sqlx("UPDATE cases SET due_at = accepted_at + make_interval(days => %lld, mins => %lld) "
         "WHERE id = %ld",
         rnd_range(5, 90), rnd_range(0, 1439), id);
    deadline_changes(id);
    if (chance(25))
        random_edit(id);
    long long path = rnd_range(0, 99);
    if (path < 10)
        return; /* accepted, not yet assigned */
    if (path < 16) {
        const char *o = chance(50) ? "referred" : "withdrawn";
        close_case(id, o, accepted);
        if (chance(30))
            follow_up(id, o);
        return;
    }
    int m1 = (int)rnd_range(0, MEDIATORS - 1);
    char body[256];
    snprintf(body, sizeof(body), "{\"mediator_id\":%ld}", mediators[m1]);
    act(id, "assign", body, 200);
    long long assigned = later(accepted, 8);
    set_time(id, "first_assigned_at,assigned_at", assigned);
    if (chance(25)) {
        int m2 = (m1 + (int)rnd_range(1, MEDIATORS - 1)) % MEDIATORS;
        snprintf(body, sizeof(body), "{\"mediator_id\":%ld,\"reason\":\"原调解员回避\"}",
                 mediators[m2]);
        act(id, "assign", body, 200);
    }
    if (path < 24)
        return; /* assigned, no session yet */
    if (path < 30) {
        const char *o = chance(50) ? "referred" : "withdrawn";
        close_case(id, o, assigned);
        return;
    }
    int sessions = (int)rnd_range(1, 2);
    for (int s = 0; s < sessions; s++)
        act(id, "sessions",
            s == 0 ? "{\"held_at\":\"2026-06-01T09:00:00+08:00\",\"kind\":\"in_person\","
                     "\"participants\":\"双方当事人\",\"notes\":\"第一次调解\"}"
                   : "{\"held_at\":\"2026-06-08T15:30:00+08:00\",\"kind\":\"phone\","
                     "\"participants\":\"双方当事人\"}",
            201);
    if (chance(20))
        random_edit(id);
    if (path < 44)
        return; /* in mediation */
    long long k = rnd_range(0, 99);
    const char *o = outcomes[k < 50 ? 0 : k < 70 ? 1 : k < 85 ? 2 : k < 92 ? 3 : 4];
    close_case(id, o, assigned);
    if (chance(35))
        follow_up(id, o);
}

/* The communities, the mediators and CASES histories, made once. */
static void make_histories(void)
{
    if (histories_made)
        return;
    char body[256];
    for (int i = 0; i < COMMUNITIES; i++) {
        snprintf(body, sizeof(body), "{\"code\":\"c%02d\",\"name\":\"第%d社区\",\"street\":\"%s\"}",
                 i + 1, i + 1, i % 2 ? "丁庄街道" : "五一路街道");
        communities[i] = create_community(h.admin_key, body);
    }
    for (int i = 0; i < MEDIATORS; i++)
        mediators[i] = create_mediator(i);
    sql_text(base_ts, sizeof(base_ts), "SELECT now()::text");
    for (int i = 0; i < CASES; i++)
        random_history();
    /* Later corrections of dates, each re-attributed by the rollup triggers: received and
     * accepted moved earlier (order kept) on open and on closed cases (the closed-case guard
     * allows these columns), and new deadlines for open cases, some of them past. */
    sqlx("UPDATE cases SET received_at = received_at - make_interval(mins => (id * 7919 %% "
         "43200)::int), accepted_at = accepted_at - make_interval(mins => (id * 7919 %% "
         "43200)::int / 2) WHERE status NOT IN ('declined') AND id %% 3 = 0");
    sqlx("UPDATE cases SET due_at = accepted_at + make_interval(days => (id * 31 %% 120)::int + "
         "1) WHERE status IN ('accepted', 'assigned', 'in_mediation') AND id %% 2 = 0");
    histories_made = 1;
}

/* ---- the cross-check (report_check.c) ---------------------------------------------------------
 */

static void cross_check(const char *from, const char *to, const char *by,
                        const struct report_filter *f)
{
    const struct report_check check = {&h, pg, supervisor, "WD"};
    report_cross_check(&check, from, to, by, f);
}

static void test_reports_match_plain_sql_on_random_histories(void **state)
{
    (void)state;
    long started = harness_now_ms();
    make_histories();
    fprintf(stderr, "histories made in %ld ms\n", harness_now_ms() - started);
    char n[32];
    sql_text(n, sizeof(n),
             "SELECT count(*) FILTER (WHERE c.mediator_id IS DISTINCT FROM f.mediator_id) || '/' "
             "|| count(*) FROM cases c, LATERAL (SELECT (after->>'mediator_id')::bigint AS "
             "mediator_id FROM case_events e WHERE e.case_id = c.id AND e.action = 'assign' "
             "ORDER BY e.id LIMIT 1) f");
    fprintf(stderr, "reassigned/assigned cases: %s\n", n);
    sql_text(n, sizeof(n), "SELECT count(*) FROM agreements WHERE amount_fen > 2147483647");
    assert_true(atoi(n) >= 1); /* amounts beyond 2^31 fen are in the totals */
    char mix[512];
    sql_text(mix, sizeof(mix),
             "SELECT string_agg(s || '=' || k, ' ') FROM (SELECT coalesce(outcome::text, "
             "status::text) || CASE WHEN closed_at < '%s' THEN '(backdated)' ELSE '' END AS s, "
             "count(*) k FROM cases GROUP BY 1 ORDER BY 1) x",
             base_ts);
    fprintf(stderr, "cases: %s\n", mix);

    report_check_reset();
    /* the whole history, a past window (open and overdue at a past date), the last weeks with
     * today's closes, an old window, and one that ends in the future */
    char windows[5][2][16];
    const int spans[5][2] = {{-1790, 0}, {-900, -400}, {-45, 0}, {-1200, -1100}, {-20, 60}};
    for (int w = 0; w < 5; w++) {
        day_from_today(windows[w][0], spans[w][0]);
        day_from_today(windows[w][1], spans[w][1]);
    }
    const char *single[] = {"community", "mediator", "dispute_type", "channel",
                            "source",    "risk",     "month",        "week"};
    struct report_filter by_mediator = {.mediator_id = mediators[1]};
    struct report_filter two = {.community_id = communities[0], .risk_level = "none"};
    struct report_filter people = {.channel = "people"};
    struct report_filter neighbor = {.dispute_type = "neighbor"};
    struct report_filter hotline = {.source = "hotline"};
    struct report_filter three = {
        .mediator_id = mediators[0], .source = "party_application", .risk_level = "yellow"};
    for (int w = 0; w < 5; w++) {
        const char *from = windows[w][0], *to = windows[w][1];
        cross_check(from, to, NULL, NULL);
        for (size_t d = 0; d < sizeof(single) / sizeof(single[0]); d++)
            cross_check(from, to, single[d], NULL);
        cross_check(from, to, "community,month", NULL);
        /* two dimensions read the pair slices, in their order and the other way round */
        cross_check(from, to, "mediator,dispute_type", NULL);
        cross_check(from, to, "risk,community", NULL);
        cross_check(from, to, "source,channel", NULL);
        /* filters: one or two dimensions in all (the slices), three or more (the cube), with and
         * without breakdowns */
        cross_check(from, to, NULL, &by_mediator);
        cross_check(from, to, NULL, &neighbor);
        cross_check(from, to, NULL, &two);
        cross_check(from, to, NULL, &three);
        cross_check(from, to, "dispute_type", &people);
        cross_check(from, to, "source", &hotline);
        cross_check(from, to, "month", &by_mediator);
        cross_check(from, to, "risk,week", &neighbor);
        cross_check(from, to, "community", &by_mediator);
        cross_check(from, to, "channel,month", &by_mediator);
        cross_check(from, to, "source", &two);
        cross_check(from, to, "dispute_type,channel", &hotline);
    }
    fprintf(stderr, "cross-check done in %ld ms\n", harness_now_ms() - started);
    report_check_fail_on_mismatches();
}

/* ---- time zone --------------------------------------------------------------------------------
 */

static long summary_metric(const char *key, const char *query, const char *metric)
{
    char path[512];
    snprintf(path, sizeof(path), "/api/v1/reports/summary?%s", query);
    struct http_result r;
    get_ok(path, key, &r);
    long v = json_long(cJSON_GetObjectItemCaseSensitive(r.json, "metrics"), metric);
    http_result_cleanup(&r);
    return v;
}

static long month_row_received(const char *month)
{
    struct http_result r;
    get_ok("/api/v1/reports/breakdown?from=2026-01-01&to=2026-02-28&by=month", supervisor, &r);
    long v = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r.json, "rows"))
    {
        const char *m = json_string(row, "month");
        if (m && strcmp(m, month) == 0)
            v = json_long(cJSON_GetObjectItemCaseSensitive(row, "metrics"), "received");
    }
    http_result_cleanup(&r);
    return v;
}

static void test_received_at_1730z_on_january_31_counts_in_february(void **state)
{
    (void)state;
    if (!communities[0])
        communities[0] = create_community(
            h.admin_key, "{\"code\":\"tz\",\"name\":\"时区社区\",\"street\":\"丁庄街道\"}");
    const char *feb1 = "from=2026-02-01&to=2026-02-01", *jan31 = "from=2026-01-31&to=2026-01-31";
    long feb_before = summary_metric(supervisor, feb1, "received");
    long jan_before = summary_metric(supervisor, jan31, "received");
    long feb_month_before = month_row_received("2026-02");
    long jan_month_before = month_row_received("2026-01");
    long open_jan_before = summary_metric(supervisor, jan31, "open");
    long id = create_case(front_desk, "neighbor", "hotline", communities[0], "none", NULL);
    /* 17:30 UTC on January 31 is 01:30 on February 1 in Asia/Shanghai */
    sqlx("UPDATE cases SET received_at = '2026-01-31T17:30:00Z' WHERE id = %ld", id);
    long feb_after = summary_metric(supervisor, feb1, "received");
    assert_true(feb_after >= 1);
    assert_int_equal(feb_before + 1, feb_after);
    assert_int_equal(jan_before, summary_metric(supervisor, jan31, "received"));
    assert_int_equal(feb_month_before + 1, month_row_received("2026-02"));
    assert_int_equal(jan_month_before, month_row_received("2026-01"));
    /* open from February 1 on, not at the end of January 31 */
    assert_int_equal(open_jan_before, summary_metric(supervisor, jan31, "open"));
    char n[16];
    sql_text(n, sizeof(n),
             "SELECT count(*) FROM cases WHERE (received_at AT TIME ZONE '" TZ
             "')::date = DATE '2026-02-01'");
    assert_int_equal(atol(n), feb_after);
}

/* ---- CSV --------------------------------------------------------------------------------------
 */

#define CSV_MAX_ROWS 256
#define CSV_MAX_COLS 48

struct csv {
    int rows;
    int cols[CSV_MAX_ROWS];
    char *cell[CSV_MAX_ROWS][CSV_MAX_COLS];
};

static void csv_free(struct csv *c)
{
    for (int r = 0; r < c->rows; r++)
        for (int k = 0; k < c->cols[r]; k++)
            free(c->cell[r][k]);
    free(c);
}

/* Parses RFC 4180 text (after the BOM) in which every record ends with CRLF; NULL (and why in
 * err) when it is not such text. */
static struct csv *csv_parse(const char *text, size_t len, char *err, size_t err_size)
{
    struct csv *c = calloc(1, sizeof(*c));
    char *field = malloc(len + 1);
    assert_non_null(c);
    assert_non_null(field);
    size_t i = 0;
    int col = 0;
    while (i < len) {
        size_t fl = 0;
        if (text[i] == '"') {
            i++;
            for (;;) {
                if (i >= len) {
                    snprintf(err, err_size, "unterminated quoted field in record %d", c->rows);
                    goto bad;
                }
                if (text[i] == '"') {
                    if (i + 1 < len && text[i + 1] == '"') {
                        field[fl++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                field[fl++] = text[i++];
            }
        } else {
            while (i < len && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                if (text[i] == '"') {
                    snprintf(err, err_size, "a quote inside an unquoted field in record %d",
                             c->rows);
                    goto bad;
                }
                field[fl++] = text[i++];
            }
        }
        field[fl] = '\0';
        if (c->rows >= CSV_MAX_ROWS || col >= CSV_MAX_COLS) {
            snprintf(err, err_size, "more than %d records or %d fields", CSV_MAX_ROWS,
                     CSV_MAX_COLS);
            goto bad;
        }
        c->cell[c->rows][col] = strdup(field);
        c->cols[c->rows] = ++col;
        if (i >= len) {
            snprintf(err, err_size, "the last record does not end with CRLF");
            goto bad;
        }
        if (text[i] == ',') {
            i++;
            continue;
        }
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') {
            i += 2;
            c->rows++;
            col = 0;
            continue;
        }
        snprintf(err, err_size, "a record of line %d ends with a bare CR or LF", c->rows + 1);
        goto bad;
    }
    free(field);
    return c;
bad:
    if (col > 0)
        c->rows++;
    free(field);
    csv_free(c);
    return NULL;
}

/* Checks the shape every CSV report has and parses it. */
static struct csv *csv_response(const struct http_result *r, const char *what)
{
    char type[128], err[256] = "";
    if (r->status != 200)
        fail_msg("%s: %ld %s", what, r->status, r->body);
    http_header(r, "Content-Type", type, sizeof(type));
    if (strncmp(type, "text/csv", 8) != 0)
        fail_msg("%s: Content-Type %s", what, type);
    if (r->body_len < 3 || memcmp(r->body, "\xEF\xBB\xBF", 3) != 0)
        fail_msg("%s: no UTF-8 byte-order mark", what);
    struct csv *c = csv_parse(r->body + 3, r->body_len - 3, err, sizeof(err));
    if (!c)
        fail_msg("%s: not RFC 4180 with CRLF lines: %s", what, err);
    for (int i = 1; i < c->rows; i++)
        if (c->cols[i] != c->cols[0])
            fail_msg("%s: record %d has %d fields, the header %d", what, i, c->cols[i], c->cols[0]);
    return c;
}

static int csv_column(const struct csv *c, const char *header)
{
    for (int k = 0; k < c->cols[0]; k++)
        if (strcmp(c->cell[0][k], header) == 0)
            return k;
    return -1;
}

static void test_csv_bom_crlf_headers_and_quoting(void **state)
{
    (void)state;
    char from[16], path[256];
    day_from_today(from, -1);
    /* a community whose name holds a comma, quotes and a newline */
    const char *raw_name = "东湖, \"一号\"\n小区";
    long community = create_community(
        h.admin_key,
        "{\"code\":\"csvq\",\"name\":\"东湖, \\\"一号\\\"\\n小区\",\"street\":\"丁庄街道\"}");
    create_case(front_desk, "neighbor", "online", community, "yellow", NULL);

    /* the summary, as format=csv and as Accept: text/csv, agrees with the JSON */
    snprintf(path, sizeof(path), "/api/v1/reports/summary?from=%s&to=%s", from, today);
    struct http_result json;
    get_ok(path, supervisor, &json);
    const cJSON *metrics = cJSON_GetObjectItemCaseSensitive(json.json, "metrics");
    for (int variant = 0; variant < 2; variant++) {
        struct http_result r;
        char csv_path[300];
        snprintf(csv_path, sizeof(csv_path), "%s%s", path, variant ? "" : "&format=csv");
        req("GET", csv_path, supervisor, NULL, variant ? "Accept: text/csv" : NULL, &r);
        struct csv *c = csv_response(&r, variant ? "summary, Accept: text/csv" : "summary csv");
        assert_int_equal(2, c->rows);
        const char *headers[] = {"from 起始日期",
                                 "to 截止日期",
                                 "center 中心",
                                 "received 收案",
                                 "success_rate 调解成功率",
                                 "agreement_amount_total 协议金额(元)",
                                 "median_days_to_close 办结天数中位数"};
        for (size_t k = 0; k < sizeof(headers) / sizeof(headers[0]); k++)
            if (csv_column(c, headers[k]) < 0)
                fail_msg("summary csv: no header \"%s\"", headers[k]);
        assert_string_equal("WD", c->cell[1][csv_column(c, "center 中心")]);
        /* every metric column holds the JSON figure */
        for (int k = 3; k < c->cols[0]; k++) {
            char name[96];
            snprintf(name, sizeof(name), "%s", c->cell[0][k]);
            name[strcspn(name, " ")] = '\0';
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(metrics, name);
            const char *cell = c->cell[1][k];
            if (cJSON_IsNull(v))
                assert_string_equal("", cell);
            else if (cJSON_IsString(v))
                assert_string_equal(v->valuestring, cell);
            else if (!cJSON_IsNumber(v) || *cell == '\0' ||
                     absd(strtod(cell, NULL) - v->valuedouble) > 1e-4)
                fail_msg("summary csv: %s is \"%s\", JSON %g", name, cell,
                         cJSON_IsNumber(v) ? v->valuedouble : -1.0);
        }
        csv_free(c);
        http_result_cleanup(&r);
    }
    http_result_cleanup(&json);

    /* the breakdown by community quotes the name as RFC 4180 says */
    snprintf(path, sizeof(path), "/api/v1/reports/breakdown?from=%s&to=%s&by=community&format=csv",
             from, today);
    struct http_result r;
    req("GET", path, supervisor, NULL, NULL, &r);
    struct csv *c = csv_response(&r, "breakdown by community csv");
    const char *quoted = ",\"东湖, \"\"一号\"\"\n小区\",";
    int raw_found = 0;
    for (size_t i = 0; !raw_found && i + strlen(quoted) <= r.body_len; i++)
        raw_found = memcmp(r.body + i, quoted, strlen(quoted)) == 0;
    if (!raw_found)
        fail_msg("breakdown csv: the community name is not quoted as RFC 4180 says:\n%s", r.body);
    int id_col = csv_column(c, "community_id 社区");
    int name_col = id_col + 1;
    assert_true(id_col >= 0);
    assert_true(csv_column(c, "success_rate 调解成功率") > name_col);
    int found = 0;
    char id_text[32];
    snprintf(id_text, sizeof(id_text), "%ld", community);
    for (int i = 1; i < c->rows; i++)
        if (strcmp(c->cell[i][id_col], id_text) == 0) {
            assert_string_equal(raw_name, c->cell[i][name_col]);
            assert_string_equal("1", c->cell[i][csv_column(c, "received 收案")]);
            found = 1;
        }
    assert_true(found);
    assert_string_equal("合计 total", c->cell[c->rows - 1][id_col]);
    csv_free(c);
    http_result_cleanup(&r);

    /* the overdue and mediators reports come as CSV too */
    req("GET", "/api/v1/reports/overdue?format=csv", supervisor, NULL, NULL, &r);
    c = csv_response(&r, "overdue csv");
    assert_true(csv_column(c, "days_over 超期天数") >= 0);
    csv_free(c);
    http_result_cleanup(&r);
    snprintf(path, sizeof(path), "/api/v1/reports/mediators?from=%s&to=%s", from, today);
    req("GET", path, supervisor, NULL, "Accept: text/csv", &r);
    c = csv_response(&r, "mediators csv");
    assert_true(csv_column(c, "success_rate 调解成功率") >= 0);
    csv_free(c);
    http_result_cleanup(&r);
}

/* ---- bad parameters and centers ---------------------------------------------------------------
 */

static void expect_422(const char *key, const char *path, const char *field)
{
    struct http_result r;
    long status = req("GET", path, key, NULL, NULL, &r);
    if (status != 422 || !names_field(&r, field))
        fail_msg("GET %s: expected 422 naming %s, got %ld %s", path, field, status, r.body);
    http_result_cleanup(&r);
}

static void test_bad_parameters_are_422_naming_them(void **state)
{
    (void)state;
    const char *S = "/api/v1/reports/summary?", *B = "/api/v1/reports/breakdown?";
    char path[256];
    struct {
        const char *base, *query, *field;
    } cases[] = {
        {B, "from=2026-01-01&to=2026-01-31&by=planet", "by"},
        {B, "from=2026-01-01&to=2026-01-31&by=community,planet", "by"},
        {B, "from=2026-01-01&to=2026-01-31&by=community,mediator,source", "by"},
        {B, "from=2026-01-01&to=2026-01-31&by=month,week", "by"},
        {B, "from=2026-01-01&to=2026-01-31&by=community,community", "by"},
        {B, "from=2026-01-01&to=2026-01-31", "by"},
        {S, "from=2026-01-01&to=2026-01-31&colour=red", "colour"},
        {B, "from=2026-01-01&to=2026-01-31&by=source&colour=red", "colour"},
        {S, "from=2026-02-01&to=2026-01-31", "from"},
        {S, "from=2026-13-01&to=2026-12-31", "from"},
        {S, "from=2026-01-01&to=2026-02-30", "to"},
        {S, "from=20260101&to=2026-01-31", "from"},
        {S, "from=2026-1-1&to=2026-01-31", "from"},
        {S, "to=2026-01-31", "from"},
        {S, "from=2026-01-01", "to"},
        {S, "from=2026-01-01&to=2026-01-31&risk_level=purple", "risk_level"},
        {S, "from=2026-01-01&to=2026-01-31&mediator_id=abc", "mediator_id"},
        {S, "from=2026-01-01&to=2026-01-31&format=xml", "format"},
        {S, "from=2026-01-01&to=2026-01-31&by=community", "by"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(path, sizeof(path), "%s%s", cases[i].base, cases[i].query);
        expect_422(supervisor, path, cases[i].field);
    }
    /* the longest range allowed is REPORT_MAX_DAYS (1830) days, both ends included */
    char last_ok[16], too_far[16];
    sql_text(last_ok, sizeof(last_ok), "SELECT (DATE '2020-01-01' + 1829)::text");
    sql_text(too_far, sizeof(too_far), "SELECT (DATE '2020-01-01' + 1830)::text");
    snprintf(path, sizeof(path), "%sfrom=2020-01-01&to=%s", S, last_ok);
    assert_int_equal(200, req("GET", path, supervisor, NULL, NULL, NULL));
    snprintf(path, sizeof(path), "%sfrom=2020-01-01&to=%s", S, too_far);
    struct http_result r;
    assert_int_equal(422, req("GET", path, supervisor, NULL, NULL, &r));
    if (!names_field(&r, "to") && !names_field(&r, "from"))
        fail_msg("a range of 1831 days: the 422 names neither from nor to: %s", r.body);
    http_result_cleanup(&r);
    /* who may read reports */
    assert_int_equal(403, req("GET", "/api/v1/reports/summary?from=2026-01-01&to=2026-01-31",
                              front_desk, NULL, NULL, NULL));
    assert_int_equal(200, req("GET", "/api/v1/reports/summary?from=2026-01-01&to=2026-01-31",
                              reporter, NULL, NULL, NULL));
    assert_int_equal(401, req("GET", "/api/v1/reports/summary?from=2026-01-01&to=2026-01-31", NULL,
                              NULL, NULL, NULL));
}

static void test_callers_see_only_their_centers(void **state)
{
    (void)state;
    /* a case in the other center */
    long xc_community = create_community(
        city_admin, "{\"center\":\"XC\",\"code\":\"xc1\",\"name\":\"许昌社区\",\"street\":\"x\"}");
    create_case(city_admin, "contract", "online", xc_community, "none", ",\"center\":\"XC\"");
    char from[16], q[128], path[256];
    day_from_today(from, -3);
    snprintf(q, sizeof(q), "from=%s&to=%s", from, today);
    /* a center-bound caller: its own center, or a 422 on center */
    snprintf(path, sizeof(path), "/api/v1/reports/summary?%s&center=XC", q);
    expect_422(supervisor, path, "center");
    snprintf(path, sizeof(path), "/api/v1/reports/breakdown?%s&by=source&center=XC", q);
    expect_422(supervisor, path, "center");
    snprintf(path, sizeof(path), "/api/v1/reports/summary?%s&center=WD", q);
    struct http_result r;
    get_ok(path, supervisor, &r);
    assert_string_equal("WD", json_string(r.json, "center"));
    http_result_cleanup(&r);
    snprintf(path, sizeof(path), "%s&center=WD", q);
    long wd = summary_metric(supervisor, q, "received");
    assert_int_equal(wd, summary_metric(supervisor, path, "received"));
    long xc = summary_metric(xc_admin, q, "received");
    assert_true(xc >= 1);
    /* a city-level caller: every center unless it names one */
    get_ok("/api/v1/reports/summary?from=2026-01-01&to=2026-01-31", city_admin, &r);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r.json, "center")));
    http_result_cleanup(&r);
    assert_int_equal(wd + xc, summary_metric(city_admin, q, "received"));
    snprintf(path, sizeof(path), "%s&center=XC", q);
    assert_int_equal(xc, summary_metric(city_admin, path, "received"));
    snprintf(path, sizeof(path), "%s&center=WD", q);
    assert_int_equal(wd, summary_metric(city_admin, path, "received"));
    snprintf(path, sizeof(path), "/api/v1/reports/summary?%s&center=NOPE", q);
    expect_422(city_admin, path, "center");
}

/* A breakdown by a dimension and week over the longest range allowed: many rows, each named. */
static void test_long_breakdowns_name_every_row(void **state)
{
    (void)state;
    make_histories();
    char from[16], path[256];
    day_from_today(from, -1829);
    const char *bys[] = {"community,week", "mediator,week", "community,month"};
    int failures = 0;
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "/api/v1/reports/breakdown?from=%s&to=%s&by=%s", from, today,
                 bys[i]);
        struct http_result r;
        long status = req("GET", path, supervisor, NULL, NULL, &r);
        if (status != 200) {
            fprintf(stderr, "GET %s: %ld %.300s\n", path, status, r.body);
            failures++;
            http_result_cleanup(&r);
            continue;
        }
        const char *name_key = bys[i][0] == 'c' ? "community_name" : "mediator_name";
        const char *id_key = bys[i][0] == 'c' ? "community_id" : "mediator_id";
        const cJSON *row;
        int rows = 0;
        cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r.json, "rows"))
        {
            rows++;
            if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(row, id_key)))
                continue; /* unassigned */
            if (!json_string(row, name_key)) {
                fprintf(stderr, "GET %s: row %d (%s %ld) has no %s\n", path, rows, id_key,
                        json_long(row, id_key), name_key);
                failures++;
            }
        }
        if (rows == 0) {
            fprintf(stderr, "GET %s: no rows\n", path);
            failures++;
        }
        http_result_cleanup(&r);
    }
    if (failures)
        fail_msg("%d failures in long breakdowns (see above)", failures);
}

/* ---- snapshots --------------------------------------------------------------------------------
 */

static void test_snapshots_keep_figures_exactly(void **state)
{
    (void)state;
    if (!communities[1])
        communities[1] = create_community(
            h.admin_key, "{\"code\":\"snap\",\"name\":\"快照社区\",\"street\":\"丁庄街道\"}");
    char from[16], body[512], path[256], summary_path[256], breakdown_path[256];
    day_from_today(from, -30);
    long to_close = create_case(front_desk, "neighbor", "hotline", communities[1], "none", NULL);
    long to_edit = create_case(front_desk, "neighbor", "hotline", communities[1], "none", NULL);
    snprintf(summary_path, sizeof(summary_path), "/api/v1/reports/summary?from=%s&to=%s", from,
             today);
    snprintf(breakdown_path, sizeof(breakdown_path),
             "/api/v1/reports/breakdown?from=%s&to=%s&by=dispute_type", from, today);

    /* freeze a summary and a breakdown */
    struct http_result live, made, got;
    get_ok(summary_path, supervisor, &live);
    snprintf(body, sizeof(body),
             "{\"report\":\"summary\",\"params\":{\"from\":\"%s\",\"to\":\"%s\"}}", from, today);
    assert_int_equal(201, req("POST", "/api/v1/reports/snapshots", supervisor, body, NULL, &made));
    const char *number = json_string(made.json, "number");
    assert_non_null(number);
    assert_true(strncmp(number, "WD-R-", 5) == 0);
    char location[128], want_location[128];
    snprintf(want_location, sizeof(want_location), "/api/v1/reports/snapshots/%s", number);
    assert_string_equal(want_location, http_header(&made, "Location", location, sizeof(location)));
    assert_true(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(made.json, "result"), live.json, 1));
    snprintf(path, sizeof(path), "/api/v1/reports/snapshots/%s", number);
    get_ok(path, supervisor, &got);
    assert_true(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(got.json, "result"),
                              cJSON_GetObjectItemCaseSensitive(made.json, "result"), 1));
    assert_string_equal("summary", json_string(got.json, "report"));
    assert_non_null(json_string(got.json, "created_at"));
    assert_non_null(json_string(got.json, "created_by"));
    char *frozen_body = strdup(got.body);
    http_result_cleanup(&got);

    struct http_result live_b, made_b;
    get_ok(breakdown_path, supervisor, &live_b);
    snprintf(body, sizeof(body),
             "{\"report\":\"breakdown\",\"params\":{\"from\":\"%s\",\"to\":\"%s\","
             "\"by\":\"dispute_type\"}}",
             from, today);
    assert_int_equal(201,
                     req("POST", "/api/v1/reports/snapshots", supervisor, body, NULL, &made_b));
    const char *number_b = json_string(made_b.json, "number");
    assert_non_null(number_b);
    assert_true(strcmp(number, number_b) != 0);
    assert_true(
        cJSON_Compare(cJSON_GetObjectItemCaseSensitive(made_b.json, "result"), live_b.json, 1));
    char path_b[256];
    snprintf(path_b, sizeof(path_b), "/api/v1/reports/snapshots/%s", number_b);
    get_ok(path_b, supervisor, &got);
    char *frozen_body_b = strdup(got.body);
    http_result_cleanup(&got);

    /* the cases change: one closed, one edited */
    act(to_close, "close", "{\"outcome\":\"withdrawn\"}", 200);
    patch_case(to_edit, "{\"dispute_type\":\"labor\"}");
    struct http_result now;
    get_ok(summary_path, supervisor, &now);
    const cJSON *before_m = cJSON_GetObjectItemCaseSensitive(live.json, "metrics");
    const cJSON *after_m = cJSON_GetObjectItemCaseSensitive(now.json, "metrics");
    assert_int_equal(json_long(before_m, "withdrawn") + 1, json_long(after_m, "withdrawn"));
    assert_int_equal(json_long(before_m, "open") - 1, json_long(after_m, "open"));
    http_result_cleanup(&now);
    get_ok(breakdown_path, supervisor, &now);
    assert_false(cJSON_Compare(now.json, live_b.json, 1));
    http_result_cleanup(&now);

    /* the snapshots still show the figures as they were, exactly */
    get_ok(path, supervisor, &got);
    assert_string_equal(frozen_body, got.body);
    assert_true(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(got.json, "result"), live.json, 1));
    http_result_cleanup(&got);
    get_ok(path_b, supervisor, &got);
    assert_string_equal(frozen_body_b, got.body);
    assert_true(
        cJSON_Compare(cJSON_GetObjectItemCaseSensitive(got.json, "result"), live_b.json, 1));
    http_result_cleanup(&got);
    /* as CSV too */
    snprintf(path_b, sizeof(path_b), "/api/v1/reports/snapshots/%s?format=csv", number_b);
    req("GET", path_b, supervisor, NULL, NULL, &got);
    struct csv *c = csv_response(&got, "snapshot csv");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(live_b.json, "rows")) + 2,
                     c->rows);
    csv_free(c);
    http_result_cleanup(&got);

    /* listed, invisible to another center, refused with bad parameters */
    get_ok("/api/v1/reports/snapshots", supervisor, &got);
    assert_non_null(strstr(got.body, number));
    http_result_cleanup(&got);
    assert_int_equal(404, req("GET", path, xc_admin, NULL, NULL, NULL));
    assert_int_equal(200, req("GET", path, city_admin, NULL, NULL, NULL));
    struct http_result bad;
    snprintf(body, sizeof(body),
             "{\"report\":\"breakdown\",\"params\":{\"from\":\"%s\",\"to\":\"%s\","
             "\"by\":\"planet\"}}",
             from, today);
    assert_int_equal(422, req("POST", "/api/v1/reports/snapshots", supervisor, body, NULL, &bad));
    assert_true(names_field(&bad, "params.by"));
    http_result_cleanup(&bad);
    assert_int_equal(422, req("POST", "/api/v1/reports/snapshots", supervisor,
                              "{\"report\":\"pie\",\"params\":{}}", NULL, &bad));
    assert_true(names_field(&bad, "report"));
    http_result_cleanup(&bad);

    /* append-only in the database */
    char msg[512], sql[256];
    snprintf(sql, sizeof(sql),
             "UPDATE report_snapshots SET result = '{}'::jsonb WHERE number = '%s'", number);
    assert_int_equal(-1, harness_sql(&h, sql, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "append-only"));
    snprintf(sql, sizeof(sql), "DELETE FROM report_snapshots WHERE number = '%s'", number);
    assert_int_equal(-1, harness_sql(&h, sql, msg, sizeof(msg)));
    get_ok(path, supervisor, &got);
    assert_string_equal(frozen_body, got.body);
    http_result_cleanup(&got);

    free(frozen_body);
    free(frozen_body_b);
    http_result_cleanup(&live);
    http_result_cleanup(&made);
    http_result_cleanup(&live_b);
    http_result_cleanup(&made_b);
}

/* ---- overdue and mediators --------------------------------------------------------------------
 */

static void test_overdue_and_mediators_reports(void **state)
{
    (void)state;
    make_histories();
    long overdue = create_case(front_desk, "neighbor", "hotline", communities[2], "red", NULL);
    act(overdue, "accept", "{}", 200);
    sqlx("UPDATE cases SET due_at = now() - interval '3 days 2 hours' WHERE id = %ld", overdue);
    long closed = create_case(front_desk, "neighbor", "hotline", communities[2], "red", NULL);
    act(closed, "accept", "{}", 200);
    sqlx("UPDATE cases SET due_at = now() - interval '5 days' WHERE id = %ld", closed);
    act(closed, "close", "{\"outcome\":\"withdrawn\"}", 200);

    /* every page of the overdue report */
    char path[512], cursor[256] = "";
    int found_overdue = 0, found_closed = 0, items = 0, pages = 0;
    for (;;) {
        snprintf(path, sizeof(path), "/api/v1/reports/overdue?limit=20%s%s",
                 *cursor ? "&cursor=" : "", cursor);
        struct http_result r;
        get_ok(path, supervisor, &r);
        pages++;
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r.json, "items"))
        {
            items++;
            const char *status = json_string(it, "status");
            assert_non_null(status);
            if (strcmp(status, "accepted") && strcmp(status, "assigned") &&
                strcmp(status, "in_mediation"))
                fail_msg("overdue report lists a case that is %s", status);
            long id = json_long(it, "case_id");
            if (id == overdue) {
                found_overdue++;
                assert_true(json_long(it, "days_over") >= 3);
                assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "overdue")));
                assert_string_equal("red", json_string(it, "risk_level"));
            }
            found_closed += id == closed;
        }
        const char *next = json_string(r.json, "next_cursor");
        snprintf(cursor, sizeof(cursor), "%s", next ? next : "");
        http_result_cleanup(&r);
        if (!*cursor || pages > 200)
            break;
    }
    assert_int_equal(1, found_overdue);
    assert_int_equal(0, found_closed);
    char n[32];
    sql_text(n, sizeof(n),
             "SELECT count(*) FROM cases c JOIN centers ce ON ce.id = c.center_id WHERE ce.code "
             "= 'WD' AND status IN ('accepted', 'assigned', 'in_mediation') AND paused_at IS "
             "NULL AND due_at < now() + interval '3 days'");
    assert_int_equal(atoi(n), items);

    /* the mediators report agrees with the summary filtered by each mediator */
    char from[16], q[128];
    day_from_today(from, -1790);
    snprintf(q, sizeof(q), "from=%s&to=%s", from, today);
    snprintf(path, sizeof(path), "/api/v1/reports/mediators?%s", q);
    struct http_result r;
    get_ok(path, supervisor, &r);
    int listed = 0, with_resolved = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r.json, "items"))
    {
        long id = json_long(it, "mediator_id");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, "metrics");
        char fq[256];
        snprintf(fq, sizeof(fq), "%s&mediator_id=%ld", q, id);
        snprintf(path, sizeof(path), "/api/v1/reports/summary?%s", fq);
        struct http_result s;
        get_ok(path, supervisor, &s);
        const cJSON *sm = cJSON_GetObjectItemCaseSensitive(s.json, "metrics");
        const char *same[] = {"resolved", "closed", "accepted", "assigned", "open"};
        for (size_t k = 0; k < sizeof(same) / sizeof(same[0]); k++)
            if (json_long(m, same[k]) != json_long(sm, same[k]))
                fail_msg("mediator %ld: %s %ld in the mediators report, %ld in the summary", id,
                         same[k], json_long(m, same[k]), json_long(sm, same[k]));
        assert_int_equal(json_long(sm, "open"), json_long(it, "open_cases"));
        char want[32];
        sql_text(want, sizeof(want),
                 "SELECT count(*) FROM cases WHERE mediator_id = %ld AND outcome = 'resolved' "
                 "AND (closed_at AT TIME ZONE '" TZ "')::date BETWEEN DATE '%s' AND DATE '%s'",
                 id, from, today);
        assert_int_equal(atol(want), json_long(m, "resolved"));
        with_resolved += json_long(m, "resolved") > 0;
        listed++;
        http_result_cleanup(&s);
    }
    assert_int_equal(MEDIATORS, listed);
    assert_true(with_resolved >= 1);
    http_result_cleanup(&r);
}

/* Reports that read the daily cube cell by cell are bounded (REPORT_CUBE_CELLS_MAX): past the
 * bound, three dimensions and a mediator pair over partial months answer 422 saying why, while the
 * same pair over whole months (month slices, no cell read) and two dimensions still answer. The
 * server runs again with a bound of 5 cells, far below what the earlier tests registered. */
static void test_cube_reports_past_their_bound_are_422(void **state)
{
    (void)state;
    assert_int_equal(0, harness_stop_server(&h, SIGTERM));
    const char *env[] = {"REPORT_CUBE_CELLS_MAX=5", NULL};
    assert_int_equal(0, harness_start_server(&h, env));
    char month_start[16], last_month_end[16], two_months_ago[16], partial_from[16];
    sql_text(month_start, sizeof(month_start), "SELECT date_trunc('month', DATE '%s')::date",
             today);
    sql_text(last_month_end, sizeof(last_month_end), "SELECT DATE '%s' - 1", month_start);
    sql_text(two_months_ago, sizeof(two_months_ago),
             "SELECT (DATE '%s' - interval '2 months')::date", month_start);
    sql_text(partial_from, sizeof(partial_from), "SELECT DATE '%s' + 1", two_months_ago);
    struct {
        const char *query, *expect_in_detail;
        long status;
    } cases[] = {
        {"by=community,dispute_type&risk_level=red&from=%s&to=%s", "three or more dimensions", 422},
        {"by=mediator,dispute_type&from=%s&to=%s", "whole months", 422},
        {"by=mediator,dispute_type&from=%s&to=%s", NULL, 200},
        {"by=community,dispute_type&from=%s&to=%s", NULL, 200},
    };
    char path[256], query[160];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (i == 1) /* from the 2nd: a partial month */
            snprintf(query, sizeof(query), cases[i].query, partial_from, today);
        else if (i == 2) /* two whole months */
            snprintf(query, sizeof(query), cases[i].query, two_months_ago, last_month_end);
        else
            snprintf(query, sizeof(query), cases[i].query, two_months_ago, today);
        snprintf(path, sizeof(path), "/api/v1/reports/breakdown?%s", query);
        struct http_result r;
        long status = req("GET", path, supervisor, NULL, NULL, &r);
        if (status != cases[i].status)
            fail_msg("GET %s: %ld (expected %ld) %s", path, status, cases[i].status, r.body);
        if (cases[i].expect_in_detail) {
            const char *detail = json_string(r.json, "detail");
            if (!detail || !strstr(detail, cases[i].expect_in_detail))
                fail_msg("GET %s: detail %s lacks \"%s\"", path, detail ? detail : "(none)",
                         cases[i].expect_in_detail);
        }
        http_result_cleanup(&r);
    }
    /* the snapshot of a report past the bound is refused the same way */
    char body[256];
    snprintf(body, sizeof(body),
             "{\"report\":\"breakdown\",\"params\":{\"by\":\"community,dispute_type\","
             "\"risk_level\":\"red\",\"from\":\"%s\",\"to\":\"%s\"}}",
             two_months_ago, today);
    struct http_result r;
    long status = req("POST", "/api/v1/reports/snapshots", supervisor, body, NULL, &r);
    if (status != 422)
        fail_msg("snapshot past the bound: %ld %s", status, r.body);
    http_result_cleanup(&r);
    assert_int_equal(0, harness_stop_server(&h, SIGTERM));
    assert_int_equal(0, harness_start_server(&h, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reports_match_plain_sql_on_random_histories),
        cmocka_unit_test(test_received_at_1730z_on_january_31_counts_in_february),
        cmocka_unit_test(test_csv_bom_crlf_headers_and_quoting),
        cmocka_unit_test(test_bad_parameters_are_422_naming_them),
        cmocka_unit_test(test_callers_see_only_their_centers),
        cmocka_unit_test(test_long_breakdowns_name_every_row),
        cmocka_unit_test(test_snapshots_keep_figures_exactly),
        cmocka_unit_test(test_overdue_and_mediators_reports),
        cmocka_unit_test(test_cube_reports_past_their_bound_are_422),
    };
    return cmocka_run_group_tests_name("integration_reports", tests, setup, teardown);
}
