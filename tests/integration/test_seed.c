/* `mediation-seed`: the cases it makes reach every status and outcome through legal paths,
 * resolved cases have their agreements, the indexes, foreign keys and triggers it drops for a bulk
 * load are all back afterwards, seeding again adds cases with new numbers (in bulk and in the
 * small-seed path that keeps the foreign keys), the same seed gives the same data, and the
 * database refuses what a bulk load may not insert. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define PII_FLAG "--pii-hash-key=integration-tests-pii-hash-key"

static struct harness h;

/* The schema objects a bulk load drops and restores: every index and constraint of the schema
 * with its definition, and every user trigger with its state. */
static const char schema_sql[] =
    "SELECT md5(string_agg(x, E'\\n' ORDER BY x)) FROM ("
    " SELECT 'index ' || indexname || ' ' || indexdef AS x FROM pg_indexes"
    "  WHERE schemaname = 'public'"
    " UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' '"
    "  || pg_get_constraintdef(oid) || ' ' || convalidated FROM pg_constraint"
    "  WHERE connamespace = 'public'::regnamespace"
    " UNION ALL SELECT 'trigger ' || tgname || ' ' || tgenabled::text FROM pg_trigger"
    "  WHERE NOT tgisinternal) s";

static int setup(void **state)
{
    (void)state;
    const char *migrate[] = {"migrate", NULL};
    if (harness_create_db(&h, "seed") != 0 || harness_run(&h, NULL, 0, migrate) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    harness_drop_db(&h);
    return 0;
}

static long count_in(struct harness *hh, const char *sql)
{
    char out[64];
    assert_int_equal(0, harness_sql(hh, sql, out, sizeof(out)));
    return atol(out);
}

static long count(const char *sql)
{
    return count_in(&h, sql);
}

/* Runs the seed; out receives its summary line. */
static int seed(struct harness *hh, const char *cases, const char *seed_value, const char *from,
                const char *to, char *out, size_t out_size)
{
    const char *args[] = {"--center", "WD", "--cases", cases, "--seed", seed_value,
                          "--from",   from, "--to",    to,    PII_FLAG, NULL};
    return harness_seed(hh, out, out_size, args);
}

/* The figure after "what " in the seed's summary line ("received 12, accepted 3, ..."). */
static long summary_figure(const char *line, const char *what)
{
    char key[32];
    snprintf(key, sizeof(key), " %s ", what);
    const char *p = strstr(line, key);
    assert_non_null(p);
    return atol(p + strlen(key));
}

static void test_seed_reaches_every_status_and_outcome_legally(void **state)
{
    (void)state;
    char before[64], after[64], from[16], to[16], out[1024];
    assert_int_equal(0, harness_sql(&h, schema_sql, before, sizeof(before)));
    /* the last 90 days: open cases of every status as well as closed ones */
    assert_int_equal(
        0, harness_sql(&h, "SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date - 89)::text", from,
                       sizeof(from)));
    assert_int_equal(0, harness_sql(&h, "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text",
                                    to, sizeof(to)));
    assert_int_equal(0, seed(&h, "2000", "11", from, to, out, sizeof(out)));
    print_message("%s\n", out);

    /* the summary's counts by status add up, and every status occurs */
    static const char *const statuses[] = {"received", "accepted",     "declined",
                                           "assigned", "in_mediation", "closed"};
    long total = 0;
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
        long n = summary_figure(out, statuses[i]);
        if (n <= 0)
            fail_msg("no case is %s: %s", statuses[i], out);
        total += n;
    }
    assert_int_equal(2000, total);
    assert_int_equal(2000, count("SELECT count(*) FROM cases"));
    assert_int_equal(6, count("SELECT count(DISTINCT status) FROM cases"));
    assert_int_equal(5, count("SELECT count(DISTINCT outcome) FROM cases"));
    /* about one in eight declined; most of a 90-day range closed */
    long declined = count("SELECT count(*) FROM cases WHERE status = 'declined'");
    assert_true(declined > 150 && declined < 350);
    assert_true(count("SELECT count(*) FROM cases WHERE status = 'closed'") > 1000);

    /* every row is a state the transitions reach, and each outcome comes from where it may */
    assert_int_equal(0, count("SELECT count(*) FROM cases c WHERE NOT case_state_reachable(c)"));
    assert_int_equal(0, count("SELECT count(*) FROM cases WHERE outcome IN ('resolved', 'failed', "
                              "'terminated') AND mediator_id IS NULL"));
    assert_int_equal(0, count("SELECT count(*) FROM cases WHERE outcome = 'referred' "
                              "AND accepted_at IS NULL"));
    /* every resolved case has its agreement, and only those */
    assert_int_equal(0,
                     count("SELECT count(*) FROM cases c WHERE c.outcome = 'resolved' "
                           "AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.case_id = c.id)"));
    assert_int_equal(0, count("SELECT count(*) FROM agreements a JOIN cases c ON c.id = a.case_id "
                              "WHERE c.outcome IS DISTINCT FROM 'resolved'"));
    assert_true(count("SELECT count(*) FROM agreements") > 0);
    /* one to three parties, the applicant first; deadline extensions are kept */
    assert_int_equal(0, count("SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM parties p "
                              "WHERE p.case_id = c.id AND p.role = 'applicant' AND p.position = 1)"
                              " <> 1"));
    assert_int_equal(count("SELECT count(*) FROM cases WHERE extended_days > 0"),
                     count("SELECT count(*) FROM deadline_changes WHERE kind = 'extend'"));
    /* the rollups were rebuilt */
    assert_true(count("SELECT count(*) FROM report_slices") > 0);
    /* every table the seed filled has planner statistics as soon as it returns (reltuples alone
     * says nothing: rebuilding an index sets it) */
    static const char *const filled[] = {"cases",      "parties",     "mediation_sessions",
                                         "agreements", "communities", "mediators"};
    for (size_t i = 0; i < sizeof(filled) / sizeof(filled[0]); i++) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = '%s'",
                 filled[i]);
        if (count(sql) == 0)
            fail_msg("no statistics for %s right after the seed", filled[i]);
        /* analyzed by the seed itself (last_autoanalyze would be autovacuum's) */
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM pg_stat_user_tables WHERE relname = '%s' "
                 "AND last_analyze IS NOT NULL",
                 filled[i]);
        if (count(sql) != 1)
            fail_msg("%s was not analyzed by the seed", filled[i]);
    }
    assert_true(count("SELECT reltuples FROM pg_class WHERE oid = 'cases'::regclass") > 0);
    assert_true(count("SELECT reltuples FROM pg_class WHERE oid = 'parties'::regclass") > 0);

    /* the bulk load dropped indexes and foreign keys: all are back, as they were */
    assert_int_equal(0, harness_sql(&h, schema_sql, after, sizeof(after)));
    assert_string_equal(before, after);
    assert_int_equal(0, count("SELECT count(*) FROM seed_dropped_indexes"));
}

static void test_seeding_again_adds_cases_with_new_numbers(void **state)
{
    (void)state;
    char before[64], after[64], out[1024];
    long cases = count("SELECT count(*) FROM cases");
    assert_int_equal(0, harness_sql(&h, schema_sql, before, sizeof(before)));
    /* the same seed again (a bulk load: as many cases again), then a small seed that keeps the
     * indexes and foreign keys in place */
    assert_int_equal(0, seed(&h, "2000", "11", "2025-06-01", "2025-12-31", out, sizeof(out)));
    assert_int_equal(0, seed(&h, "150", "12", "2025-06-01", "2025-12-31", out, sizeof(out)));
    assert_int_equal(cases + 2150, count("SELECT count(*) FROM cases"));
    assert_int_equal(0, count("SELECT count(*) - count(DISTINCT case_no) FROM cases"));
    assert_int_equal(0, count("SELECT count(*) FROM (SELECT external_system, external_id "
                              "FROM cases WHERE external_id IS NOT NULL "
                              "GROUP BY 1, 2 HAVING count(*) > 1) d"));
    /* each year's case-number sequence (migration 0011) continues after the numbers taken */
    assert_int_equal(0, count("SELECT count(*) FROM (SELECT split_part(case_no, '-', 2)::int AS "
                              "year, max(split_part(case_no, '-', 3)::int) AS top FROM cases "
                              "WHERE center_id = 1 GROUP BY 1) t LEFT JOIN pg_sequences s ON "
                              "s.sequencename = case_number_sequence(1, t.year) "
                              "WHERE s.last_value IS DISTINCT FROM t.top"));
    /* the second run drew new cases, not the first run's again */
    assert_int_equal(0, count("SELECT count(*) FROM (SELECT summary, claims, received_at "
                              "FROM cases GROUP BY 1, 2, 3 HAVING count(*) > 1) d"));
    assert_int_equal(0, count("SELECT count(*) FROM cases c WHERE NOT case_state_reachable(c)"));
    assert_int_equal(0,
                     count("SELECT count(*) FROM cases c WHERE c.outcome = 'resolved' "
                           "AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.case_id = c.id)"));
    assert_int_equal(0, harness_sql(&h, schema_sql, after, sizeof(after)));
    assert_string_equal(before, after);
}

/* Two databases, the same seed over the same past dates: the same rows. */
static void test_the_same_seed_gives_the_same_data(void **state)
{
    (void)state;
    static struct harness twin;
    const char *migrate[] = {"migrate", NULL};
    assert_int_equal(0, harness_create_db(&twin, "seed_twin"));
    assert_int_equal(0, harness_run(&twin, NULL, 0, migrate));
    static struct harness one;
    assert_int_equal(0, harness_create_db(&one, "seed_one"));
    assert_int_equal(0, harness_run(&one, NULL, 0, migrate));
    char out[1024];
    assert_int_equal(0, seed(&one, "300", "5", "2024-01-01", "2024-12-31", out, sizeof(out)));
    assert_int_equal(0, seed(&twin, "300", "5", "2024-01-01", "2024-12-31", out, sizeof(out)));
    static const char *const fingerprints[] = {
        "SELECT md5(string_agg(c::text, E'\\n' ORDER BY c.id)) FROM cases c",
        "SELECT md5(string_agg(p::text, E'\\n' ORDER BY p.id)) FROM parties p",
        "SELECT md5(string_agg(a::text, E'\\n' ORDER BY a.case_id)) FROM agreements a",
        "SELECT md5(string_agg(s::text, E'\\n' ORDER BY s.id)) FROM mediation_sessions s",
        "SELECT md5(string_agg(r::text, E'\\n' ORDER BY r::text)) FROM report_cube r",
    };
    for (size_t i = 0; i < sizeof(fingerprints) / sizeof(fingerprints[0]); i++) {
        char a[64], b[64];
        assert_int_equal(0, harness_sql(&one, fingerprints[i], a, sizeof(a)));
        assert_int_equal(0, harness_sql(&twin, fingerprints[i], b, sizeof(b)));
        assert_string_equal(a, b);
    }
    harness_drop_db(&one);
    harness_drop_db(&twin);
}

/* What the insert guard and the set-based agreement check refuse. */
static void test_the_database_refuses_what_a_bulk_load_may_not_insert(void **state)
{
    (void)state;
    char msg[512];
    static const char insert_closed[] =
        "INSERT INTO cases (center_id, case_no, dispute_type, source, community_id, summary, "
        "status, closed_at, outcome, received_at) SELECT 1, 'T-1', 'other', 'online', min(id), "
        "'s', 'closed', now(), '%s', now() - interval '1 day' FROM communities";
    char sql[1024];
    /* outside a bulk load a case starts received (each harness_sql is a connection of its own,
     * so what a failed statement began ends with it) */
    snprintf(sql, sizeof(sql), insert_closed, "withdrawn");
    assert_int_equal(-1, harness_sql(&h, sql, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "a new case starts received"));
    /* in one, only states the transitions reach: withdrawn from received is one, resolved is not */
    char bulk[1100];
    snprintf(bulk, sizeof(bulk), "BEGIN; SET LOCAL mediation.bulk_load = 'on'; %s; ROLLBACK", sql);
    assert_int_equal(0, harness_sql(&h, bulk, NULL, 0));
    snprintf(sql, sizeof(sql), insert_closed, "resolved");
    snprintf(bulk, sizeof(bulk), "BEGIN; SET LOCAL mediation.bulk_load = 'on'; %s; ROLLBACK", sql);
    assert_int_equal(-1, harness_sql(&h, bulk, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "is not a state the transitions reach"));
    /* a resolved case without its agreement, as a bulk load could leave it, fails the check */
    assert_int_equal(-1,
                     harness_sql(&h,
                                 "BEGIN; SET LOCAL mediation.bulk_load = 'on';"
                                 " DELETE FROM agreements WHERE case_id = (SELECT min(case_id)"
                                 " FROM agreements);"
                                 " SELECT seed_check_agreements(1, (SELECT max(id) FROM cases))",
                                 msg, sizeof(msg)));
    assert_non_null(strstr(msg, "is resolved without an agreement"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_reaches_every_status_and_outcome_legally),
        cmocka_unit_test(test_seeding_again_adds_cases_with_new_numbers),
        cmocka_unit_test(test_the_same_seed_gives_the_same_data),
        cmocka_unit_test(test_the_database_refuses_what_a_bulk_load_may_not_insert),
    };
    return cmocka_run_group_tests_name("integration_seed", tests, setup, teardown);
}
