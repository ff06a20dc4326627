/* Unit tests for seedgen/seed_gen.c: the draws equal PostgreSQL's (seed_u of migration 0005), the
 * generated cases equal what the SQL generator made for the same seed, every case's path is legal
 * step by step under case_state.h, and parties, sessions and agreements are well formed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_state.h"
#include "dates.h"
#include "identity.h"
#include "seed_gen.h"

#define PG_EPOCH_DAYS 10957
#define HOUR 3600000000LL
#define MIDNIGHTS 800
#define SAMPLE 50000

static int32_t day_of(int year, unsigned month, unsigned day)
{
    return (int32_t)(date_days_from_civil(year, month, day) - PG_EPOCH_DAYS);
}

/* A center in UTC+8 (Asia/Shanghai) with 18 communities, the default deadlines and one mediator
 * list for every rule. */
struct fixture {
    struct seed_gen_world w;
    int64_t midnights[MIDNIGHTS];
    int64_t communities[18];
    int64_t mediators[4];
};

static void fixture_init(struct fixture *f, int64_t seed, int32_t first, int32_t last, int64_t now)
{
    memset(f, 0, sizeof(*f));
    for (int i = 0; i < MIDNIGHTS; i++)
        f->midnights[i] = (int64_t)(first + i) * SEED_GEN_USECS_PER_DAY - 8 * HOUR;
    for (int i = 0; i < 18; i++)
        f->communities[i] = 1 + i;
    for (int i = 0; i < 4; i++)
        f->mediators[i] = 100 + i;
    f->w = (struct seed_gen_world){.seed = seed,
                                   .now = now,
                                   .first_day = first,
                                   .last_day = last,
                                   .midnights = f->midnights,
                                   .midnight_first = first,
                                   .midnight_count = MIDNIGHTS,
                                   .communities = f->communities,
                                   .community_count = 18};
    static const int days[RISK_LEVEL_COUNT] = {30, 20, 10, 3};
    for (int t = 0; t < DISPUTE_TYPE_COUNT; t++)
        for (int r = 0; r < RISK_LEVEL_COUNT; r++)
            f->w.rules[t][r] = (struct seed_gen_rule){days[r], f->mediators, 4};
}

static void test_seed_gen_u_equals_postgresql_seed_u(void **state)
{
    (void)state;
    /* SELECT seed_u(s, n, k)::text on PostgreSQL 15 */
    static const struct {
        int64_t seed, n;
        int k;
        const char *want;
    } cases[] = {
        {1, 1, 1, "0.23636418609671583"},           {5, 12345, 17, "0.8188753907465408"},
        {-3, 99999999, 40, "0.03616911666820699"},  {0, 0, 0, "0.2546076471826576"},
        {42, 1000000004, 11, "0.3516556896706514"}, {1, -7, 3, "0.25067978983411077"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double got = seed_gen_u(cases[i].seed, cases[i].n, cases[i].k);
        if (got != strtod(cases[i].want, NULL))
            fail_msg("seed_u(%lld, %lld, %d) = %.17g, PostgreSQL says %s", (long long)cases[i].seed,
                     (long long)cases[i].n, cases[i].k, got, cases[i].want);
    }
}

/* Cases of seed 5 over 2024 as the SQL generator wrote them (received 2024-01-01..2024-12-31 in
 * Asia/Shanghai, default deadlines): same instants to the microsecond, same choices. */
static void test_seed_gen_case_equals_the_sql_generator(void **state)
{
    (void)state;
    static struct fixture f;
    fixture_init(&f, 5, day_of(2024, 1, 1), day_of(2024, 12, 31),
                 (int64_t)day_of(2026, 11, 30) * SEED_GEN_USECS_PER_DAY);
    static const struct {
        int64_t n, received_at, closed_at, due_at, amount_fen;
        enum dispute_type type;
        enum case_source source;
        int64_t community;
        enum case_status status;
        const char *claims, *applicant, *applicant_id, *respondent, *respondent_phone;
    } want[] = {
        {1, 779784690737370, 782364072986125, 782478319034656, 3094200,
         DISPUTE_TYPE_HOUSING_HOMESTEAD, CASE_SOURCE_PARTY_APPLICATION, 3, CASE_STATUS_CLOSED,
         "要求停止侵占，恢复原状", "彭立", "411002197609258194", "叶建", "13354668946"},
        {2, 760165182815853, 761999918222972, 762827414232050, 6342300, DISPUTE_TYPE_CONTRACT,
         CASE_SOURCE_HOTLINE, 7, CASE_STATUS_CLOSED, "要求支付剩余款项121200元", "谭书生",
         "411024195711170534", "许昌万家商贸有限公司", "0374-9134265"},
        {777, 787029588972451, 789400154078343, 789725116265999, 0, DISPUTE_TYPE_DAMAGES,
         CASE_SOURCE_GRID_REPORT, 1, CASE_STATUS_CLOSED, "要求赔偿医疗费、误工费共计4300元",
         "许慧芳", "", "许昌东方建材有限公司", "0374-5079207"},
        {12345, 786596056562982, SEED_GEN_NONE, SEED_GEN_NONE, SEED_GEN_NONE, DISPUTE_TYPE_CONTRACT,
         CASE_SOURCE_GOVERNMENT_REFERRAL, 8, CASE_STATUS_DECLINED, "要求支付剩余款项98300元",
         "李强", "", "林玉梅", "13325705032"},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        struct seed_gen_case c;
        struct seed_gen_case_texts t;
        struct seed_gen_party applicant, respondent;
        seed_gen_case(&f.w, want[i].n, &c);
        seed_gen_case_texts(&f.w, &c, &t);
        seed_gen_party(&f.w, &c, 1, &applicant);
        seed_gen_party(&f.w, &c, 2, &respondent);
        assert_int_equal(c.received_at, want[i].received_at);
        assert_int_equal(c.closed_at, want[i].closed_at);
        assert_int_equal(seed_gen_due_now(&c), want[i].due_at);
        assert_int_equal(c.amount_fen, want[i].amount_fen);
        assert_int_equal(c.type, want[i].type);
        assert_int_equal(c.source, want[i].source);
        assert_int_equal(c.community_id, want[i].community);
        assert_int_equal(seed_gen_status(&c), want[i].status);
        assert_string_equal(t.claims, want[i].claims);
        assert_string_equal(applicant.name, want[i].applicant);
        assert_string_equal(applicant.id_number, want[i].applicant_id);
        assert_string_equal(respondent.name, want[i].respondent);
        assert_string_equal(respondent.phone, want[i].respondent_phone);
    }
}

/* Replays a case's path through case_state_next: every step must be allowed from where the case
 * is, and the path must end in the status the generator reports. */
static void replay(const struct seed_gen_case *c)
{
    enum case_status s = CASE_STATUS_RECEIVED;
    if (c->declined_at != SEED_GEN_NONE)
        assert_int_equal(case_state_next(s, CASE_ACTION_DECLINE, 0, &s, NULL), STATUS_OK);
    if (c->accepted_at != SEED_GEN_NONE)
        assert_int_equal(case_state_next(s, CASE_ACTION_ACCEPT, 0, &s, NULL), STATUS_OK);
    if (c->assigned_at != SEED_GEN_NONE)
        assert_int_equal(case_state_next(s, CASE_ACTION_ASSIGN, 0, &s, NULL), STATUS_OK);
    if (c->session_at != SEED_GEN_NONE)
        assert_int_equal(case_state_next(s, CASE_ACTION_LOG_SESSION, 0, &s, NULL), STATUS_OK);
    if (c->closed_at != SEED_GEN_NONE)
        assert_int_equal(case_state_next(s, CASE_ACTION_CLOSE, c->outcome, &s, NULL), STATUS_OK);
    assert_int_equal(s, seed_gen_status(c));
}

/* The instants of the steps that happened are in order and not after now. */
static void check_instants(const struct seed_gen_world *w, const struct seed_gen_case *c)
{
    int64_t steps[] = {c->received_at, c->declined_at, c->accepted_at,    c->assigned_at,
                       c->session_at,  c->closed_at,   c->return_visit_at};
    int64_t last = seed_gen_range_start(w);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (steps[i] == SEED_GEN_NONE)
            continue;
        assert_true(steps[i] >= last);
        assert_true(steps[i] <= w->now);
        last = steps[i];
    }
    assert_true(c->received_at < seed_gen_range_end(w));
    if (c->accepted_at != SEED_GEN_NONE)
        assert_true(c->due_at > c->accepted_at);
    if (c->extended_at != SEED_GEN_NONE) {
        assert_true(c->extension_days >= 5 && c->extension_days <= 30);
        assert_true(c->extended_at > c->session_at);
        assert_true(c->closed_at == SEED_GEN_NONE || c->extended_at < c->closed_at);
    } else {
        assert_int_equal(c->extension_days, 0);
    }
}

static void check_parties(const struct seed_gen_world *w, const struct seed_gen_case *c)
{
    for (int p = 1; p <= c->party_count; p++) {
        struct seed_gen_party party;
        seed_gen_party(w, c, p, &party);
        assert_int_equal(party.role, (enum party_role)(p - 1));
        assert_true(party.name[0] != '\0');
        if (party.id_number[0])
            assert_true(party.kind == PARTY_KIND_PERSON
                            ? identity_resident_id_valid(party.id_number)
                            : identity_uscc_valid(party.id_number));
        if (party.phone[0])
            assert_true(identity_phone_valid(party.phone));
    }
}

/* Every case of a year that ends today: legal paths, ordered instants, well-formed parties,
 * sessions and agreements; and the sample holds every status and every outcome. */
static void test_seed_gen_paths_are_legal_and_complete(void **state)
{
    (void)state;
    static struct fixture f;
    int32_t last = day_of(2026, 11, 30);
    /* now: 10:00 on the last day, local time */
    fixture_init(&f, 1, last - 364, last, (int64_t)last * SEED_GEN_USECS_PER_DAY + 2 * HOUR);
    int statuses[CASE_STATUS_COUNT] = {0}, outcomes[CASE_OUTCOME_COUNT] = {0};
    int declined = 0, sessions = 0, extended = 0;
    for (int64_t n = 1; n <= SAMPLE; n++) {
        struct seed_gen_case c, again;
        seed_gen_case(&f.w, n, &c);
        seed_gen_case(&f.w, n, &again);
        assert_memory_equal(&c, &again, sizeof(c));
        replay(&c);
        check_instants(&f.w, &c);
        check_parties(&f.w, &c);
        enum case_status s = seed_gen_status(&c);
        statuses[s]++;
        if (s == CASE_STATUS_CLOSED)
            outcomes[c.outcome]++;
        declined += s == CASE_STATUS_DECLINED;
        extended += c.extended_at != SEED_GEN_NONE;
        int transitions = (c.declined_at != SEED_GEN_NONE) + (c.accepted_at != SEED_GEN_NONE) +
                          (c.assigned_at != SEED_GEN_NONE) + (c.session_at != SEED_GEN_NONE) +
                          (c.extended_at != SEED_GEN_NONE) + (c.closed_at != SEED_GEN_NONE);
        assert_int_equal(seed_gen_version(&c), 1 + transitions);
        for (int k = 0; k < c.extra_sessions; k++) {
            struct seed_gen_session session;
            seed_gen_session(&f.w, &c, k, &session);
            assert_true(session.held_at >= c.session_at);
            assert_true(session.held_at <= (c.closed_at != SEED_GEN_NONE ? c.closed_at : f.w.now));
            sessions++;
        }
        if (s == CASE_STATUS_CLOSED && c.outcome == CASE_OUTCOME_RESOLVED) {
            struct seed_gen_agreement a;
            seed_gen_agreement(&f.w, &c, &a);
            assert_true(c.amount_fen >= 0 && c.amount_fen <= 100000000000000LL);
            assert_int_equal(a.signed_on, seed_gen_local_day(&f.w, c.closed_at));
            assert_true(!a.has_perform_by || a.perform_by >= a.signed_on);
            assert_true((a.performance_method != NULL) == (c.amount_fen > 0));
        } else {
            assert_int_equal(c.amount_fen, SEED_GEN_NONE);
        }
    }
    for (int s = 0; s < CASE_STATUS_COUNT; s++)
        if (statuses[s] == 0)
            fail_msg("no case is %s", case_status_name((enum case_status)s));
    for (int o = 0; o < CASE_OUTCOME_COUNT; o++)
        if (outcomes[o] == 0)
            fail_msg("no case closed %s", case_outcome_name((enum case_outcome)o));
    /* about 12 % declined; a sample has sessions, a few deadlines were extended */
    assert_true(declined > SAMPLE / 10 && declined < SAMPLE * 14 / 100);
    assert_true(sessions > SAMPLE / 10);
    assert_true(extended > SAMPLE / 100);
}

static void test_seed_gen_seeds_and_numbers_differ(void **state)
{
    (void)state;
    static struct fixture a, b;
    int32_t last = day_of(2026, 11, 30);
    int64_t now = (int64_t)last * SEED_GEN_USECS_PER_DAY;
    fixture_init(&a, 1, last - 364, last, now);
    fixture_init(&b, 2, last - 364, last, now);
    int same = 0;
    for (int64_t n = 1; n <= 1000; n++) {
        struct seed_gen_case x, y, z;
        seed_gen_case(&a.w, n, &x);
        seed_gen_case(&b.w, n, &y);
        seed_gen_case(&a.w, n + 1000, &z);
        same += x.received_at == y.received_at || x.received_at == z.received_at;
    }
    assert_int_equal(same, 0);
}

static void test_seed_gen_local_day_and_dates(void **state)
{
    (void)state;
    static struct fixture f;
    int32_t first = day_of(2024, 1, 1);
    fixture_init(&f, 1, first, first + 10, (int64_t)(first + 20) * SEED_GEN_USECS_PER_DAY);
    /* 2024-01-01 00:00 in UTC+8 is 2023-12-31 16:00 UTC */
    int64_t midnight = (int64_t)first * SEED_GEN_USECS_PER_DAY - 8 * HOUR;
    assert_int_equal(seed_gen_range_start(&f.w), midnight);
    assert_int_equal(seed_gen_local_day(&f.w, midnight), first);
    assert_int_equal(seed_gen_local_day(&f.w, midnight - 1), first); /* clamped to the table */
    assert_int_equal(seed_gen_local_day(&f.w, midnight + 24 * HOUR - 1), first);
    assert_int_equal(seed_gen_local_day(&f.w, midnight + 24 * HOUR), first + 1);
    char text[9];
    seed_gen_format_yyyymmdd(first + 59, text);
    assert_string_equal(text, "20240229");
    assert_int_equal(seed_gen_year(first + 366), 2025);
    assert_int_equal(seed_gen_year(first - 1), 2023);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_gen_u_equals_postgresql_seed_u),
        cmocka_unit_test(test_seed_gen_case_equals_the_sql_generator),
        cmocka_unit_test(test_seed_gen_paths_are_legal_and_complete),
        cmocka_unit_test(test_seed_gen_seeds_and_numbers_differ),
        cmocka_unit_test(test_seed_gen_local_day_and_dates),
    };
    return cmocka_run_group_tests_name("domain_seed_gen", tests, NULL, NULL);
}
