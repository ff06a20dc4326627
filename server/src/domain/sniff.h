/* What an uploaded file is, from its first bytes (content sniffing), never from its name or the
 * Content-Type its sender claims. Pure.
 *
 * Accepted: PDF (%PDF-), JPEG (FF D8 FF), PNG (its 8-byte signature), and two ZIP containers told
 * apart by the names of their parts, which a ZIP's local headers carry uncompressed: OFD (the
 * Chinese fixed-layout format: OFD.xml) and DOCX (word/). Anything else (executables, scripts,
 * plain ZIPs, text) is refused. */
#pragma once

#include <stddef.h>

/* The MIME type of head (the file's first len bytes: give at least the first 64 KiB when the
 * file is that long), or NULL when the type is not one accepted. */
const char *sniff_content_type(const unsigned char *head, size_t len);

/* Whether a file name is acceptable for a Content-Disposition: 1 to 255 bytes, no control
 * characters, no path separators, no quotes or backslashes. */
int sniff_filename_ok(const char *name);
