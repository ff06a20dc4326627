/* Close-days histograms: the median of merged [days, n] pair arrays. */
#include "histogram.h"

#include <stdint.h>
#include <stdlib.h>

size_t histogram_pairs_max(const char *text)
{
    size_t numbers = 0;
    bool in_number = false;
    for (const char *p = text; *p; p++) {
        bool digit = *p >= '0' && *p <= '9';
        numbers += digit && !in_number;
        in_number = digit;
    }
    return numbers / 2 + 1;
}

static int by_days(const void *a, const void *b)
{
    const struct histogram_pair *x = a, *y = b;
    return (x->days > y->days) - (x->days < y->days);
}

/* Reads the numbers of text into pairs. */
static enum status read_pairs(const char *text, struct histogram_pair *pairs, size_t max_pairs,
                              size_t *count)
{
    size_t numbers = 0;
    const char *p = text;
    while (*p) {
        if (*p == '{' || *p == '}' || *p == ',' || *p == ' ') {
            p++;
            continue;
        }
        if (*p != '-' && (*p < '0' || *p > '9'))
            return STATUS_INVALID;
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            return STATUS_INVALID;
        p = end;
        if (numbers / 2 >= max_pairs)
            return STATUS_INVALID;
        if (numbers % 2 == 0)
            pairs[numbers / 2].days = v;
        else
            pairs[numbers / 2].n = v;
        numbers++;
    }
    if (numbers % 2)
        return STATUS_INVALID;
    *count = numbers / 2;
    return STATUS_OK;
}

enum status histogram_median(const char *text, struct histogram_pair *scratch, size_t max_pairs,
                             bool *has, double *median)
{
    size_t count = 0;
    *has = false;
    enum status st = read_pairs(text, scratch, max_pairs, &count);
    if (st != STATUS_OK)
        return st;
    qsort(scratch, count, sizeof(*scratch), by_days);
    /* one pair per days value: a count and its subtraction cancel before positions are taken */
    size_t merged = 0;
    for (size_t i = 0; i < count; i++) {
        if (merged && scratch[merged - 1].days == scratch[i].days)
            scratch[merged - 1].n += scratch[i].n;
        else
            scratch[merged++] = scratch[i];
    }
    count = merged;
    long long total = 0;
    for (size_t i = 0; i < count; i++)
        total += scratch[i].n;
    if (total <= 0)
        return STATUS_OK;
    /* the first days whose running count reaches each middle position */
    long long first = (total + 1) / 2, second = total / 2 + 1, upto = 0;
    long first_days = 0;
    bool found_first = false;
    for (size_t i = 0; i < count; i++) {
        upto += scratch[i].n;
        if (!found_first && upto >= first) {
            first_days = scratch[i].days;
            found_first = true;
        }
        if (upto >= second) {
            *median = ((double)first_days + (double)scratch[i].days) / 2.0;
            *has = true;
            return STATUS_OK;
        }
    }
    return STATUS_OK;
}
