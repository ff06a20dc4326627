/* Names, parsers and Chinese report labels of the case vocabularies (dispute types, sources, risk
 * levels, channels, party roles and kinds, session kinds, agreement forms, performance). */
#include "case_types.h"

#include <stddef.h>
#include <string.h>

#include "case_state.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *entry(const char *const *table, size_t count, int value, const char *fallback)
{
    if (value >= 0 && (size_t)value < count && table[value])
        return table[value];
    return fallback;
}

/* Index of text in table, or -1. */
static int lookup(const char *const *table, size_t count, const char *text)
{
    if (!text)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (table[i] && strcmp(text, table[i]) == 0)
            return (int)i;
    return -1;
}

static const char *name_of(const char *const *table, size_t count, int value)
{
    return entry(table, count, value, "unknown");
}

static const char *label_of(const char *const *table, size_t count, int value)
{
    return entry(table, count, value, "未知");
}

/* dispute types */

static const char *const dispute_type_names[DISPUTE_TYPE_COUNT] = {
    [DISPUTE_TYPE_MARRIAGE_FAMILY] = "marriage_family",
    [DISPUTE_TYPE_NEIGHBOR] = "neighbor",
    [DISPUTE_TYPE_HOUSING_HOMESTEAD] = "housing_homestead",
    [DISPUTE_TYPE_CONTRACT] = "contract",
    [DISPUTE_TYPE_PRODUCTION_BUSINESS] = "production_business",
    [DISPUTE_TYPE_DAMAGES] = "damages",
    [DISPUTE_TYPE_FOREST_LAND] = "forest_land",
    [DISPUTE_TYPE_LAND_REQUISITION] = "land_requisition",
    [DISPUTE_TYPE_ENVIRONMENT] = "environment",
    [DISPUTE_TYPE_LABOR] = "labor",
    [DISPUTE_TYPE_CONSUMER] = "consumer",
    [DISPUTE_TYPE_MEDICAL] = "medical",
    [DISPUTE_TYPE_TRAFFIC] = "traffic",
    [DISPUTE_TYPE_PROPERTY_MANAGEMENT] = "property_management",
    [DISPUTE_TYPE_OTHER] = "other",
};

static const char *const dispute_type_labels[DISPUTE_TYPE_COUNT] = {
    [DISPUTE_TYPE_MARRIAGE_FAMILY] = "婚姻家庭纠纷",
    [DISPUTE_TYPE_NEIGHBOR] = "邻里纠纷",
    [DISPUTE_TYPE_HOUSING_HOMESTEAD] = "房屋宅基地纠纷",
    [DISPUTE_TYPE_CONTRACT] = "合同纠纷",
    [DISPUTE_TYPE_PRODUCTION_BUSINESS] = "生产经营纠纷",
    [DISPUTE_TYPE_DAMAGES] = "损害赔偿纠纷",
    [DISPUTE_TYPE_FOREST_LAND] = "山林土地纠纷",
    [DISPUTE_TYPE_LAND_REQUISITION] = "征地拆迁纠纷",
    [DISPUTE_TYPE_ENVIRONMENT] = "环境污染纠纷",
    [DISPUTE_TYPE_LABOR] = "劳动争议纠纷",
    [DISPUTE_TYPE_CONSUMER] = "消费纠纷",
    [DISPUTE_TYPE_MEDICAL] = "医疗纠纷",
    [DISPUTE_TYPE_TRAFFIC] = "道路交通事故纠纷",
    [DISPUTE_TYPE_PROPERTY_MANAGEMENT] = "物业纠纷",
    [DISPUTE_TYPE_OTHER] = "其它纠纷",
};

const char *dispute_type_name(enum dispute_type value)
{
    return name_of(dispute_type_names, COUNT_OF(dispute_type_names), (int)value);
}

bool dispute_type_parse(const char *text, enum dispute_type *out)
{
    int i = lookup(dispute_type_names, COUNT_OF(dispute_type_names), text);
    if (i < 0)
        return false;
    *out = (enum dispute_type)i;
    return true;
}

const char *dispute_type_label_zh(enum dispute_type value)
{
    return label_of(dispute_type_labels, COUNT_OF(dispute_type_labels), (int)value);
}

/* sources and their report groups */

static const char *const case_source_names[CASE_SOURCE_COUNT] = {
    [CASE_SOURCE_PARTY_APPLICATION] = "party_application",
    [CASE_SOURCE_PROACTIVE] = "proactive",
    [CASE_SOURCE_POLICE_REFERRAL] = "police_referral",
    [CASE_SOURCE_COURT_REFERRAL] = "court_referral",
    [CASE_SOURCE_GOVERNMENT_REFERRAL] = "government_referral",
    [CASE_SOURCE_GRID_REPORT] = "grid_report",
    [CASE_SOURCE_HOTLINE] = "hotline",
    [CASE_SOURCE_ONLINE] = "online",
    [CASE_SOURCE_SWEEP_CAMPAIGN] = "sweep_campaign",
};

static const char *const case_source_labels[CASE_SOURCE_COUNT] = {
    [CASE_SOURCE_PARTY_APPLICATION] = "当事人申请",
    [CASE_SOURCE_PROACTIVE] = "主动调解",
    [CASE_SOURCE_POLICE_REFERRAL] = "公安移交",
    [CASE_SOURCE_COURT_REFERRAL] = "法院委托",
    [CASE_SOURCE_GOVERNMENT_REFERRAL] = "政府部门指定",
    [CASE_SOURCE_GRID_REPORT] = "网格排查",
    [CASE_SOURCE_HOTLINE] = "12345热线",
    [CASE_SOURCE_ONLINE] = "网上/扫码",
    [CASE_SOURCE_SWEEP_CAMPAIGN] = "大排查",
};

/* A hotline ticket is forwarded to the center by the 12345 office, a government body, so it counts
 * as referred; online and QR-code applications come from the parties themselves. */
static const enum case_source_group case_source_groups[CASE_SOURCE_COUNT] = {
    [CASE_SOURCE_PARTY_APPLICATION] = CASE_SOURCE_GROUP_APPLICATION,
    [CASE_SOURCE_PROACTIVE] = CASE_SOURCE_GROUP_PROACTIVE,
    [CASE_SOURCE_POLICE_REFERRAL] = CASE_SOURCE_GROUP_REFERRED,
    [CASE_SOURCE_COURT_REFERRAL] = CASE_SOURCE_GROUP_REFERRED,
    [CASE_SOURCE_GOVERNMENT_REFERRAL] = CASE_SOURCE_GROUP_REFERRED,
    [CASE_SOURCE_GRID_REPORT] = CASE_SOURCE_GROUP_PROACTIVE,
    [CASE_SOURCE_HOTLINE] = CASE_SOURCE_GROUP_REFERRED,
    [CASE_SOURCE_ONLINE] = CASE_SOURCE_GROUP_APPLICATION,
    [CASE_SOURCE_SWEEP_CAMPAIGN] = CASE_SOURCE_GROUP_PROACTIVE,
};

static const char *const case_source_group_names[CASE_SOURCE_GROUP_COUNT] = {
    [CASE_SOURCE_GROUP_APPLICATION] = "application",
    [CASE_SOURCE_GROUP_PROACTIVE] = "proactive",
    [CASE_SOURCE_GROUP_REFERRED] = "referred",
};

static const char *const case_source_group_labels[CASE_SOURCE_GROUP_COUNT] = {
    [CASE_SOURCE_GROUP_APPLICATION] = "依申请调解",
    [CASE_SOURCE_GROUP_PROACTIVE] = "主动调解",
    [CASE_SOURCE_GROUP_REFERRED] = "委托移送调解",
};

const char *case_source_name(enum case_source value)
{
    return name_of(case_source_names, COUNT_OF(case_source_names), (int)value);
}

bool case_source_parse(const char *text, enum case_source *out)
{
    int i = lookup(case_source_names, COUNT_OF(case_source_names), text);
    if (i < 0)
        return false;
    *out = (enum case_source)i;
    return true;
}

const char *case_source_label_zh(enum case_source value)
{
    return label_of(case_source_labels, COUNT_OF(case_source_labels), (int)value);
}

enum case_source_group case_source_group_of(enum case_source value)
{
    if ((unsigned)value < CASE_SOURCE_COUNT)
        return case_source_groups[value];
    return CASE_SOURCE_GROUP_COUNT;
}

const char *case_source_group_name(enum case_source_group value)
{
    return name_of(case_source_group_names, COUNT_OF(case_source_group_names), (int)value);
}

bool case_source_group_parse(const char *text, enum case_source_group *out)
{
    int i = lookup(case_source_group_names, COUNT_OF(case_source_group_names), text);
    if (i < 0)
        return false;
    *out = (enum case_source_group)i;
    return true;
}

const char *case_source_group_label_zh(enum case_source_group value)
{
    return label_of(case_source_group_labels, COUNT_OF(case_source_group_labels), (int)value);
}

/* risk levels */

static const char *const risk_level_names[RISK_LEVEL_COUNT] = {
    [RISK_LEVEL_NONE] = "none",
    [RISK_LEVEL_YELLOW] = "yellow",
    [RISK_LEVEL_ORANGE] = "orange",
    [RISK_LEVEL_RED] = "red",
};

static const char *const risk_level_labels[RISK_LEVEL_COUNT] = {
    [RISK_LEVEL_NONE] = "无风险",
    [RISK_LEVEL_YELLOW] = "黄色预警",
    [RISK_LEVEL_ORANGE] = "橙色预警",
    [RISK_LEVEL_RED] = "红色预警",
};

const char *risk_level_name(enum risk_level value)
{
    return name_of(risk_level_names, COUNT_OF(risk_level_names), (int)value);
}

bool risk_level_parse(const char *text, enum risk_level *out)
{
    int i = lookup(risk_level_names, COUNT_OF(risk_level_names), text);
    if (i < 0)
        return false;
    *out = (enum risk_level)i;
    return true;
}

const char *risk_level_label_zh(enum risk_level value)
{
    return label_of(risk_level_labels, COUNT_OF(risk_level_labels), (int)value);
}

/* mediation channels */

static const char *const mediation_channel_names[MEDIATION_CHANNEL_COUNT] = {
    [MEDIATION_CHANNEL_PEOPLE] = "people",
    [MEDIATION_CHANNEL_ADMINISTRATIVE] = "administrative",
    [MEDIATION_CHANNEL_JUDICIAL] = "judicial",
    [MEDIATION_CHANNEL_INDUSTRY] = "industry",
};

static const char *const mediation_channel_labels[MEDIATION_CHANNEL_COUNT] = {
    [MEDIATION_CHANNEL_PEOPLE] = "人民调解",
    [MEDIATION_CHANNEL_ADMINISTRATIVE] = "行政调解",
    [MEDIATION_CHANNEL_JUDICIAL] = "司法调解",
    [MEDIATION_CHANNEL_INDUSTRY] = "行业性专业性调解",
};

const char *mediation_channel_name(enum mediation_channel value)
{
    return name_of(mediation_channel_names, COUNT_OF(mediation_channel_names), (int)value);
}

bool mediation_channel_parse(const char *text, enum mediation_channel *out)
{
    int i = lookup(mediation_channel_names, COUNT_OF(mediation_channel_names), text);
    if (i < 0)
        return false;
    *out = (enum mediation_channel)i;
    return true;
}

const char *mediation_channel_label_zh(enum mediation_channel value)
{
    return label_of(mediation_channel_labels, COUNT_OF(mediation_channel_labels), (int)value);
}

/* party roles and kinds */

static const char *const party_role_names[PARTY_ROLE_COUNT] = {
    [PARTY_ROLE_APPLICANT] = "applicant",
    [PARTY_ROLE_RESPONDENT] = "respondent",
    [PARTY_ROLE_THIRD_PARTY] = "third_party",
};

static const char *const party_role_labels[PARTY_ROLE_COUNT] = {
    [PARTY_ROLE_APPLICANT] = "申请人",
    [PARTY_ROLE_RESPONDENT] = "被申请人",
    [PARTY_ROLE_THIRD_PARTY] = "第三人",
};

const char *party_role_name(enum party_role value)
{
    return name_of(party_role_names, COUNT_OF(party_role_names), (int)value);
}

bool party_role_parse(const char *text, enum party_role *out)
{
    int i = lookup(party_role_names, COUNT_OF(party_role_names), text);
    if (i < 0)
        return false;
    *out = (enum party_role)i;
    return true;
}

const char *party_role_label_zh(enum party_role value)
{
    return label_of(party_role_labels, COUNT_OF(party_role_labels), (int)value);
}

static const char *const party_kind_names[PARTY_KIND_COUNT] = {
    [PARTY_KIND_PERSON] = "person",
    [PARTY_KIND_ORGANIZATION] = "organization",
};

static const char *const party_kind_labels[PARTY_KIND_COUNT] = {
    [PARTY_KIND_PERSON] = "自然人",
    [PARTY_KIND_ORGANIZATION] = "法人或其他组织",
};

const char *party_kind_name(enum party_kind value)
{
    return name_of(party_kind_names, COUNT_OF(party_kind_names), (int)value);
}

bool party_kind_parse(const char *text, enum party_kind *out)
{
    int i = lookup(party_kind_names, COUNT_OF(party_kind_names), text);
    if (i < 0)
        return false;
    *out = (enum party_kind)i;
    return true;
}

const char *party_kind_label_zh(enum party_kind value)
{
    return label_of(party_kind_labels, COUNT_OF(party_kind_labels), (int)value);
}

/* session kinds */

static const char *const session_kind_names[SESSION_KIND_COUNT] = {
    [SESSION_KIND_IN_PERSON] = "in_person",
    [SESSION_KIND_PHONE] = "phone",
    [SESSION_KIND_VIDEO] = "video",
};

static const char *const session_kind_labels[SESSION_KIND_COUNT] = {
    [SESSION_KIND_IN_PERSON] = "当面调解",
    [SESSION_KIND_PHONE] = "电话调解",
    [SESSION_KIND_VIDEO] = "视频调解",
};

const char *session_kind_name(enum session_kind value)
{
    return name_of(session_kind_names, COUNT_OF(session_kind_names), (int)value);
}

bool session_kind_parse(const char *text, enum session_kind *out)
{
    int i = lookup(session_kind_names, COUNT_OF(session_kind_names), text);
    if (i < 0)
        return false;
    *out = (enum session_kind)i;
    return true;
}

const char *session_kind_label_zh(enum session_kind value)
{
    return label_of(session_kind_labels, COUNT_OF(session_kind_labels), (int)value);
}

/* agreement forms */

static const char *const agreement_form_names[AGREEMENT_FORM_COUNT] = {
    [AGREEMENT_FORM_WRITTEN] = "written",
    [AGREEMENT_FORM_ORAL] = "oral",
};

static const char *const agreement_form_labels[AGREEMENT_FORM_COUNT] = {
    [AGREEMENT_FORM_WRITTEN] = "书面协议",
    [AGREEMENT_FORM_ORAL] = "口头协议",
};

const char *agreement_form_name(enum agreement_form value)
{
    return name_of(agreement_form_names, COUNT_OF(agreement_form_names), (int)value);
}

bool agreement_form_parse(const char *text, enum agreement_form *out)
{
    int i = lookup(agreement_form_names, COUNT_OF(agreement_form_names), text);
    if (i < 0)
        return false;
    *out = (enum agreement_form)i;
    return true;
}

const char *agreement_form_label_zh(enum agreement_form value)
{
    return label_of(agreement_form_labels, COUNT_OF(agreement_form_labels), (int)value);
}

/* performance of an agreement */

static const char *const performance_names[PERFORMANCE_COUNT] = {
    [PERFORMANCE_FULFILLED] = "fulfilled",
    [PERFORMANCE_PARTIAL] = "partial",
    [PERFORMANCE_BREACHED] = "breached",
};

static const char *const performance_labels[PERFORMANCE_COUNT] = {
    [PERFORMANCE_FULFILLED] = "已履行",
    [PERFORMANCE_PARTIAL] = "部分履行",
    [PERFORMANCE_BREACHED] = "未履行",
};

const char *performance_name(enum performance value)
{
    return name_of(performance_names, COUNT_OF(performance_names), (int)value);
}

bool performance_parse(const char *text, enum performance *out)
{
    int i = lookup(performance_names, COUNT_OF(performance_names), text);
    if (i < 0)
        return false;
    *out = (enum performance)i;
    return true;
}

const char *performance_label_zh(enum performance value)
{
    return label_of(performance_labels, COUNT_OF(performance_labels), (int)value);
}

bool case_vocab_valid(enum case_vocab vocab, const char *text)
{
    union {
        enum dispute_type type;
        enum case_source source;
        enum risk_level risk;
        enum case_status status;
        enum party_role role;
        enum party_kind kind;
    } v;
    switch (vocab) {
    case CASE_VOCAB_DISPUTE_TYPE:
        return dispute_type_parse(text, &v.type);
    case CASE_VOCAB_SOURCE:
        return case_source_parse(text, &v.source);
    case CASE_VOCAB_RISK_LEVEL:
        return risk_level_parse(text, &v.risk);
    case CASE_VOCAB_STATUS:
        return case_status_parse(text, &v.status);
    case CASE_VOCAB_PARTY_ROLE:
        return party_role_parse(text, &v.role);
    case CASE_VOCAB_PARTY_KIND:
        return party_kind_parse(text, &v.kind);
    case CASE_VOCAB_COUNT:
        break;
    }
    return false;
}
