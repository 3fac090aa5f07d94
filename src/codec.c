/* Serialization: the portable, canonical, checksummed byte form of
   accumulators and timelines. docs/format.md is the specification; this file
   follows it field by field. SPDX-License-Identifier: MIT */
#include "nps_internal.h"

#include <string.h>

/*
 * Frame: "NPS", kind letter, format version byte, body, CRC-32C of all the
 * bytes before it (little endian). The version sits right after the magic so
 * that a reader can tell "newer than me" from "damaged" before it knows how
 * the body or the checksum of a newer version looks.
 */
#define FORMAT_VERSION 1u
/* Timelines whose geometry no 1.0 UTC offset expresses (a fixed-width
   origin beyond +-86400 s, e.g. weeks starting on Monday) are written as
   version 2; every other object keeps the version 1 bytes. */
#define FORMAT_VERSION_TL_ORIGIN 2u
#define KIND_ACC 'A'
#define KIND_TIMELINE 'T'
#define KIND_WACC 'W'
#define HEADER_SIZE 5u
#define CRC_SIZE 4u

/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), one byte per step.
   A constant table keeps the library free of mutable global state. */
static const uint32_t crc32c_table[256] = {
    0x00000000u, 0xf26b8303u, 0xe13b70f7u, 0x1350f3f4u,
    0xc79a971fu, 0x35f1141cu, 0x26a1e7e8u, 0xd4ca64ebu,
    0x8ad958cfu, 0x78b2dbccu, 0x6be22838u, 0x9989ab3bu,
    0x4d43cfd0u, 0xbf284cd3u, 0xac78bf27u, 0x5e133c24u,
    0x105ec76fu, 0xe235446cu, 0xf165b798u, 0x030e349bu,
    0xd7c45070u, 0x25afd373u, 0x36ff2087u, 0xc494a384u,
    0x9a879fa0u, 0x68ec1ca3u, 0x7bbcef57u, 0x89d76c54u,
    0x5d1d08bfu, 0xaf768bbcu, 0xbc267848u, 0x4e4dfb4bu,
    0x20bd8edeu, 0xd2d60dddu, 0xc186fe29u, 0x33ed7d2au,
    0xe72719c1u, 0x154c9ac2u, 0x061c6936u, 0xf477ea35u,
    0xaa64d611u, 0x580f5512u, 0x4b5fa6e6u, 0xb93425e5u,
    0x6dfe410eu, 0x9f95c20du, 0x8cc531f9u, 0x7eaeb2fau,
    0x30e349b1u, 0xc288cab2u, 0xd1d83946u, 0x23b3ba45u,
    0xf779deaeu, 0x05125dadu, 0x1642ae59u, 0xe4292d5au,
    0xba3a117eu, 0x4851927du, 0x5b016189u, 0xa96ae28au,
    0x7da08661u, 0x8fcb0562u, 0x9c9bf696u, 0x6ef07595u,
    0x417b1dbcu, 0xb3109ebfu, 0xa0406d4bu, 0x522bee48u,
    0x86e18aa3u, 0x748a09a0u, 0x67dafa54u, 0x95b17957u,
    0xcba24573u, 0x39c9c670u, 0x2a993584u, 0xd8f2b687u,
    0x0c38d26cu, 0xfe53516fu, 0xed03a29bu, 0x1f682198u,
    0x5125dad3u, 0xa34e59d0u, 0xb01eaa24u, 0x42752927u,
    0x96bf4dccu, 0x64d4cecfu, 0x77843d3bu, 0x85efbe38u,
    0xdbfc821cu, 0x2997011fu, 0x3ac7f2ebu, 0xc8ac71e8u,
    0x1c661503u, 0xee0d9600u, 0xfd5d65f4u, 0x0f36e6f7u,
    0x61c69362u, 0x93ad1061u, 0x80fde395u, 0x72966096u,
    0xa65c047du, 0x5437877eu, 0x4767748au, 0xb50cf789u,
    0xeb1fcbadu, 0x197448aeu, 0x0a24bb5au, 0xf84f3859u,
    0x2c855cb2u, 0xdeeedfb1u, 0xcdbe2c45u, 0x3fd5af46u,
    0x7198540du, 0x83f3d70eu, 0x90a324fau, 0x62c8a7f9u,
    0xb602c312u, 0x44694011u, 0x5739b3e5u, 0xa55230e6u,
    0xfb410cc2u, 0x092a8fc1u, 0x1a7a7c35u, 0xe811ff36u,
    0x3cdb9bddu, 0xceb018deu, 0xdde0eb2au, 0x2f8b6829u,
    0x82f63b78u, 0x709db87bu, 0x63cd4b8fu, 0x91a6c88cu,
    0x456cac67u, 0xb7072f64u, 0xa457dc90u, 0x563c5f93u,
    0x082f63b7u, 0xfa44e0b4u, 0xe9141340u, 0x1b7f9043u,
    0xcfb5f4a8u, 0x3dde77abu, 0x2e8e845fu, 0xdce5075cu,
    0x92a8fc17u, 0x60c37f14u, 0x73938ce0u, 0x81f80fe3u,
    0x55326b08u, 0xa759e80bu, 0xb4091bffu, 0x466298fcu,
    0x1871a4d8u, 0xea1a27dbu, 0xf94ad42fu, 0x0b21572cu,
    0xdfeb33c7u, 0x2d80b0c4u, 0x3ed04330u, 0xccbbc033u,
    0xa24bb5a6u, 0x502036a5u, 0x4370c551u, 0xb11b4652u,
    0x65d122b9u, 0x97baa1bau, 0x84ea524eu, 0x7681d14du,
    0x2892ed69u, 0xdaf96e6au, 0xc9a99d9eu, 0x3bc21e9du,
    0xef087a76u, 0x1d63f975u, 0x0e330a81u, 0xfc588982u,
    0xb21572c9u, 0x407ef1cau, 0x532e023eu, 0xa145813du,
    0x758fe5d6u, 0x87e466d5u, 0x94b49521u, 0x66df1622u,
    0x38cc2a06u, 0xcaa7a905u, 0xd9f75af1u, 0x2b9cd9f2u,
    0xff56bd19u, 0x0d3d3e1au, 0x1e6dcdeeu, 0xec064eedu,
    0xc38d26c4u, 0x31e6a5c7u, 0x22b65633u, 0xd0ddd530u,
    0x0417b1dbu, 0xf67c32d8u, 0xe52cc12cu, 0x1747422fu,
    0x49547e0bu, 0xbb3ffd08u, 0xa86f0efcu, 0x5a048dffu,
    0x8ecee914u, 0x7ca56a17u, 0x6ff599e3u, 0x9d9e1ae0u,
    0xd3d3e1abu, 0x21b862a8u, 0x32e8915cu, 0xc083125fu,
    0x144976b4u, 0xe622f5b7u, 0xf5720643u, 0x07198540u,
    0x590ab964u, 0xab613a67u, 0xb831c993u, 0x4a5a4a90u,
    0x9e902e7bu, 0x6cfbad78u, 0x7fab5e8cu, 0x8dc0dd8fu,
    0xe330a81au, 0x115b2b19u, 0x020bd8edu, 0xf0605beeu,
    0x24aa3f05u, 0xd6c1bc06u, 0xc5914ff2u, 0x37faccf1u,
    0x69e9f0d5u, 0x9b8273d6u, 0x88d28022u, 0x7ab90321u,
    0xae7367cau, 0x5c18e4c9u, 0x4f48173du, 0xbd23943eu,
    0xf36e6f75u, 0x0105ec76u, 0x12551f82u, 0xe03e9c81u,
    0x34f4f86au, 0xc69f7b69u, 0xd5cf889du, 0x27a40b9eu,
    0x79b737bau, 0x8bdcb4b9u, 0x988c474du, 0x6ae7c44eu,
    0xbe2da0a5u, 0x4c4623a6u, 0x5f16d052u, 0xad7d5351u,
};

static uint32_t crc32c(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    for (i = 0; i < n; i++)
        c = crc32c_table[(c ^ p[i]) & 0xffu] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

/* ---- writing ------------------------------------------------------------ */

/* With buf NULL the writer only counts, so one encoder serves both the size
   query and the real write and the two can never disagree. */
struct writer {
    uint8_t *buf;
    size_t pos;
};

static void put_byte(struct writer *w, uint8_t b)
{
    /* Saturate instead of wrapping: a size of SIZE_MAX is never available,
       so the caller gets NPS_E_BUFSIZE rather than a short count. Only a
       32-bit size_t can get here (a ring of 4 GB encodes to up to 5 GB),
       so 64-bit coverage runs cannot reach it. */
    if (w->pos == SIZE_MAX) /* GCOVR_EXCL_BR_LINE */
        return;             /* GCOVR_EXCL_LINE */
    if (w->buf)
        w->buf[w->pos] = b;
    w->pos++;
}

static void put_varint(struct writer *w, uint64_t v)
{
    while (v >= 0x80u) {
        put_byte(w, (uint8_t)(v | 0x80u));
        v >>= 7;
    }
    put_byte(w, (uint8_t)v);
}

static void put_zigzag(struct writer *w, int64_t v)
{
    /* Written without shifting a negative value (undefined in C99). */
    uint64_t u = (uint64_t)v;
    put_varint(w, v < 0 ? ~(u << 1) : u << 1);
}

static void put_header_v(struct writer *w, uint8_t kind, uint8_t version,
                         const nps_scale *s)
{
    put_byte(w, 'N');
    put_byte(w, 'P');
    put_byte(w, 'S');
    put_byte(w, kind);
    put_byte(w, version);
    /* A valid scale lies within 0..NPS_SCALE_LIMIT, so each field is a byte. */
    put_byte(w, (uint8_t)s->min);
    put_byte(w, (uint8_t)s->max);
    put_byte(w, (uint8_t)s->passive_min);
    put_byte(w, (uint8_t)s->promoter_min);
}

static void put_header(struct writer *w, uint8_t kind, const nps_scale *s)
{
    put_header_v(w, kind, (uint8_t)FORMAT_VERSION, s);
}

static void put_crc(struct writer *w)
{
    uint32_t c = w->buf ? crc32c(w->buf, w->pos) : 0;
    put_byte(w, (uint8_t)c);
    put_byte(w, (uint8_t)(c >> 8));
    put_byte(w, (uint8_t)(c >> 16));
    put_byte(w, (uint8_t)(c >> 24));
}

/* Runs encode twice: once to count, once (if it fits) to write. */
typedef void (*encode_fn)(struct writer *w, const void *obj);

static nps_status emit(encode_fn encode, const void *obj, void *buf,
                       size_t cap, size_t *len)
{
    struct writer w = {NULL, 0};
    encode(&w, obj);
    *len = w.pos;
    if (w.pos == SIZE_MAX || cap < w.pos) /* GCOVR_EXCL_BR_LINE: see put_byte */
        return NPS_E_BUFSIZE;
    w.buf = (uint8_t *)buf;
    w.pos = 0;
    encode(&w, obj);
    return NPS_OK;
}

/* ---- reading ------------------------------------------------------------ */

/* Every read checks the bound first; a failed read makes the whole decode
   NPS_E_FORMAT, so the functions just report 0. */
struct reader {
    const uint8_t *p;
    size_t pos, end;
};

static int get_byte(struct reader *r, uint8_t *out)
{
    if (r->pos >= r->end)
        return 0;
    *out = r->p[r->pos++];
    return 1;
}

/* Unsigned LEB128, canonical only: at most 64 significant bits and no
   redundant trailing zero group (so each value has one encoding). */
static int get_varint(struct reader *r, uint64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
        uint8_t b;
        if (!get_byte(r, &b))
            return 0;
        if (shift == 63 && b > 1)
            return 0;
        v |= (uint64_t)(b & 0x7fu) << shift;
        if (!(b & 0x80u)) {
            if (b == 0 && shift > 0)
                return 0;
            *out = v;
            return 1;
        }
        shift += 7;
    }
}

static int get_zigzag(struct reader *r, int64_t *out)
{
    uint64_t u;
    if (!get_varint(r, &u))
        return 0;
    /* (u >> 1) ^ -(u & 1), computed in unsigned arithmetic; the conversion
       to int64_t of a value above INT64_MAX is done by hand to stay within
       defined behaviour. */
    u = (u & 1u) ? ~(u >> 1) : (u >> 1);
    *out = u <= (uint64_t)INT64_MAX ? (int64_t)u
                                    : -(int64_t)(~u) - 1;
    return 1;
}

/*
 * Check magic, kind, version and checksum, read the scale, and leave r on
 * the body: [r->pos, r->end) excludes the checksum.
 */
static nps_status open_frame_v(struct reader *r, const void *buf, size_t len,
                               uint8_t kind, uint8_t max_version,
                               uint8_t *version, nps_scale *scale)
{
    const uint8_t *p = (const uint8_t *)buf;
    uint32_t stored;
    uint8_t f[4];
    if (len < HEADER_SIZE || p[0] != 'N' || p[1] != 'P' || p[2] != 'S' ||
        p[3] != kind)
        return NPS_E_FORMAT;
    if (p[4] > max_version)
        return NPS_E_VERSION;
    if (p[4] < FORMAT_VERSION || len < HEADER_SIZE + 4u + CRC_SIZE)
        return NPS_E_FORMAT;
    *version = p[4];
    stored = (uint32_t)p[len - 4] | (uint32_t)p[len - 3] << 8 |
             (uint32_t)p[len - 2] << 16 | (uint32_t)p[len - 1] << 24;
    if (crc32c(p, len - CRC_SIZE) != stored)
        return NPS_E_FORMAT;
    r->p = p;
    r->pos = HEADER_SIZE;
    r->end = len - CRC_SIZE;
    (void)get_byte(r, &f[0]);
    (void)get_byte(r, &f[1]);
    (void)get_byte(r, &f[2]);
    (void)get_byte(r, &f[3]);
    scale->min = f[0];
    scale->max = f[1];
    scale->passive_min = f[2];
    scale->promoter_min = f[3];
    return nps_scale_validate(scale) == NPS_OK ? NPS_OK : NPS_E_FORMAT;
}

static nps_status open_frame(struct reader *r, const void *buf, size_t len,
                             uint8_t kind, nps_scale *scale)
{
    uint8_t version;
    return open_frame_v(r, buf, len, kind, (uint8_t)FORMAT_VERSION, &version,
                        scale);
}

/*
 * Read np counts into counts[] and their sum into *total; 0 when a varint is
 * malformed or the sum exceeds UINT64_MAX (no object can hold such counts).
 */
static int get_counts(struct reader *r, uint32_t np, uint64_t *counts,
                      uint64_t *total)
{
    uint64_t sum = 0;
    uint32_t i;
    for (i = 0; i < np; i++) {
        if (!get_varint(r, &counts[i]) || counts[i] > UINT64_MAX - sum)
            return 0;
        sum += counts[i];
    }
    *total = sum;
    return 1;
}

/* ---- accumulator ---------------------------------------------------------- */

static void encode_acc(struct writer *w, const void *obj)
{
    const nps_acc *acc = (const nps_acc *)obj;
    uint32_t i;
    put_header(w, KIND_ACC, &acc->scale);
    for (i = 0; i < acc->npoints; i++)
        put_varint(w, acc->counts[i]);
    put_crc(w);
}

nps_status nps_acc_serialize(const nps_acc *acc, void *buf, size_t cap,
                             size_t *len)
{
    if (!acc || !len || (!buf && cap > 0))
        return NPS_E_INVALID;
    return emit(encode_acc, acc, buf, cap, len);
}

nps_status nps_acc_deserialize_with_allocator(nps_acc **out, const void *buf,
                                              size_t len,
                                              const nps_allocator *allocator)
{
    uint64_t counts[NPS_SCALE_LIMIT + 1];
    uint64_t total;
    struct reader r;
    nps_scale scale;
    nps_allocator a;
    nps_status st;
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (!buf || nps__allocator_init(&a, allocator) != NPS_OK)
        return NPS_E_INVALID;
    st = open_frame(&r, buf, len, KIND_ACC, &scale);
    if (st != NPS_OK)
        return st;
    if (!get_counts(&r, NPS_POINTS(&scale), counts, &total) || r.pos != r.end)
        return NPS_E_FORMAT;
    st = nps__acc_create(out, &scale, &a);
    if (st == NPS_OK)
        nps__acc_set_counts(*out, counts, total);
    return st;
}

nps_status nps_acc_deserialize(nps_acc **out, const void *buf, size_t len)
{
    return nps_acc_deserialize_with_allocator(out, buf, len, NULL);
}

/* ---- timeline ------------------------------------------------------------- */

#define TL_HAS_NEWEST 0x01u
#define TL_HAS_CLOCK 0x02u

/* Absolute index of the bucket at age a (0 = newest) of a timeline whose
   newest index is newest; 0 when it would lie below INT64_MIN (such a
   bucket holds no time and is always empty). */
static int age_index(int64_t newest, uint64_t age, int64_t *out)
{
    uint64_t room = (uint64_t)newest - (uint64_t)INT64_MIN;
    if (age > room)
        return 0;
    /* newest - age, computed through uint64_t to avoid signed overflow. */
    room -= age;
    *out = room > (uint64_t)INT64_MAX
               ? (int64_t)(room - (uint64_t)INT64_MAX - 1u)
               : (int64_t)room + INT64_MIN;
    return 1;
}

static uint64_t stored_buckets(const nps_timeline *tl, int write,
                               struct writer *w)
{
    uint64_t k = 0, age;
    if (!tl->has_newest)
        return 0;
    for (age = 0; age < tl->nbuckets; age++) {
        int64_t i;
        uint32_t p;
        uint64_t total;
        const uint64_t *c;
        if (!age_index(tl->newest, age, &i))
            break;
        c = nps__timeline_bucket_row(tl, i, &total);
        if (total == 0)
            continue;
        k++;
        if (write) {
            put_varint(w, age);
            for (p = 0; p < tl->npoints; p++)
                put_varint(w, c[p]);
        }
    }
    return k;
}

static void encode_timeline(struct writer *w, const void *obj)
{
    const nps_timeline *tl = (const nps_timeline *)obj;
    put_header_v(w, KIND_TIMELINE,
                 nps__geom_is_1_0(&tl->geo) ? (uint8_t)FORMAT_VERSION
                                            : (uint8_t)FORMAT_VERSION_TL_ORIGIN,
                 &tl->scale);
    put_byte(w, (uint8_t)tl->geo.unit);
    put_varint(w, (uint64_t)tl->geo.width);
    put_zigzag(w, tl->geo.offset);
    put_varint(w, tl->nbuckets);
    put_byte(w, (uint8_t)((tl->has_newest ? TL_HAS_NEWEST : 0u) |
                          (tl->has_clock ? TL_HAS_CLOCK : 0u)));
    if (tl->has_newest)
        put_zigzag(w, tl->newest);
    if (tl->has_clock)
        put_zigzag(w, tl->clock);
    put_varint(w, (uint64_t)tl->horizon);
    put_varint(w, tl->dropped);
    put_varint(w, stored_buckets(tl, 0, NULL));
    (void)stored_buckets(tl, 1, w);
    put_crc(w);
}

nps_status nps_timeline_serialize(const nps_timeline *tl, void *buf,
                                  size_t cap, size_t *len)
{
    if (!tl || !len || (!buf && cap > 0))
        return NPS_E_INVALID;
    return emit(encode_timeline, tl, buf, cap, len);
}

/* Everything of a timeline frame but its buckets, which are read twice:
   once to validate, once to fill the new object. */
struct tl_fields {
    nps_scale scale;
    uint8_t unit, flags;
    uint64_t width, nbuckets, horizon, dropped, nstored;
    int64_t offset, newest, clock;
    nps__geom geo;
    int64_t lo, hi; /* reachable bucket indices of this geometry */
};

static int get_tl_fields(struct reader *r, uint8_t version,
                         struct tl_fields *f)
{
    uint8_t unit, flags;
    if (!get_byte(r, &unit) || !get_varint(r, &f->width) ||
        !get_zigzag(r, &f->offset) || !get_varint(r, &f->nbuckets) ||
        !get_byte(r, &flags))
        return 0;
    f->unit = unit;
    f->flags = flags;
    f->newest = 0;
    f->clock = 0;
    if ((flags & ~(TL_HAS_NEWEST | TL_HAS_CLOCK)) != 0 ||
        ((flags & TL_HAS_NEWEST) && !get_zigzag(r, &f->newest)) ||
        ((flags & TL_HAS_CLOCK) && !get_zigzag(r, &f->clock)) ||
        !get_varint(r, &f->horizon) || !get_varint(r, &f->dropped) ||
        !get_varint(r, &f->nstored))
        return 0;
    /* The limits of the constructor (src/calendar.c), checked here so that
       malformed bytes are refused before anything is allocated. */
    if (f->width > (uint64_t)INT64_MAX)
        return 0;
    if (version == FORMAT_VERSION) {
        if (!nps__geom_init(&f->geo, (nps_unit)unit, (int64_t)f->width,
                            f->offset))
            return 0;
    } else {
        /* Version 2 exists only for what version 1 cannot say (canonical
           bytes): fixed width, offset in (86400, width). */
        if (unit != NPS_UNIT_SECOND || f->offset <= NPS__MAX_OFFSET ||
            f->offset >= (int64_t)f->width)
            return 0;
        (void)nps__geom_init_origin(&f->geo, (int64_t)f->width, -f->offset);
    }
    if (
        f->nbuckets < 1 || f->nbuckets > NPS__MAX_BUCKETS ||
        f->horizon > (uint64_t)INT64_MAX || f->nstored > f->nbuckets ||
        (!(flags & TL_HAS_NEWEST) && f->nstored != 0))
        return 0;
    nps__geom_index_range(&f->geo, &f->lo, &f->hi);
    if ((flags & TL_HAS_NEWEST) && (f->newest < f->lo || f->newest > f->hi))
        return 0;
    return 1;
}

/*
 * Walk the stored buckets. Without tl, only validate: ages strictly
 * increasing, below the ring size and naming a reachable index; no
 * bucket empty (a canonical writer omits it); no bucket total beyond
 * UINT64_MAX. With tl (second pass over validated bytes), fill its ring.
 */
static int get_buckets(struct reader *r, const struct tl_fields *f,
                       nps_timeline *tl)
{
    uint64_t counts[NPS_SCALE_LIMIT + 1], total, j, age, prev = 0;
    uint32_t np = NPS_POINTS(&f->scale);
    /* Each stored bucket takes at least 1 + np bytes: refuse a count that
       the remaining bytes cannot hold before looping over it. */
    if (f->nstored > (r->end - r->pos) / (1u + np))
        return 0;
    for (j = 0; j < f->nstored; j++) {
        int64_t i;
        if (!get_varint(r, &age) || (j > 0 && age <= prev) ||
            age >= f->nbuckets || !age_index(f->newest, age, &i) ||
            i < f->lo ||
            !get_counts(r, np, counts, &total) || total == 0)
            return 0;
        prev = age;
        if (tl)
            nps__timeline_set_bucket(tl, i, counts, total);
    }
    return 1;
}

nps_status nps_timeline_deserialize_with_allocator(
    nps_timeline **out, const void *buf, size_t len,
    const nps_allocator *allocator)
{
    struct reader r, body;
    struct tl_fields f;
    nps_allocator a;
    nps_timeline *tl;
    nps_status st;
    uint8_t version;
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (!buf || nps__allocator_init(&a, allocator) != NPS_OK)
        return NPS_E_INVALID;
    st = open_frame_v(&r, buf, len, KIND_TIMELINE,
                      (uint8_t)FORMAT_VERSION_TL_ORIGIN, &version, &f.scale);
    if (st != NPS_OK)
        return st;
    if (!get_tl_fields(&r, version, &f))
        return NPS_E_FORMAT;
    body = r;
    if (!get_buckets(&r, &f, NULL) || r.pos != r.end)
        return NPS_E_FORMAT;
    st = nps__timeline_create(&tl, &f.geo, (uint32_t)f.nbuckets, &f.scale,
                              &a);
    /* Every argument was checked above, so only the allocation can fail;
       should the constructor ever refuse more than this file checks, the
       bytes are still malformed for this library, not a memory problem. */
    if (st != NPS_OK)
        return st == NPS_E_NOMEM ? NPS_E_NOMEM : NPS_E_FORMAT; /* GCOVR_EXCL_BR_LINE */
    nps__timeline_restore(tl, (f.flags & TL_HAS_NEWEST) != 0, f.newest,
                          (f.flags & TL_HAS_CLOCK) != 0, f.clock,
                          (int64_t)f.horizon, f.dropped);
    (void)get_buckets(&body, &f, tl);
    *out = tl;
    return NPS_OK;
}

nps_status nps_timeline_deserialize(nps_timeline **out, const void *buf,
                                    size_t len)
{
    return nps_timeline_deserialize_with_allocator(out, buf, len, NULL);
}

/* ---- weighted accumulator (kind W) ---------------------------------------- */

/* IEEE-754 binary64, 8 bytes little endian. */
static void put_double(struct writer *w, double x)
{
    uint64_t u;
    int i;
    memcpy(&u, &x, sizeof u);
    for (i = 0; i < 8; i++)
        put_byte(w, (uint8_t)(u >> (8 * i)));
}

static int get_double(struct reader *r, double *out)
{
    uint64_t u = 0;
    int i;
    if (r->end - r->pos < 8)
        return 0;
    for (i = 0; i < 8; i++)
        u |= (uint64_t)r->p[r->pos + (size_t)i] << (8 * i);
    r->pos += 8;
    memcpy(out, &u, sizeof u);
    return 1;
}

static void encode_wacc(struct writer *w, const void *obj)
{
    const nps_wacc *wa = (const nps_wacc *)obj;
    int k;
    put_header(w, KIND_WACC, &wa->scale);
    for (k = 0; k < 3; k++)
        put_varint(w, wa->count[k]);
    for (k = 0; k < 3; k++) {
        put_double(w, wa->w[k].hi);
        put_double(w, wa->w[k].lo);
        put_double(w, wa->w2[k].hi);
        put_double(w, wa->w2[k].lo);
    }
    put_crc(w);
}

nps_status nps_wacc_serialize(const nps_wacc *w, void *buf, size_t cap,
                              size_t *len)
{
    if (!w || !len || (!buf && cap > 0))
        return NPS_E_INVALID;
    return emit(encode_wacc, w, buf, cap, len);
}

nps_status nps_wacc_deserialize_with_allocator(nps_wacc **out, const void *buf,
                                               size_t len,
                                               const nps_allocator *allocator)
{
    uint64_t counts[3], total;
    double v[3][4];
    struct reader r;
    nps_scale scale;
    nps_allocator a;
    nps_status st;
    int k, j;
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (!buf || nps__allocator_init(&a, allocator) != NPS_OK)
        return NPS_E_INVALID;
    st = open_frame(&r, buf, len, KIND_WACC, &scale);
    if (st != NPS_OK)
        return st;
    if (!get_counts(&r, 3, counts, &total))
        return NPS_E_FORMAT;
    for (k = 0; k < 3; k++) {
        for (j = 0; j < 4; j++)
            if (!get_double(&r, &v[k][j]))
                return NPS_E_FORMAT;
        if (!nps__wacc_pair_ok(v[k][0], v[k][1], counts[k], 0) ||
            !nps__wacc_pair_ok(v[k][2], v[k][3], counts[k], 1))
            return NPS_E_FORMAT;
    }
    if (r.pos != r.end)
        return NPS_E_FORMAT;
    st = nps__wacc_create(out, &scale, &a);
    if (st != NPS_OK)
        return st;
    for (k = 0; k < 3; k++) {
        (*out)->count[k] = counts[k];
        (*out)->w[k].hi = v[k][0];
        (*out)->w[k].lo = v[k][1];
        (*out)->w2[k].hi = v[k][2];
        (*out)->w2[k].lo = v[k][3];
    }
    (*out)->total = total;
    return NPS_OK;
}

nps_status nps_wacc_deserialize(nps_wacc **out, const void *buf, size_t len)
{
    return nps_wacc_deserialize_with_allocator(out, buf, len, NULL);
}
