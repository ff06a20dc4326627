/* GET /api/v1/me: who the caller is. */
#include "app.h"
#include "handlers.h"
#include "output.h"

int me_get(struct http_request *req, struct http_response *res, void *app)
{
    (void)app;
    const struct principal *who = api_caller(req);
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    cJSON_AddStringToObject(o, "kind", who->kind == PRINCIPAL_SESSION ? "session" : "api_key");
    if (who->kind == PRINCIPAL_SESSION) {
        cJSON_AddNullToObject(o, "key_id");
        cJSON_AddNumberToObject(o, "user_id", (double)who->user_id);
    } else {
        cJSON_AddNumberToObject(o, "key_id", (double)who->key_id);
        cJSON_AddNullToObject(o, "user_id");
    }
    cJSON_AddStringToObject(o, "name", who->name);
    cJSON_AddStringToObject(o, "role", role_name(who->role));
    if (who->center_id)
        cJSON_AddStringToObject(o, "center", who->center_code);
    else
        cJSON_AddNullToObject(o, "center");
    cJSON *scopes = cJSON_AddArrayToObject(o, "scopes");
    for (int i = 0; i < SCOPE_COUNT; i++)
        if (who->scopes & (1u << i))
            cJSON_AddItemToArray(scopes, cJSON_CreateString(scope_name((enum scope)(1u << i))));
    return output_json(res, 200, o);
}
