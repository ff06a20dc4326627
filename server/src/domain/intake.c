/* The intake rules of intake.h: parties' identity numbers and phones, the parties a case needs,
 * external references, the search text. */
#include "intake.h"

#include "account.h"

#include <stdio.h>
#include <string.h>

const char *intake_party_id_number(enum party_kind kind, const char *text,
                                   char out[INTAKE_ID_NUMBER_MAX])
{
    if (kind == PARTY_KIND_PERSON)
        return identity_resident_id_normalize(text, out) && identity_resident_id_valid(out)
                   ? NULL
                   : "is not a valid resident ID number (GB 11643)";
    return identity_uscc_normalize(text, out) && identity_uscc_valid(out)
               ? NULL
               : "is not a valid unified social credit code (GB 32100)";
}

const char *intake_party_phone(const char *text, char out[IDENTITY_PHONE_MAX])
{
    return identity_mobile_normalize(text, out) || identity_phone_normalize(text, out)
               ? NULL
               : "is not a mainland mobile or fixed-line number";
}

#define STRINGIFY(x) #x
#define NUMBER_TEXT(x) STRINGIFY(x)

const char *intake_parties_problem(size_t count, size_t applicants)
{
    if (count < 1 || count > CASE_PARTIES_MAX)
        return "must be an array of 1 to " NUMBER_TEXT(CASE_PARTIES_MAX) " parties";
    return applicants ? NULL : "must include at least one applicant";
}

bool intake_external_system_valid(const char *system)
{
    return account_slug_valid(system, 1, 64);
}

bool intake_external_id_valid(const char *id)
{
    size_t len = strlen(id);
    return len >= 1 && len <= 128;
}

size_t intake_search_text(const char *summary, const char *claims, const char *const *names,
                          size_t name_count, char *out, size_t size)
{
    int n = snprintf(out, size, "%s %s", summary ? summary : "", claims ? claims : "");
    size_t len = n > 0 ? (size_t)n : 0;
    for (size_t i = 0; i < name_count; i++) {
        const char *name = names[i] ? names[i] : "";
        size_t room = len < size ? size - len : 0;
        n = snprintf(room ? out + len : NULL, room, " %s", name);
        len += n > 0 ? (size_t)n : 0;
    }
    return len;
}
