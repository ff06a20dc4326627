/* Unit tests for domain/case_types.c: the names of every vocabulary, their parsers, the report
 * groups of sources and the Chinese labels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "case_types.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* True when s is non-empty, well-formed UTF-8 that is not plain ASCII (a Chinese label). */
static bool chinese_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    bool wide = false;
    if (!*p)
        return false;
    while (*p) {
        size_t n = *p < 0x80                  ? 1
                   : *p >= 0xc2 && *p <= 0xdf ? 2
                   : *p >= 0xe0 && *p <= 0xef ? 3
                   : *p >= 0xf0 && *p <= 0xf4 ? 4
                                              : 0;
        if (n == 0)
            return false;
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xc0) != 0x80)
                return false;
        wide = wide || n > 1;
        p += n;
    }
    return wide;
}

/* The names as docs/design.md (Cases and parties) spells them, in the header's order. */
static const char *const dispute_types[] = {"marriage_family",
                                            "neighbor",
                                            "housing_homestead",
                                            "contract",
                                            "production_business",
                                            "damages",
                                            "forest_land",
                                            "land_requisition",
                                            "environment",
                                            "labor",
                                            "consumer",
                                            "medical",
                                            "traffic",
                                            "property_management",
                                            "other"};
static const char *const sources[] = {
    "party_application", "proactive", "police_referral", "court_referral", "government_referral",
    "grid_report",       "hotline",   "online",          "sweep_campaign"};
static const char *const risks[] = {"none", "yellow", "orange", "red"};
static const char *const channels[] = {"people", "administrative", "judicial", "industry"};
static const char *const roles[] = {"applicant", "respondent", "third_party"};
static const char *const kinds[] = {"person", "organization"};
static const char *const session_kinds[] = {"in_person", "phone", "video"};
static const char *const forms[] = {"written", "oral"};
static const char *const performances[] = {"fulfilled", "partial", "breached"};
static const char *const groups[] = {"application", "proactive", "referred"};

/* Text that no parser may accept. */
static const char *const never[] = {
    "",     " ",   "unknown",     "NEIGHBOR",  "Neighbor",  "neighbor ",
    " red", "Red", "third-party", "in-person", "written\n", "\xe9\x82\xbb\xe9\x87\x8c" /* 邻里 */};

static void test_case_types_counts_match_the_design(void **state)
{
    (void)state;
    assert_int_equal(DISPUTE_TYPE_COUNT, 15);
    assert_int_equal(COUNT_OF(dispute_types), DISPUTE_TYPE_COUNT);
    assert_int_equal(COUNT_OF(sources), CASE_SOURCE_COUNT);
    assert_int_equal(CASE_SOURCE_COUNT, 9);
    assert_int_equal(COUNT_OF(risks), RISK_LEVEL_COUNT);
    assert_int_equal(COUNT_OF(channels), MEDIATION_CHANNEL_COUNT);
    assert_int_equal(COUNT_OF(roles), PARTY_ROLE_COUNT);
    assert_int_equal(COUNT_OF(kinds), PARTY_KIND_COUNT);
    assert_int_equal(COUNT_OF(session_kinds), SESSION_KIND_COUNT);
    assert_int_equal(COUNT_OF(forms), AGREEMENT_FORM_COUNT);
    assert_int_equal(COUNT_OF(performances), PERFORMANCE_COUNT);
    assert_int_equal(COUNT_OF(groups), CASE_SOURCE_GROUP_COUNT);
}

/* For one vocabulary: names in order, parse round trips, unknown text refused with *out kept, the
 * out-of-range name "unknown", labels present and valid UTF-8. */
#define CHECK_VOCABULARY(prefix, type, expected, count)                                            \
    do {                                                                                           \
        for (int i = 0; i < (int)(count); i++) {                                                   \
            assert_string_equal(prefix##_name((type)i), (expected)[i]);                            \
            type parsed = (type)(count);                                                           \
            assert_true(prefix##_parse((expected)[i], &parsed));                                   \
            assert_int_equal(parsed, i);                                                           \
            const char *label = prefix##_label_zh((type)i);                                        \
            assert_non_null(label);                                                                \
            assert_true(chinese_text(label));                                                      \
            assert_string_not_equal(label, "未知");                                                \
        }                                                                                          \
        for (size_t j = 0; j < COUNT_OF(never); j++) {                                             \
            type kept = (type)(count);                                                             \
            assert_false(prefix##_parse(never[j], &kept));                                         \
            assert_int_equal(kept, (count));                                                       \
        }                                                                                          \
        type unused = (type)(count);                                                               \
        assert_false(prefix##_parse(NULL, &unused));                                               \
        assert_string_equal(prefix##_name((type)(count)), "unknown");                              \
        assert_string_equal(prefix##_name((type)-1), "unknown");                                   \
        assert_string_equal(prefix##_label_zh((type)(count)), "未知");                             \
    } while (0)

static void test_case_types_every_vocabulary_round_trips(void **state)
{
    (void)state;
    CHECK_VOCABULARY(dispute_type, enum dispute_type, dispute_types, DISPUTE_TYPE_COUNT);
    CHECK_VOCABULARY(case_source, enum case_source, sources, CASE_SOURCE_COUNT);
    CHECK_VOCABULARY(case_source_group, enum case_source_group, groups, CASE_SOURCE_GROUP_COUNT);
    CHECK_VOCABULARY(risk_level, enum risk_level, risks, RISK_LEVEL_COUNT);
    CHECK_VOCABULARY(mediation_channel, enum mediation_channel, channels, MEDIATION_CHANNEL_COUNT);
    CHECK_VOCABULARY(party_role, enum party_role, roles, PARTY_ROLE_COUNT);
    CHECK_VOCABULARY(party_kind, enum party_kind, kinds, PARTY_KIND_COUNT);
    CHECK_VOCABULARY(session_kind, enum session_kind, session_kinds, SESSION_KIND_COUNT);
    CHECK_VOCABULARY(agreement_form, enum agreement_form, forms, AGREEMENT_FORM_COUNT);
    CHECK_VOCABULARY(performance, enum performance, performances, PERFORMANCE_COUNT);
}

static void test_case_types_dispute_type_labels(void **state)
{
    (void)state;
    static const char *const labels[] = {
        "婚姻家庭纠纷", "邻里纠纷",     "房屋宅基地纠纷",   "合同纠纷",     "生产经营纠纷",
        "损害赔偿纠纷", "山林土地纠纷", "征地拆迁纠纷",     "环境污染纠纷", "劳动争议纠纷",
        "消费纠纷",     "医疗纠纷",     "道路交通事故纠纷", "物业纠纷",     "其它纠纷"};
    assert_int_equal(COUNT_OF(labels), DISPUTE_TYPE_COUNT);
    for (int i = 0; i < DISPUTE_TYPE_COUNT; i++)
        assert_string_equal(dispute_type_label_zh((enum dispute_type)i), labels[i]);
}

static void test_case_types_other_labels(void **state)
{
    (void)state;
    assert_string_equal(case_source_label_zh(CASE_SOURCE_PARTY_APPLICATION), "当事人申请");
    assert_string_equal(case_source_label_zh(CASE_SOURCE_POLICE_REFERRAL), "公安移交");
    assert_string_equal(case_source_label_zh(CASE_SOURCE_COURT_REFERRAL), "法院委托");
    assert_string_equal(case_source_label_zh(CASE_SOURCE_SWEEP_CAMPAIGN), "大排查");
    assert_string_equal(risk_level_label_zh(RISK_LEVEL_RED), "红色预警");
    assert_string_equal(risk_level_label_zh(RISK_LEVEL_YELLOW), "黄色预警");
    assert_string_equal(mediation_channel_label_zh(MEDIATION_CHANNEL_PEOPLE), "人民调解");
    assert_string_equal(mediation_channel_label_zh(MEDIATION_CHANNEL_INDUSTRY), "行业性专业性调解");
    assert_string_equal(party_role_label_zh(PARTY_ROLE_RESPONDENT), "被申请人");
    assert_string_equal(agreement_form_label_zh(AGREEMENT_FORM_ORAL), "口头协议");
    assert_string_equal(performance_label_zh(PERFORMANCE_BREACHED), "未履行");
}

static void test_case_types_source_groups(void **state)
{
    (void)state;
    static const struct {
        enum case_source source;
        const char *group;
    } expected[] = {
        {CASE_SOURCE_PARTY_APPLICATION, "application"},
        {CASE_SOURCE_ONLINE, "application"},
        {CASE_SOURCE_PROACTIVE, "proactive"},
        {CASE_SOURCE_GRID_REPORT, "proactive"},
        {CASE_SOURCE_SWEEP_CAMPAIGN, "proactive"},
        {CASE_SOURCE_POLICE_REFERRAL, "referred"},
        {CASE_SOURCE_COURT_REFERRAL, "referred"},
        {CASE_SOURCE_GOVERNMENT_REFERRAL, "referred"},
        {CASE_SOURCE_HOTLINE, "referred"},
    };
    assert_int_equal(COUNT_OF(expected), CASE_SOURCE_COUNT);
    for (size_t i = 0; i < COUNT_OF(expected); i++)
        assert_string_equal(case_source_group_name(case_source_group_of(expected[i].source)),
                            expected[i].group);
    assert_int_equal(case_source_group_of(CASE_SOURCE_COUNT), CASE_SOURCE_GROUP_COUNT);
    assert_int_equal(case_source_group_of((enum case_source) - 3), CASE_SOURCE_GROUP_COUNT);
}

static void test_case_types_risk_levels_are_ordered(void **state)
{
    (void)state;
    assert_true(RISK_LEVEL_NONE < RISK_LEVEL_YELLOW);
    assert_true(RISK_LEVEL_YELLOW < RISK_LEVEL_ORANGE);
    assert_true(RISK_LEVEL_ORANGE < RISK_LEVEL_RED);
}

static void test_case_types_vocab_valid(void **state)
{
    (void)state;
    static const struct {
        enum case_vocab vocab;
        const char *good, *bad;
    } cases[] = {
        {CASE_VOCAB_DISPUTE_TYPE, "neighbor", "neighbour"},
        {CASE_VOCAB_SOURCE, "hotline", "12345"},
        {CASE_VOCAB_RISK_LEVEL, "red", "Red"},
        {CASE_VOCAB_STATUS, "in_mediation", "mediating"},
        {CASE_VOCAB_PARTY_ROLE, "third_party", "witness"},
        {CASE_VOCAB_PARTY_KIND, "organization", "company"},
        {CASE_VOCAB_CHANNEL, "judicial", "court"},
    };
    /* every vocabulary is listed above */
    assert_int_equal(sizeof(cases) / sizeof(cases[0]), CASE_VOCAB_COUNT);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_true(case_vocab_valid(cases[i].vocab, cases[i].good));
        assert_false(case_vocab_valid(cases[i].vocab, cases[i].bad));
        assert_false(case_vocab_valid(cases[i].vocab, NULL));
        assert_false(case_vocab_valid(cases[i].vocab, ""));
    }
    /* a name of one vocabulary is not one of another */
    assert_false(case_vocab_valid(CASE_VOCAB_SOURCE, "neighbor"));
    assert_false(case_vocab_valid(CASE_VOCAB_COUNT, "neighbor"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_types_counts_match_the_design),
        cmocka_unit_test(test_case_types_every_vocabulary_round_trips),
        cmocka_unit_test(test_case_types_dispute_type_labels),
        cmocka_unit_test(test_case_types_other_labels),
        cmocka_unit_test(test_case_types_source_groups),
        cmocka_unit_test(test_case_types_risk_levels_are_ordered),
        cmocka_unit_test(test_case_types_vocab_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
