/* The small vocabularies of a case (docs/design.md, Cases and parties): dispute types, sources,
 * risk levels, mediation channels, party roles and kinds, session kinds, agreement forms and
 * performance.
 *
 * Each enum has a _COUNT sentinel and three functions:
 *   <enum>_name(value)      the API and database spelling, e.g. "neighbor"; "unknown" when out of
 *                           range, never NULL; static storage
 *   <enum>_parse(text, out) the exact (case-sensitive) inverse of _name; false for NULL or an
 *                           unknown name, and then *out is left unchanged
 *   <enum>_label_zh(value)  the Chinese label used in reports and CSV exports (UTF-8), e.g.
 *                           "邻里纠纷"; "未知" when out of range, never NULL; static storage
 *
 * Each vocabulary is one list, X(VALUE, "name", "标签"), from which the enum, the tables and the
 * functions come (vocab.h). The numeric values are internal only: what crosses the API or reaches
 * the database is the name. Order is meaningful only for enum risk_level (none < yellow < orange <
 * red). */
#pragma once

#include <stdbool.h>

#include "vocab.h"

/* The 15 categories of the official people's-mediation statistics. */
#define DISPUTE_TYPE_LIST(X)                                                                       \
    X(DISPUTE_TYPE_MARRIAGE_FAMILY, "marriage_family", "婚姻家庭纠纷")                             \
    X(DISPUTE_TYPE_NEIGHBOR, "neighbor", "邻里纠纷")                                               \
    X(DISPUTE_TYPE_HOUSING_HOMESTEAD, "housing_homestead", "房屋宅基地纠纷")                       \
    X(DISPUTE_TYPE_CONTRACT, "contract", "合同纠纷")                                               \
    X(DISPUTE_TYPE_PRODUCTION_BUSINESS, "production_business", "生产经营纠纷")                     \
    X(DISPUTE_TYPE_DAMAGES, "damages", "损害赔偿纠纷")                                             \
    X(DISPUTE_TYPE_FOREST_LAND, "forest_land", "山林土地纠纷")                                     \
    X(DISPUTE_TYPE_LAND_REQUISITION, "land_requisition", "征地拆迁纠纷")                           \
    X(DISPUTE_TYPE_ENVIRONMENT, "environment", "环境污染纠纷")                                     \
    X(DISPUTE_TYPE_LABOR, "labor", "劳动争议纠纷")                                                 \
    X(DISPUTE_TYPE_CONSUMER, "consumer", "消费纠纷")                                               \
    X(DISPUTE_TYPE_MEDICAL, "medical", "医疗纠纷")                                                 \
    X(DISPUTE_TYPE_TRAFFIC, "traffic", "道路交通事故纠纷")                                         \
    X(DISPUTE_TYPE_PROPERTY_MANAGEMENT, "property_management", "物业纠纷")                         \
    X(DISPUTE_TYPE_OTHER, "other", "其它纠纷")
enum dispute_type { DISPUTE_TYPE_LIST(VOCAB_ENUM) DISPUTE_TYPE_COUNT };

/* How a dispute reached the center. */
#define CASE_SOURCE_LIST(X)                                                                        \
    X(CASE_SOURCE_PARTY_APPLICATION, "party_application", "当事人申请")                            \
    X(CASE_SOURCE_PROACTIVE, "proactive", "主动调解")                                              \
    X(CASE_SOURCE_POLICE_REFERRAL, "police_referral", "公安移交")                                  \
    X(CASE_SOURCE_COURT_REFERRAL, "court_referral", "法院委托")                                    \
    X(CASE_SOURCE_GOVERNMENT_REFERRAL, "government_referral", "政府部门指定")                      \
    X(CASE_SOURCE_GRID_REPORT, "grid_report", "网格排查")                                          \
    X(CASE_SOURCE_HOTLINE, "hotline", "12345热线")                                                 \
    X(CASE_SOURCE_ONLINE, "online", "网上/扫码")                                                   \
    X(CASE_SOURCE_SWEEP_CAMPAIGN, "sweep_campaign", "大排查")
enum case_source { CASE_SOURCE_LIST(VOCAB_ENUM) CASE_SOURCE_COUNT };

/* The three source groups of the official reports (依申请 / 主动 / 委托移送): the parties asked
 * (party_application, online); the center found it (proactive, grid_report, sweep_campaign);
 * another body handed it over (police_referral, court_referral, government_referral, hotline). */
#define CASE_SOURCE_GROUP_LIST(X)                                                                  \
    X(CASE_SOURCE_GROUP_APPLICATION, "application", "依申请调解")                                  \
    X(CASE_SOURCE_GROUP_PROACTIVE, "proactive", "主动调解")                                        \
    X(CASE_SOURCE_GROUP_REFERRED, "referred", "委托移送调解")
enum case_source_group { CASE_SOURCE_GROUP_LIST(VOCAB_ENUM) CASE_SOURCE_GROUP_COUNT };

/* Risk of a civil dispute turning criminal (民转刑): a higher level, a shorter deadline. */
#define RISK_LEVEL_LIST(X)                                                                         \
    X(RISK_LEVEL_NONE, "none", "无风险")                                                           \
    X(RISK_LEVEL_YELLOW, "yellow", "黄色预警")                                                     \
    X(RISK_LEVEL_ORANGE, "orange", "橙色预警") /* handled the same day */                          \
    X(RISK_LEVEL_RED, "red", "红色预警")       /* reported to supervisors at once */
enum risk_level { RISK_LEVEL_LIST(VOCAB_ENUM) RISK_LEVEL_COUNT };

/* The mediation channel of a mediator, and so of the cases they work. */
#define MEDIATION_CHANNEL_LIST(X)                                                                  \
    X(MEDIATION_CHANNEL_PEOPLE, "people", "人民调解")                                              \
    X(MEDIATION_CHANNEL_ADMINISTRATIVE, "administrative", "行政调解")                              \
    X(MEDIATION_CHANNEL_JUDICIAL, "judicial", "司法调解")                                          \
    X(MEDIATION_CHANNEL_INDUSTRY, "industry", "行业性专业性调解")
enum mediation_channel { MEDIATION_CHANNEL_LIST(VOCAB_ENUM) MEDIATION_CHANNEL_COUNT };

#define PARTY_ROLE_LIST(X)                                                                         \
    X(PARTY_ROLE_APPLICANT, "applicant", "申请人")                                                 \
    X(PARTY_ROLE_RESPONDENT, "respondent", "被申请人")                                             \
    X(PARTY_ROLE_THIRD_PARTY, "third_party", "第三人")
enum party_role { PARTY_ROLE_LIST(VOCAB_ENUM) PARTY_ROLE_COUNT };

/* A person carries a resident ID number, an organization a unified social credit code. */
#define PARTY_KIND_LIST(X)                                                                         \
    X(PARTY_KIND_PERSON, "person", "自然人")                                                       \
    X(PARTY_KIND_ORGANIZATION, "organization", "法人或其他组织")
enum party_kind { PARTY_KIND_LIST(VOCAB_ENUM) PARTY_KIND_COUNT };

#define SESSION_KIND_LIST(X)                                                                       \
    X(SESSION_KIND_IN_PERSON, "in_person", "当面调解")                                             \
    X(SESSION_KIND_PHONE, "phone", "电话调解")                                                     \
    X(SESSION_KIND_VIDEO, "video", "视频调解")
enum session_kind { SESSION_KIND_LIST(VOCAB_ENUM) SESSION_KIND_COUNT };

#define AGREEMENT_FORM_LIST(X)                                                                     \
    X(AGREEMENT_FORM_WRITTEN, "written", "书面协议")                                               \
    X(AGREEMENT_FORM_ORAL, "oral", "口头协议") /* recorded by the mediator */
enum agreement_form { AGREEMENT_FORM_LIST(VOCAB_ENUM) AGREEMENT_FORM_COUNT };

/* How an agreement was performed, recorded at follow-up. */
#define PERFORMANCE_LIST(X)                                                                        \
    X(PERFORMANCE_FULFILLED, "fulfilled", "已履行")                                                \
    X(PERFORMANCE_PARTIAL, "partial", "部分履行")                                                  \
    X(PERFORMANCE_BREACHED, "breached", "未履行")
enum performance { PERFORMANCE_LIST(VOCAB_ENUM) PERFORMANCE_COUNT };

/* The functions of each vocabulary (vocab.h, and the contract at the top of this file). */
VOCAB_DECLARE(dispute_type)
VOCAB_DECLARE(case_source)
VOCAB_DECLARE(case_source_group)
VOCAB_DECLARE(risk_level)
VOCAB_DECLARE(mediation_channel)
VOCAB_DECLARE(party_role)
VOCAB_DECLARE(party_kind)
VOCAB_DECLARE(session_kind)
VOCAB_DECLARE(agreement_form)
VOCAB_DECLARE(performance)

/* The report group of a source. An out-of-range source belongs to CASE_SOURCE_GROUP_COUNT. */
enum case_source_group case_source_group_of(enum case_source value);

/* The vocabularies by name, to check a text without wanting its enum (list and report filters,
 * bodies that pass the name on to the database). */
#define CASE_VOCAB_LIST(X) /* X(CASE_VOCAB_ suffix, the prefix of its functions) */                \
    X(DISPUTE_TYPE, dispute_type)                                                                  \
    X(SOURCE, case_source)                                                                         \
    X(RISK_LEVEL, risk_level)                                                                      \
    X(STATUS, case_status) /* enum case_status, case_state.h */                                    \
    X(PARTY_ROLE, party_role)                                                                      \
    X(PARTY_KIND, party_kind)                                                                      \
    X(CHANNEL, mediation_channel)
#define CASE_VOCAB_ENUM(vocab, prefix) CASE_VOCAB_##vocab,
enum case_vocab { CASE_VOCAB_LIST(CASE_VOCAB_ENUM) CASE_VOCAB_COUNT };

/* True when text is a name of the vocabulary (its _parse would accept it); false for NULL. */
bool case_vocab_valid(enum case_vocab vocab, const char *text);
