/* Where webhooks may send (SSRF): the class of an IP address, the classes an operator allows
 * (WEBHOOK_ALLOW_NETS), and the checks of a webhook URL. Pure.
 *
 * Public addresses are always allowed; loopback, private (RFC 1918, CGNAT, unique local),
 * link-local and cloud metadata addresses only when allowed by name; unspecified, multicast,
 * broadcast and reserved ones never. An IPv4 address inside IPv6 (::ffff:a.b.c.d, 64:ff9b::/96)
 * counts as the IPv4 address. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum net_class {
    NET_PUBLIC = 0,
    NET_LOOPBACK,
    NET_PRIVATE,
    NET_LINK_LOCAL,
    NET_METADATA,
    NET_RESERVED,
    NET_CLASS_COUNT
};

/* family 4 (addr: 4 bytes) or 6 (16 bytes). */
enum net_class net_classify(int family, const unsigned char *addr);
/* The class of an address written as text; NET_RESERVED when it is not an IP address. */
enum net_class net_classify_text(const char *text);
/* "public", "loopback", "private", "link_local", "metadata", "reserved". */
const char *net_class_name(enum net_class c);

/* Parses "loopback,private" (comma- or space-separated class names) into allow bits. */
enum status net_policy_parse(const char *text, unsigned *allow, struct error *err);
bool net_allowed(unsigned allow, enum net_class c);

/* Checks a webhook URL: http or https, a host, no user information, at most 2048 characters; a
 * host written as an IP address must be of an allowed class (a name is checked when it is
 * resolved, at every delivery). The reason goes into err (STATUS_INVALID). */
enum status net_url_check(const char *url, unsigned allow, struct error *err);
