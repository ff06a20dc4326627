/* Unit tests for domain/sniff.c: the accepted types by their first bytes, refusals whatever the
 * name, and file names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sniff.h"

static const char *sniff_text(const char *head, size_t len)
{
    return sniff_content_type((const unsigned char *)head, len);
}

static void test_accepted_types(void **state)
{
    (void)state;
    assert_string_equal("application/pdf", sniff_text("%PDF-1.7\n%\xe2\xe3", 12));
    assert_string_equal("image/png", sniff_text("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    assert_string_equal("image/jpeg", sniff_text("\xff\xd8\xff\xe0\0\x10JFIF", 10));
    static const char docx[] = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\0\0\0\0\0\0\0\0\0\0\0\0"
                               "\x13\0\0\0[Content_Types].xml....PK\x03\x04word/document.xml";
    assert_string_equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        sniff_text(docx, sizeof(docx) - 1));
    static const char ofd[] = "PK\x03\x04\x14\0\0\0\x08\0\0\0!\0\0\0\0\0\0\0\0\0\0\0\0\0"
                              "\x07\0\0\0OFD.xml";
    assert_string_equal("application/ofd", sniff_text(ofd, sizeof(ofd) - 1));
}

static void test_refused_types(void **state)
{
    (void)state;
    assert_null(sniff_text("MZ\x90\0\x03\0\0\0", 8)); /* a Windows executable */
    assert_null(sniff_text("\x7f"
                           "ELF\x02\x01\x01",
                           7)); /* a Linux one */
    assert_null(sniff_text("#!/bin/sh\nrm -rf /\n", 19));
    assert_null(sniff_text("<html><script>", 14));
    assert_null(sniff_text("PK\x03\x04 just a zip", 16)); /* neither OFD nor DOCX */
    assert_null(sniff_text("%PD", 3));                    /* too short to tell */
    assert_null(sniff_text("", 0));
    assert_null(sniff_text(" %PDF-1.7", 9)); /* the signature must come first */
}

static void test_file_names(void **state)
{
    (void)state;
    assert_true(sniff_filename_ok("调解协议书.pdf"));
    assert_true(sniff_filename_ok("scan 2026-12-01.jpg"));
    assert_false(sniff_filename_ok(""));
    assert_false(sniff_filename_ok(".."));
    assert_false(sniff_filename_ok("../etc/passwd"));
    assert_false(sniff_filename_ok("a\\b.pdf"));
    assert_false(sniff_filename_ok("a\"b.pdf"));
    assert_false(sniff_filename_ok("a\r\nX-Evil: 1"));
    char long_name[300];
    memset(long_name, 'a', 256);
    long_name[256] = '\0';
    assert_false(sniff_filename_ok(long_name));
    long_name[255] = '\0';
    assert_true(sniff_filename_ok(long_name));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_types),
        cmocka_unit_test(test_refused_types),
        cmocka_unit_test(test_file_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
