/* Who made a change, for the audit event written in the same transaction as the change. */
#pragma once

struct db_actor {
    long key_id;  /* 0 when the change came through a login session */
    long user_id; /* 0 when it came through an API key */
    const char *name;
    const char *request_id;
};
