/* GET /api/v1/me: who the caller is. */
#include "app.h"
#include "handlers.h"
#include "output.h"
#include "views.h"

int me_get(struct http_request *req, struct http_response *res, void *app)
{
    (void)app;
    cJSON *o = view_caller(api_caller(req));
    if (!o)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    return output_json(res, 200, o);
}
