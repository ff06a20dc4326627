/* The length limits of the text fields people and systems send, in characters (Unicode code
 * points, as text_field_check and PostgreSQL's length() count them): the one place the C checks
 * take them from. Each row also names where the same limit is written down elsewhere, which
 * tests/contract/field_limits.py checks: the OpenAPI schemas' maxLength ("Schema.property", a
 * space between several) and the database's CHECK constraint ("table.column" in
 * migrations/schema.sql; "" when the database does not bound it).
 *
 * X(NAME, MAX, SPEC, SQL) */
#pragma once

#define FIELD_LIMITS(X)                                                                            \
    X(CASE_SUMMARY, 2000, "CaseCreate.summary CaseUpdate.summary", "cases.summary")                \
    X(CASE_CLAIMS, 2000, "CaseCreate.claims CaseUpdate.claims", "cases.claims")                    \
    X(PARTY_NAME, 100, "PartyCreate.name", "parties.name")                                         \
    X(PARTY_ADDRESS, 200, "PartyCreate.address", "parties.address")                                \
    X(AGREEMENT_TERMS, 5000, "AgreementInput.terms", "agreements.terms")                           \
    X(AGREEMENT_PERFORMANCE_METHOD, 1000, "AgreementInput.performance_method", "")                 \
    X(CLOSE_NOTE, 2000, "CaseClose.note", "")                                                      \
    X(CLOSE_REFERRED_TO, 200, "CaseClose.referred_to", "")                                         \
    X(DECLINE_REASON, 1000, "CaseDecline.reason", "")                                              \
    X(DECLINE_REFERRAL_ADVICE, 1000, "CaseDecline.referral_advice", "")                            \
    X(ASSIGN_REASON, 1000, "CaseAssign.reason", "")                                                \
    X(DEADLINE_REASON, 1000, "DeadlineChange.reason", "deadline_changes.reason")                   \
    X(RETURN_VISIT_NOTE, 2000, "FollowUp.return_visit_note", "")                                   \
    X(SESSION_PARTICIPANTS, 500, "SessionCreate.participants", "mediation_sessions.participants")  \
    X(SESSION_NOTES, 5000, "SessionCreate.notes", "mediation_sessions.notes")                      \
    X(UNMASK_REASON, 500, "UnmaskRequest.reason", "")                                              \
    X(CENTER_NAME, 100, "CenterCreate.name", "centers.name")                                       \
    X(COMMUNITY_NAME, 100, "CommunityCreate.name", "communities.name")                             \
    X(COMMUNITY_STREET, 100, "CommunityCreate.street", "communities.street")                       \
    X(USER_DISPLAY_NAME, 100, "UserCreate.display_name UserUpdate.display_name",                   \
      "users.display_name")                                                                        \
    X(API_KEY_NAME, 100, "ApiKeyCreate.name", "api_keys.name")                                     \
    X(MEDIATOR_NAME, 100, "MediatorCreate.name MediatorUpdate.name", "mediators.name")             \
    X(MEDIATOR_ORGANIZATION, 200, "MediatorCreate.organization MediatorUpdate.organization",       \
      "mediators.organization")

#define FIELD_LIMIT_ENUM(name, max, spec, sql) FIELD_LIMIT_##name = max,
enum field_limit { FIELD_LIMITS(FIELD_LIMIT_ENUM) };
#undef FIELD_LIMIT_ENUM
