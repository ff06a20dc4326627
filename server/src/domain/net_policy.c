/* Address classes and the webhook URL check: see net_policy.h. */
#include "net_policy.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

static const char *const class_names[NET_CLASS_COUNT] = {"public",     "loopback", "private",
                                                         "link_local", "metadata", "reserved"};

const char *net_class_name(enum net_class c)
{
    return (unsigned)c < NET_CLASS_COUNT ? class_names[c] : "reserved";
}

static bool in4(const unsigned char *a, unsigned char b0, unsigned char b1, int prefix)
{
    uint32_t addr = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
    uint32_t net = (uint32_t)b0 << 24 | (uint32_t)b1 << 16;
    uint32_t mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
    return (addr & mask) == (net & mask);
}

static enum net_class classify4(const unsigned char *a)
{
    if ((a[0] == 169 && a[1] == 254 && a[2] == 169 && a[3] == 254) ||
        (a[0] == 100 && a[1] == 100 && a[2] == 100 && a[3] == 200))
        return NET_METADATA; /* the usual cloud metadata services (and Alibaba's) */
    if (a[0] == 127)
        return NET_LOOPBACK;
    if (a[0] == 10 || in4(a, 172, 16, 12) || in4(a, 192, 168, 16) || in4(a, 100, 64, 10) ||
        in4(a, 198, 18, 15))
        return NET_PRIVATE;
    if (in4(a, 169, 254, 16))
        return NET_LINK_LOCAL;
    if (a[0] == 0 || a[0] >= 224)
        return NET_RESERVED; /* this network, multicast, reserved, broadcast */
    return NET_PUBLIC;
}

enum net_class net_classify(int family, const unsigned char *a)
{
    if (family == 4)
        return classify4(a);
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (memcmp(a, mapped, 12) == 0 || memcmp(a, nat64, 12) == 0)
        return classify4(a + 12);
    static const unsigned char zero[16] = {0};
    if (memcmp(a, zero, 15) == 0)
        return a[15] == 1 ? NET_LOOPBACK : NET_RESERVED; /* ::1, :: */
    static const unsigned char ec2[16] = {0xfd, 0, 0x0e, 0xc2, 0, 0, 0,    0,
                                          0,    0, 0,    0,    0, 0, 0x02, 0x54};
    if (memcmp(a, ec2, 16) == 0)
        return NET_METADATA; /* fd00:ec2::254 */
    if ((a[0] & 0xfe) == 0xfc)
        return NET_PRIVATE; /* fc00::/7 */
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
        return NET_LINK_LOCAL; /* fe80::/10 */
    if (a[0] == 0xff)
        return NET_RESERVED; /* multicast */
    return NET_PUBLIC;
}

enum net_class net_classify_text(const char *text)
{
    unsigned char buf[16];
    if (inet_pton(AF_INET, text, buf) == 1)
        return net_classify(4, buf);
    if (inet_pton(AF_INET6, text, buf) == 1)
        return net_classify(6, buf);
    return NET_RESERVED;
}

enum status net_policy_parse(const char *text, unsigned *allow, struct error *err)
{
    *allow = 0;
    const char *p = text;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        size_t n = strcspn(p, ", ");
        if (n == 0)
            break;
        bool found = false;
        for (int c = NET_LOOPBACK; c <= NET_METADATA; c++) {
            if (strlen(class_names[c]) == n && strncmp(class_names[c], p, n) == 0) {
                *allow |= 1u << c;
                found = true;
            }
        }
        if (!found)
            return error_set(err, STATUS_INVALID,
                             "unknown address class %.*s (loopback, private, link_local, metadata)",
                             (int)(n > 32 ? 32 : n), p);
        p += n;
    }
    return STATUS_OK;
}

bool net_allowed(unsigned allow, enum net_class c)
{
    if (c == NET_PUBLIC)
        return true;
    if (c == NET_RESERVED)
        return false;
    return (allow & (1u << c)) != 0;
}

enum status net_url_check(const char *url, unsigned allow, struct error *err)
{
    size_t len = strlen(url);
    if (len > 2048)
        return error_set(err, STATUS_INVALID, "is longer than 2048 characters");
    const char *rest;
    if (strncmp(url, "https://", 8) == 0)
        rest = url + 8;
    else if (strncmp(url, "http://", 7) == 0)
        rest = url + 7;
    else
        return error_set(err, STATUS_INVALID, "must be an http or https URL");
    size_t auth = strcspn(rest, "/?#");
    if (auth == 0)
        return error_set(err, STATUS_INVALID, "has no host");
    if (memchr(rest, '@', auth))
        return error_set(err, STATUS_INVALID, "must not carry user information");
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
            return error_set(err, STATUS_INVALID, "must not contain spaces or control characters");
    char host[256];
    if (rest[0] == '[') {
        const char *close = memchr(rest, ']', auth);
        if (!close || (size_t)(close - rest - 1) >= sizeof(host))
            return error_set(err, STATUS_INVALID, "has a malformed IPv6 host");
        memcpy(host, rest + 1, (size_t)(close - rest - 1));
        host[close - rest - 1] = '\0';
        if (close[1] != '\0' && close[1] != ':' && close[1] != '/' && close[1] != '?' &&
            close[1] != '#')
            return error_set(err, STATUS_INVALID, "has a malformed IPv6 host");
    } else {
        size_t n = strcspn(rest, ":/?#");
        if (n == 0 || n >= sizeof(host))
            return error_set(err, STATUS_INVALID, "has no host or one that is too long");
        memcpy(host, rest, n);
        host[n] = '\0';
    }
    unsigned char buf[16];
    if (inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1) {
        enum net_class c = net_classify_text(host);
        if (!net_allowed(allow, c))
            return error_set(err, STATUS_INVALID, "points at a %s address, which is refused",
                             net_class_name(c));
    }
    return STATUS_OK;
}
