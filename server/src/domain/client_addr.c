/* The client's address behind trusted proxies: see client_addr.h. */
#include "client_addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses one address (no prefix) into net with a full-length prefix. */
static bool parse_address(const char *text, struct client_addr_net *net)
{
    memset(net, 0, sizeof(*net));
    if (inet_pton(AF_INET, text, net->addr) == 1) {
        net->family = 4;
        net->prefix = 32;
        return true;
    }
    if (inet_pton(AF_INET6, text, net->addr) == 1) {
        net->family = 6;
        net->prefix = 128;
        return true;
    }
    return false;
}

static bool parse_net(const char *text, struct client_addr_net *net)
{
    char addr[64];
    const char *slash = strchr(text, '/');
    size_t len = slash ? (size_t)(slash - text) : strlen(text);
    if (len == 0 || len >= sizeof(addr))
        return false;
    memcpy(addr, text, len);
    addr[len] = '\0';
    if (!parse_address(addr, net))
        return false;
    if (!slash)
        return true;
    const char *digits = slash + 1;
    if (!*digits || strlen(digits) > 3)
        return false;
    int prefix = 0;
    for (const char *p = digits; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        prefix = prefix * 10 + (*p - '0');
    }
    if (prefix > net->prefix)
        return false;
    net->prefix = prefix;
    return true;
}

enum status client_addr_proxies_parse(const char *text, struct client_addr_proxies *out,
                                      struct error *err)
{
    memset(out, 0, sizeof(*out));
    const char *p = text ? text : "";
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, ", \t");
        char entry[64];
        if (len >= sizeof(entry))
            return error_set(err, STATUS_INVALID, "%.40s... is not an address or CIDR block", p);
        memcpy(entry, p, len);
        entry[len] = '\0';
        if (out->count == CLIENT_ADDR_PROXIES_MAX)
            return error_set(err, STATUS_INVALID, "more than %d trusted proxies",
                             CLIENT_ADDR_PROXIES_MAX);
        if (!parse_net(entry, &out->nets[out->count]))
            return error_set(err, STATUS_INVALID, "%s is not an address or CIDR block", entry);
        out->count++;
        p += len;
    }
    return STATUS_OK;
}

static bool in_net(const struct client_addr_net *net, const struct client_addr_net *a)
{
    if (net->family != a->family)
        return false;
    int full = net->prefix / 8, rest = net->prefix % 8;
    if (memcmp(net->addr, a->addr, (size_t)full) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (net->addr[full] & mask) == (a->addr[full] & mask);
}

static bool trusted(const struct client_addr_proxies *proxies, const struct client_addr_net *a)
{
    for (size_t i = 0; i < proxies->count; i++)
        if (in_net(&proxies->nets[i], a))
            return true;
    return false;
}

bool client_addr_trusted(const struct client_addr_proxies *proxies, const char *address)
{
    struct client_addr_net a;
    return address && parse_address(address, &a) && trusted(proxies, &a);
}

/* Copies the entry of xff that ends just before end (trimmed) into out; returns its start. */
static const char *entry_before(const char *xff, const char *end, char *out, size_t size)
{
    const char *stop = end;
    while (stop > xff && (stop[-1] == ' ' || stop[-1] == '\t'))
        stop--;
    const char *start = stop;
    while (start > xff && start[-1] != ',')
        start--;
    const char *from = start;
    while (from < stop && (*from == ' ' || *from == '\t'))
        from++;
    size_t len = (size_t)(stop - from);
    if (len >= size)
        len = 0; /* too long to be an address: parsed as "" and refused */
    memcpy(out, from, len);
    out[len] = '\0';
    return start;
}

void client_addr_resolve(const struct client_addr_proxies *proxies, const char *peer,
                         const char *xff, char *out, size_t size)
{
    snprintf(out, size, "%s", peer ? peer : "unknown");
    if (!xff || !proxies->count || !client_addr_trusted(proxies, peer))
        return;
    const char *end = xff + strlen(xff);
    while (end > xff) {
        char entry[64];
        const char *start = entry_before(xff, end, entry, sizeof(entry));
        struct client_addr_net a;
        if (!parse_address(entry, &a))
            return; /* the last trusted hop stays the client */
        char canonical[CLIENT_ADDR_TEXT_MAX];
        if (!inet_ntop(a.family == 4 ? AF_INET : AF_INET6, a.addr, canonical, sizeof(canonical)))
            return;
        snprintf(out, size, "%s", canonical);
        if (!trusted(proxies, &a))
            return;
        end = start > xff ? start - 1 : xff; /* before the comma */
        if (start == xff)
            return;
    }
}
