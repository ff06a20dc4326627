/* Audit payloads: cJSON in, arena text out. */
#include "audit.h"

const char *audit_json(struct arena *arena, cJSON *o)
{
    if (!o)
        return NULL;
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    const char *copy = text ? arena_strdup(arena, text) : NULL;
    cJSON_free(text);
    return copy;
}

const char *audit_body(struct arena *arena, const cJSON *body)
{
    char *text = cJSON_PrintUnformatted(body);
    const char *copy = text ? arena_strdup(arena, text) : NULL;
    cJSON_free(text);
    return copy;
}

void audit_add_text(cJSON *o, const char *name, const char *value)
{
    if (value)
        cJSON_AddStringToObject(o, name, value);
    else
        cJSON_AddNullToObject(o, name);
}

cJSON *audit_parties_shown(size_t party_count)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *fields = o ? cJSON_AddArrayToObject(o, "fields") : NULL;
    if (!fields) {
        cJSON_Delete(o);
        return NULL;
    }
    static const char *const names[] = {"id_number", "phone", "address"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        cJSON_AddItemToArray(fields, cJSON_CreateString(names[i]));
    cJSON_AddNumberToObject(o, "parties", (double)party_count);
    return o;
}
