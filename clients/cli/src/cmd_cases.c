/* mediationctl cases …: register, list, show and move cases through the status machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define OPT_IDEMPOTENCY_KEY                                                                        \
    {                                                                                              \
        "idempotency-key", "KEY", "send this key (default: a new random one per command)", 0       \
    }
#define OPT_IF_MATCH                                                                               \
    {                                                                                              \
        "if-match", "ETAG", "only if the case is still at this version (\"42-3\")", 0              \
    }

/* One line about a case after a change: what a person wants to see. */
static const char *const brief_fields[] = {"id",          "case_no", "status", "version",
                                           "mediator_id", "due_at",  "outcome"};

static int print_case_brief(struct cli *cli, const cJSON *c)
{
    if (cli->output == OUTPUT_JSON)
        return cli_print_json(c);
    struct table *t = table_new(COUNT(brief_fields), brief_fields);
    if (!t)
        return EXIT_FAILURE_;
    char v[COUNT(brief_fields)][256];
    const char *row[COUNT(brief_fields)];
    for (size_t i = 0; i < COUNT(brief_fields); i++)
        row[i] = cli_field(c, brief_fields[i], v[i], sizeof(v[i]));
    int rc = table_add_row(t, row) == 0 ? cli_print_table(cli, t) : EXIT_FAILURE_;
    table_free(t);
    return rc;
}

/* POST /api/v1/cases/{ref}/{action} with body (consumed) and prints the case. */
static int case_action(struct cli *cli, const struct opts *o, const char *action, cJSON *body)
{
    char ref[256], path[512];
    if (cli_case_ref(o->args[0], ref, sizeof(ref)) != 0) {
        cJSON_Delete(body);
        fprintf(stderr, "error: give a case id or number\n");
        return EXIT_USAGE;
    }
    snprintf(path, sizeof(path), "/api/v1/cases/%s/%s", ref, action);
    char *json = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    struct api_response res;
    int rc = cli_call(cli, "POST", path, json ? json : "{}", opts_get(o, "idempotency-key"),
                      opts_get(o, "if-match"), &res);
    free(json);
    cJSON *c = rc == EXIT_OK ? cli_json(&res) : NULL;
    if (rc == EXIT_OK)
        rc = c ? print_case_brief(cli, c) : EXIT_FAILURE_;
    cJSON_Delete(c);
    api_response_cleanup(&res);
    return rc;
}

static void add_opt_string(cJSON *body, const struct opts *o, const char *opt, const char *field)
{
    const char *v = opts_get(o, opt);
    if (v)
        cJSON_AddStringToObject(body, field, v);
}

/* A whole-number option into the body; -1 (message printed) when it is not one. */
static int add_opt_int(cJSON *body, const struct opts *o, const char *opt, const char *field)
{
    const char *v = opts_get(o, opt);
    if (!v)
        return 0;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (*v == '\0' || *end != '\0') {
        fprintf(stderr, "error: --%s must be a whole number\n", opt);
        return -1;
    }
    cJSON_AddNumberToObject(body, field, (double)n);
    return 0;
}

/* ---- create ---- */

static const struct opt_spec create_opts[] = {
    {"file", "FILE", "the request body as JSON (- for stdin); the options below override it", 0},
    {"dispute-type", "TYPE", "neighbor, marriage_family, contract, labor, … (see docs/api.md)", 0},
    {"source", "SOURCE", "party_application, hotline, police_referral, …", 0},
    {"community", "ID", "the community's id", 0},
    {"summary", "TEXT", "what the dispute is about", 0},
    {"claims", "TEXT", "what the applicant asks for", 0},
    {"occurred-on", "DATE", "YYYY-MM-DD", 0},
    {"risk", "LEVEL", "none, yellow, orange or red", 0},
    {"center", "CODE", "the center (city-level callers)", 0},
    {"party", "ROLE:NAME[:ID_NUMBER[:PHONE]]", "a person: applicant, respondent or third_party",
     OPT_MULTI},
    {"external-system", "SYSTEM", "the pushing system (with --external-id)", 0},
    {"external-id", "ID", "the case's id in that system", 0},
    {"idempotency-key", "KEY", "send this key (default: a new random one)", 0},
    {NULL, NULL, NULL, 0},
};

static int add_party(cJSON *parties, const char *spec)
{
    char copy[1024];
    snprintf(copy, sizeof(copy), "%s", spec);
    char *fields[4] = {0};
    size_t n = 0;
    for (char *p = copy; n < 4;) {
        fields[n++] = p;
        char *colon = n < 4 ? strchr(p, ':') : NULL;
        if (!colon)
            break;
        *colon = '\0';
        p = colon + 1;
    }
    if (n < 2 || !*fields[0] || !*fields[1]) {
        fprintf(stderr, "error: --party wants ROLE:NAME[:ID_NUMBER[:PHONE]], not %s\n", spec);
        return -1;
    }
    cJSON *p = cJSON_CreateObject();
    cJSON_AddItemToArray(parties, p);
    cJSON_AddStringToObject(p, "role", fields[0]);
    cJSON_AddStringToObject(p, "kind", "person");
    cJSON_AddStringToObject(p, "name", fields[1]);
    if (n > 2 && *fields[2])
        cJSON_AddStringToObject(p, "id_number", fields[2]);
    if (n > 3 && *fields[3])
        cJSON_AddStringToObject(p, "phone", fields[3]);
    return 0;
}

static void set_string(cJSON *body, const struct opts *o, const char *opt, const char *field)
{
    const char *v = opts_get(o, opt);
    if (!v)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(body, field);
    cJSON_AddStringToObject(body, field, v);
}

static int run_create(struct cli *cli, const struct opts *o)
{
    cJSON *body = NULL;
    const char *file = opts_get(o, "file");
    if (file) {
        struct buf text;
        buf_init(&text, 1u << 20);
        if (cli_read_file(file, &text) != 0) {
            buf_cleanup(&text);
            return EXIT_USAGE;
        }
        body = cJSON_ParseWithLength(buf_str(&text), text.len);
        buf_cleanup(&text);
        if (!cJSON_IsObject(body)) {
            cJSON_Delete(body);
            fprintf(stderr, "error: %s does not hold a JSON object\n", file);
            return EXIT_USAGE;
        }
    } else {
        body = cJSON_CreateObject();
    }
    static const char *const texts[][2] = {
        {"dispute-type", "dispute_type"},
        {"source", "source"},
        {"summary", "summary"},
        {"claims", "claims"},
        {"occurred-on", "occurred_on"},
        {"risk", "risk_level"},
        {"center", "center"},
    };
    for (size_t i = 0; i < COUNT(texts); i++)
        set_string(body, o, texts[i][0], texts[i][1]);
    int rc = EXIT_OK;
    if (opts_get(o, "community")) {
        cJSON_DeleteItemFromObjectCaseSensitive(body, "community_id");
        if (add_opt_int(body, o, "community", "community_id") != 0)
            rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && opts_get(o, "party")) {
        cJSON_DeleteItemFromObjectCaseSensitive(body, "parties");
        cJSON *parties = cJSON_AddArrayToObject(body, "parties");
        for (size_t i = 0; rc == EXIT_OK && opts_nth(o, "party", i); i++)
            if (add_party(parties, opts_nth(o, "party", i)) != 0)
                rc = EXIT_USAGE;
    }
    const char *sys = opts_get(o, "external-system"), *eid = opts_get(o, "external-id");
    if (rc == EXIT_OK && (sys || eid)) {
        if (!sys || !eid) {
            fprintf(stderr, "error: --external-system and --external-id go together\n");
            rc = EXIT_USAGE;
        } else {
            cJSON_DeleteItemFromObjectCaseSensitive(body, "external_ref");
            cJSON *ref = cJSON_AddObjectToObject(body, "external_ref");
            cJSON_AddStringToObject(ref, "system", sys);
            cJSON_AddStringToObject(ref, "id", eid);
        }
    }
    char *json = rc == EXIT_OK ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    if (rc != EXIT_OK || !json) {
        free(json);
        return rc != EXIT_OK ? rc : EXIT_FAILURE_;
    }
    struct api_response res;
    rc = cli_call(cli, "POST", "/api/v1/cases", json, opts_get(o, "idempotency-key"), NULL, &res);
    free(json);
    cJSON *c = rc == EXIT_OK ? cli_json(&res) : NULL;
    if (rc == EXIT_OK && !c)
        rc = EXIT_FAILURE_;
    if (c) {
        rc = print_case_brief(cli, c);
        const cJSON *dups = cJSON_GetObjectItemCaseSensitive(c, "possible_duplicates");
        if (cli->output != OUTPUT_JSON && cJSON_GetArraySize(dups) > 0)
            fprintf(stderr, "note: %d possible duplicate(s) among open cases (--json lists them)\n",
                    cJSON_GetArraySize(dups));
        if (cli->output != OUTPUT_JSON && res.status == 200)
            fprintf(stderr, "note: this external_ref was pushed before; that case is shown\n");
    }
    cJSON_Delete(c);
    api_response_cleanup(&res);
    return rc;
}

/* ---- list ---- */

static const struct opt_spec list_opts[] = {
    {"status", "STATUS", "received, accepted, declined, assigned, in_mediation, closed", 0},
    {"dispute-type", "TYPE", "one dispute type", 0},
    {"source", "SOURCE", "one source", 0},
    {"risk", "LEVEL", "none, yellow, orange, red", 0},
    {"mediator", "ID", "cases of this mediator", 0},
    {"community", "ID", "cases of this community", 0},
    {"overdue", NULL, "only cases past their deadline", 0},
    {"due-soon", NULL, "only cases due within 3 days", 0},
    {"received-from", "DATE", "received on or after (YYYY-MM-DD)", 0},
    {"received-to", "DATE", "received on or before (YYYY-MM-DD)", 0},
    {"external-system", "SYSTEM", "pushed by this system", 0},
    {"external-id", "ID", "with this external id", 0},
    {"q", "TEXT", "text in summary, claims or party names (漏水, 张三)", 0},
    {"sort", "ORDER", "received (newest first, default) or due", 0},
    {"limit", "N", "cases per page (1-100)", 0},
    {"cursor", "CURSOR", "continue from a next_cursor", 0},
    {"all", NULL, "follow next_cursor to the last page", 0},
    {NULL, NULL, NULL, 0},
};

static const char *const list_query[][2] = {
    {"status", "status"},
    {"dispute_type", "dispute-type"},
    {"source", "source"},
    {"risk_level", "risk"},
    {"mediator_id", "mediator"},
    {"community_id", "community"},
    {"overdue", "overdue"},
    {"due_soon", "due-soon"},
    {"received_from", "received-from"},
    {"received_to", "received-to"},
    {"external_system", "external-system"},
    {"external_id", "external-id"},
    {"q", "q"},
    {"sort", "sort"},
    {"limit", "limit"},
    {NULL, NULL},
};

static int run_list(struct cli *cli, const struct opts *o)
{
    struct buf path;
    buf_init(&path, 8192);
    int rc = cli_query_from_opts(&path, "/api/v1/cases", o, list_query) == 0 ? EXIT_OK : EXIT_USAGE;
    static const char *const fields[] = {
        "id",           "case_no",     "status",      "risk_level", "dispute_type",
        "community_id", "mediator_id", "received_at", "due_at",     "summary"};
    static const char *const heads[] = {"id",        "case_no",  "status",   "risk", "type",
                                        "community", "mediator", "received", "due",  "summary"};
    static const size_t widths[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 40};
    if (rc == EXIT_OK)
        rc = cli_print_list(cli, buf_str(&path), o, fields, heads, COUNT(fields), widths);
    buf_cleanup(&path);
    return rc;
}

/* ---- show ---- */

static const char *const show_fields[] = {
    "id",
    "case_no",
    "status",
    "version",
    "center",
    "dispute_type",
    "source",
    "community_id",
    "risk_level",
    "summary",
    "claims",
    "occurred_on",
    "channel",
    "mediator_id",
    "received_at",
    "accepted_at",
    "assigned_at",
    "due_at",
    "overdue",
    "paused_at",
    "closed_at",
    "outcome",
    "outcome_note",
    "referred_to",
    "decline_reason",
    "agreement.amount",
    "agreement.form",
    "agreement.signed_at",
    "agreement.terms",
    "external_ref.system",
    "external_ref.id",
    "pii_masked",
};

static int run_show(struct cli *cli, const struct opts *o)
{
    char ref[256], path[512];
    if (cli_case_ref(o->args[0], ref, sizeof(ref)) != 0)
        return EXIT_USAGE;
    snprintf(path, sizeof(path), "/api/v1/cases/%s", ref);
    struct api_response res;
    int rc = cli_call(cli, "GET", path, NULL, NULL, NULL, &res);
    cJSON *c = rc == EXIT_OK ? cli_json(&res) : NULL;
    if (rc == EXIT_OK && !c)
        rc = EXIT_FAILURE_;
    if (c && cli->output == OUTPUT_JSON) {
        rc = cli_print_json(c);
    } else if (c) {
        const char *head[] = {"field", "value"};
        struct table *t = table_new(2, head);
        if (!t)
            rc = EXIT_FAILURE_;
        for (size_t i = 0; t && i < COUNT(show_fields); i++) {
            char v[8192];
            const char *row[] = {show_fields[i], cli_field(c, show_fields[i], v, sizeof(v))};
            if (*row[1] && table_add_row(t, row) != 0)
                rc = EXIT_FAILURE_;
        }
        table_set_max_width(t, 1, 80);
        if (rc == EXIT_OK && cli->output == OUTPUT_TABLE)
            rc = cli_print_table(cli, t);
        table_free(t);
        /* the parties, as a second table (the only one in CSV) */
        static const char *const pf[] = {"id",        "role",  "kind",   "name",
                                         "id_number", "phone", "address"};
        struct table *p = rc == EXIT_OK ? table_new(COUNT(pf), pf) : NULL;
        const cJSON *party;
        cJSON_ArrayForEach(party, (p ? cJSON_GetObjectItemCaseSensitive(c, "parties") : NULL))
        {
            char v[COUNT(pf)][512];
            const char *row[COUNT(pf)];
            for (size_t i = 0; i < COUNT(pf); i++)
                row[i] = cli_field(party, pf[i], v[i], sizeof(v[i]));
            table_add_row(p, row);
        }
        if (p) {
            if (cli->output == OUTPUT_TABLE)
                printf("\nparties:\n");
            rc = cli_print_table(cli, p);
        }
        table_free(p);
    }
    cJSON_Delete(c);
    api_response_cleanup(&res);
    return rc;
}

/* ---- actions ---- */

static const struct opt_spec plain_write_opts[] = {
    OPT_IDEMPOTENCY_KEY,
    OPT_IF_MATCH,
    {NULL, NULL, NULL, 0},
};

static int run_accept(struct cli *cli, const struct opts *o)
{
    return case_action(cli, o, "accept", cJSON_CreateObject());
}

static const struct opt_spec decline_opts[] = {
    {"reason", "TEXT", "why the case is not filed (required)", 0},
    {"referral-advice", "TEXT", "where the parties can turn instead", 0},
    OPT_IDEMPOTENCY_KEY,
    OPT_IF_MATCH,
    {NULL, NULL, NULL, 0},
};

static int run_decline(struct cli *cli, const struct opts *o)
{
    cJSON *b = cJSON_CreateObject();
    add_opt_string(b, o, "reason", "reason");
    add_opt_string(b, o, "referral-advice", "referral_advice");
    return case_action(cli, o, "decline", b);
}

static const struct opt_spec assign_opts[] = {
    {"mediator", "ID", "the mediator's id (required)", 0},
    {"reason", "TEXT", "why (required to reassign)", 0},
    OPT_IDEMPOTENCY_KEY,
    OPT_IF_MATCH,
    {NULL, NULL, NULL, 0},
};

static int run_assign(struct cli *cli, const struct opts *o)
{
    cJSON *b = cJSON_CreateObject();
    if (add_opt_int(b, o, "mediator", "mediator_id") != 0) {
        cJSON_Delete(b);
        return EXIT_USAGE;
    }
    add_opt_string(b, o, "reason", "reason");
    return case_action(cli, o, "assign", b);
}

static const struct opt_spec session_opts[] = {
    {"held-at", "TIME", "when, RFC 3339 (2026-11-30T09:00:00+08:00)", 0},
    {"kind", "KIND", "in_person, phone or video", 0},
    {"participants", "TEXT", "who took part", 0},
    {"notes", "TEXT", "what happened", 0},
    OPT_IDEMPOTENCY_KEY,
    OPT_IF_MATCH,
    {NULL, NULL, NULL, 0},
};

static int run_session(struct cli *cli, const struct opts *o)
{
    cJSON *b = cJSON_CreateObject();
    add_opt_string(b, o, "held-at", "held_at");
    add_opt_string(b, o, "kind", "kind");
    add_opt_string(b, o, "participants", "participants");
    add_opt_string(b, o, "notes", "notes");
    return case_action(cli, o, "sessions", b);
}

static const struct opt_spec close_opts[] = {
    {"outcome", "OUTCOME", "resolved, failed, terminated, withdrawn or referred", 0},
    {"note", "TEXT", "a note on the outcome", 0},
    {"amount", "YUAN", "agreement amount (resolved), e.g. 2500.00", 0},
    {"form", "FORM", "agreement form: written or oral", 0},
    {"signed-at", "DATE", "agreement date, YYYY-MM-DD", 0},
    {"terms", "TEXT", "agreement terms", 0},
    {"performance-method", "TEXT", "how the agreement is to be performed", 0},
    {"perform-by", "DATE", "by when, YYYY-MM-DD", 0},
    {"referred-to", "TEXT", "where a referred case goes", 0},
    {"prevented-escalation", NULL, "the mediation prevented a criminal escalation (防止民转刑)", 0},
    {"prevented-mass-petition", NULL, "the mediation prevented a mass petition", 0},
    OPT_IDEMPOTENCY_KEY,
    OPT_IF_MATCH,
    {NULL, NULL, NULL, 0},
};

static int run_close(struct cli *cli, const struct opts *o)
{
    cJSON *b = cJSON_CreateObject();
    add_opt_string(b, o, "outcome", "outcome");
    add_opt_string(b, o, "note", "note");
    add_opt_string(b, o, "referred-to", "referred_to");
    if (opts_flag(o, "prevented-escalation"))
        cJSON_AddTrueToObject(b, "prevented_escalation");
    if (opts_flag(o, "prevented-mass-petition"))
        cJSON_AddTrueToObject(b, "prevented_mass_petition");
    static const char *const agreement[][2] = {
        {"amount", "amount"},
        {"form", "form"},
        {"signed-at", "signed_at"},
        {"terms", "terms"},
        {"performance-method", "performance_method"},
        {"perform-by", "perform_by"},
    };
    cJSON *a = NULL;
    for (size_t i = 0; i < COUNT(agreement); i++)
        if (opts_get(o, agreement[i][0])) {
            if (!a)
                a = cJSON_AddObjectToObject(b, "agreement");
            add_opt_string(a, o, agreement[i][0], agreement[i][1]);
        }
    return case_action(cli, o, "close", b);
}

static const struct opt_spec follow_up_opts[] = {
    {"return-visit-at", "TIME", "when the return visit took place, RFC 3339", 0},
    {"return-visit-note", "TEXT", "what it found", 0},
    {"performance", "STATE", "fulfilled, partial or breached", 0},
    {"judicial-confirmation", NULL, "the parties obtained judicial confirmation", 0},
    OPT_IDEMPOTENCY_KEY,
    OPT_IF_MATCH,
    {NULL, NULL, NULL, 0},
};

static int run_follow_up(struct cli *cli, const struct opts *o)
{
    cJSON *b = cJSON_CreateObject();
    add_opt_string(b, o, "return-visit-at", "return_visit_at");
    add_opt_string(b, o, "return-visit-note", "return_visit_note");
    add_opt_string(b, o, "performance", "performance");
    if (opts_flag(o, "judicial-confirmation"))
        cJSON_AddTrueToObject(b, "judicial_confirmation");
    return case_action(cli, o, "follow-up", b);
}

/* ---- events ---- */

static const struct opt_spec events_opts[] = {
    {"limit", "N", "events per page (1-500)", 0},
    {"cursor", "CURSOR", "continue from a next_cursor", 0},
    {"all", NULL, "follow next_cursor to the last page", 0},
    {NULL, NULL, NULL, 0},
};

static int run_events(struct cli *cli, const struct opts *o)
{
    char ref[256];
    if (cli_case_ref(o->args[0], ref, sizeof(ref)) != 0)
        return EXIT_USAGE;
    struct buf path;
    buf_init(&path, 2048);
    buf_printf(&path, "/api/v1/cases/%s/events", ref);
    int rc = api_query_add(&path, "limit", opts_get(o, "limit")) == 0 ? EXIT_OK : EXIT_USAGE;
    static const char *const fields[] = {"id",          "at",        "actor", "action",
                                         "from_status", "to_status", "reason"};
    static const char *const heads[] = {"id", "at", "actor", "action", "from", "to", "reason"};
    static const size_t widths[] = {0, 0, 24, 0, 0, 0, 40};
    if (rc == EXIT_OK)
        rc = cli_print_list(cli, buf_str(&path), o, fields, heads, COUNT(fields), widths);
    buf_cleanup(&path);
    return rc;
}

const struct command case_commands[] = {
    {"cases", "create", "", "register a dispute and its parties (POST /api/v1/cases)",
     "Builds the body from --file and the options, e.g.\n"
     "  mediationctl cases create --dispute-type neighbor --source party_application \\\n"
     "    --community 1 --summary 楼上漏水 --party applicant:张三:410102199001011234 \\\n"
     "    --party respondent:李四\n"
     "A retry after a lost answer resends the same Idempotency-Key, so it never makes two cases.",
     create_opts, 0, 0, true, run_create},
    {"cases", "list", "", "list and search cases (filters, pages)", NULL, list_opts, 0, 0, true,
     run_list},
    {"cases", "show", "CASE", "one case and its parties (CASE: id or number WD-2026-000042)", NULL,
     NULL, 1, 1, true, run_show},
    {"cases", "accept", "CASE", "received → accepted (受理), deadline set", NULL, plain_write_opts,
     1, 1, true, run_accept},
    {"cases", "decline", "CASE", "received → declined (不予受理)", NULL, decline_opts, 1, 1, true,
     run_decline},
    {"cases", "assign", "CASE", "accepted → assigned, or reassign (with --reason)", NULL,
     assign_opts, 1, 1, true, run_assign},
    {"cases", "session", "CASE", "log a mediation session → in_mediation", NULL, session_opts, 1, 1,
     true, run_session},
    {"cases", "close", "CASE", "close with an outcome (and the agreement when resolved)", NULL,
     close_opts, 1, 1, true, run_close},
    {"cases", "follow-up", "CASE", "record the return visit, performance, judicial confirmation",
     NULL, follow_up_opts, 1, 1, true, run_follow_up},
    {"cases", "events", "CASE", "the case's audit trail, oldest first", NULL, events_opts, 1, 1,
     true, run_events},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, false, NULL},
};
