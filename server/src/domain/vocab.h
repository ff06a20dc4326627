/* A vocabulary written once: an X-macro list of X(VALUE, "name", "label") rows gives the enum
 * (VOCAB_ENUM), its names and labels tables, and its functions, named after the enum's type
 * (VOCAB_NAMES: type_name, type_parse and type_valid; VOCAB_LABELS: type_label_zh), with the
 * contract of case_types.h: _name gives "unknown" out of range, _parse is its exact inverse and
 * leaves *out unchanged on failure, _valid is whether _parse would accept the text (false for
 * NULL), _label_zh gives "未知" out of range. */
#pragma once

#include <stdbool.h>

#include "names.h"

#define VOCAB_ENUM(value, name, label) value,
#define VOCAB_NAME(value, name, label) [value] = name,
#define VOCAB_LABEL(value, name, label) [value] = label,

/* Declares type_name, type_parse, type_valid and type_label_zh of enum type. */
#define VOCAB_DECLARE(type)                                                                        \
    const char *type##_name(enum type value);                                                      \
    bool type##_parse(const char *text, enum type *out);                                           \
    bool type##_valid(const char *text);                                                           \
    const char *type##_label_zh(enum type value);

/* static type_names[] and the functions type_name, type_parse and type_valid of enum type. */
#define VOCAB_NAMES(type, LIST, count)                                                             \
    static const char *const type##_names[count] = {LIST(VOCAB_NAME)};                             \
    const char *type##_name(enum type value)                                                       \
    {                                                                                              \
        return names_get(type##_names, count, (int)value, "unknown");                              \
    }                                                                                              \
    bool type##_parse(const char *text, enum type *out)                                            \
    {                                                                                              \
        int i = names_find(type##_names, count, text);                                             \
        if (i >= 0)                                                                                \
            *out = (enum type)i;                                                                   \
        return i >= 0;                                                                             \
    }                                                                                              \
    bool type##_valid(const char *text)                                                            \
    {                                                                                              \
        return names_find(type##_names, count, text) >= 0;                                         \
    }

/* static type_labels[] and the function type_label_zh of enum type. */
#define VOCAB_LABELS(type, LIST, count)                                                            \
    static const char *const type##_labels[count] = {LIST(VOCAB_LABEL)};                           \
    const char *type##_label_zh(enum type value)                                                   \
    {                                                                                              \
        return names_get(type##_labels, count, (int)value, "未知");                                \
    }

/* Both. */
#define VOCAB_FUNCTIONS(type, LIST, count)                                                         \
    VOCAB_NAMES(type, LIST, count)                                                                 \
    VOCAB_LABELS(type, LIST, count)
