/* Close-days histograms: how many cases closed after how many days from acceptance, as the report
 * rollups keep them (migration 0006): PostgreSQL integer arrays of [days, n] pairs, sorted by
 * days, such as "{{0,3},{2,1}}". A report concatenates the arrays of the rows it reads
 * ("{{0,3},{2,1}}{{0,1},{5,2}}") and asks for the median of their sum. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct histogram_pair {
    long days, n;
};

/* An upper bound on the pairs in text (for sizing the scratch space of histogram_median). */
size_t histogram_pairs_max(const char *text);

/* The median of the histograms in text, merged: with total = the sum of n, the mean of the days
 * at positions (total + 1) / 2 and total / 2 + 1 (1-based, whole-number divisions) in days order,
 * so the middle value for an odd total and the mean of the two middle ones for an even total.
 * scratch holds up to max_pairs pairs (histogram_pairs_max(text) is enough) and is reordered.
 * Returns STATUS_OK with *has set: false when the merged counts total 0 or less (no case closed),
 * else true and *median set. STATUS_INVALID when text is not a list of such arrays (anything but
 * digits, '-', ',', '{', '}' and spaces; an odd count of numbers) or holds more pairs than
 * max_pairs. */
enum status histogram_median(const char *text, struct histogram_pair *scratch, size_t max_pairs,
                             bool *has, double *median);
