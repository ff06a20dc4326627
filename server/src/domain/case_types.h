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
 * The numeric values are internal only: what crosses the API or reaches the database is the name.
 * Order is meaningful only for enum risk_level (none < yellow < orange < red). */
#pragma once

#include <stdbool.h>

/* The 15 categories of the official people's-mediation statistics. */
enum dispute_type {
    DISPUTE_TYPE_MARRIAGE_FAMILY = 0, /* 婚姻家庭 */
    DISPUTE_TYPE_NEIGHBOR,            /* 邻里 */
    DISPUTE_TYPE_HOUSING_HOMESTEAD,   /* 房屋宅基地 */
    DISPUTE_TYPE_CONTRACT,            /* 合同 */
    DISPUTE_TYPE_PRODUCTION_BUSINESS, /* 生产经营 */
    DISPUTE_TYPE_DAMAGES,             /* 损害赔偿 */
    DISPUTE_TYPE_FOREST_LAND,         /* 山林土地 */
    DISPUTE_TYPE_LAND_REQUISITION,    /* 征地拆迁 */
    DISPUTE_TYPE_ENVIRONMENT,         /* 环境污染 */
    DISPUTE_TYPE_LABOR,               /* 劳动争议 */
    DISPUTE_TYPE_CONSUMER,            /* 消费 */
    DISPUTE_TYPE_MEDICAL,             /* 医疗 */
    DISPUTE_TYPE_TRAFFIC,             /* 道路交通事故 */
    DISPUTE_TYPE_PROPERTY_MANAGEMENT, /* 物业 */
    DISPUTE_TYPE_OTHER,               /* 其它 */
    DISPUTE_TYPE_COUNT
};

/* How a dispute reached the center. */
enum case_source {
    CASE_SOURCE_PARTY_APPLICATION = 0, /* 当事人申请 */
    CASE_SOURCE_PROACTIVE,             /* 主动调解 */
    CASE_SOURCE_POLICE_REFERRAL,       /* 公安移交 */
    CASE_SOURCE_COURT_REFERRAL,        /* 法院委托 */
    CASE_SOURCE_GOVERNMENT_REFERRAL,   /* 政府部门指定 */
    CASE_SOURCE_GRID_REPORT,           /* 网格排查 */
    CASE_SOURCE_HOTLINE,               /* 12345 热线 */
    CASE_SOURCE_ONLINE,                /* 网上/扫码 */
    CASE_SOURCE_SWEEP_CAMPAIGN,        /* 大排查 */
    CASE_SOURCE_COUNT
};

/* The three source groups of the official reports (依申请 / 主动 / 委托移送). */
enum case_source_group {
    CASE_SOURCE_GROUP_APPLICATION = 0, /* the parties asked: party_application, online */
    CASE_SOURCE_GROUP_PROACTIVE,       /* the center found it: proactive, grid_report,
                                          sweep_campaign */
    CASE_SOURCE_GROUP_REFERRED,        /* another body handed it over: police_referral,
                                          court_referral, government_referral, hotline */
    CASE_SOURCE_GROUP_COUNT
};

/* Risk of a civil dispute turning criminal (民转刑): a higher level, a shorter deadline. */
enum risk_level {
    RISK_LEVEL_NONE = 0,
    RISK_LEVEL_YELLOW, /* 黄色预警 */
    RISK_LEVEL_ORANGE, /* 橙色预警: handled the same day */
    RISK_LEVEL_RED,    /* 红色预警: reported to supervisors at once */
    RISK_LEVEL_COUNT
};

/* The mediation channel of a mediator, and so of the cases they work. */
enum mediation_channel {
    MEDIATION_CHANNEL_PEOPLE = 0,     /* 人民调解 */
    MEDIATION_CHANNEL_ADMINISTRATIVE, /* 行政调解 */
    MEDIATION_CHANNEL_JUDICIAL,       /* 司法调解 */
    MEDIATION_CHANNEL_INDUSTRY,       /* 行业性专业性调解 */
    MEDIATION_CHANNEL_COUNT
};

enum party_role {
    PARTY_ROLE_APPLICANT = 0, /* 申请人 */
    PARTY_ROLE_RESPONDENT,    /* 被申请人 */
    PARTY_ROLE_THIRD_PARTY,   /* 第三人 */
    PARTY_ROLE_COUNT
};

/* A person carries a resident ID number, an organization a unified social credit code. */
enum party_kind {
    PARTY_KIND_PERSON = 0,   /* 自然人 */
    PARTY_KIND_ORGANIZATION, /* 法人或其他组织 */
    PARTY_KIND_COUNT
};

enum session_kind {
    SESSION_KIND_IN_PERSON = 0, /* 当面调解 */
    SESSION_KIND_PHONE,         /* 电话调解 */
    SESSION_KIND_VIDEO,         /* 视频调解 */
    SESSION_KIND_COUNT
};

enum agreement_form {
    AGREEMENT_FORM_WRITTEN = 0, /* 书面协议 */
    AGREEMENT_FORM_ORAL,        /* 口头协议, recorded by the mediator */
    AGREEMENT_FORM_COUNT
};

/* How an agreement was performed, recorded at follow-up. */
enum performance {
    PERFORMANCE_FULFILLED = 0, /* 已履行 */
    PERFORMANCE_PARTIAL,       /* 部分履行 */
    PERFORMANCE_BREACHED,      /* 未履行 */
    PERFORMANCE_COUNT
};

/* "marriage_family" … "other". */
const char *dispute_type_name(enum dispute_type value);
bool dispute_type_parse(const char *text, enum dispute_type *out);
/* "婚姻家庭纠纷" … "其它纠纷". */
const char *dispute_type_label_zh(enum dispute_type value);

/* "party_application" … "sweep_campaign". */
const char *case_source_name(enum case_source value);
bool case_source_parse(const char *text, enum case_source *out);
/* "当事人申请" … "大排查". */
const char *case_source_label_zh(enum case_source value);
/* The report group of a source. An out-of-range source belongs to CASE_SOURCE_GROUP_COUNT. */
enum case_source_group case_source_group_of(enum case_source value);

/* "application", "proactive", "referred". */
const char *case_source_group_name(enum case_source_group value);
bool case_source_group_parse(const char *text, enum case_source_group *out);
/* "依申请调解", "主动调解", "委托移送调解". */
const char *case_source_group_label_zh(enum case_source_group value);

/* "none", "yellow", "orange", "red". */
const char *risk_level_name(enum risk_level value);
bool risk_level_parse(const char *text, enum risk_level *out);
/* "无风险", "黄色预警", "橙色预警", "红色预警". */
const char *risk_level_label_zh(enum risk_level value);

/* "people", "administrative", "judicial", "industry". */
const char *mediation_channel_name(enum mediation_channel value);
bool mediation_channel_parse(const char *text, enum mediation_channel *out);
/* "人民调解", "行政调解", "司法调解", "行业性专业性调解". */
const char *mediation_channel_label_zh(enum mediation_channel value);

/* "applicant", "respondent", "third_party". */
const char *party_role_name(enum party_role value);
bool party_role_parse(const char *text, enum party_role *out);
/* "申请人", "被申请人", "第三人". */
const char *party_role_label_zh(enum party_role value);

/* "person", "organization". */
const char *party_kind_name(enum party_kind value);
bool party_kind_parse(const char *text, enum party_kind *out);
/* "自然人", "法人或其他组织". */
const char *party_kind_label_zh(enum party_kind value);

/* "in_person", "phone", "video". */
const char *session_kind_name(enum session_kind value);
bool session_kind_parse(const char *text, enum session_kind *out);
/* "当面调解", "电话调解", "视频调解". */
const char *session_kind_label_zh(enum session_kind value);

/* "written", "oral". */
const char *agreement_form_name(enum agreement_form value);
bool agreement_form_parse(const char *text, enum agreement_form *out);
/* "书面协议", "口头协议". */
const char *agreement_form_label_zh(enum agreement_form value);

/* "fulfilled", "partial", "breached". */
const char *performance_name(enum performance value);
bool performance_parse(const char *text, enum performance *out);
/* "已履行", "部分履行", "未履行". */
const char *performance_label_zh(enum performance value);

/* The vocabularies by name, to check a text without wanting its enum (list filters, bodies that
 * pass the name on to the database). */
enum case_vocab {
    CASE_VOCAB_DISPUTE_TYPE = 0,
    CASE_VOCAB_SOURCE,
    CASE_VOCAB_RISK_LEVEL,
    CASE_VOCAB_STATUS, /* enum case_status, case_state.h */
    CASE_VOCAB_PARTY_ROLE,
    CASE_VOCAB_PARTY_KIND,
    CASE_VOCAB_COUNT
};

/* True when text is a name of the vocabulary (its _parse would accept it); false for NULL. */
bool case_vocab_valid(enum case_vocab vocab, const char *text);
