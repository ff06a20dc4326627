/* GET /api/v1/me: who the caller is. */
#include <string.h>

#include "app.h"
#include "handlers.h"

int me_get(struct http_request *req, struct http_response *res, void *app)
{
    (void)app;
    struct api_request *ar = api_request_state(req);
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    cJSON_AddNumberToObject(o, "key_id", (double)ar->who.key_id);
    cJSON_AddStringToObject(o, "name", ar->who.name);
    cJSON_AddStringToObject(o, "role", role_name(ar->who.role));
    if (ar->who.center_id)
        cJSON_AddStringToObject(o, "center", ar->who.center_code);
    else
        cJSON_AddNullToObject(o, "center");
    cJSON *scopes = cJSON_AddArrayToObject(o, "scopes");
    char copy[sizeof(ar->who.scopes)];
    memcpy(copy, ar->who.scopes, sizeof(copy));
    char *save = NULL;
    for (char *s = strtok_r(copy, " ", &save); s; s = strtok_r(NULL, " ", &save))
        cJSON_AddItemToArray(scopes, cJSON_CreateString(s));
    int status = http_response_json(res, 200, o);
    cJSON_Delete(o);
    return status;
}
