/* The client's address behind trusted reverse proxies (TRUSTED_PROXIES and X-Forwarded-For).
 *
 * By default (no trusted proxy) the client is the peer of the TCP connection and X-Forwarded-For
 * is ignored: anyone can write that header. When the peer is one of the trusted proxies, the
 * header is read from its right end (the entry the nearest proxy added) leftwards, skipping
 * addresses that are trusted proxies too; the first other address is the client. An entry that
 * is not an IP address stops the walk, and the last trusted hop is taken as the client, so a
 * forged or garbled header never yields an address of the sender's choosing. Pure. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define CLIENT_ADDR_PROXIES_MAX 32
/* Longest address text (an IPv6 address with an IPv4 tail) and its NUL. */
#define CLIENT_ADDR_TEXT_MAX 46

struct client_addr_net {
    int family; /* 4 or 6 */
    unsigned char addr[16];
    int prefix; /* bits */
};

struct client_addr_proxies {
    size_t count;
    struct client_addr_net nets[CLIENT_ADDR_PROXIES_MAX];
};

/* Parses a comma- or space-separated list of addresses and CIDR blocks ("10.0.0.1, 10.1.0.0/16,
 * ::1"); "" is no proxy. STATUS_INVALID (naming the bad entry in err) otherwise. */
enum status client_addr_proxies_parse(const char *text, struct client_addr_proxies *out,
                                      struct error *err);

/* Whether address (text) lies in one of the proxies' blocks. */
bool client_addr_trusted(const struct client_addr_proxies *proxies, const char *address);

/* The client's address into out (size bytes): peer, or what X-Forwarded-For (xff, may be NULL)
 * says when peer is trusted, as described above. */
void client_addr_resolve(const struct client_addr_proxies *proxies, const char *peer,
                         const char *xff, char *out, size_t size);
