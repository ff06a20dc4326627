/* The data generator's rules: each case, party, session and agreement as a pure function of (seed,
 * n) and the center's reference data. The formulas are those of the SQL generator this replaced;
 * instant arithmetic follows PostgreSQL's interval rules (see ival_mul) so that the rows are the
 * same. Over 600 lines because of its word lists (names, summaries, claims, notes) and the one
 * chain of draws a case is made from, which must stay in one order to give the same data. */
#include "seed_gen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "identity.h"

#define USECS_PER_DAY SEED_GEN_USECS_PER_DAY
#define USECS_PER_HOUR 3600000000LL
#define USECS_PER_MINUTE 60000000LL
#define SECS_PER_DAY 86400

/* Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for dates and instants. */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* PostgreSQL's hash_bytes_uint32_extended (Bob Jenkins' lookup3 with a 64-bit seed) and
 * hashint8extended, on which seed_u() rests. */
static uint32_t rot(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

static uint64_t hash_uint32_extended(uint32_t k, uint64_t seed)
{
    uint32_t a, b, c;
    a = b = c = 0x9e3779b9u + (uint32_t)sizeof(uint32_t) + 3923095u;
    if (seed != 0) {
        a += (uint32_t)(seed >> 32);
        b += (uint32_t)seed;
        /* mix(a, b, c) */
        a -= c, a ^= rot(c, 4), c += b;
        b -= a, b ^= rot(a, 6), a += c;
        c -= b, c ^= rot(b, 8), b += a;
        a -= c, a ^= rot(c, 16), c += b;
        b -= a, b ^= rot(a, 19), a += c;
        c -= b, c ^= rot(b, 4), b += a;
    }
    a += k;
    /* final(a, b, c) */
    c ^= b, c -= rot(b, 14);
    a ^= c, a -= rot(c, 11);
    b ^= a, b -= rot(a, 25);
    c ^= b, c -= rot(b, 16);
    a ^= c, a -= rot(c, 4);
    b ^= a, b -= rot(a, 14);
    c ^= b, c -= rot(b, 24);
    return ((uint64_t)b << 32) | c;
}

double seed_gen_u(int64_t seed, int64_t n, int k)
{
    /* two's complement arithmetic, as PostgreSQL's int8 (n * 131 + k never overflows here) */
    int64_t value = n * 131 + k;
    uint32_t lo = (uint32_t)value, hi = (uint32_t)((uint64_t)value >> 32);
    lo ^= value >= 0 ? hi : ~hi;
    uint64_t h = hash_uint32_extended(lo, (uint64_t)seed);
    return (double)(h & 9007199254740991ULL) / 9007199254740992.0;
}

/* PostgreSQL intervals without months: days and microseconds, kept apart. */
struct ival {
    int32_t day;
    int64_t time;
};

static struct ival usecs(int64_t time)
{
    return (struct ival){0, time};
}

static struct ival days(int32_t day)
{
    return (struct ival){day, 0};
}

/* interval * float8 (PostgreSQL 15 interval_mul): whole days stay days, the fraction of a day
 * cascades into microseconds, rounded as PostgreSQL rounds it. */
static struct ival ival_mul(struct ival span, double factor)
{
    struct ival r;
    r.day = (int32_t)(span.day * factor);
    double sec_remainder = (span.day * factor - r.day + 0.0 - 0) * SECS_PER_DAY;
    sec_remainder = rint(sec_remainder * 1000000.0) / 1000000.0;
    if (fabs(sec_remainder) >= SECS_PER_DAY) {
        r.day += (int)(sec_remainder / SECS_PER_DAY);
        sec_remainder -= (int)(sec_remainder / SECS_PER_DAY) * SECS_PER_DAY;
    }
    r.time = (int64_t)rint((double)span.time * factor + sec_remainder * 1000000.0);
    return r;
}

/* timestamptz + interval in a UTC session: a day is 24 hours. */
static int64_t add(int64_t t, struct ival span)
{
    return t + span.day * USECS_PER_DAY + span.time;
}

/* timestamptz - timestamptz: whole days as days (justify_hours), the rest as microseconds. */
static struct ival diff(int64_t a, int64_t b)
{
    int64_t t = a - b, whole = t / USECS_PER_DAY;
    return (struct ival){(int32_t)whole, t - whole * USECS_PER_DAY};
}

static struct ival greatest(struct ival a, struct ival b)
{
    return b.day * USECS_PER_DAY + b.time > a.day * USECS_PER_DAY + a.time ? b : a;
}

/* width_bucket(value, thresholds): how many thresholds are ≤ value (1 for the first bucket). */
static int bucket(double value, const double *thresholds, size_t count)
{
    int n = 0;
    while ((size_t)n < count && !(value < thresholds[n]))
        n++;
    return n;
}

#define BUCKET(value, ...)                                                                         \
    bucket((value), (const double[]){__VA_ARGS__},                                                 \
           sizeof((const double[]){__VA_ARGS__}) / sizeof(double))

/* 1 + floor(count * u) - 1: a 0-based pick of count things. */
static size_t pick(double u, size_t count)
{
    return (size_t)floor((double)count * u);
}

/* ISO day of week (Monday 1 … Sunday 7) of a date (days since 2000-01-01, a Saturday). */
static int isodow(int32_t date)
{
    int r = (int)(((int64_t)date + 5) % 7);
    return (r < 0 ? r + 7 : r) + 1;
}

static int64_t midnight(const struct seed_gen_world *w, int32_t day)
{
    int64_t i = (int64_t)day - w->midnight_first;
    if (i < 0)
        i = 0;
    if ((size_t)i >= w->midnight_count)
        i = (int64_t)w->midnight_count - 1;
    return w->midnights[i];
}

int64_t seed_gen_range_start(const struct seed_gen_world *w)
{
    return midnight(w, w->first_day);
}

int64_t seed_gen_range_end(const struct seed_gen_world *w)
{
    int64_t end = midnight(w, w->last_day + 1);
    return end < w->now ? end : w->now;
}

int32_t seed_gen_local_day(const struct seed_gen_world *w, int64_t t)
{
    size_t lo = 0, hi = w->midnight_count; /* the last midnight ≤ t is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->midnights[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return w->midnight_first + (int32_t)lo;
}

void seed_gen_format_yyyymmdd(int32_t date, char out[9])
{
    struct date d;
    date_civil_from_days((int64_t)date + DATES_PG_EPOCH_DAYS, &d);
    unsigned year = (unsigned)((d.year % 10000 + 10000) % 10000);
    unsigned parts[3] = {year / 100, year % 100, d.month % 100 * 100 + d.day % 100};
    snprintf(out, 9, "%02u%02u%04u", parts[0], parts[1], parts[2]);
}

int seed_gen_year(int32_t date)
{
    struct date d;
    date_civil_from_days((int64_t)date + DATES_PG_EPOCH_DAYS, &d);
    return d.year;
}

/* Typical sums of each dispute type, in yuan (claims and agreements). */
static const int typical_yuan[DISPUTE_TYPE_COUNT] = {20000, 2000,  30000,  50000, 80000,
                                                     8000,  20000, 120000, 15000, 12000,
                                                     1500,  60000, 30000,  2500,  5000};

int64_t seed_gen_received_at(const struct seed_gen_world *w, int64_t n)
{
    int64_t seed = w->seed;
    int32_t day_count = w->last_day - w->first_day + 1;
    /* a day (a weekend day is drawn again half the time), office hours 85 % of cases */
    int32_t offset = (int32_t)floor(seed_gen_u(seed, n, 6) * day_count);
    if (isodow(w->first_day + offset) > 5 && seed_gen_u(seed, n, 7) < 0.5)
        offset = (int32_t)floor(seed_gen_u(seed, n, 8) * day_count);
    double u10 = seed_gen_u(seed, n, 10);
    double minutes = seed_gen_u(seed, n, 9) < 0.85 ? 510 + 540 * u10 : 1440 * u10;
    int64_t local = ival_mul(usecs(USECS_PER_MINUTE), minutes).time;
    int64_t at = midnight(w, w->first_day + offset) + local;
    int64_t t0 = seed_gen_range_start(w), t1 = seed_gen_range_end(w);
    /* a day after now (the range may end today) is drawn again from the whole range */
    return at < t1 ? at : add(t0, ival_mul(diff(t1, t0), u10));
}

void seed_gen_case(const struct seed_gen_world *w, int64_t n, struct seed_gen_case *out)
{
    int64_t seed = w->seed;
    memset(out, 0, sizeof(*out));
    out->n = n;
    /* 15 dispute types in enum order: neighbour and family disputes lead */
    out->type = (enum dispute_type)(BUCKET(seed_gen_u(seed, n, 1), 0, .18, .38, .45, .53, .56, .66,
                                           .68, .71, .73, .82, .86, .88, .93, .98) -
                                    1);
    out->source = (enum case_source)(
        BUCKET(seed_gen_u(seed, n, 2), 0, .34, .44, .52, .57, .63, .78, .91, .97) - 1);
    /* a few communities bring most disputes */
    out->community_id = w->communities[pick(pow(seed_gen_u(seed, n, 3), 1.7), w->community_count)];
    out->risk = (enum risk_level)(BUCKET(seed_gen_u(seed, n, 4), 0, .86, .95, .99) - 1);
    out->party_count = BUCKET(seed_gen_u(seed, n, 5), 0, .10, .88);
    out->received_at = seed_gen_received_at(w, n);

    const struct seed_gen_rule *rule = &w->rules[out->type][out->risk];
    int64_t mediator = rule->mediators[pick(seed_gen_u(seed, n, 17), rule->mediator_count)];

    /* the path: 12 % declined, 1.5 % withdrawn before acceptance, the rest accepted; of those a
     * few closed (withdrawn or referred) before assignment or before any session */
    double fate = seed_gen_u(seed, n, 11), fate2 = seed_gen_u(seed, n, 15),
           fate3 = seed_gen_u(seed, n, 18);
    int64_t decline_p = add(out->received_at, ival_mul(usecs(USECS_PER_HOUR),
                                                       1 + 47 * pow(seed_gen_u(seed, n, 12), 2)));
    int64_t accept_p = add(out->received_at, ival_mul(usecs(USECS_PER_MINUTE),
                                                      10 + 4310 * pow(seed_gen_u(seed, n, 13), 3)));
    struct ival assign_delay =
        ival_mul(usecs(USECS_PER_MINUTE), 5 + 2875 * pow(seed_gen_u(seed, n, 16), 2));
    struct ival session_delay = ival_mul(
        usecs(USECS_PER_HOUR), 1 + 239 * pow(seed_gen_u(seed, n, 19), 2) * rule->days / 30.0);
    static const enum case_outcome mediated[] = {CASE_OUTCOME_RESOLVED, CASE_OUTCOME_FAILED,
                                                 CASE_OUTCOME_TERMINATED, CASE_OUTCOME_WITHDRAWN,
                                                 CASE_OUTCOME_REFERRED};
    enum case_outcome mediated_outcome =
        mediated[BUCKET(seed_gen_u(seed, n, 20), 0, .84, .91, .95, .975) - 1];
    int extension_days =
        seed_gen_u(seed, n, 24) < 0.04 ? 5 + (int)floor(seed_gen_u(seed, n, 25) * 26) : 0;

    int64_t due0 = add(accept_p, days(rule->days));
    int64_t assign_p = add(accept_p, assign_delay);
    int64_t session_p = add(assign_p, session_delay);
    /* where the case leaves the machine: 0 declined, 1 received, 2 accepted, 3 assigned,
     * 4 in_mediation */
    int close_from = fate < 0.12 ? 0 : fate < 0.135 ? 1 : fate2 < 0.014 ? 2 : fate3 < 0.013 ? 3 : 4;
    enum case_outcome outcome = mediated_outcome;
    int64_t close_p = SEED_GEN_NONE;
    double u14 = seed_gen_u(seed, n, 14);
    switch (close_from) {
    case 1:
        outcome = CASE_OUTCOME_WITHDRAWN;
        close_p = add(out->received_at, ival_mul(usecs(USECS_PER_HOUR), 2 + 70 * u14));
        break;
    case 2:
        outcome = fate2 < 0.006 ? CASE_OUTCOME_WITHDRAWN : CASE_OUTCOME_REFERRED;
        close_p = add(accept_p, ival_mul(usecs(USECS_PER_HOUR), 1 + 47 * u14));
        break;
    case 3:
        outcome = fate3 < 0.005 ? CASE_OUTCOME_WITHDRAWN : CASE_OUTCOME_REFERRED;
        close_p = add(assign_p, ival_mul(usecs(USECS_PER_HOUR), 2 + 118 * u14));
        break;
    case 4: {
        /* the share of the time left that mediation took: most finish in time, some run over
         * (overdue), a time limit that ran out ends in termination */
        double share;
        if (mediated_outcome == CASE_OUTCOME_TERMINATED)
            share = 0.9 + 0.5 * seed_gen_u(seed, n, 21);
        else if (mediated_outcome == CASE_OUTCOME_FAILED)
            share = 0.4 + 0.7 * seed_gen_u(seed, n, 21);
        else if (seed_gen_u(seed, n, 22) < 0.08)
            share = 1 + 1.5 * seed_gen_u(seed, n, 23);
        else
            share = 0.05 + 0.9 * pow(seed_gen_u(seed, n, 21), 1.2);
        struct ival left = greatest(diff(add(due0, days(extension_days)), session_p), days(1));
        close_p = add(add(session_p, ival_mul(ival_mul(usecs(USECS_PER_MINUTE), 600), u14)),
                      ival_mul(left, share));
        break;
    }
    default:
        break;
    }
    int64_t extend_p = add(session_p, ival_mul(greatest(diff(due0, session_p), days(1)), 0.6));

    /* a step happened when the case's path has it and its instant is not in the future */
    int64_t now = w->now;
    out->declined_at = close_from == 0 && decline_p <= now ? decline_p : SEED_GEN_NONE;
    out->accepted_at = close_from >= 2 && accept_p <= now ? accept_p : SEED_GEN_NONE;
    out->due_at = out->accepted_at != SEED_GEN_NONE ? due0 : SEED_GEN_NONE;
    out->assigned_at = close_from >= 3 && assign_p <= now ? assign_p : SEED_GEN_NONE;
    out->mediator_id = out->assigned_at != SEED_GEN_NONE ? mediator : SEED_GEN_NONE;
    out->session_at = close_from == 4 && session_p <= now ? session_p : SEED_GEN_NONE;
    out->closed_at = close_from >= 1 && close_p <= now ? close_p : SEED_GEN_NONE;
    out->outcome = outcome;

    int32_t received_day = seed_gen_local_day(w, out->received_at);
    out->has_occurred_on = seed_gen_u(seed, n, 34) >= 0.1;
    out->occurred_on = received_day - (int32_t)floor(60 * pow(seed_gen_u(seed, n, 33), 2));
    /* session rows for a sample (one in five) of the cases that reached mediation: 1 to 3 */
    out->extra_sessions = out->session_at == SEED_GEN_NONE || seed_gen_u(seed, n, 36) >= 0.2
                              ? 0
                              : BUCKET(seed_gen_u(seed, n, 26), 0, .6, .9);
    bool extended = out->session_at != SEED_GEN_NONE && extend_p <= now &&
                    (out->closed_at == SEED_GEN_NONE || extend_p < out->closed_at);
    out->extension_days = extended ? extension_days : 0;
    out->extended_at = extended && extension_days > 0 ? extend_p : SEED_GEN_NONE;

    /* the agreement: nothing to pay in some (an apology, a repair), otherwise log-normal around
     * a typical sum for the type, a few very large; whole yuan mostly */
    static const double nothing_to_pay[DISPUTE_TYPE_COUNT] = {.3,  .45, .2, .05, .05, .1,  .2, .05,
                                                              .15, .05, .1, .05, .05, .35, .4};
    out->amount_fen = SEED_GEN_NONE;
    out->return_visit_at = SEED_GEN_NONE;
    if (out->closed_at != SEED_GEN_NONE && outcome == CASE_OUTCOME_RESOLVED) {
        if (seed_gen_u(seed, n, 27) < nothing_to_pay[out->type]) {
            out->amount_fen = 0;
        } else {
            double yuan = rint(typical_yuan[out->type] *
                               exp(0.8 * sqrt(-2 * log(1 - seed_gen_u(seed, n, 28))) *
                                   cos(2 * M_PI * seed_gen_u(seed, n, 29))) *
                               (seed_gen_u(seed, n, 30) < 0.005 ? 25 : 1));
            int64_t fen =
                (int64_t)rint(yuan) * 100 +
                (seed_gen_u(seed, n, 30) > 0.9 ? (int64_t)floor(100 * seed_gen_u(seed, n, 35)) : 0);
            out->amount_fen = fen < 100000000000000LL ? fen : 100000000000000LL;
        }
        int64_t visit = add(out->closed_at, ival_mul(days(1), 3 + 27 * seed_gen_u(seed, n, 32)));
        if (seed_gen_u(seed, n, 31) < 0.5 && visit <= now)
            out->return_visit_at = visit;
    }
}

enum case_status seed_gen_status(const struct seed_gen_case *c)
{
    if (c->closed_at != SEED_GEN_NONE)
        return CASE_STATUS_CLOSED;
    if (c->declined_at != SEED_GEN_NONE)
        return CASE_STATUS_DECLINED;
    if (c->session_at != SEED_GEN_NONE)
        return CASE_STATUS_IN_MEDIATION;
    if (c->assigned_at != SEED_GEN_NONE)
        return CASE_STATUS_ASSIGNED;
    if (c->accepted_at != SEED_GEN_NONE)
        return CASE_STATUS_ACCEPTED;
    return CASE_STATUS_RECEIVED;
}

int seed_gen_version(const struct seed_gen_case *c)
{
    return 1 + (c->accepted_at != SEED_GEN_NONE || c->declined_at != SEED_GEN_NONE) +
           (c->assigned_at != SEED_GEN_NONE) + (c->session_at != SEED_GEN_NONE) +
           (c->extended_at != SEED_GEN_NONE) + (c->closed_at != SEED_GEN_NONE);
}

int64_t seed_gen_due_now(const struct seed_gen_case *c)
{
    return c->due_at == SEED_GEN_NONE ? SEED_GEN_NONE : add(c->due_at, days(c->extension_days));
}

/* Two summaries per dispute type, in enum order. */
static const char *const summaries[2 * DISPUTE_TYPE_COUNT] = {
    "夫妻双方因家庭琐事长期争吵，女方提出离婚，双方就子女抚养和财产分割发生争执。",
    "老人赡养问题引发子女之间矛盾，几名子女对赡养费的分担意见不一。",
    "楼上漏水导致楼下天花板受损，双方就维修费用发生争执。",
    "邻居在公共楼道堆放杂物，影响通行和消防安全，多次协商未果。",
    "两户村民因宅基地界线不清发生争议，一方翻建房屋时占用了另一方的宅基地。",
    "房屋买卖后卖方迟迟不配合办理过户手续，买方要求履行合同。",
    "装修合同履行过程中，业主认为施工质量不合格，拒付剩余工程款。",
    "借款到期后借款人未按约定还款，出借人多次催要无果。",
    "合伙经营的门店散伙后，合伙人之间就账目结算和设备分配发生争议。",
    "供货商与商户因货款结算发生纠纷，商户以质量问题为由拒付部分货款。",
    "饲养的犬只咬伤路人，双方就医疗费和误工费的赔偿发生争执。",
    "施工过程中高空坠物砸坏停放车辆，车主要求赔偿维修费用。",
    "两村村民因承包地边界发生争议，一方在争议地块上种植树木。",
    "林地承包期满后，村集体与承包户就林木处置和补偿发生分歧。",
    "旧城改造项目中，被征收户对房屋评估价格有异议，拒绝签订补偿协议。",
    "征地补偿款分配方案公布后，部分村民认为分配不公，要求重新核算。",
    "临街餐馆油烟和噪声扰民，周边居民多次投诉要求整改。",
    "小区旁工地夜间施工噪声严重影响居民休息，居民要求停工并赔偿。",
    "公司拖欠员工三个月工资，员工多次讨要未果。",
    "员工在工作中受伤，与用人单位就工伤待遇和赔偿发生争议。",
    "消费者在健身房办理年卡后健身房停业，要求退还剩余费用。",
    "购买的家电出现质量问题，商家拒绝退换，消费者要求退款并赔偿。",
    "患者手术后出现并发症，家属认为医院存在过错，要求赔偿。",
    "患者家属对诊疗费用和治疗效果有异议，与医院发生争执。",
    "电动车与行人相撞造成行人骨折，双方就医疗费和误工费的赔偿协商未果。",
    "两车发生追尾事故，责任认定后双方就车辆维修费用的赔偿发生争议。",
    "业主以物业服务不到位为由拒交物业费，物业公司催缴未果。",
    "小区停车位收费和管理引发业主与物业公司之间的矛盾。",
    "商铺租赁到期后，承租人与出租人就押金退还和装修补偿发生争议。",
    "村民因红白喜事占用道路发生口角，双方情绪激动。",
};

/* The claims of each dispute type; "%s" is a sum around the type's typical one. */
static const char *const claims[DISPUTE_TYPE_COUNT] = {
    "要求依法分割共同财产，子女由申请人抚养",
    "要求赔偿维修费%s元",
    "要求停止侵占，恢复原状",
    "要求支付剩余款项%s元",
    "要求结算账目并支付%s元",
    "要求赔偿医疗费、误工费共计%s元",
    "要求确认争议地块的承包经营权",
    "要求提高补偿%s元",
    "要求停止侵害并赔偿损失%s元",
    "要求支付拖欠工资%s元",
    "要求退款%s元",
    "要求赔偿医疗费用及其他损失%s元",
    "要求赔偿各项损失%s元",
    "要求物业改进服务，减免物业费%s元",
    "要求退还押金%s元",
};

static const char *const decline_reasons[] = {
    "纠纷已进入诉讼程序", "不属于人民调解受理范围", "一方当事人明确拒绝调解",
    "申请人未能提供基本事实和证据", "属于信访事项，应按信访程序处理"};
static const char *const referral_advice[] = {
    "建议向区人民法院起诉", "建议向区劳动人事争议仲裁委员会申请仲裁", "建议向区信访局反映",
    "建议补充材料后重新申请", "建议向辖区派出所报案"};
static const char *const referred_to[] = {"区人民法院", "辖区派出所", "区劳动人事争议仲裁委员会",
                                          "区住房和城乡建设局", "区市场监督管理局"};

/* Writes the claims, with "%s" replaced by the sum when the template has one. */
static void format_claims(const char *template, long long sum, char *out, size_t size)
{
    const char *hole = strstr(template, "%s");
    if (!hole) {
        snprintf(out, size, "%s", template);
        return;
    }
    snprintf(out, size, "%.*s%lld%s", (int)(hole - template), template, sum, hole + 2);
}

void seed_gen_case_texts(const struct seed_gen_world *w, const struct seed_gen_case *c,
                         struct seed_gen_case_texts *out)
{
    int64_t seed = w->seed, n = c->n;
    memset(out, 0, sizeof(*out));
    out->summary = summaries[2 * c->type + (seed_gen_u(seed, n, 50) < 0.5)];
    double sum = rint(typical_yuan[c->type] * (0.5 + 2 * seed_gen_u(seed, n, 51)) / 100) * 100;
    format_claims(claims[c->type], (long long)sum, out->claims, sizeof(out->claims));
    /* most hotline cases and some grid-platform cases were pushed by those systems */
    if (c->source == CASE_SOURCE_HOTLINE && seed_gen_u(seed, n, 52) < 0.8) {
        out->external_system = "hotline-12345";
        out->external_prefix = "GD";
    } else if (c->source == CASE_SOURCE_GRID_REPORT && seed_gen_u(seed, n, 52) < 0.3) {
        out->external_system = "grid-platform";
        out->external_prefix = "WG";
    }
    if (c->declined_at != SEED_GEN_NONE) {
        out->decline_reason = decline_reasons[pick(seed_gen_u(seed, n, 53), 5)];
        out->referral_advice = referral_advice[pick(seed_gen_u(seed, n, 54), 5)];
    }
    if (c->closed_at == SEED_GEN_NONE)
        return;
    switch (c->outcome) {
    case CASE_OUTCOME_RESOLVED:
        out->outcome_note = "经调解，双方自愿达成协议。";
        break;
    case CASE_OUTCOME_FAILED:
        out->outcome_note = "双方分歧较大，调解不成，已告知当事人通过诉讼途径解决。";
        break;
    case CASE_OUTCOME_TERMINATED:
        out->outcome_note = seed_gen_u(seed, n, 70) < 0.5 ? "一方当事人拒绝继续调解，终止调解。"
                                                          : "调解期限届满未能达成协议，终止调解。";
        break;
    case CASE_OUTCOME_WITHDRAWN:
        out->outcome_note = "申请人撤回调解申请。";
        break;
    default:
        out->outcome_note = "纠纷涉及事项超出调解范围，依法移送。";
        out->referred_to = referred_to[pick(seed_gen_u(seed, n, 71), 5)];
        break;
    }
    if (c->outcome == CASE_OUTCOME_RESOLVED) {
        /* prevented criminal escalations mostly among risky cases, mass petitions in the
         * disputes that draw crowds */
        static const double escalation[RISK_LEVEL_COUNT] = {0.01, 0.1, 0.3, 0.6};
        out->prevented_escalation = seed_gen_u(seed, n, 72) < escalation[c->risk];
        bool crowd = c->type == DISPUTE_TYPE_LAND_REQUISITION || c->type == DISPUTE_TYPE_LABOR ||
                     c->type == DISPUTE_TYPE_ENVIRONMENT ||
                     c->type == DISPUTE_TYPE_PROPERTY_MANAGEMENT;
        out->prevented_mass_petition = seed_gen_u(seed, n, 73) < (crowd ? 0.05 : 0.003);
    }
    if (c->return_visit_at != SEED_GEN_NONE) {
        out->return_visit_note = "电话回访，当事人对调解结果表示满意。";
        out->has_performance = true;
        out->performance = (enum performance)(BUCKET(seed_gen_u(seed, n, 74), 0, .85, .95) - 1);
        out->judicial_confirmation = seed_gen_u(seed, n, 75) < 0.15;
    }
}

/* Parties ----------------------------------------------------------------------------------- */

/* The share of respondents that are organizations, by dispute type. */
static const double organization_share[DISPUTE_TYPE_COUNT] = {0,  0,   0,  .35, .5,  .1,  0, .3,
                                                              .3, .75, .7, .9,  .05, .85, .1};

static const char *const regions[] = {"411002", "411002", "411002", "411002", "411003",
                                      "411023", "411024", "411025", "411081", "411082",
                                      "410102", "410105", "411102", "410302"};
static const char *const firms[] = {"恒达", "瑞丰", "新兴", "宏泰", "金盛", "华源",
                                    "东方", "永安", "佳和", "鑫隆", "中原", "万家"};
/* Name characters: each list is one string of Chinese characters, three bytes each in UTF-8
 * (pick_char). */
static const char surnames[] = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
                               "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金";
static const char male_first[] = "建国志伟明永德文军海强俊红卫新立春洪宏保庆书金振光天家浩宇磊";
static const char male_second[] = "华军明平林峰刚成辉勇杰涛斌超波东亮鹏龙生";
static const char female_first[] = "秀桂玉丽淑翠春美慧雪红海晓静雅佳素凤月金彩艳小思梦欣文爱巧兰";
static const char female_second[] = "英兰珍芳娟敏华霞琴云梅萍燕玲洁丽婷娜荣琳";
static const char *const mobile_prefixes[] = {
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
    "152", "155", "156", "157", "158", "159", "166", "176", "177", "180", "181",
    "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"};
static const char *const streets[] = {
    "建设路", "文化街", "劳动路",   "八一路", "五一路", "学院路", "许由路", "魏武大道",
    "七一路", "毓秀路", "南关大街", "北大街", "东大街", "西大街", "新兴路", "健康路"};

/* The character of chars (one of the name lists) that u picks, as a pointer to its three bytes
 * (print it with "%.3s"). */
static const char *pick_char(const char *chars, double u)
{
    return chars + 3 * pick(u, strlen(chars) / 3);
}

/* The kind of business an organization respondent runs, by dispute type. */
static const char *firm_kind(enum dispute_type type, double u)
{
    static const char *const labor[] = {"建筑工程有限公司", "机械制造有限公司", "餐饮管理有限公司",
                                        "发制品有限公司"};
    static const char *const consumer[] = {"商贸有限公司", "健身服务有限公司", "电器销售有限公司",
                                           "教育咨询有限公司"};
    static const char *const medical[] = {"医院", "口腔门诊部", "中医院", "康复医院"};
    static const char *const other[] = {"商贸有限公司", "建材有限公司", "科技有限公司",
                                        "农业专业合作社"};
    switch (type) {
    case DISPUTE_TYPE_LABOR:
        return labor[pick(u, 4)];
    case DISPUTE_TYPE_CONSUMER:
        return consumer[pick(u, 4)];
    case DISPUTE_TYPE_MEDICAL:
        return medical[pick(u, 4)];
    case DISPUTE_TYPE_PROPERTY_MANAGEMENT:
        return "物业服务有限公司";
    case DISPUTE_TYPE_LAND_REQUISITION:
        return "置业有限公司";
    default:
        return other[pick(u, 4)];
    }
}

void seed_gen_party(const struct seed_gen_world *w, const struct seed_gen_case *c, int position,
                    struct seed_gen_party *out)
{
    int64_t seed = w->seed, n = c->n;
    memset(out, 0, sizeof(*out));
    out->role = (enum party_role)(position - 1);
    bool organization = position == 2 && seed_gen_u(seed, n, 40) < organization_share[c->type];
    out->kind = organization ? PARTY_KIND_ORGANIZATION : PARTY_KIND_PERSON;
    /* draws per case, per slot (case and position), per firm and per person; about 5 % of the
     * slots go to repeat disputants from a small pool, the same person everywhere */
    int64_t slot = n * 4 + position;
    int64_t person = seed_gen_u(seed, n, 40 + position) < 0.05
                         ? (int64_t)floor(seed_gen_u(seed, n, 44 + position) *
                                          (double)(n / 40 > 100 ? n / 40 : 100))
                         : 1000000000 + slot;
    int64_t ps = seed + 1;
    if (organization) {
        snprintf(out->name, sizeof(out->name), "许昌%s%s",
                 firms[pick(seed_gen_u(seed + 2, n, 1), COUNT(firms))],
                 firm_kind(c->type, seed_gen_u(seed + 2, n, 2)));
        if (seed_gen_u(seed + 2, n, 3) < 0.8) {
            /* an enterprise of the district: registration 9, type 1, region 411002, 9 digits */
            char first17[18];
            snprintf(first17, sizeof(first17), "91411002%09lld",
                     (long long)floor(1000000000 * seed_gen_u(seed + 2, n, 4)));
            snprintf(out->id_number, sizeof(out->id_number), "%s%c", first17,
                     identity_uscc_check_char(first17));
        }
        snprintf(out->phone, sizeof(out->phone), "0374-%d",
                 2000000 + (int)floor(7999999 * seed_gen_u(seed + 2, n, 5)));
    } else {
        bool male = seed_gen_u(ps, person, 1) < 0.5;
        const char *first = male ? male_first : female_first;
        const char *second = male ? male_second : female_second;
        snprintf(out->name, sizeof(out->name), "%.3s%.3s%.3s",
                 pick_char(surnames, pow(seed_gen_u(ps, person, 5), 1.8)),
                 pick_char(first, seed_gen_u(ps, person, 6)),
                 seed_gen_u(ps, person, 7) < 0.7 ? pick_char(second, seed_gen_u(ps, person, 8))
                                                 : "");
        static const double has_id[] = {.85, .5, .4}, has_phone[] = {.95, .7, .5};
        if (seed_gen_u(seed + 3, slot, 1) < has_id[position - 1]) {
            char birth[9], first17[18];
            /* born 1945 … 2004 */
            seed_gen_format_yyyymmdd(
                (int32_t)(date_days_from_civil(1945, 1, 1) - DATES_PG_EPOCH_DAYS) +
                    (int32_t)floor(21900 * seed_gen_u(ps, person, 3)),
                birth);
            snprintf(first17, sizeof(first17), "%s%s%03d",
                     regions[pick(seed_gen_u(ps, person, 2), COUNT(regions))], birth,
                     (int)floor(500 * seed_gen_u(ps, person, 4)) * 2 + male);
            snprintf(out->id_number, sizeof(out->id_number), "%s%c", first17,
                     identity_resident_id_check_char(first17));
        }
        if (seed_gen_u(seed + 3, slot, 2) < has_phone[position - 1])
            snprintf(out->phone, sizeof(out->phone), "%s%08d",
                     mobile_prefixes[pick(seed_gen_u(ps, person, 9), COUNT(mobile_prefixes))],
                     (int)floor(100000000 * seed_gen_u(ps, person, 10)));
    }
    if (seed_gen_u(seed + 3, slot, 3) < 0.6)
        snprintf(out->address, sizeof(out->address), "许昌市魏都区%s%d号",
                 streets[pick(seed_gen_u(ps, person, 11), COUNT(streets))],
                 1 + (int)floor(300 * seed_gen_u(ps, person, 12)));
}

/* Sessions and agreements --------------------------------------------------------------------- */

void seed_gen_session(const struct seed_gen_world *w, const struct seed_gen_case *c, int k,
                      struct seed_gen_session *out)
{
    static const char *const notes[] = {
        "听取双方陈述，释法明理，双方同意继续协商。", "背对背分别做双方工作，缩小了分歧。",
        "组织双方面对面调解，就主要事实达成共识。", "邀请社区干部和律师参与调解，提出调解方案。",
        "电话回访双方，确认调解方案的意见。"};
    int64_t seed = w->seed, n = c->n;
    int64_t until = c->closed_at != SEED_GEN_NONE ? c->closed_at : w->now;
    out->held_at =
        add(c->session_at, ival_mul(diff(until, c->session_at), (double)k / c->extra_sessions));
    out->kind = (enum session_kind)(BUCKET(seed_gen_u(seed, n, 60 + k), 0, .7, .9) - 1);
    snprintf(out->participants, sizeof(out->participants), "%s%s",
             c->party_count == 1 ? "申请人" : "申请人、被申请人",
             seed_gen_u(seed, n, 63 + k) < 0.3 ? "、社区网格员" : "");
    out->notes = notes[pick(seed_gen_u(seed, n, 66 + k), 5)];
}

void seed_gen_agreement(const struct seed_gen_world *w, const struct seed_gen_case *c,
                        struct seed_gen_agreement *out)
{
    static const char *const methods[] = {"当场一次性履行", "协议签订后一次性支付", "分期支付"};
    int64_t seed = w->seed, n = c->n;
    memset(out, 0, sizeof(*out));
    out->form = seed_gen_u(seed, n, 80) < 0.85 ? AGREEMENT_FORM_WRITTEN : AGREEMENT_FORM_ORAL;
    out->signed_on = seed_gen_local_day(w, c->closed_at);
    if (c->amount_fen == 0) {
        snprintf(out->terms, sizeof(out->terms), "%s",
                 "双方互谅互让，一方赔礼道歉，今后和睦相处，不再因此事发生纠纷。");
        return;
    }
    snprintf(out->terms, sizeof(out->terms),
             "被申请人向申请人支付%lld.%02lld元，双方就此事再无其他纠纷。",
             (long long)(c->amount_fen / 100), (long long)(c->amount_fen % 100));
    out->performance_method = methods[pick(seed_gen_u(seed, n, 81), 3)];
    out->has_perform_by = true;
    out->perform_by = out->signed_on + (int32_t)floor(90 * seed_gen_u(seed, n, 82));
}
