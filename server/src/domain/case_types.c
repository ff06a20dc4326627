/* Names, parsers and Chinese report labels of the case vocabularies (dispute types, sources, risk
 * levels, channels, party roles and kinds, session kinds, agreement forms, performance), each
 * from its list in case_types.h (vocab.h). */
#include "case_types.h"

#include "case_state.h"

VOCAB_FUNCTIONS(dispute_type, DISPUTE_TYPE_LIST, DISPUTE_TYPE_COUNT)
VOCAB_FUNCTIONS(case_source, CASE_SOURCE_LIST, CASE_SOURCE_COUNT)
VOCAB_FUNCTIONS(case_source_group, CASE_SOURCE_GROUP_LIST, CASE_SOURCE_GROUP_COUNT)
VOCAB_FUNCTIONS(risk_level, RISK_LEVEL_LIST, RISK_LEVEL_COUNT)
VOCAB_FUNCTIONS(mediation_channel, MEDIATION_CHANNEL_LIST, MEDIATION_CHANNEL_COUNT)
VOCAB_FUNCTIONS(party_role, PARTY_ROLE_LIST, PARTY_ROLE_COUNT)
VOCAB_FUNCTIONS(party_kind, PARTY_KIND_LIST, PARTY_KIND_COUNT)
VOCAB_FUNCTIONS(session_kind, SESSION_KIND_LIST, SESSION_KIND_COUNT)
VOCAB_FUNCTIONS(agreement_form, AGREEMENT_FORM_LIST, AGREEMENT_FORM_COUNT)
VOCAB_FUNCTIONS(performance, PERFORMANCE_LIST, PERFORMANCE_COUNT)

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

enum case_source_group case_source_group_of(enum case_source value)
{
    if ((unsigned)value < CASE_SOURCE_COUNT)
        return case_source_groups[value];
    return CASE_SOURCE_GROUP_COUNT;
}

#define CASE_VOCAB_VALID(vocab, prefix) [CASE_VOCAB_##vocab] = prefix##_valid,
static bool (*const case_vocab_check[CASE_VOCAB_COUNT])(const char *) = {
    CASE_VOCAB_LIST(CASE_VOCAB_VALID)};

bool case_vocab_valid(enum case_vocab vocab, const char *text)
{
    return (unsigned)vocab < CASE_VOCAB_COUNT && case_vocab_check[vocab](text);
}
