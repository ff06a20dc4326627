/* A vocabulary written once: an X-macro list of X(VALUE, "name", "label") rows gives the enum
 * (VOCAB_ENUM), its names and labels tables, and its functions (VOCAB_NAMES: prefix_name,
 * prefix_parse and prefix_valid; VOCAB_LABELS: prefix_label_zh), with the contract of
 * case_types.h: _name gives "unknown" out of range, _parse is its exact inverse and leaves *out
 * unchanged on failure, _valid is whether _parse would accept the text (false for NULL),
 * _label_zh gives "未知" out of range. */
#pragma once

#include <stdbool.h>

#include "names.h"

#define VOCAB_ENUM(value, name, label) value,
#define VOCAB_NAME(value, name, label) [value] = name,
#define VOCAB_LABEL(value, name, label) [value] = label,

/* Declares prefix_name, prefix_parse, prefix_valid and prefix_label_zh of enum type. */
#define VOCAB_DECLARE(prefix, type)                                                                \
    const char *prefix##_name(enum type value);                                                    \
    bool prefix##_parse(const char *text, enum type *out);                                         \
    bool prefix##_valid(const char *text);                                                         \
    const char *prefix##_label_zh(enum type value);

/* static prefix_names[] and the functions prefix_name, prefix_parse and prefix_valid of enum
 * type. */
#define VOCAB_NAMES(prefix, type, LIST, count)                                                     \
    static const char *const prefix##_names[count] = {LIST(VOCAB_NAME)};                           \
    const char *prefix##_name(enum type value)                                                     \
    {                                                                                              \
        return names_get(prefix##_names, count, (int)value, "unknown");                            \
    }                                                                                              \
    bool prefix##_parse(const char *text, enum type *out)                                          \
    {                                                                                              \
        int i = names_find(prefix##_names, count, text);                                           \
        if (i >= 0)                                                                                \
            *out = (enum type)i;                                                                   \
        return i >= 0;                                                                             \
    }                                                                                              \
    bool prefix##_valid(const char *text)                                                          \
    {                                                                                              \
        return names_find(prefix##_names, count, text) >= 0;                                       \
    }

/* static prefix_labels[] and the function prefix_label_zh of enum type. */
#define VOCAB_LABELS(prefix, type, LIST, count)                                                    \
    static const char *const prefix##_labels[count] = {LIST(VOCAB_LABEL)};                         \
    const char *prefix##_label_zh(enum type value)                                                 \
    {                                                                                              \
        return names_get(prefix##_labels, count, (int)value, "未知");                              \
    }

/* Both. */
#define VOCAB_FUNCTIONS(prefix, type, LIST, count)                                                 \
    VOCAB_NAMES(prefix, type, LIST, count)                                                         \
    VOCAB_LABELS(prefix, type, LIST, count)
