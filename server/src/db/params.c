/* Statement parameters built in order (params.h). */
#include "params.h"

#include <stdio.h>

void db_params_init(struct db_params *p)
{
    p->count = 0;
    p->overflow = false;
}

/* The next slot, in text format; -1 when full. */
static int next(struct db_params *p)
{
    if (p->count >= DB_PARAMS_MAX) {
        p->overflow = true;
        return -1;
    }
    p->lengths[p->count] = 0;
    p->formats[p->count] = 0;
    return p->count++;
}

void db_param_text(struct db_params *p, const char *text)
{
    int i = next(p);
    if (i >= 0)
        p->values[i] = text;
}

void db_param_texts(struct db_params *p, const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        db_param_text(p, texts[i]);
}

void db_param_int(struct db_params *p, long long value)
{
    int i = next(p);
    if (i >= 0) {
        snprintf(p->ints[i], sizeof(p->ints[i]), "%lld", value);
        p->values[i] = p->ints[i];
    }
}

void db_param_id(struct db_params *p, long long value)
{
    if (value)
        db_param_int(p, value);
    else
        db_param_text(p, NULL);
}

void db_param_bool(struct db_params *p, int value)
{
    db_param_text(p, value < 0 ? NULL : value ? "true" : "false");
}

void db_param_bytes(struct db_params *p, const void *data, size_t len)
{
    int i = next(p);
    if (i >= 0) {
        p->values[i] = data;
        p->lengths[i] = (int)len;
        p->formats[i] = 1;
    }
}

void db_param_actor(struct db_params *p, const struct db_actor *actor)
{
    db_param_id(p, actor->key_id);
    db_param_id(p, actor->user_id);
    db_param_text(p, actor->name);
    db_param_text(p, actor->request_id);
}

enum status db_exec_params(struct db_conn *conn, enum sql_id id, const struct db_params *p,
                           PGresult **out, struct error *err)
{
    *out = NULL;
    if (p->overflow)
        return error_set(err, STATUS_INTERNAL, "too many parameters for one statement");
    return db_exec(conn, id, p->count, p->values, p->lengths, p->formats, out, err);
}
