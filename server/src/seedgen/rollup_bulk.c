/* The bulk rollup rebuild: reads what a center's cases contribute to the rollups, as the
 * database defines it (rollup_center_contributions, migration 0026: the one definition), sums
 * the contributions in memory per cube cell and per slice (day and month rows, histograms
 * included), and writes report_cube and report_slices with binary COPY. It writes exactly the
 * rows rollup_rebuild_bulk() writes (tests/bench/rollup_check.sh compares them with the row-by-row
 * rebuild), in a fraction of the time: PostgreSQL's hash aggregation over millions of cube cells
 * is what made a 1M-case seed slow.
 *
 * Memory: everything is in one struct rollup_build, freed by rollup_build_free.
 *
 * Over 600 lines because the read, the sums (cube cells, slices, pairs, histograms) and the
 * COPY of both tables share that struct and its hash tables; apart they would expose them. */
#include "rollup_bulk.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_db.h"
#include "copy.h"
#include "dates.h"
#include "log.h"

/* The counters of a rollup row, in the order of report_cube's columns. */
enum rollup_counter {
    RC_RECEIVED = 0,
    RC_ACCEPTED,
    RC_DECLINED,
    RC_ASSIGNED,
    RC_RESOLVED,
    RC_FAILED,
    RC_TERMINATED,
    RC_WITHDRAWN,
    RC_REFERRED,
    RC_AGREEMENTS,
    RC_AGREEMENT_FEN,
    RC_PREVENTED_ESCALATION,
    RC_PREVENTED_MASS_PETITION,
    RC_CLOSE_DAYS_SUM,
    RC_CLOSE_DAYS_N,
    RC_OPEN_DELTA,
    RC_OVERDUE_DELTA,
    RC_COUNT
};

/* One contribution of a case (a row of rollup_bulk_cases.sql). */
struct rollup_contribution {
    int32_t day;
    int64_t counters[RC_COUNT];
    bool has_close_days; /* a close after acceptance: close_days goes into the histogram */
    int32_t close_days;
};

/* Labels of the enum-valued dimensions, interned per build (a case has 4). */
#define LABELS_MAX 64
#define LABEL_LEN 40

enum label_kind { L_TYPE, L_CHANNEL, L_SOURCE, L_RISK, L_KINDS };

struct labels {
    char text[LABELS_MAX][LABEL_LEN];
    int count;
};

/* A rollup row: its key, counters and close-days histogram ([days, n] pairs sorted by days). */
struct cell {
    int64_t community, mediator; /* cube: the ids; slices: value (an id or a label index) */
    int32_t day;                 /* days since 2000-01-01 */
    uint8_t label[L_KINDS];      /* cube: type, channel, source, risk */
    uint8_t dim, grain;          /* slices: dimension and 'd'/'m' */
    int64_t counters[RC_COUNT];
    int32_t *pairs;
    uint32_t npairs, cap;
};

/* Open addressing over cell indexes (0: empty slot, else index + 1). */
struct table {
    struct cell *cells;
    size_t count, cells_cap;
    uint32_t *slots;
    size_t slots_cap;    /* a power of two */
    struct cell **order; /* the cells in the order they are written (table_order) */
};

struct rollup_build {
    PGresult *cases; /* rollup_bulk_cases.sql, until summed */
    struct labels labels[L_KINDS];
    struct table cube, slices;
};

/* The slices (migration 0008): 'all', each dimension, each pair of dimensions in the order of
 * the dimension list. A dimension is a component of a cube cell: 0 community, 1 mediator, 2 to
 * 5 the labels (dispute type, channel, source, risk). A slice row keeps its first component's
 * value in community and its second's in mediator (0 when it has none). */
enum { C_NONE = -1, C_COMMUNITY = 0, C_MEDIATOR = 1, C_LABELS = 2, D_COUNT = 22 };

static const struct slice_dim {
    const char *name;
    int8_t first, second;
} slice_dims[D_COUNT] = {
    {"all", C_NONE, C_NONE},
    {"community", 0, C_NONE},
    {"mediator", 1, C_NONE},
    {"dispute_type", 2, C_NONE},
    {"channel", 3, C_NONE},
    {"source", 4, C_NONE},
    {"risk", 5, C_NONE},
    {"community,mediator", 0, 1},
    {"community,dispute_type", 0, 2},
    {"community,channel", 0, 3},
    {"community,source", 0, 4},
    {"community,risk", 0, 5},
    {"mediator,dispute_type", 1, 2},
    {"mediator,channel", 1, 3},
    {"mediator,source", 1, 4},
    {"mediator,risk", 1, 5},
    {"dispute_type,channel", 2, 3},
    {"dispute_type,source", 2, 4},
    {"dispute_type,risk", 2, 5},
    {"channel,source", 3, 4},
    {"channel,risk", 3, 5},
    {"source,risk", 4, 5},
};

/* A cube cell's value of a component: an id or a label index. */
static int64_t component_value(const struct cell *c, int component)
{
    return component == C_COMMUNITY  ? c->community
           : component == C_MEDIATOR ? c->mediator
                                     : c->label[component - C_LABELS];
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
    return h;
}

static uint64_t cell_hash(const struct cell *k)
{
    uint64_t h = mix(0, (uint64_t)k->community);
    h = mix(h, (uint64_t)k->mediator);
    h = mix(h, (uint64_t)(uint32_t)k->day);
    for (int i = 0; i < L_KINDS; i++)
        h = mix(h, k->label[i]);
    h = mix(h, k->dim);
    h = mix(h, k->grain);
    return h * 0xff51afd7ed558ccdu;
}

static bool cell_same(const struct cell *a, const struct cell *b)
{
    return a->community == b->community && a->mediator == b->mediator && a->day == b->day &&
           memcmp(a->label, b->label, sizeof(a->label)) == 0 && a->dim == b->dim &&
           a->grain == b->grain;
}

/* Rehashes into twice the slots (at least min_slots, a power of two); false when out of memory. */
static bool table_rehash(struct table *t, size_t min_slots)
{
    size_t cap = t->slots_cap ? t->slots_cap * 2 : 1u << 16;
    while (cap < min_slots)
        cap *= 2;
    uint32_t *slots = calloc(cap, sizeof(*slots));
    if (!slots)
        return false;
    for (size_t i = 0; i < t->count; i++) {
        size_t s = cell_hash(&t->cells[i]) & (cap - 1);
        while (slots[s])
            s = (s + 1) & (cap - 1);
        slots[s] = (uint32_t)(i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->slots_cap = cap;
    return true;
}

/* The cell with key's key, added (zeroed) when missing; NULL when out of memory. */
static struct cell *table_get(struct table *t, const struct cell *key)
{
    if ((t->count + 1) * 2 > t->slots_cap && !table_rehash(t, 0))
        return NULL;
    size_t s = cell_hash(key) & (t->slots_cap - 1);
    while (t->slots[s]) {
        struct cell *c = &t->cells[t->slots[s] - 1];
        if (cell_same(c, key))
            return c;
        s = (s + 1) & (t->slots_cap - 1);
    }
    if (t->count == t->cells_cap) {
        size_t cap = t->cells_cap ? t->cells_cap * 2 : 1u << 15;
        struct cell *cells = realloc(t->cells, cap * sizeof(*cells));
        if (!cells)
            return NULL;
        t->cells = cells;
        t->cells_cap = cap;
    }
    struct cell *c = &t->cells[t->count];
    memset(c, 0, sizeof(*c));
    c->community = key->community;
    c->mediator = key->mediator;
    c->day = key->day;
    memcpy(c->label, key->label, sizeof(c->label));
    c->dim = key->dim;
    c->grain = key->grain;
    t->slots[s] = (uint32_t)(++t->count);
    return c;
}

/* Makes room for cells entries without rehashing or moving; false when out of memory. */
static bool table_reserve(struct table *t, size_t cells)
{
    if (!table_rehash(t, 2 * cells))
        return false;
    struct cell *grown = realloc(t->cells, cells * sizeof(*grown));
    if (!grown)
        return false;
    t->cells = grown;
    t->cells_cap = cells;
    return true;
}

static void table_cleanup(struct table *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->cells[i].pairs);
    free(t->cells);
    free(t->slots);
    free(t->order);
    memset(t, 0, sizeof(*t));
}

/* Adds n cases closed after days to the cell's histogram; false when out of memory. */
static bool hist_add(struct cell *c, int32_t days, int32_t n)
{
    /* the first pair with at least days (binary search: a slice's histogram gathers the pairs
     * of thousands of cells) */
    uint32_t i = 0, hi = c->npairs;
    while (i < hi) {
        uint32_t mid = i + (hi - i) / 2;
        if (c->pairs[2 * mid] < days)
            i = mid + 1;
        else
            hi = mid;
    }
    if (i < c->npairs && c->pairs[2 * i] == days) {
        c->pairs[2 * i + 1] += n;
        return true;
    }
    if (c->npairs == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 2;
        int32_t *pairs = realloc(c->pairs, (size_t)cap * 2 * sizeof(*pairs));
        if (!pairs)
            return false;
        c->pairs = pairs;
        c->cap = cap;
    }
    memmove(&c->pairs[2 * i + 2], &c->pairs[2 * i], (size_t)(c->npairs - i) * 2 * sizeof(int32_t));
    c->pairs[2 * i] = days;
    c->pairs[2 * i + 1] = n;
    c->npairs++;
    return true;
}

/* Adds counters and npairs histogram pairs (days, n) to c; false when c is NULL (its table was
 * full) or out of memory. */
static bool cell_add_counts(struct cell *c, const int64_t *counters, const int32_t *pairs,
                            uint32_t npairs)
{
    if (!c)
        return false;
    for (int i = 0; i < RC_COUNT; i++)
        c->counters[i] += counters[i];
    for (uint32_t i = 0; i < npairs; i++)
        if (!hist_add(c, pairs[2 * i], pairs[2 * i + 1]))
            return false;
    return true;
}

static bool cell_add(struct cell *c, const struct rollup_contribution *k)
{
    const int32_t close[2] = {k->close_days, 1};
    return cell_add_counts(c, k->counters, close, k->has_close_days ? 1 : 0);
}

/* The index of label in its table, added when new; -1 when the table is full. */
static int label_index(struct labels *l, const char *text)
{
    for (int i = 0; i < l->count; i++)
        if (strcmp(l->text[i], text) == 0)
            return i;
    if (l->count == LABELS_MAX || strlen(text) >= LABEL_LEN)
        return -1;
    snprintf(l->text[l->count], LABEL_LEN, "%s", text);
    return l->count++;
}

/* Days since 2000-01-01 of the first day of that day's month. */
static int32_t month_of(int32_t day)
{
    struct date d;
    date_civil_from_days((int64_t)day + DATES_PG_EPOCH_DAYS, &d);
    return day - (int32_t)(d.day - 1);
}

static int64_t column_int(PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/* Adds one contribution (a row of rollup_bulk_cases.sql) to its cube cell. */
static enum status add_contribution(struct rollup_build *b, PGresult *res, int row,
                                    struct error *err)
{
    static const char *const outcomes[] = {"resolved", "failed", "terminated", "withdrawn",
                                           "referred"};
    /* the counter of each column from 7 on (-1: outcome and close_days, below) */
    static const int columns[] = {RC_RECEIVED,
                                  RC_ACCEPTED,
                                  RC_DECLINED,
                                  RC_ASSIGNED,
                                  -1,
                                  RC_PREVENTED_ESCALATION,
                                  RC_PREVENTED_MASS_PETITION,
                                  -1,
                                  RC_OPEN_DELTA,
                                  RC_OVERDUE_DELTA,
                                  RC_AGREEMENTS,
                                  RC_AGREEMENT_FEN};
    struct cell key = {0};
    key.community = column_int(res, row, 0);
    key.mediator = column_int(res, row, 1);
    for (int k = 0; k < L_KINDS; k++) {
        int i = label_index(&b->labels[k], PQgetvalue(res, row, 2 + k));
        if (i < 0)
            return error_set(err, STATUS_INTERNAL, "too many distinct dimension labels");
        key.label[k] = (uint8_t)i;
    }
    key.day = (int32_t)column_int(res, row, 6);
    struct rollup_contribution k = {.day = key.day};
    for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
        if (columns[i] >= 0)
            k.counters[columns[i]] = column_int(res, row, 7 + (int)i);
    if (!PQgetisnull(res, row, 11))
        for (int i = 0; i < 5; i++)
            if (strcmp(PQgetvalue(res, row, 11), outcomes[i]) == 0)
                k.counters[RC_RESOLVED + i] = 1;
    if (!PQgetisnull(res, row, 14)) {
        k.has_close_days = true;
        k.close_days = (int32_t)column_int(res, row, 14);
        k.counters[RC_CLOSE_DAYS_SUM] = k.close_days;
        k.counters[RC_CLOSE_DAYS_N] = 1;
    }
    if (!cell_add(table_get(&b->cube, &key), &k))
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    return STATUS_OK;
}

/* Adds src's counters and histogram to dst; false when out of memory. */
static bool cell_merge(struct cell *dst, const struct cell *src)
{
    return cell_add_counts(dst, src->counters, src->pairs, src->npairs);
}

/* Pairs with the mediator have month rows only (migration 0008). */
static bool month_only(const struct slice_dim *d)
{
    return d->second != C_NONE && (d->first == C_MEDIATOR || d->second == C_MEDIATOR);
}

/* The distinct values of an id component (community or mediator) of the cube's cells, sorted:
 * a value's position is its dense index. */
struct dense_ids {
    int64_t *ids;
    size_t count;
};

static int id_order(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static bool dense_ids_build(struct dense_ids *d, const struct table *cube, int component)
{
    d->ids = malloc((cube->count + 1) * sizeof(*d->ids));
    if (!d->ids)
        return false;
    for (size_t i = 0; i < cube->count; i++)
        d->ids[i] = component_value(&cube->cells[i], component);
    qsort(d->ids, cube->count, sizeof(*d->ids), id_order);
    d->count = 0;
    for (size_t i = 0; i < cube->count; i++)
        if (d->count == 0 || d->ids[d->count - 1] != d->ids[i])
            d->ids[d->count++] = d->ids[i];
    return true;
}

static size_t dense_index(const struct dense_ids *d, int64_t id)
{
    size_t lo = 0, hi = d->count;
    while (lo + 1 < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->ids[mid] <= id)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Each slice dimension's rows of the current day (or month, for the month-only pairs), by the
 * dense indexes of their values: the index + 1 of the row in the slices table, 0 when not looked
 * up yet this day. Cube cells come day by day, so a row is hashed once a day rather than once
 * for every cell that adds to it. */
struct slice_cache {
    uint32_t *rows[D_COUNT];
    size_t size[D_COUNT], width[D_COUNT];
    int32_t day[D_COUNT];
};

static void slice_cache_cleanup(struct slice_cache *c)
{
    for (int d = 0; d < D_COUNT; d++)
        free(c->rows[d]);
}

static bool slice_cache_init(struct slice_cache *c, const size_t values[C_LABELS + L_KINDS])
{
    memset(c, 0, sizeof(*c));
    for (int d = 0; d < D_COUNT; d++) {
        const struct slice_dim *dim = &slice_dims[d];
        size_t first = dim->first == C_NONE ? 1 : values[dim->first];
        c->width[d] = dim->second == C_NONE ? 1 : values[dim->second];
        c->size[d] = first * c->width[d];
        c->day[d] = INT32_MIN;
        if (!(c->rows[d] = calloc(c->size[d], sizeof(*c->rows[d]))))
            return false;
    }
    return true;
}

/* The dense index of a cube cell's component value (labels are dense already). */
static size_t component_index(const struct cell *c, int component, size_t community,
                              size_t mediator)
{
    return component == C_NONE        ? 0
           : component == C_COMMUNITY ? community
           : component == C_MEDIATOR  ? mediator
                                      : c->label[component - C_LABELS];
}

/* The slices as sums of the cube cells: each cell into its day rows ('all', the six dimensions,
 * the ten pairs without the mediator) and into the month rows of the five pairs with it, then
 * each day row into its month row. */
static enum status sum_slices(struct rollup_build *b, struct error *err)
{
    struct dense_ids communities = {0}, mediators = {0};
    struct slice_cache cache;
    memset(&cache, 0, sizeof(cache));
    bool ok = dense_ids_build(&communities, &b->cube, C_COMMUNITY) &&
              dense_ids_build(&mediators, &b->cube, C_MEDIATOR);
    if (ok) {
        size_t values[C_LABELS + L_KINDS] = {communities.count, mediators.count};
        for (int k = 0; k < L_KINDS; k++)
            values[C_LABELS + k] = (size_t)b->labels[k].count;
        ok = slice_cache_init(&cache, values);
    }
    /* in the cube's key order, day first (cube_sort_key): a day's slice rows are all touched
     * together, while they are in the cache */
    int32_t day_seen = INT32_MIN, month = 0;
    for (size_t i = 0; ok && i < b->cube.count; i++) {
        const struct cell *c = b->cube.order[i];
        if (c->day != day_seen) {
            day_seen = c->day;
            month = month_of(c->day);
        }
        size_t community = dense_index(&communities, c->community),
               mediator = dense_index(&mediators, c->mediator);
        for (int d = 0; ok && d < D_COUNT; d++) {
            const struct slice_dim *dim = &slice_dims[d];
            bool months = month_only(dim);
            int32_t day = months ? month : c->day;
            if (cache.day[d] != day) {
                memset(cache.rows[d], 0, cache.size[d] * sizeof(*cache.rows[d]));
                cache.day[d] = day;
            }
            uint32_t *row =
                &cache
                     .rows[d][component_index(c, dim->first, community, mediator) * cache.width[d] +
                              component_index(c, dim->second, community, mediator)];
            struct cell *slice;
            if (*row) {
                slice = &b->slices.cells[*row - 1];
            } else {
                struct cell s = {0};
                s.dim = (uint8_t)d;
                s.grain = months ? 'm' : 'd';
                s.day = day;
                s.community = dim->first == C_NONE ? 0 : component_value(c, dim->first);
                s.mediator = dim->second == C_NONE ? 0 : component_value(c, dim->second);
                if ((slice = table_get(&b->slices, &s)) != NULL)
                    *row = (uint32_t)(slice - b->slices.cells) + 1;
            }
            ok = cell_merge(slice, c);
        }
    }
    free(communities.ids);
    free(mediators.ids);
    slice_cache_cleanup(&cache);
    if (!ok)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    size_t count = b->slices.count;
    for (size_t i = 0; i < count; i++) {
        if (b->slices.cells[i].grain != 'd')
            continue;
        struct cell s = b->slices.cells[i];
        s.grain = 'm';
        s.day = month_of(s.day);
        /* table_get may move the cells: merge from a copy of the day row */
        struct cell *m = table_get(&b->slices, &s);
        if (!cell_merge(m, &b->slices.cells[i]))
            return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    return STATUS_OK;
}

/* A cell's place in the order it is written: three integer keys compared in turn. */
struct order_key {
    uint64_t k[3];
    struct cell *cell;
};

static int order_key_cmp(const void *x, const void *y)
{
    const struct order_key *a = x, *b = y;
    for (int i = 0; i < 3; i++)
        if (a->k[i] != b->k[i])
            return a->k[i] < b->k[i] ? -1 : 1;
    return 0;
}

/* Fills t->order with its cells sorted by the keys key gives them (no cell is added after this,
 * so the pointers stay valid); false when out of memory. */
static bool table_order(struct table *t, const void *ctx,
                        void (*key)(const struct cell *c, const void *ctx, uint64_t k[3]))
{
    struct order_key *keys = malloc((t->count + 1) * sizeof(*keys));
    t->order = malloc((t->count + 1) * sizeof(*t->order));
    if (!keys || !t->order) {
        free(keys);
        return false;
    }
    for (size_t i = 0; i < t->count; i++) {
        keys[i].cell = &t->cells[i];
        key(keys[i].cell, ctx, keys[i].k);
    }
    qsort(keys, t->count, sizeof(*keys), order_key_cmp);
    for (size_t i = 0; i < t->count; i++)
        t->order[i] = keys[i].cell;
    free(keys);
    return true;
}

/* Cube cells in primary-key order as far as it goes without the enums' sort order (day,
 * community, mediator first), so that the index grows at its right edge: two integer keys built
 * from those fields. */
static void cube_sort_key(const struct cell *c, const void *ctx, uint64_t k[3])
{
    (void)ctx;
    uint32_t labels = (uint32_t)c->label[0] << 24 | (uint32_t)c->label[1] << 16 |
                      (uint32_t)c->label[2] << 8 | c->label[3];
    /* day offset to be unsigned; ids are positive */
    k[0] =
        (uint64_t)((int64_t)c->day + INT32_MAX + 1) << 32 | (uint32_t)(c->community & 0xffffffff);
    k[1] = (uint64_t)(c->mediator & 0xffffffff) << 32 | labels;
    k[2] = 0;
}

/* Slice rows in primary-key order (dimension name, grain, day, values), so that the key is
 * built from sorted rows: integer keys, the dimension by its name's rank (ctx: the ranks). */
static void slice_sort_key(const struct cell *c, const void *ctx, uint64_t k[3])
{
    uint64_t rank = ((const uint64_t *)ctx)[c->dim];
    /* day offset to be unsigned; values (ids and label indexes) are not negative */
    k[0] = rank << 40 | (uint64_t)c->grain << 32 | (uint32_t)((int64_t)c->day + INT32_MAX + 1);
    k[1] = (uint64_t)c->community;
    k[2] = (uint64_t)c->mediator;
}

/* close_hist as a binary int4[] of [days, n] pairs, or NULL. */
static void copy_hist(struct db_copy *copy, const struct cell *c, unsigned char *buf)
{
    uint32_t pairs = 0;
    for (uint32_t i = 0; i < c->npairs; i++)
        pairs += c->pairs[2 * i + 1] != 0;
    if (pairs == 0) {
        db_copy_null(copy);
        return;
    }
    size_t len = 0;
    uint32_t header[] = {2, 0, 23, pairs, 1, 2, 1}; /* ndim, no nulls, int4, dims and bounds */
    for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++)
        for (int s = 3; s >= 0; s--)
            buf[len++] = (unsigned char)(header[i] >> (8 * s));
    for (uint32_t i = 0; i < c->npairs; i++) {
        if (c->pairs[2 * i + 1] == 0)
            continue;
        for (int v = 0; v < 2; v++) {
            uint32_t x = (uint32_t)c->pairs[2 * i + v];
            uint32_t field[] = {4, x};
            for (int f = 0; f < 2; f++)
                for (int s = 3; s >= 0; s--)
                    buf[len++] = (unsigned char)(field[f] >> (8 * s));
        }
    }
    db_copy_bytes(copy, buf, len);
}

static void copy_counters(struct db_copy *copy, const struct cell *c)
{
    for (int i = 0; i < RC_COUNT; i++) {
        if (i == RC_AGREEMENT_FEN || i == RC_CLOSE_DAYS_SUM)
            db_copy_int8(copy, c->counters[i]);
        else
            db_copy_int4(copy, (int32_t)c->counters[i]);
    }
}

static size_t hist_bytes_max(const struct table *t)
{
    uint32_t most = 0;
    for (size_t i = 0; i < t->count; i++)
        if (t->cells[i].npairs > most)
            most = t->cells[i].npairs;
    return 28 + (size_t)most * 16;
}

#define COUNTER_COLUMNS                                                                            \
    "received, accepted, declined, assigned, resolved, failed, terminated, withdrawn, referred, "  \
    "agreements, agreement_fen, prevented_escalation, prevented_mass_petition, close_days_sum, "   \
    "close_days_n, open_delta, overdue_delta, close_hist"

/* Writes a cell's key columns, the ones before its counters and histogram. */
typedef void (*cell_key)(struct db_copy *copy, const struct rollup_build *b, const struct cell *c,
                         int center_id);

/* Streams every cell of t in its order with sql (a COPY … FROM STDIN in binary): key_columns
 * written by key, then the counters and the histogram. */
static enum status write_cells(struct db_conn *conn, const char *sql, const struct rollup_build *b,
                               const struct table *t, int center_id, int key_columns, cell_key key,
                               struct error *err)
{
    struct db_copy copy;
    enum status st = db_copy_begin(conn, sql, &copy, err);
    if (st != STATUS_OK)
        return st;
    unsigned char *buf = malloc(hist_bytes_max(t));
    for (size_t i = 0; buf && i < t->count; i++) {
        const struct cell *c = t->order[i];
        db_copy_row(&copy, key_columns + RC_COUNT + 1);
        key(&copy, b, c, center_id);
        copy_counters(&copy, c);
        copy_hist(&copy, c, buf);
    }
    if (!buf)
        copy.failed = true;
    free(buf);
    return db_copy_end(&copy, false, NULL, err);
}

#define CUBE_COPY                                                                                  \
    "COPY report_cube_next (center_id, day, community_id, mediator_id, dispute_type, channel, "    \
    "source, risk_level, " COUNTER_COLUMNS ") FROM STDIN (FORMAT binary)"

static void cube_key(struct db_copy *copy, const struct rollup_build *b, const struct cell *c,
                     int center_id)
{
    db_copy_int4(copy, center_id);
    db_copy_date(copy, c->day);
    db_copy_int8(copy, c->community);
    db_copy_int8(copy, c->mediator);
    for (int k = 0; k < L_KINDS; k++)
        db_copy_text(copy, b->labels[k].text[c->label[k]]);
}

/* A slice value as text: '' for no component, an id, or a label (buf holds an id's digits). */
static const char *component_text(const struct rollup_build *b, int component, int64_t value,
                                  char *buf, size_t size)
{
    if (component == C_NONE)
        return "";
    if (component == C_COMMUNITY || component == C_MEDIATOR) {
        snprintf(buf, size, "%lld", (long long)value);
        return buf;
    }
    return b->labels[component - C_LABELS].text[value];
}

#define SLICES_COPY                                                                                \
    "COPY report_slices_next (center_id, dim, grain, day, value, value2, " COUNTER_COLUMNS         \
    ") FROM STDIN (FORMAT binary)"

static void slice_key(struct db_copy *copy, const struct rollup_build *b, const struct cell *c,
                      int center_id)
{
    const struct slice_dim *d = &slice_dims[c->dim];
    char first[24], second[24];
    char grain[2] = {(char)c->grain, '\0'};
    db_copy_int4(copy, center_id);
    db_copy_text(copy, d->name);
    db_copy_text(copy, grain); /* "char": one byte */
    db_copy_date(copy, c->day);
    db_copy_text(copy, component_text(b, d->first, c->community, first, sizeof(first)));
    db_copy_text(copy, component_text(b, d->second, c->mediator, second, sizeof(second)));
}

struct rollup_build *rollup_build_new(void)
{
    return calloc(1, sizeof(struct rollup_build));
}

void rollup_build_free(struct rollup_build *b)
{
    if (!b)
        return;
    PQclear(b->cases);
    table_cleanup(&b->cube);
    table_cleanup(&b->slices);
    free(b);
}

enum status db_rollup_read(struct db_conn *conn, int center_id, struct rollup_build *b,
                           struct error *err)
{
    char center[16];
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {center};
    return seed_db_exec(conn, SEED_SQL_ROLLUP_BULK_CASES, 1, values, &b->cases, err);
}

enum status rollup_build_sum(struct rollup_build *b, struct error *err)
{
    /* at most a cube cell a contribution, and fewer: a case's contributions share days */
    if (!table_reserve(&b->cube, (size_t)PQntuples(b->cases) + 1024))
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    enum status st = STATUS_OK;
    for (int i = 0; st == STATUS_OK && i < PQntuples(b->cases); i++)
        st = add_contribution(b, b->cases, i, err);
    PQclear(b->cases);
    b->cases = NULL;
    if (st == STATUS_OK && !table_order(&b->cube, NULL, cube_sort_key))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    if (st == STATUS_OK)
        st = sum_slices(b, err);
    uint64_t rank[D_COUNT]; /* each dimension's place among the names */
    for (int d = 0; d < D_COUNT; d++) {
        rank[d] = 0;
        for (int e = 0; e < D_COUNT; e++)
            rank[d] += strcmp(slice_dims[e].name, slice_dims[d].name) < 0;
    }
    if (st == STATUS_OK && !table_order(&b->slices, rank, slice_sort_key))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    return st;
}

enum status db_rollup_stage(struct db_conn *side, int center_id, struct rollup_build *b,
                            long *cube_rows, long *slice_rows, struct error *err)
{
    char center[16];
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {center};
    /* no statement timeout for millions of rows, room to sort the keys in memory */
    static const char *const setup[] = {"BEGIN", "SET LOCAL statement_timeout = 0",
                                        "SET LOCAL maintenance_work_mem = '1GB'"};
    enum status st = STATUS_OK;
    for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]) && st == STATUS_OK; i++)
        st = db_command(side, setup[i], err);
    PGresult *res = NULL;
    if (st == STATUS_OK)
        st = seed_db_exec(side, SEED_SQL_ROLLUP_STAGE_BEGIN, 1, values, &res, err);
    PQclear(res);
    if (st == STATUS_OK)
        st = write_cells(side, CUBE_COPY, b, &b->cube, center_id, 8, cube_key, err);
    if (st == STATUS_OK)
        st = write_cells(side, SLICES_COPY, b, &b->slices, center_id, 6, slice_key, err);
    res = NULL;
    if (st == STATUS_OK)
        st = seed_db_exec(side, SEED_SQL_ROLLUP_STAGE_KEYS, 0, NULL, &res, err);
    PQclear(res);
    /* statistics now, so that the first reports after the swap are planned on them */
    if (st == STATUS_OK)
        st = db_command(side, "ANALYZE report_slices_next, report_cube_next", err);
    if (st == STATUS_OK)
        st = db_command(side, "COMMIT", err);
    else
        (void)db_command(side, "ROLLBACK", NULL);
    if (st == STATUS_OK) {
        if (cube_rows)
            *cube_rows = (long)b->cube.count;
        if (slice_rows)
            *slice_rows = (long)b->slices.count;
    }
    return st;
}

enum status db_rollup_swap(struct db_conn *conn, int center_id, struct error *err)
{
    char center[16];
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {center};
    PGresult *res = NULL;
    enum status st = seed_db_exec(conn, SEED_SQL_ROLLUP_STAGE_SWAP, 1, values, &res, err);
    PQclear(res);
    return st;
}
