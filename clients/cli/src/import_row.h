/* The rows of an import file, turned into intake requests (POST /api/v1/cases). Pure: no I/O.
 *
 * The file's first row names its columns (any order; unknown names are refused, so a typo is
 * caught before anything is sent):
 *   external_id (required), external_system (or the --system default), dispute_type, source,
 *   community_id, summary, claims, occurred_on, risk_level, center, and per party
 *   <role>[N]_<field> with role applicant, respondent or third_party, an optional number N for a
 *   second party of the same role (respondent2_name), and field name, kind (person when empty),
 *   id_number, phone, address. A party is sent when its name is not empty.
 * Empty cells are left out of the request, so the server's defaults and rules apply.
 *
 * Each row's Idempotency-Key is "mctl-import-" and the SHA-256 (hex) of the request body the row
 * makes, so a rerun of the same file replays instead of creating, and an edited row is a new
 * request (which the server then answers with the case already pushed under its external_ref). */
#pragma once

#include <cjson/cJSON.h>
#include <stddef.h>

#define IMPORT_KEY_LEN (12 + 64)

/* Column layout read from the header row. Owned by the caller; import_columns_cleanup frees. */
struct import_columns {
    size_t count;
    char **names; /* count header names, copied */
};

/* Checks the header row (names[0..count)): every name known, none twice, external_id present.
 * 0, or -1 with a message in err. */
int import_columns_init(struct import_columns *cols, char *const *names, size_t count, char *err,
                        size_t err_size);
void import_columns_cleanup(struct import_columns *cols);

/* Builds the intake body of one row (cells[0..count), count must equal the header's) into *body
 * (a new cJSON object the caller deletes) and its key into key (IMPORT_KEY_LEN + 1 bytes), and
 * copies the row's external id into ext_id (ext_id_size bytes, cut if longer). default_system is
 * used when the row has no external_system. 0, or -1 with a message in err (a wrong cell count,
 * an empty external_id, a community_id that is not a whole number, out of memory). */
int import_row_build(const struct import_columns *cols, char *const *cells, size_t count,
                     const char *default_system, cJSON **body, char *key, char *ext_id,
                     size_t ext_id_size, char *err, size_t err_size);
