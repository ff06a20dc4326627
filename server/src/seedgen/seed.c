/* The data generator: reads what a seed depends on (the center, its communities, mediators and
 * deadline policies, its local midnights), orders the new cases by the instant they were
 * received, takes their ids and case numbers, then streams cases, parties, sessions, deadline
 * extensions and agreements into their tables with binary COPY (copy.h) as seed_gen.c
 * generates them, and times each step. See seed.h for the rules it keeps and
 * migrations/0007_fast_seed.sql for the bulk-load insert guard, index and foreign-key handling.
 * Over 600 lines because its steps share the world it read and run in one order in one
 * transaction; each COPY pass (cases, parties, sessions, extensions, agreements) is a function. */
#include "seed.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seed_db.h"
#include "copy.h"
#include "dates.h"
#include "log.h"
#include "rollup_bulk.h"
#include "rows.h"
#include "seed_gen.h"
#include "seed_search.h"

/* Mediators a center gets: 48 (six of each of the eight organization slots, so all four
 * channels), plus one per 2,500 cases up to about the 1,500 of a real district. */
#define SEED_MEDIATORS_BASE 48
#define SEED_MEDIATORS_MAX 1500
#define SEED_CASES_PER_MEDIATOR 2500

/* Days from 1970-01-01 to 2000-01-01, where PostgreSQL's binary dates count from. */

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void record_seconds(struct seed_result *out, const char *name, long rows, double seconds)
{
    if (out->step_count < SEED_STEPS_MAX)
        out->steps[out->step_count++] = (struct seed_step){name, rows, seconds};
    log_msg(LOG_INFO, "seed: %s: %ld rows in %.2f s", name, rows, seconds);
}

static void record(struct seed_result *out, const char *name, long rows, double started)
{
    record_seconds(out, name, rows, now_seconds() - started);
}

/* Says which step failed, keeping the cause. */
static enum status step_failed(const char *name, enum status st, struct error *err)
{
    char cause[ERROR_MESSAGE_MAX];
    snprintf(cause, sizeof(cause), "%s", err->message);
    return error_set(err, st, "seed step %s failed: %s", name, cause);
}

/* A utility command (SET, LOCK, TRUNCATE, ANALYZE), timed. */
static enum status command(struct db_conn *conn, struct seed_result *out, const char *name,
                           const char *sql, struct error *err)
{
    double started = now_seconds();
    enum status st = db_command(conn, sql, err);
    if (st != STATUS_OK)
        return step_failed(name, st, err);
    record(out, name, 0, started);
    return STATUS_OK;
}

/* A prepared statement whose result the caller reads (and PQclears); failures name the step. */
static enum status query(struct db_conn *conn, const char *name, enum seed_sql_id id, int nparams,
                         const char *const *values, PGresult **res, struct error *err)
{
    enum status st = seed_db_exec(conn, id, nparams, values, res, err);
    return st == STATUS_OK ? STATUS_OK : step_failed(name, st, err);
}

/* A prepared statement, timed. *rows (may be NULL) gets the rows it wrote, or for a SELECT the
 * number in its first cell. */
static enum status statement(struct db_conn *conn, struct seed_result *out, const char *name,
                             enum seed_sql_id id, int nparams, const char *const *values,
                             long *rows, struct error *err)
{
    double started = now_seconds();
    PGresult *res = NULL;
    enum status st = query(conn, name, id, nparams, values, &res, err);
    if (st != STATUS_OK)
        return st;
    const char *tuples = PQcmdTuples(res);
    long n = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 && PQnfields(res) > 0
                 ? row_long(res, 0, 0)
                 : strtol(tuples, NULL, 10);
    PQclear(res);
    if (rows)
        *rows = n;
    record(out, name, n, started);
    return STATUS_OK;
}

/* What the generator reads from the database, and owns. */
struct world {
    struct seed_gen_world gen;
    const char *actor; /* named on the rows the seed writes: its options' or "mediation-seed" */
    int center_id;
    char center_code[16];
    int32_t today;
    long long existing;
    int64_t *midnights, *communities, *mediator_ids;
    /* active mediators and their channels, ascending ids */
    int64_t *channel_ids;
    char (*channels)[16];
    size_t channel_count;
};

static void world_cleanup(struct world *w)
{
    free(w->midnights);
    free(w->communities);
    free(w->mediator_ids);
    free(w->channel_ids);
    free(w->channels);
}

/* Resolves the center and the received range; checks the range against today there. */
static enum status resolve(struct db_conn *conn, const struct seed_options *opt,
                           struct seed_result *out, struct world *w, struct error *err)
{
    const char *values[] = {opt->center_code, opt->from, opt->to};
    PGresult *res = NULL;
    enum status st = seed_db_exec(conn, SEED_SQL_SEED_CENTER, 3, values, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_add_field(err, "center", "no center with code %s", opt->center_code);
    }
    char today[16];
    out->center_id = w->center_id = (int)row_long(res, 0, 0);
    snprintf(w->center_code, sizeof(w->center_code), "%s", opt->center_code);
    snprintf(out->from, sizeof(out->from), "%s", PQgetvalue(res, 0, 2));
    snprintf(out->to, sizeof(out->to), "%s", PQgetvalue(res, 0, 3));
    snprintf(today, sizeof(today), "%s", PQgetvalue(res, 0, 4));
    w->existing = row_long(res, 0, 5);
    w->gen.first_day = (int32_t)row_long(res, 0, 6);
    w->gen.last_day = (int32_t)row_long(res, 0, 7);
    w->today = (int32_t)row_long(res, 0, 8);
    w->gen.now = strtoll(PQgetvalue(res, 0, 9), NULL, 10);
    PQclear(res);
    /* ISO dates of four-digit years compare as text */
    if (strcmp(out->from, today) > 0)
        return error_add_field(err, "from",
                               "--from %s is after today (%s in the center's time zone): cases "
                               "are received in the past",
                               out->from, today);
    if (strcmp(out->from, out->to) > 0)
        return error_add_field(err, "from", "--from %s is after --to %s", out->from, out->to);
    return STATUS_OK;
}

/* Parses an int8 array literal "{1,2,3}" into a new array. */
static int64_t *parse_ids(const char *text, size_t *count)
{
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    int64_t *ids = calloc(n, sizeof(*ids));
    if (!ids)
        return NULL;
    *count = 0;
    for (const char *p = text; *p;) {
        if (*p >= '0' && *p <= '9') {
            char *end;
            ids[(*count)++] = strtoll(p, &end, 10);
            p = end;
        } else {
            p++;
        }
    }
    return ids;
}

/* The ids in the first column of res's rows, *count of them, as a new array (with room for one
 * more, so never of size 0) that the caller frees; NULL when out of memory. Clears res. */
static int64_t *take_ids(PGresult *res, size_t *count)
{
    *count = (size_t)PQntuples(res);
    int64_t *ids = calloc(*count + 1, sizeof(int64_t));
    for (size_t i = 0; ids && i < *count; i++)
        ids[i] = strtoll(PQgetvalue(res, (int)i, 0), NULL, 10);
    PQclear(res);
    return ids;
}

/* Reads the communities, the rules (deadline days and mediators by type and risk), the active
 * mediators' channels and the local midnights of the days a seed can touch. */
static enum status load_world(struct db_conn *conn, const struct seed_options *opt, struct world *w,
                              struct error *err)
{
    char center[16], first[16], last[16];
    snprintf(center, sizeof(center), "%d", w->center_id);
    w->gen.seed = opt->seed;
    const char *center_only[] = {center};
    PGresult *res = NULL;

    enum status st =
        query(conn, "communities", SEED_SQL_SEED_COMMUNITY_IDS, 1, center_only, &res, err);
    if (st != STATUS_OK)
        return st;
    w->communities = take_ids(res, &w->gen.community_count);
    if (!w->communities)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    if (w->gen.community_count == 0)
        return error_set(err, STATUS_INTERNAL, "the center has no communities");
    w->gen.communities = w->communities;

    if ((st = query(conn, "rules", SEED_SQL_SEED_RULES, 1, center_only, &res, err)) != STATUS_OK)
        return st;
    /* one array for all the rules' mediator lists */
    size_t total = 0, rows = (size_t)PQntuples(res);
    for (size_t i = 0; i < rows; i++) {
        total++;
        for (const char *p = PQgetvalue(res, (int)i, 3); *p; p++)
            total += *p == ',';
    }
    w->mediator_ids = calloc(total + 1, sizeof(int64_t));
    size_t used = 0;
    for (size_t i = 0; w->mediator_ids && i < rows; i++) {
        long type = row_long(res, (int)i, 0), risk = row_long(res, (int)i, 1);
        if (type < 0 || type >= DISPUTE_TYPE_COUNT || risk < 0 || risk >= RISK_LEVEL_COUNT)
            continue;
        size_t count = 0;
        int64_t *ids = parse_ids(PQgetvalue(res, (int)i, 3), &count);
        if (!ids) {
            free(w->mediator_ids);
            w->mediator_ids = NULL;
            break;
        }
        memcpy(w->mediator_ids + used, ids, count * sizeof(int64_t));
        free(ids);
        struct seed_gen_rule *r = &w->gen.rules[type][risk];
        r->days = (int)row_long(res, (int)i, 2);
        r->mediators = w->mediator_ids + used;
        r->mediator_count = count;
        used += count;
    }
    PQclear(res);
    if (!w->mediator_ids)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    for (int t = 0; t < DISPUTE_TYPE_COUNT; t++)
        for (int r = 0; r < RISK_LEVEL_COUNT; r++)
            if (w->gen.rules[t][r].mediator_count == 0)
                return error_set(err, STATUS_INTERNAL, "the center has no active mediator");

    st = query(conn, "mediator channels", SEED_SQL_SEED_MEDIATOR_CHANNELS, 1, center_only, &res,
               err);
    if (st != STATUS_OK)
        return st;
    w->channel_count = (size_t)PQntuples(res);
    w->channel_ids = calloc(w->channel_count + 1, sizeof(int64_t));
    w->channels = calloc(w->channel_count + 1, sizeof(*w->channels));
    for (size_t i = 0; w->channel_ids && w->channels && i < w->channel_count; i++) {
        w->channel_ids[i] = strtoll(PQgetvalue(res, (int)i, 0), NULL, 10);
        snprintf(w->channels[i], sizeof(w->channels[i]), "%s", PQgetvalue(res, (int)i, 1));
    }
    PQclear(res);
    if (!w->channel_ids || !w->channels)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");

    /* local midnights from the first day of the range to the day after the later of its last
     * day and today: every received instant, close date and now lies within */
    int32_t end = (w->gen.last_day > w->today ? w->gen.last_day : w->today) + 1;
    w->gen.midnight_first = w->gen.first_day;
    struct date d0, d1;
    date_civil_from_days((int64_t)w->gen.first_day + DATES_PG_EPOCH_DAYS, &d0);
    date_civil_from_days((int64_t)end + DATES_PG_EPOCH_DAYS, &d1);
    snprintf(first, sizeof(first), "%04d-%02u-%02u", d0.year, d0.month, d0.day);
    snprintf(last, sizeof(last), "%04d-%02u-%02u", d1.year, d1.month, d1.day);
    const char *days_args[] = {center, first, last};
    if ((st = query(conn, "days", SEED_SQL_SEED_DAYS, 3, days_args, &res, err)) != STATUS_OK)
        return st;
    w->midnights = take_ids(res, &w->gen.midnight_count);
    if (!w->midnights)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    w->gen.midnights = w->midnights;
    return STATUS_OK;
}

/* The channel of an active mediator ("" if unknown, which the database would refuse). */
static const char *channel_of(const struct world *w, int64_t mediator)
{
    size_t lo = 0, hi = w->channel_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->channel_ids[mid] < mediator)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->channel_count && w->channel_ids[lo] == mediator ? w->channels[lo] : "";
}

/* The new cases in received order: (received instant, n), sorted, then ids in that order. */
struct received {
    int64_t at, n;
};

/* What a case has besides its row and parties, noted while its row is sent so that the later
 * passes generate again only the cases they write rows for. */
enum {
    HAS_SESSIONS = 1,
    HAS_EXTENSION = 2,
    HAS_AGREEMENT = 4,
};

static int received_cmp(const void *a, const void *b)
{
    const struct received *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->n < y->n ? -1 : x->n > y->n;
}

/* Case numbers: per year of receipt (local), the run of new cases and the number before them. */
#define YEARS_MAX 256
struct years {
    size_t count;
    int year[YEARS_MAX];
    long k[YEARS_MAX];
    long before[YEARS_MAX];
};

/* Plans the order of the new cases, takes their ids and advances the case counters. */
static enum status number_cases(struct db_conn *conn, const struct world *w, long cases,
                                struct received **order, int64_t *first_id, struct years *years,
                                struct error *err)
{
    struct received *o = calloc((size_t)cases, sizeof(*o));
    if (!o)
        return error_set(err, STATUS_NO_MEMORY, "out of memory for %ld cases", cases);
    for (long i = 0; i < cases; i++) {
        o[i].n = w->existing + 1 + i;
        o[i].at = seed_gen_received_at(&w->gen, o[i].n);
    }
    qsort(o, (size_t)cases, sizeof(*o), received_cmp);
    *order = o;
    memset(years, 0, sizeof(*years));
    for (long i = 0; i < cases; i++) {
        int year = seed_gen_year(seed_gen_local_day(&w->gen, o[i].at));
        if (years->count == 0 || years->year[years->count - 1] != year) {
            if (years->count == YEARS_MAX)
                return error_add_field(err, "from", "a seed spans at most %d years", YEARS_MAX);
            years->year[years->count++] = year;
        }
        years->k[years->count - 1]++;
    }

    char how_many[24];
    snprintf(how_many, sizeof(how_many), "%ld", cases);
    const char *ids_args[] = {how_many};
    PGresult *res = NULL;
    enum status st = query(conn, "ids", SEED_SQL_SEED_IDS, 1, ids_args, &res, err);
    if (st != STATUS_OK)
        return st;
    *first_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);

    /* {y1,y2,...} and {k1,k2,...} */
    char year_list[YEARS_MAX * 12 + 3], k_list[YEARS_MAX * 21 + 3], center[16];
    size_t yl = 0, kl = 0;
    year_list[yl++] = '{';
    k_list[kl++] = '{';
    for (size_t i = 0; i < years->count; i++) {
        yl += (size_t)snprintf(year_list + yl, sizeof(year_list) - yl, "%s%d", i ? "," : "",
                               years->year[i]);
        kl +=
            (size_t)snprintf(k_list + kl, sizeof(k_list) - kl, "%s%ld", i ? "," : "", years->k[i]);
    }
    snprintf(year_list + yl, sizeof(year_list) - yl, "}");
    snprintf(k_list + kl, sizeof(k_list) - kl, "}");
    snprintf(center, sizeof(center), "%d", w->center_id);
    const char *counter_args[] = {center, year_list, k_list};
    if ((st = query(conn, "counters", SEED_SQL_SEED_COUNTERS, 3, counter_args, &res, err)) !=
        STATUS_OK)
        return st;
    for (int r = 0; r < PQntuples(res); r++) {
        long year = row_long(res, r, 0), last = row_long(res, r, 1);
        for (size_t i = 0; i < years->count; i++)
            if (years->year[i] == year)
                years->before[i] = last - years->k[i];
    }
    PQclear(res);
    return STATUS_OK;
}

/* Streams the new cases in id order, each in its final state. */
static enum status copy_cases(struct db_conn *conn, const struct world *w,
                              const struct received *order, long cases, int64_t first_id,
                              const struct years *years, unsigned char *flags, long *rows,
                              struct error *err)
{
    struct db_copy copy;
    enum status st = db_copy_begin(
        conn,
        "COPY cases (id, center_id, case_no, dispute_type, source, community_id, summary, claims, "
        "occurred_on, risk_level, status, channel, mediator_id, received_at, accepted_at, "
        "assigned_at, first_assigned_at, due_at, extended_days, closed_at, outcome, outcome_note, "
        "referred_to, prevented_escalation, prevented_mass_petition, declined_at, "
        "decline_reason, referral_advice, external_system, external_id, version, "
        "return_visit_at, return_visit_note, performance, judicial_confirmation) "
        "FROM STDIN (FORMAT binary)",
        &copy, err);
    if (st != STATUS_OK)
        return st;
    size_t year = 0;
    long seq = years->count ? years->before[0] : 0;
    for (long i = 0; i < cases && !copy.failed; i++) {
        struct seed_gen_case c;
        struct seed_gen_case_texts t;
        seed_gen_case(&w->gen, order[i].n, &c);
        seed_gen_case_texts(&w->gen, &c, &t);
        int32_t received_day = seed_gen_local_day(&w->gen, c.received_at);
        int y = seed_gen_year(received_day);
        while (year + 1 < years->count && years->year[year] != y) {
            year++;
            seq = years->before[year];
        }
        seq++;
        char case_no[SEED_GEN_CASE_NO_MAX], external_id[SEED_GEN_EXTERNAL_ID_MAX];
        snprintf(case_no, sizeof(case_no), "%s-%d-%06ld", w->center_code, y, seq);
        if (t.external_system) {
            char day[9];
            seed_gen_format_yyyymmdd(received_day, day);
            snprintf(external_id, sizeof(external_id), "%s%s-%s", t.external_prefix, day, case_no);
        }
        enum case_status status = seed_gen_status(&c);
        bool assigned = c.mediator_id != SEED_GEN_NONE, closed = c.closed_at != SEED_GEN_NONE;
        flags[i] =
            (unsigned char)((c.extra_sessions > 0 ? HAS_SESSIONS : 0) |
                            (c.extended_at != SEED_GEN_NONE ? HAS_EXTENSION : 0) |
                            (closed && c.outcome == CASE_OUTCOME_RESOLVED ? HAS_AGREEMENT : 0));

        db_copy_row(&copy, 35);
        db_copy_int8(&copy, first_id + i);
        db_copy_int4(&copy, w->center_id);
        db_copy_text(&copy, case_no);
        db_copy_text(&copy, dispute_type_name(c.type));
        db_copy_text(&copy, case_source_name(c.source));
        db_copy_int8(&copy, c.community_id);
        db_copy_text(&copy, t.summary);
        db_copy_text(&copy, t.claims);
        if (c.has_occurred_on)
            db_copy_date(&copy, c.occurred_on);
        else
            db_copy_null(&copy);
        db_copy_text(&copy, risk_level_name(c.risk));
        db_copy_text(&copy, case_status_name(status));
        db_copy_text(&copy, assigned ? channel_of(w, c.mediator_id) : NULL);
        if (assigned)
            db_copy_int8(&copy, c.mediator_id);
        else
            db_copy_null(&copy);
        db_copy_timestamptz(&copy, c.received_at);
        const int64_t instants[] = {c.accepted_at, c.assigned_at, c.assigned_at,
                                    seed_gen_due_now(&c)};
        for (size_t k = 0; k < sizeof(instants) / sizeof(instants[0]); k++) {
            if (instants[k] == SEED_GEN_NONE)
                db_copy_null(&copy);
            else
                db_copy_timestamptz(&copy, instants[k]);
        }
        db_copy_int4(&copy, c.extension_days);
        if (closed)
            db_copy_timestamptz(&copy, c.closed_at);
        else
            db_copy_null(&copy);
        db_copy_text(&copy, closed ? case_outcome_name(c.outcome) : NULL);
        db_copy_text(&copy, t.outcome_note);
        db_copy_text(&copy, t.referred_to);
        db_copy_bool(&copy, t.prevented_escalation);
        db_copy_bool(&copy, t.prevented_mass_petition);
        if (c.declined_at != SEED_GEN_NONE)
            db_copy_timestamptz(&copy, c.declined_at);
        else
            db_copy_null(&copy);
        db_copy_text(&copy, t.decline_reason);
        db_copy_text(&copy, t.referral_advice);
        db_copy_text(&copy, t.external_system);
        db_copy_text(&copy, t.external_system ? external_id : NULL);
        db_copy_int4(&copy, seed_gen_version(&c));
        if (c.return_visit_at != SEED_GEN_NONE)
            db_copy_timestamptz(&copy, c.return_visit_at);
        else
            db_copy_null(&copy);
        db_copy_text(&copy, t.return_visit_note);
        db_copy_text(&copy, t.has_performance ? performance_name(t.performance) : NULL);
        db_copy_bool(&copy, t.judicial_confirmation);
    }
    return db_copy_end(&copy, false, rows, err);
}

/* Streams the parties of every new case, with the keyed hashes of their numbers and phones. */
static enum status copy_parties(struct db_conn *conn, const struct world *w,
                                const struct seed_options *opt, const struct received *order,
                                long cases, int64_t first_id, long *rows, struct error *err)
{
    struct db_copy copy;
    enum status st =
        db_copy_begin(conn,
                      "COPY parties (case_id, position, role, kind, name, id_number, "
                      "id_hash, phone, phone_hash, address) FROM STDIN (FORMAT binary)",
                      &copy, err);
    if (st != STATUS_OK)
        return st;
    for (long i = 0; i < cases && !copy.failed && st == STATUS_OK; i++) {
        struct seed_gen_case c;
        seed_gen_case(&w->gen, order[i].n, &c);
        for (int p = 1; p <= c.party_count && st == STATUS_OK; p++) {
            struct seed_gen_party party;
            unsigned char id_hash[SEED_HASH_LEN], phone_hash[SEED_HASH_LEN];
            seed_gen_party(&w->gen, &c, p, &party);
            if (party.id_number[0])
                st = opt->pii_hash(opt->pii_hash_ctx, party.id_number, id_hash);
            if (st == STATUS_OK && party.phone[0])
                st = opt->pii_hash(opt->pii_hash_ctx, party.phone, phone_hash);
            db_copy_row(&copy, 10);
            db_copy_int8(&copy, first_id + i);
            db_copy_int4(&copy, p);
            db_copy_text(&copy, party_role_name(party.role));
            db_copy_text(&copy, party_kind_name(party.kind));
            db_copy_text(&copy, party.name);
            db_copy_text(&copy, party.id_number[0] ? party.id_number : NULL);
            if (party.id_number[0])
                db_copy_bytes(&copy, id_hash, sizeof(id_hash));
            else
                db_copy_null(&copy);
            db_copy_text(&copy, party.phone[0] ? party.phone : NULL);
            if (party.phone[0])
                db_copy_bytes(&copy, phone_hash, sizeof(phone_hash));
            else
                db_copy_null(&copy);
            db_copy_text(&copy, party.address[0] ? party.address : NULL);
        }
    }
    if (st != STATUS_OK) {
        db_copy_end(&copy, true, NULL, err);
        return error_set(err, st, "cannot hash a party's number");
    }
    return db_copy_end(&copy, false, rows, err);
}

/* The rows of one case (c, whose id is id) for a pass of copy_flagged. */
typedef void (*case_rows)(struct db_copy *copy, const struct world *w,
                          const struct seed_gen_case *c, int64_t id);

/* Streams with sql (a COPY … FROM STDIN in binary) the rows that write gives each new case whose
 * flags have flag: the passes after the cases' own generate again only the cases they write. */
static enum status copy_flagged(struct db_conn *conn, const char *sql, unsigned char flag,
                                case_rows write, const struct world *w,
                                const struct received *order, long cases, int64_t first_id,
                                const unsigned char *flags, long *rows, struct error *err)
{
    struct db_copy copy;
    enum status st = db_copy_begin(conn, sql, &copy, err);
    if (st != STATUS_OK)
        return st;
    for (long i = 0; i < cases && !copy.failed; i++) {
        if (!(flags[i] & flag))
            continue;
        struct seed_gen_case c;
        seed_gen_case(&w->gen, order[i].n, &c);
        write(&copy, w, &c, first_id + i);
    }
    return db_copy_end(&copy, false, rows, err);
}

#define SESSIONS_COPY                                                                              \
    "COPY mediation_sessions (case_id, held_at, kind, participants, notes, mediator_id, "          \
    "created_at) FROM STDIN (FORMAT binary)"

/* The session rows of a case that has them. */
static void session_rows(struct db_copy *copy, const struct world *w, const struct seed_gen_case *c,
                         int64_t id)
{
    for (int k = 0; k < c->extra_sessions; k++) {
        struct seed_gen_session s;
        seed_gen_session(&w->gen, c, k, &s);
        db_copy_row(copy, 7);
        db_copy_int8(copy, id);
        db_copy_timestamptz(copy, s.held_at);
        db_copy_text(copy, session_kind_name(s.kind));
        db_copy_text(copy, s.participants);
        db_copy_text(copy, s.notes);
        db_copy_int8(copy, c->mediator_id);
        db_copy_timestamptz(copy, s.held_at);
    }
}

#define EXTENSIONS_COPY                                                                            \
    "COPY deadline_changes (case_id, kind, days, reason, applicant_consent, respondent_consent, "  \
    "due_before, due_after, at, actor) FROM STDIN (FORMAT binary)"

/* The deadline extension (with both parties' consent) of a case extended. */
static void extension_row(struct db_copy *copy, const struct world *w,
                          const struct seed_gen_case *c, int64_t id)
{
    db_copy_row(copy, 10);
    db_copy_int8(copy, id);
    db_copy_text(copy, "extend");
    db_copy_int4(copy, c->extension_days);
    db_copy_text(copy, "案情复杂，需进一步调查取证，经双方当事人同意延长调解期限");
    db_copy_bool(copy, true);
    db_copy_bool(copy, true);
    db_copy_timestamptz(copy, c->due_at);
    db_copy_timestamptz(copy, seed_gen_due_now(c));
    db_copy_timestamptz(copy, c->extended_at);
    db_copy_text(copy, w->actor);
}

#define AGREEMENTS_COPY                                                                            \
    "COPY agreements (case_id, amount_fen, form, signed_on, terms, performance_method, "           \
    "perform_by) FROM STDIN (FORMAT binary)"

/* The agreement of a resolved case. */
static void agreement_row(struct db_copy *copy, const struct world *w,
                          const struct seed_gen_case *c, int64_t id)
{
    struct seed_gen_agreement a;
    seed_gen_agreement(&w->gen, c, &a);
    db_copy_row(copy, 7);
    db_copy_int8(copy, id);
    db_copy_int8(copy, c->amount_fen);
    db_copy_text(copy, agreement_form_name(a.form));
    db_copy_date(copy, a.signed_on);
    db_copy_text(copy, a.terms);
    db_copy_text(copy, a.performance_method);
    if (a.has_perform_by)
        db_copy_date(copy, a.perform_by);
    else
        db_copy_null(copy);
}

/* Reads the new cases by status into out. */
static enum status summarize(struct db_conn *conn, const char *const *range,
                             struct seed_result *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st = query(conn, "summary", SEED_SQL_SEED_SUMMARY, 2, range, &res, err);
    if (st != STATUS_OK)
        return st;
    static const char *const names[] = {"received", "accepted",     "declined",
                                        "assigned", "in_mediation", "closed"};
    long *slots[] = {&out->received, &out->accepted,     &out->declined,
                     &out->assigned, &out->in_mediation, &out->closed};
    for (int i = 0; i < PQntuples(res); i++)
        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
            if (strcmp(PQgetvalue(res, i, 0), names[k]) == 0)
                *slots[k] = row_long(res, i, 1);
    PQclear(res);
    return STATUS_OK;
}

/* Rebuilds the center's report rollups: reads its cases in the load's transaction, then lets
 * the database rebuild the indexes and foreign keys (seed_bulk_end, sent without waiting) while
 * the rollups are summed here and written on the side connection into staged tables (its own
 * transaction), and finally puts the staged tables in place in the load's transaction
 * (migration 0009). */
static enum status finish(struct db_conn *conn, struct db_conn *side, int center_id,
                          struct seed_result *out, struct error *err)
{
    struct rollup_build *rollups = rollup_build_new();
    if (!rollups)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    double started = now_seconds();
    enum status st = db_rollup_read(conn, center_id, rollups, err);
    if (st == STATUS_OK)
        record(out, "read cases for rollups", 0, started);
    started = now_seconds();
    if (st == STATUS_OK)
        st = seed_db_send(conn, SEED_SQL_SEED_BULK_END, 0, NULL, err);
    if (st == STATUS_OK) {
        /* meanwhile: the rollups, summed here and written by the side connection's backend */
        struct error side_err;
        error_init(&side_err);
        const char *side_step = "sum rollups";
        enum status side_st = rollup_build_sum(rollups, &side_err);
        if (side_st == STATUS_OK) {
            record(out, "sum rollups (while the database builds indexes)", 0, started);
            double staged = now_seconds();
            long cube = 0, slices = 0;
            side_step = "write rollups";
            side_st = db_rollup_stage(side, center_id, rollups, &cube, &slices, &side_err);
            if (side_st == STATUS_OK)
                record(out, "write rollups on a second connection (meanwhile)", cube + slices,
                       staged);
        }
        PGresult *res = NULL;
        st = db_wait(conn, &res, err);
        PQclear(res);
        if (st == STATUS_OK)
            record(out, "build indexes and foreign keys", 0, started);
        else
            st = step_failed("build indexes and foreign keys", st, err);
        if (st == STATUS_OK && side_st != STATUS_OK) {
            *err = side_err;
            st = step_failed(side_step, side_st, err);
        }
    }
    rollup_build_free(rollups);
    started = now_seconds();
    if (st == STATUS_OK && (st = db_rollup_swap(conn, center_id, err)) != STATUS_OK)
        st = step_failed("put the rollups in place", st, err);
    else if (st == STATUS_OK)
        record(out, "put the rollups in place", 0, started);
    return st;
}

/* Runs a COPY step (call, which stores the rows it inserted in *rows) when st is still OK,
 * timed. */
#define COPY_STEP(name, rows, call)                                                                \
    do {                                                                                           \
        double started_ = now_seconds();                                                           \
        if (st == STATUS_OK && (st = (call)) != STATUS_OK)                                         \
            st = step_failed(name, st, err);                                                       \
        else if (st == STATUS_OK)                                                                  \
            record(out, name, *(rows), started_);                                                  \
    } while (0)

/* The new cases' ids, first and last, as statement parameters. */
struct id_range {
    char first[24], last[24];
    const char *values[2];
};

static void id_range_init(struct id_range *r, int64_t first_id, long n)
{
    snprintf(r->first, sizeof(r->first), "%lld", (long long)first_id);
    snprintf(r->last, sizeof(r->last), "%lld", (long long)(first_id + n - 1));
    r->values[0] = r->first;
    r->values[1] = r->last;
}

/* Loads the new cases and their rows (and their search text when search_direct is not NULL),
 * checks them, and rebuilds the indexes and rollups. */
static enum status load(struct db_conn *conn, struct db_conn *side, const struct seed_options *opt,
                        struct seed_result *out, const struct world *w, const struct received *o,
                        const struct years *years, int64_t first_id,
                        const struct seed_search_cases *search_direct, struct error *err)
{
    enum status st = STATUS_OK;
    long n = opt->cases;
    unsigned char *flags = calloc((size_t)n, 1);
    if (!flags)
        return error_set(err, STATUS_NO_MEMORY, "out of memory for %ld cases", n);
    long inserted = 0;
    COPY_STEP("insert cases", &inserted,
              copy_cases(conn, w, o, n, first_id, years, flags, &inserted, err));
    if (search_direct)
        COPY_STEP(
            "search text", &out->search_rows,
            seed_search_copy(conn, "case_search", search_direct, NULL, &out->search_rows, err));
    COPY_STEP("insert parties", &out->parties,
              copy_parties(conn, w, opt, o, n, first_id, &out->parties, err));
    /* the rows only some cases have, one pass each */
    const struct {
        const char *name, *sql;
        unsigned char flag;
        case_rows write;
        long *rows;
    } passes[] = {
        {"sessions", SESSIONS_COPY, HAS_SESSIONS, session_rows, &out->sessions},
        {"extend deadlines", EXTENSIONS_COPY, HAS_EXTENSION, extension_row, &out->extensions},
        {"agreements", AGREEMENTS_COPY, HAS_AGREEMENT, agreement_row, &out->agreements}};
    for (size_t p = 0; p < sizeof(passes) / sizeof(passes[0]); p++)
        COPY_STEP(passes[p].name, passes[p].rows,
                  copy_flagged(conn, passes[p].sql, passes[p].flag, passes[p].write, w, o, n,
                               first_id, flags, passes[p].rows, err));
    free(flags);
    if (st != STATUS_OK)
        return st;

    struct id_range range;
    id_range_init(&range, first_id, n);
    if ((st = statement(conn, out, "check agreements", SEED_SQL_SEED_CHECK_AGREEMENTS, 2,
                        range.values, NULL, err)) != STATUS_OK ||
        /* any deferred check left runs now rather than at commit: an index cannot be built on
         * a table with trigger events pending */
        (st = command(conn, out, "deferred checks", "SET CONSTRAINTS ALL IMMEDIATE", err)) !=
            STATUS_OK ||
        /* the duplicate check's index of open cases by party (the bulk load skips its trigger) */
        (st = statement(conn, out, "open cases by party", SEED_SQL_SEED_OPEN_PARTY_HASHES, 2,
                        range.values, NULL, err)) != STATUS_OK)
        return st;
    return finish(conn, side, w->center_id, out, err);
}

static enum status generate(struct db_conn *conn, struct db_conn *side, struct db_conn *search,
                            const struct seed_options *opt, struct seed_result *out,
                            struct world *w, struct received **order, struct error *err)
{
    enum status st;
    char center[16], cases[24], wanted[24];
    snprintf(center, sizeof(center), "%d", w->center_id);
    snprintf(cases, sizeof(cases), "%ld", opt->cases);
    long mediators = SEED_MEDIATORS_BASE + (w->existing + opt->cases) / SEED_CASES_PER_MEDIATOR;
    snprintf(wanted, sizeof(wanted), "%ld",
             mediators > SEED_MEDIATORS_MAX ? (long)SEED_MEDIATORS_MAX : mediators);
    const char *communities_args[] = {center, w->actor};
    const char *mediators_args[] = {center, wanted, w->actor};
    const char *cases_only[] = {cases};

    if ((st = statement(conn, out, "communities", SEED_SQL_SEED_COMMUNITIES, 2, communities_args,
                        &out->communities, err)) != STATUS_OK ||
        (st = statement(conn, out, "mediators", SEED_SQL_SEED_MEDIATORS, 3, mediators_args,
                        &out->mediators_added, err)) != STATUS_OK)
        return st;

    double started = now_seconds();
    if ((st = load_world(conn, opt, w, err)) != STATUS_OK)
        return st;
    record(out, "read rules", 0, started);

    started = now_seconds();
    int64_t first_id = 0;
    struct years years;
    if ((st = number_cases(conn, w, opt->cases, order, &first_id, &years, err)) != STATUS_OK)
        return st;
    record(out, "number cases", opt->cases, started);
    long n = opt->cases;
    int64_t *numbers = malloc((size_t)n * sizeof(*numbers));
    if (!numbers)
        return error_set(err, STATUS_NO_MEMORY, "out of memory for %ld cases", n);
    for (long i = 0; i < n; i++)
        numbers[i] = (*order)[i].n;
    struct seed_search_cases search_cases = {&w->gen, numbers, n, first_id};

    /* case_search staged on the search connection (committed before anything here refers to
     * case_search), or written here */
    bool staged = false;
    started = now_seconds();
    if (search && (st = seed_search_stage_begin(search, n, &staged, err)) != STATUS_OK)
        st = step_failed("stage the search text", st, err);
    else if (search)
        record(out, staged ? "stage the search text" : "search text not staged", 0, started);
    if (st == STATUS_OK)
        st = statement(conn, out, "drop indexes and foreign keys", SEED_SQL_SEED_BULK_BEGIN, 1,
                       cases_only, NULL, err);
    if (st == STATUS_OK && staged)
        st = statement(conn, out, "detach the search text", SEED_SQL_SEARCH_STAGE_DETACH, 0, NULL,
                       NULL, err);
    struct seed_search_stage stage;
    bool running = false;
    if (st == STATUS_OK && staged)
        running = (st = seed_search_stage_start(&stage, search, &search_cases, err)) == STATUS_OK;

    if (st == STATUS_OK)
        st = load(conn, side, opt, out, w, *order, &years, first_id, staged ? NULL : &search_cases,
                  err);

    if (running) {
        struct error search_err;
        error_init(&search_err);
        started = now_seconds();
        enum status search_st = seed_search_stage_finish(&stage, st != STATUS_OK, &search_err);
        out->search_rows = stage.rows;
        record_seconds(out, "search text on a third connection (meanwhile)", stage.rows,
                       stage.copy_seconds);
        record_seconds(out, "search index on a third connection (meanwhile)", 0,
                       stage.keys_seconds);
        record(out, "wait for the search index", 0, started);
        if (st == STATUS_OK && search_st != STATUS_OK) {
            *err = search_err;
            st = step_failed("search text and index", search_st, err);
        }
        if (st == STATUS_OK)
            st = statement(conn, out, "put the search text in place", SEED_SQL_SEARCH_STAGE_SWAP, 0,
                           NULL, NULL, err);
    }
    if (st != STATUS_OK && staged)
        seed_search_stage_drop(search);
    free(numbers);
    if (st != STATUS_OK)
        return st;
    struct id_range range;
    id_range_init(&range, first_id, n);
    if ((st = summarize(conn, range.values, out, err)) != STATUS_OK)
        return st;
    /* Planner statistics for every table the seed filled, in its transaction (ANALYZE counts the
     * rows this transaction inserted), so that they commit with the rows: without them the first
     * requests after a large seed plan as if the tables were empty (intake ran at 4 requests a
     * second after a 200k seed until a manual ANALYZE). The staged search text and the rollups
     * were analyzed where they were built. */
    return command(conn, out, "analyze",
                   staged ? "ANALYZE cases, parties, mediation_sessions, deadline_changes, "
                            "agreements, communities, mediators, audit_events, open_party_hashes"
                          : "ANALYZE cases, parties, mediation_sessions, deadline_changes, "
                            "agreements, communities, mediators, audit_events, open_party_hashes, "
                            "case_search",
                   err);
}

enum status db_seed(struct db_conn *conn, struct db_conn *side, struct db_conn *search,
                    const struct seed_options *opt, struct seed_result *out, struct error *err)
{
    memset(out, 0, sizeof(*out));
    if (!opt->center_code || !*opt->center_code)
        return error_add_field(err, "center", "--center is required");
    if (opt->cases < 1 || opt->cases > SEED_CASES_MAX)
        return error_add_field(err, "cases", "--cases must be 1 to %ld", SEED_CASES_MAX);
    if (!opt->pii_hash)
        return error_add_field(err, "pii_hash_key", "the PII hash key is required");

    /* The transaction's settings: no statement timeout for statements over millions of rows, the
     * rollup triggers skipped (rebuilt at the end), room to hash and sort in memory. Then the
     * lock that keeps other writers out while the rollups are rebuilt from the cases (and makes
     * concurrent seeds wait for each other). */
    static const struct {
        const char *name, *sql;
    } setup[] = {
        {"settings", "SET LOCAL statement_timeout = 0"},
        {"bulk load", "SET LOCAL mediation.bulk_load = 'on'"},
        {"work_mem", "SET LOCAL work_mem = '256MB'"},
        {"maintenance_work_mem", "SET LOCAL maintenance_work_mem = '1GB'"},
        {"lock", "LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE"},
        /* no folding until the rollups are swapped: a fold would write rows that the staged
         * tables, copied before it, do not have (migration 0011) */
        {"lock pending rollups", "LOCK TABLE rollup_pending IN SHARE ROW EXCLUSIVE MODE"},
        {"clear", "TRUNCATE seed_dropped_indexes"},
    };
    /* the generator's statements, on its connections only (the server never prepares them) */
    enum status st = seed_db_prepare(conn, err);
    if (st == STATUS_OK)
        st = seed_db_prepare(side, err);
    if (st == STATUS_OK && search)
        st = seed_db_prepare(search, err);
    for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]) && st == STATUS_OK; i++)
        st = command(conn, out, setup[i].name, setup[i].sql, err);
    if (st != STATUS_OK)
        return st;

    struct world w;
    memset(&w, 0, sizeof(w));
    w.actor = opt->actor ? opt->actor : "mediation-seed";
    struct received *order = NULL;
    st = resolve(conn, opt, out, &w, err);
    if (st == STATUS_OK)
        st = generate(conn, side, search, opt, out, &w, &order, err);
    free(order);
    world_cleanup(&w);
    return st;
}
