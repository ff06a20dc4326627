/* Case attachments: upload, list, download byte-identical (type and Content-Disposition), type
 * spoofing refused (an executable named .pdf), over-size refused with 413 before anything is
 * stored (by Content-Length and chunked), an ID copy invisible to the front desk, deletion, every
 * upload and download audited, the feed's case.attachment_added, and the server's memory through
 * a large upload. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "events_util.h"
#include "harness.h"

#define CAP (3L << 20) /* MAX_UPLOAD_BYTES here */

static struct harness h;
static char supervisor[128], front_desk[128], reader[128];
static long community_id, case_id;

static int setup(void **state)
{
    (void)state;
    const char *migrate[] = {"migrate", NULL};
    const char *read_key[] = {"admin",    "create-key", "--role",   "integration",
                              "--name",   "reader",     "--center", "WD",
                              "--scopes", "cases:read", NULL};
    if (harness_create_db(&h, "attachments") != 0 || harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "supervisor", "WD", supervisor) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0 ||
        harness_run(&h, reader, sizeof(reader), read_key) != 0)
        return -1;
    reader[strcspn(reader, "\n")] = '\0';
    const char *env[] = {"MAX_UPLOAD_BYTES=3145728", NULL};
    if (harness_start_server(&h, env) != 0)
        return -1;
    community_id = make_community(&h, "att");
    case_id = intake_case(&h, front_desk, community_id, "none");
    return case_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

/* A file of size bytes that starts with magic, the rest pseudo-random (not compressible). */
static char *make_file(const char *magic, size_t magic_len, size_t size)
{
    char *f = malloc(size);
    memcpy(f, magic, magic_len);
    uint32_t x = 2463534242u;
    for (size_t i = magic_len; i < size; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        f[i] = (char)(x & 0xff);
    }
    return f;
}

static long upload(const char *key, const char *kind, const char *name, const char *data,
                   size_t len, const char *extra_header, struct http_result *out)
{
    char path[256], auth[200];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/attachments?kind=%s&filename=%s", case_id, kind,
             name);
    const char *headers[] = {"Content-Type: application/octet-stream", bearer(key, auth),
                             extra_header, NULL};
    struct http_result r;
    assert_int_equal(0, http_call(&h, "POST", path, headers, data, len, &r));
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

static long attachment_rows(void)
{
    char out[32];
    assert_int_equal(0, harness_sql(&h, "SELECT count(*) FROM attachments", out, sizeof(out)));
    return atol(out);
}

static void test_upload_list_download_identical(void **state)
{
    (void)state;
    size_t len = 1500000;
    char *pdf = make_file("%PDF-1.7\n", 9, len);
    struct http_result r;
    /* 调解协议书.pdf, percent-encoded in the query */
    assert_int_equal(201, upload(supervisor, "agreement",
                                 "%E8%B0%83%E8%A7%A3%E5%8D%8F%E8%AE%AE%E4%B9%A6.pdf", pdf, len,
                                 NULL, &r));
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    assert_string_equal("application/pdf",
                        cJSON_GetObjectItem(r.json, "content_type")->valuestring);
    assert_int_equal((long)len, (long)cJSON_GetObjectItem(r.json, "size")->valuedouble);
    assert_string_equal("调解协议书.pdf", cJSON_GetObjectItem(r.json, "filename")->valuestring);
    assert_int_equal(64, strlen(cJSON_GetObjectItem(r.json, "sha256")->valuestring));
    char sha[80];
    snprintf(sha, sizeof(sha), "%s", cJSON_GetObjectItem(r.json, "sha256")->valuestring);
    http_result_cleanup(&r);

    char path[160];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/attachments", case_id);
    assert_int_equal(200, api(&h, "GET", path, front_desk, NULL, &r));
    assert_int_equal(1, cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")));
    http_result_cleanup(&r);

    snprintf(path, sizeof(path), "/api/v1/cases/%ld/attachments/%ld", case_id, id);
    assert_int_equal(200, api(&h, "GET", path, front_desk, NULL, &r));
    assert_int_equal(len, r.body_len);
    assert_memory_equal(pdf, r.body, len);
    char value[256];
    assert_string_equal("application/pdf", http_header(&r, "Content-Type", value, sizeof(value)));
    http_header(&r, "Content-Disposition", value, sizeof(value));
    assert_non_null(strstr(value, "attachment;"));
    assert_non_null(strstr(value, "filename*=UTF-8''%E8%B0%83"));
    http_result_cleanup(&r);
    free(pdf);

    /* the same bytes' SHA-256, computed by PostgreSQL from the stored chunks */
    char sql[256], out[80];
    snprintf(sql, sizeof(sql),
             "SELECT encode(sha256(string_agg(data, ''::bytea ORDER BY seq)), 'hex') FROM "
             "attachment_chunks WHERE attachment_id = %ld",
             id);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_string_equal(sha, out);
    /* audited: one upload, one download; on the feed */
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FILTER (WHERE action = 'attachment.add') || ' ' || count(*) FILTER "
             "(WHERE action = 'attachment.download') FROM case_events WHERE case_id = %ld",
             case_id);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_string_equal("1 1", out);
    assert_int_equal(1, feed_count(&h, case_id, "case.attachment_added"));
}

static void test_types_sniffed_not_named(void **state)
{
    (void)state;
    long before = attachment_rows();
    char *exe = make_file("MZ\x90\x00\x03\x00", 6, 20000);
    assert_int_equal(415, upload(supervisor, "evidence", "scan.pdf", exe, 20000, NULL, NULL));
    free(exe);
    char *elf = make_file("\x7f"
                          "ELF",
                          4, 20000);
    assert_int_equal(415, upload(supervisor, "evidence", "photo.jpg", elf, 20000, NULL, NULL));
    free(elf);
    const char *text = "<html><script>alert(1)</script></html>";
    assert_int_equal(415, upload(supervisor, "evidence", "a.png", text, strlen(text), NULL, NULL));
    assert_int_equal(before, attachment_rows());
    /* a PNG named .pdf is stored as what it is */
    char *png = make_file("\x89PNG\r\n\x1a\n", 8, 5000);
    struct http_result r;
    assert_int_equal(201, upload(supervisor, "evidence", "photo.pdf", png, 5000, NULL, &r));
    assert_string_equal("image/png", cJSON_GetObjectItem(r.json, "content_type")->valuestring);
    http_result_cleanup(&r);
    free(png);
    /* refused fields */
    assert_int_equal(422, upload(supervisor, "selfie", "a.pdf", "%PDF-1", 6, NULL, NULL));
    assert_int_equal(422, upload(supervisor, "evidence", "..%2Fetc", "%PDF-1", 6, NULL, NULL));
    /* no token, or a made-up one: 401 before the body is taken */
    char path[160];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/attachments?kind=evidence&filename=a.pdf",
             case_id);
    const char *none[] = {"Content-Type: application/pdf", NULL};
    assert_int_equal(0, http_call(&h, "POST", path, none, "%PDF-1", 6, &r));
    assert_int_equal(401, r.status);
    http_result_cleanup(&r);
    /* an integration key that only reads may not upload */
    assert_int_equal(403, upload(reader, "evidence", "a.pdf", "%PDF-1", 6, NULL, NULL));
}

static void test_over_size_refused_before_storing(void **state)
{
    (void)state;
    long before = attachment_rows();
    size_t len = (size_t)CAP + 4096;
    char *big = make_file("%PDF-1.7\n", 9, len);
    struct http_result r;
    /* by Content-Length: answered before the body is read */
    assert_int_equal(413, upload(supervisor, "evidence", "big.pdf", big, len, NULL, &r));
    assert_non_null(strstr(r.body, "larger than"));
    http_result_cleanup(&r);
    /* chunked (no length known in advance): refused once past the cap, nothing kept */
    assert_int_equal(413, upload(supervisor, "evidence", "big.pdf", big, len,
                                 "Transfer-Encoding: chunked", NULL));
    assert_int_equal(before, attachment_rows());
    /* exactly the cap is fine */
    assert_int_equal(201, upload(supervisor, "evidence", "cap.pdf", big, (size_t)CAP, NULL, NULL));
    free(big);
}

static void test_id_copy_only_for_those_who_work_the_case(void **state)
{
    (void)state;
    char *jpg = make_file("\xff\xd8\xff\xe0", 4, 30000);
    struct http_result r;
    assert_int_equal(201, upload(supervisor, "id_copy", "id.jpg", jpg, 30000, NULL, &r));
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    free(jpg);
    char path[160];
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/attachments?limit=100", case_id);
    /* not in the front desk's list, nor downloadable by it */
    assert_int_equal(200, api(&h, "GET", path, front_desk, NULL, &r));
    cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(r.json, "items"))
        assert_string_not_equal("id_copy", cJSON_GetObjectItem(item, "kind")->valuestring);
    http_result_cleanup(&r);
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/attachments/%ld", case_id, id);
    assert_int_equal(404, api(&h, "GET", path, front_desk, NULL, NULL));
    assert_int_equal(404, api(&h, "GET", path, reader, NULL, NULL));
    /* the supervisor works the case */
    assert_int_equal(200, api(&h, "GET", path, supervisor, NULL, NULL));
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/attachments?limit=100", case_id);
    assert_int_equal(200, api(&h, "GET", path, supervisor, NULL, &r));
    bool listed = false;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(r.json, "items")) listed =
        listed || strcmp("id_copy", cJSON_GetObjectItem(item, "kind")->valuestring) == 0;
    assert_true(listed);
    http_result_cleanup(&r);
    /* deleted: gone from the list and the download, the deletion audited */
    snprintf(path, sizeof(path), "/api/v1/cases/%ld/attachments/%ld", case_id, id);
    assert_int_equal(404, api(&h, "DELETE", path, front_desk, NULL, NULL));
    assert_int_equal(204, api(&h, "DELETE", path, supervisor, NULL, NULL));
    assert_int_equal(404, api(&h, "GET", path, supervisor, NULL, NULL));
    char sql[200], out[32];
    snprintf(
        sql, sizeof(sql),
        "SELECT count(*) FROM case_events WHERE action = 'attachment.delete' AND case_id = %ld",
        case_id);
    assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    assert_string_equal("1", out);
}

/* An Idempotency-Key: the same file again replays the first answer and stores nothing; another
 * file under the same key is a 422. */
static void test_idempotent_upload(void **state)
{
    (void)state;
    char *pdf = make_file("%PDF-1.4\n", 9, 70000);
    long before = attachment_rows();
    struct http_result a, b;
    const char *key = "Idempotency-Key: upload-once-1";
    assert_int_equal(201, upload(supervisor, "evidence", "once.pdf", pdf, 70000, key, &a));
    assert_int_equal(201, upload(supervisor, "evidence", "once.pdf", pdf, 70000, key, &b));
    char replayed[16];
    assert_string_equal("true", http_header(&b, "Idempotent-Replayed", replayed, sizeof(replayed)));
    assert_int_equal((long)cJSON_GetObjectItem(a.json, "id")->valuedouble,
                     (long)cJSON_GetObjectItem(b.json, "id")->valuedouble);
    http_result_cleanup(&a);
    http_result_cleanup(&b);
    assert_int_equal(before + 1, attachment_rows());
    pdf[100] ^= 1;
    assert_int_equal(422, upload(supervisor, "evidence", "once.pdf", pdf, 70000, key, NULL));
    assert_int_equal(before + 1, attachment_rows());
    free(pdf);
}

static long vm_hwm_kb(void)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/status", (int)h.server_pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

/* Three uploads of the whole cap, one after another: the server's peak resident memory grows by
 * less than one upload's size, since bodies go to a file and into the database by chunks. */
static void test_large_uploads_do_not_take_their_size_in_memory(void **state)
{
    (void)state;
    size_t len = (size_t)CAP;
    char *pdf = make_file("%PDF-1.7\n", 9, len);
    assert_int_equal(201, upload(supervisor, "evidence", "warm.pdf", pdf, len, NULL, NULL));
    long before = vm_hwm_kb();
    for (int i = 0; i < 3; i++)
        assert_int_equal(201, upload(supervisor, "evidence", "scan.pdf", pdf, len, NULL, NULL));
    long after = vm_hwm_kb();
    printf("peak resident memory: %ld kB before, %ld kB after three %zu-byte uploads\n", before,
           after, len);
    assert_true(before > 0);
    assert_true((after - before) * 1024 < (long)len);
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upload_list_download_identical),
        cmocka_unit_test(test_types_sniffed_not_named),
        cmocka_unit_test(test_over_size_refused_before_storing),
        cmocka_unit_test(test_id_copy_only_for_those_who_work_the_case),
        cmocka_unit_test(test_idempotent_upload),
        cmocka_unit_test(test_large_uploads_do_not_take_their_size_in_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
