/* Import rows to intake requests (see import_row.h). */
#include "import_row.h"

#include <errno.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"

static const char *const case_columns[] = {
    "external_id", "external_system", "dispute_type", "source",     "community_id",
    "summary",     "claims",          "occurred_on",  "risk_level", "center",
};
static const char *const party_roles[] = {"applicant", "respondent", "third_party"};
static const char *const party_fields[] = {"name", "kind", "id_number", "phone", "address"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Splits a party column "<role>[N]_<field>": role index, number N (1 when absent), field index.
 * 0 when the name is a party column, -1 otherwise. */
static int party_column(const char *name, size_t *role, unsigned *number, size_t *field)
{
    for (size_t r = 0; r < COUNT(party_roles); r++) {
        size_t rl = strlen(party_roles[r]);
        if (strncmp(name, party_roles[r], rl) != 0)
            continue;
        const char *p = name + rl;
        unsigned n = 1;
        if (*p >= '2' && *p <= '9' && p[1] == '_') {
            n = (unsigned)(*p - '0');
            p++;
        }
        if (*p != '_')
            continue;
        for (size_t f = 0; f < COUNT(party_fields); f++)
            if (strcmp(p + 1, party_fields[f]) == 0) {
                *role = r;
                *number = n;
                *field = f;
                return 0;
            }
    }
    return -1;
}

static int is_case_column(const char *name)
{
    for (size_t i = 0; i < COUNT(case_columns); i++)
        if (strcmp(name, case_columns[i]) == 0)
            return 1;
    return 0;
}

void import_columns_cleanup(struct import_columns *cols)
{
    for (size_t i = 0; cols->names && i < cols->count; i++)
        free(cols->names[i]);
    free(cols->names);
    cols->names = NULL;
    cols->count = 0;
}

int import_columns_init(struct import_columns *cols, char *const *names, size_t count, char *err,
                        size_t err_size)
{
    cols->count = 0;
    cols->names = calloc(count ? count : 1, sizeof(char *));
    if (!cols->names) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    int has_id = 0;
    for (size_t i = 0; i < count; i++) {
        size_t r, f;
        unsigned n;
        if (!is_case_column(names[i]) && party_column(names[i], &r, &n, &f) != 0) {
            snprintf(err, err_size, "unknown column \"%s\" (column %zu)", names[i], i + 1);
            import_columns_cleanup(cols);
            return -1;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0) {
                snprintf(err, err_size, "column \"%s\" appears twice", names[i]);
                import_columns_cleanup(cols);
                return -1;
            }
        has_id |= strcmp(names[i], "external_id") == 0;
        cols->names[i] = strdup(names[i]);
        if (!cols->names[i]) {
            snprintf(err, err_size, "out of memory");
            import_columns_cleanup(cols);
            return -1;
        }
        cols->count = i + 1;
    }
    if (!has_id) {
        snprintf(err, err_size, "the header has no external_id column");
        import_columns_cleanup(cols);
        return -1;
    }
    return 0;
}

static const char *cell(const struct import_columns *cols, char *const *cells, const char *name)
{
    for (size_t i = 0; i < cols->count; i++)
        if (strcmp(cols->names[i], name) == 0)
            return cells[i][0] ? cells[i] : NULL;
    return NULL;
}

/* Adds the parties in a fixed order (role, then number), whatever the column order, so the body
 * (and so the key) depends only on the values. */
static int add_parties(const struct import_columns *cols, char *const *cells, cJSON *body)
{
    cJSON *parties = cJSON_AddArrayToObject(body, "parties");
    if (!parties)
        return -1;
    for (size_t r = 0; r < COUNT(party_roles); r++)
        for (unsigned n = 1; n <= 9; n++) {
            const char *values[COUNT(party_fields)] = {0};
            for (size_t i = 0; i < cols->count; i++) {
                size_t role, field;
                unsigned number;
                if (party_column(cols->names[i], &role, &number, &field) == 0 && role == r &&
                    number == n && cells[i][0])
                    values[field] = cells[i];
            }
            if (!values[0])
                continue;
            cJSON *p = cJSON_CreateObject();
            if (!p || !cJSON_AddItemToArray(parties, p))
                return -1;
            if (!cJSON_AddStringToObject(p, "role", party_roles[r]) ||
                !cJSON_AddStringToObject(p, "kind", values[1] ? values[1] : "person") ||
                !cJSON_AddStringToObject(p, "name", values[0]))
                return -1;
            for (size_t f = 2; f < COUNT(party_fields); f++)
                if (values[f] && !cJSON_AddStringToObject(p, party_fields[f], values[f]))
                    return -1;
        }
    return 0;
}

static int add_text(cJSON *body, const char *name, const char *value)
{
    return !value || cJSON_AddStringToObject(body, name, value) ? 0 : -1;
}

int import_row_build(const struct import_columns *cols, char *const *cells, size_t count,
                     const char *default_system, cJSON **body_out, char *key, char *ext_id,
                     size_t ext_id_size, char *err, size_t err_size)
{
    *body_out = NULL;
    if (count != cols->count) {
        snprintf(err, err_size, "%zu cells where the header has %zu", count, cols->count);
        return -1;
    }
    const char *id = cell(cols, cells, "external_id");
    snprintf(ext_id, ext_id_size, "%s", id ? id : "");
    if (!id) {
        snprintf(err, err_size, "external_id is empty");
        return -1;
    }
    const char *system = cell(cols, cells, "external_system");
    if (!system)
        system = default_system;
    const char *community = cell(cols, cells, "community_id");
    long long community_id = 0;
    if (community) {
        char *end;
        errno = 0;
        community_id = strtoll(community, &end, 10);
        if (errno || *end || end == community || community_id < 1) {
            snprintf(err, err_size, "community_id \"%s\" is not a positive whole number",
                     community);
            return -1;
        }
    }
    cJSON *body = cJSON_CreateObject();
    int rc = body ? 0 : -1;
    static const char *const texts[] = {"dispute_type", "source"};
    for (size_t i = 0; rc == 0 && i < COUNT(texts); i++)
        rc = add_text(body, texts[i], cell(cols, cells, texts[i]));
    if (rc == 0 && community &&
        !cJSON_AddNumberToObject(body, "community_id", (double)community_id))
        rc = -1;
    static const char *const more[] = {"summary", "claims", "occurred_on", "risk_level", "center"};
    for (size_t i = 0; rc == 0 && i < COUNT(more); i++)
        rc = add_text(body, more[i], cell(cols, cells, more[i]));
    if (rc == 0)
        rc = add_parties(cols, cells, body);
    cJSON *ref = rc == 0 ? cJSON_AddObjectToObject(body, "external_ref") : NULL;
    if (!ref || !cJSON_AddStringToObject(ref, "system", system) ||
        !cJSON_AddStringToObject(ref, "id", id))
        rc = -1;
    char *text = rc == 0 ? cJSON_PrintUnformatted(body) : NULL;
    if (!text) {
        cJSON_Delete(body);
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)text, strlen(text), digest);
    free(text);
    memcpy(key, "mctl-import-", 12);
    encode_hex(digest, sizeof(digest), key + 12);
    *body_out = body;
    return 0;
}
