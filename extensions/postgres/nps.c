/*
 * PostgreSQL extension "nps": Net Promoter Score aggregates and functions
 * on top of libnps. SPDX-License-Identifier: MIT
 *
 * Aggregates keep a compact transition state (PgNps, STYPE internal): the
 * scale and one count per answer, each count 16 bits wide until one needs
 * more, then 32, then 64. A standard 0-10 state is 30 bytes, so a hash
 * aggregate spends one 32-byte palloc chunk per group. States travel as
 * bytea in the libnps serialized form, made and checked by libnps:
 * between parallel workers (SERIALFUNC/DESERIALFUNC), between servers and
 * in users' rollup tables (nps_state). Every statistic is computed by
 * libnps on an nps_acc built from the counts, whose memory comes from a
 * PostgreSQL memory context through libnps's allocator hooks.
 *
 * Every error message starts with the name of the SQL function or
 * aggregate called ("nps_merge: ..."), and only with it.
 *
 * C symbols are prefixed pg_nps_ because libnps itself owns nps_*.
 *
 * Adding an SQL function: a C entry point here (errors through pg_nps_name,
 * states through pg_nps_arg_state), its CREATE FUNCTION and COMMENT ON
 * appended to the upgrade script of the unreleased version
 * (nps--1.0--1.1.sql), then make_full_script.sh to rewrite nps--1.1.sql,
 * and a pg_regress suite. The nps_upgrade suite checks that a fresh and an
 * upgraded install agree and that every object has a comment.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "nps.h"

PG_MODULE_MAGIC;

/* 1.0 */
PG_FUNCTION_INFO_V1(pg_nps_sfunc);
PG_FUNCTION_INFO_V1(pg_nps_msfunc);
PG_FUNCTION_INFO_V1(pg_nps_minvfunc);
PG_FUNCTION_INFO_V1(pg_nps_final);
PG_FUNCTION_INFO_V1(pg_nps_state_final);
PG_FUNCTION_INFO_V1(pg_nps_combine);
PG_FUNCTION_INFO_V1(pg_nps_serialize);
PG_FUNCTION_INFO_V1(pg_nps_deserialize);
PG_FUNCTION_INFO_V1(pg_nps_merge_sfunc);
PG_FUNCTION_INFO_V1(pg_nps_score);
PG_FUNCTION_INFO_V1(pg_nps_total);
PG_FUNCTION_INFO_V1(pg_nps_promoters);
PG_FUNCTION_INFO_V1(pg_nps_passives);
PG_FUNCTION_INFO_V1(pg_nps_detractors);
PG_FUNCTION_INFO_V1(pg_nps_interval);
PG_FUNCTION_INFO_V1(pg_nps_margin);
PG_FUNCTION_INFO_V1(pg_nps_test);
PG_FUNCTION_INFO_V1(pg_nps_compare);
/* 1.1 */
PG_FUNCTION_INFO_V1(pg_nps_sfunc_int2);
PG_FUNCTION_INFO_V1(pg_nps_msfunc_int2);
PG_FUNCTION_INFO_V1(pg_nps_minvfunc_int2);
PG_FUNCTION_INFO_V1(pg_nps_sfunc_int8);
PG_FUNCTION_INFO_V1(pg_nps_sfunc_numeric);
PG_FUNCTION_INFO_V1(pg_nps_msfunc_int8);
PG_FUNCTION_INFO_V1(pg_nps_msfunc_numeric);
PG_FUNCTION_INFO_V1(pg_nps_minvfunc_int8);
PG_FUNCTION_INFO_V1(pg_nps_minvfunc_numeric);
PG_FUNCTION_INFO_V1(pg_nps_mstate_final);
PG_FUNCTION_INFO_V1(pg_nps_merge_msfunc);
PG_FUNCTION_INFO_V1(pg_nps_merge_minvfunc);
PG_FUNCTION_INFO_V1(pg_nps_merge_mfinal);
PG_FUNCTION_INFO_V1(pg_nps_merge2);
PG_FUNCTION_INFO_V1(pg_nps_subtract);
PG_FUNCTION_INFO_V1(pg_nps_empty_state);
PG_FUNCTION_INFO_V1(pg_nps_state_from_counts);
PG_FUNCTION_INFO_V1(pg_nps_counts);
PG_FUNCTION_INFO_V1(pg_nps_scale);
PG_FUNCTION_INFO_V1(pg_nps_describe);
/* 1.1: weighted NPS (nps_wacc) */
PG_FUNCTION_INFO_V1(pg_nps_weighted_sfunc);
PG_FUNCTION_INFO_V1(pg_nps_weighted_final);
PG_FUNCTION_INFO_V1(pg_nps_weighted_state_final);
PG_FUNCTION_INFO_V1(pg_nps_weighted_combine);
PG_FUNCTION_INFO_V1(pg_nps_weighted_serialize);
PG_FUNCTION_INFO_V1(pg_nps_weighted_deserialize);
PG_FUNCTION_INFO_V1(pg_nps_weighted_merge_sfunc);
PG_FUNCTION_INFO_V1(pg_nps_weighted_merge2);
PG_FUNCTION_INFO_V1(pg_nps_weighted_score);
PG_FUNCTION_INFO_V1(pg_nps_weighted_total);
PG_FUNCTION_INFO_V1(pg_nps_weighted_effective_n);
PG_FUNCTION_INFO_V1(pg_nps_weighted_stderr);
PG_FUNCTION_INFO_V1(pg_nps_weighted_interval);
PG_FUNCTION_INFO_V1(pg_nps_weighted_describe);
PG_FUNCTION_INFO_V1(pg_nps_weighted_test);
PG_FUNCTION_INFO_V1(pg_nps_weighted_compare);
/* 1.1: inference across periods and groups */
PG_FUNCTION_INFO_V1(pg_nps_seq_sfunc);
PG_FUNCTION_INFO_V1(pg_nps_trend_final);
PG_FUNCTION_INFO_V1(pg_nps_heterogeneity_final);
PG_FUNCTION_INFO_V1(pg_nps_p_adjust);
PG_FUNCTION_INFO_V1(pg_nps_compare_score);
PG_FUNCTION_INFO_V1(pg_nps_sample_size);
PG_FUNCTION_INFO_V1(pg_nps_alerts);

static const nps_scale pg_nps_standard = {0, 10, 7, 9};

/* ---------------------------------------------------------------------- */
/* Names and errors                                                        */

/*
 * The SQL name of what the user called: the aggregate when called by an
 * Agg node, else the function itself; a support function called by a
 * window (no Aggref there) is named after its aggregate by dropping its
 * suffix (nps_state_msfunc -> nps_state, nps_mstate_final -> nps_state).
 * Only looked up on error paths (it reads the system cache).
 */
static const char *pg_nps_name(FunctionCallInfo fcinfo)
{
    static const char *const suffixes[] = {
        "_msfunc", "_minvfunc", "_sfunc", "_mfinal", "_final", "_combine",
        "_serialize", "_deserialize"};
    Aggref *aggref = AggGetAggref(fcinfo);
    char *name = NULL;
    size_t i, n;

    if (aggref != NULL)
        return get_func_name(aggref->aggfnoid);
    if (fcinfo->flinfo != NULL && OidIsValid(fcinfo->flinfo->fn_oid))
        name = get_func_name(fcinfo->flinfo->fn_oid);
    if (name == NULL)
        return "nps";
    if (strcmp(name, "nps_mstate_final") == 0)
        return "nps_state";
    n = strlen(name);
    for (i = 0; i < lengthof(suffixes); i++) {
        size_t k = strlen(suffixes[i]);

        if (n > k && strcmp(name + n - k, suffixes[i]) == 0) {
            name[n - k] = '\0';
            break;
        }
    }
    return name;
}

static char *pg_nps_scale_text(const nps_scale *s)
{
    if (s->passive_min == s->promoter_min)
        return psprintf("%d-%d (detractors %d-%d, no passives, promoters %d-%d)",
                        s->min, s->max, s->min, s->passive_min - 1,
                        s->promoter_min, s->max);
    return psprintf("%d-%d (detractors %d-%d, passives %d-%d, promoters %d-%d)",
                    s->min, s->max, s->min, s->passive_min - 1,
                    s->passive_min, s->promoter_min - 1, s->promoter_min,
                    s->max);
}

static void pg_nps_mismatch(FunctionCallInfo fcinfo, const nps_scale *a,
                            const nps_scale *b) pg_attribute_noreturn();

static void pg_nps_mismatch(FunctionCallInfo fcinfo, const nps_scale *a,
                            const nps_scale *b)
{
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                    errmsg("%s: states on different scales",
                           pg_nps_name(fcinfo)),
                    errdetail("One state is on the scale %s, the other on %s.",
                              pg_nps_scale_text(a), pg_nps_scale_text(b)),
                    errhint("Only states of the same scale can be merged or compared.")));
    pg_unreachable();
}

static void pg_nps_overflow(FunctionCallInfo fcinfo) pg_attribute_noreturn();

static void pg_nps_overflow(FunctionCallInfo fcinfo)
{
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("%s: count overflow", pg_nps_name(fcinfo)),
                    errdetail("A count would exceed 2^64 - 1 answers.")));
    pg_unreachable();
}

static void pg_nps_fail(FunctionCallInfo fcinfo, nps_status st) pg_attribute_noreturn();

static void pg_nps_fail(FunctionCallInfo fcinfo, nps_status st)
{
    switch (st) {
    case NPS_E_NOMEM:
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
                        errmsg("%s: out of memory", pg_nps_name(fcinfo))));
        break;
    case NPS_E_OVERFLOW:
        pg_nps_overflow(fcinfo);
        break;
    case NPS_E_MISMATCH:
        ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                        errmsg("%s: states on different scales",
                               pg_nps_name(fcinfo))));
        break;
    case NPS_E_FORMAT:
    case NPS_E_VERSION:
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("%s: not a valid nps state", pg_nps_name(fcinfo)),
                        errdetail("libnps: %s.", nps_strerror(st))));
        break;
    default:
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s", pg_nps_name(fcinfo), nps_strerror(st))));
        break;
    }
    pg_unreachable();
}

/* ---------------------------------------------------------------------- */
/* libnps objects in PostgreSQL memory                                     */

/*
 * libnps reports allocation failure as NPS_E_NOMEM and keeps its strong
 * guarantee only if the allocator returns NULL; letting palloc longjmp out
 * of the middle of a library call would skip that, so ask for NULL instead.
 */
static void *pg_nps_alloc(void *ctx, size_t size)
{
    return MemoryContextAllocExtended((MemoryContext) ctx, size,
                                      MCXT_ALLOC_NO_OOM);
}

static void pg_nps_free(void *ctx, void *ptr, size_t size)
{
    (void) ctx;
    (void) size;
    pfree(ptr);
}

static nps_allocator pg_nps_allocator(MemoryContext cxt)
{
    nps_allocator a;

    a.alloc = pg_nps_alloc;
    a.free = pg_nps_free;
    a.ctx = cxt;
    return a;
}

static nps_acc *pg_nps_new_acc(FunctionCallInfo fcinfo, const nps_scale *scale)
{
    nps_allocator a = pg_nps_allocator(CurrentMemoryContext);
    nps_acc *acc = NULL;
    nps_status st = nps_acc_new_with_allocator(&acc, scale, &a);

    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return acc;
}

static nps_acc *pg_nps_decode(FunctionCallInfo fcinfo, const bytea *b)
{
    nps_allocator a = pg_nps_allocator(CurrentMemoryContext);
    nps_acc *acc = NULL;
    nps_status st = nps_acc_deserialize_with_allocator(
        &acc, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), &a);

    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return acc;
}

static bytea *pg_nps_encode(FunctionCallInfo fcinfo, const nps_acc *acc)
{
    size_t len = 0;
    nps_status st = nps_acc_serialize(acc, NULL, 0, &len);
    bytea *out;

    if (st != NPS_OK && st != NPS_E_BUFSIZE)
        pg_nps_fail(fcinfo, st);
    out = (bytea *) palloc(VARHDRSZ + len);
    SET_VARSIZE(out, VARHDRSZ + len);
    st = nps_acc_serialize(acc, VARDATA(out), len, &len);
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return out;
}

static int64 pg_nps_to_int8(FunctionCallInfo fcinfo, uint64_t v)
{
    if (v > (uint64_t) PG_INT64_MAX)
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("%s: count %llu does not fit in bigint",
                               pg_nps_name(fcinfo), (unsigned long long) v)));
    return (int64) v;
}

static bool pg_nps_scale_eq(const nps_scale *a, const nps_scale *b)
{
    return a->min == b->min && a->max == b->max &&
           a->passive_min == b->passive_min && a->promoter_min == b->promoter_min;
}

/* ---------------------------------------------------------------------- */
/* The compact transition state                                            */

typedef struct PgNps {
    uint8 shift;   /* each count is (1 << shift) bytes: 1, 2 or 3 */
    uint8 npoints; /* max - min + 1; 0: no scale yet (moving nps_merge) */
    int8 min, max, passive_min, promoter_min; /* 0..NPS_SCALE_LIMIT */
    uint16 pad;
    /* npoints counts follow at offset PGNPS_HDR */
} PgNps;

#define PGNPS_HDR 8
#define PGNPS_COUNTS(st) ((char *) (st) + PGNPS_HDR)

StaticAssertDecl(sizeof(PgNps) == PGNPS_HDR, "PgNps header is 8 bytes");
StaticAssertDecl(NPS_SCALE_LIMIT <= PG_INT8_MAX, "scales fit int8");

static inline uint64 pgnps_get(const PgNps *st, int i)
{
    const char *c = PGNPS_COUNTS(st);

    switch (st->shift) {
    case 1:
        return ((const uint16 *) c)[i];
    case 2:
        return ((const uint32 *) c)[i];
    default:
        return ((const uint64 *) c)[i];
    }
}

static inline void pgnps_set(PgNps *st, int i, uint64 v)
{
    char *c = PGNPS_COUNTS(st);

    switch (st->shift) {
    case 1:
        ((uint16 *) c)[i] = (uint16) v;
        break;
    case 2:
        ((uint32 *) c)[i] = (uint32) v;
        break;
    default:
        ((uint64 *) c)[i] = v;
        break;
    }
}

static inline int pgnps_shift_for(uint64 v)
{
    return v <= PG_UINT16_MAX ? 1 : v <= PG_UINT32_MAX ? 2 : 3;
}

static void pgnps_get_scale(const PgNps *st, nps_scale *s)
{
    s->min = st->min;
    s->max = st->max;
    s->passive_min = st->passive_min;
    s->promoter_min = st->promoter_min;
}

static void pgnps_put_scale(PgNps *st, const nps_scale *s)
{
    st->npoints = (uint8) (s->max - s->min + 1);
    st->min = (int8) s->min;
    st->max = (int8) s->max;
    st->passive_min = (int8) s->passive_min;
    st->promoter_min = (int8) s->promoter_min;
}

/* An empty state in cxt; scale NULL: no scale yet. */
static PgNps *pgnps_new(MemoryContext cxt, const nps_scale *scale, int shift)
{
    int np = scale ? scale->max - scale->min + 1 : 0;
    PgNps *st = (PgNps *) MemoryContextAllocZero(cxt, PGNPS_HDR + ((Size) np << shift));

    st->shift = (uint8) shift;
    if (scale)
        pgnps_put_scale(st, scale);
    return st;
}

/* A copy of st with counts of (1 << shift) bytes, in st's context. */
static PgNps *pgnps_widen(PgNps *st, int shift)
{
    nps_scale s;
    PgNps *w;
    int i;

    pgnps_get_scale(st, &s);
    w = pgnps_new(GetMemoryChunkContext(st), st->npoints ? &s : NULL, shift);
    for (i = 0; i < st->npoints; i++)
        pgnps_set(w, i, pgnps_get(st, i));
    pfree(st);
    return w;
}

/* counts[i] += n, widening (and so maybe moving) the state when needed. */
static inline PgNps *pgnps_add(FunctionCallInfo fcinfo, PgNps *st, int i, uint64 n)
{
    uint64 v;

    if (pg_add_u64_overflow(pgnps_get(st, i), n, &v))
        pg_nps_overflow(fcinfo);
    if (pgnps_shift_for(v) > st->shift)
        st = pgnps_widen(st, pgnps_shift_for(v));
    pgnps_set(st, i, v);
    return st;
}

static PgNps *pgnps_copy(MemoryContext cxt, const PgNps *src)
{
    Size size = PGNPS_HDR + ((Size) src->npoints << src->shift);
    PgNps *st = (PgNps *) MemoryContextAlloc(cxt, size);

    memcpy(st, src, size);
    return st;
}

/* dst += src (same scale, else ERROR naming both). */
static PgNps *pgnps_merge(FunctionCallInfo fcinfo, PgNps *dst, const PgNps *src)
{
    int i;

    if (src->npoints == 0)
        return dst;
    if (dst->npoints == 0) {
        nps_scale s;
        PgNps *w;

        pgnps_get_scale(src, &s);
        w = pgnps_new(GetMemoryChunkContext(dst), &s, Max(dst->shift, src->shift));
        pfree(dst);
        dst = w;
    } else if (dst->min != src->min || dst->max != src->max ||
               dst->passive_min != src->passive_min ||
               dst->promoter_min != src->promoter_min) {
        nps_scale a, b;

        pgnps_get_scale(dst, &a);
        pgnps_get_scale(src, &b);
        pg_nps_mismatch(fcinfo, &a, &b);
    }
    for (i = 0; i < src->npoints; i++) {
        uint64 c = pgnps_get(src, i);

        if (c != 0)
            dst = pgnps_add(fcinfo, dst, i, c);
    }
    return dst;
}

/* dst -= src; ERROR (state unchanged) when a count of src exceeds dst's. */
static void pgnps_subtract(FunctionCallInfo fcinfo, PgNps *dst, const PgNps *src)
{
    int i;

    for (i = 0; i < src->npoints; i++)
        if (pgnps_get(src, i) > pgnps_get(dst, i))
            elog(ERROR, "%s: removing more answers than the state holds",
                 pg_nps_name(fcinfo));
    for (i = 0; i < src->npoints; i++)
        pgnps_set(dst, i, pgnps_get(dst, i) - pgnps_get(src, i));
}

static bool pgnps_is_empty(const PgNps *st)
{
    int i;

    for (i = 0; i < st->npoints; i++)
        if (pgnps_get(st, i) != 0)
            return false;
    return true;
}

/* The libnps accumulator holding st's counts, in CurrentMemoryContext. */
static nps_acc *pgnps_to_acc(FunctionCallInfo fcinfo, const PgNps *st)
{
    nps_scale s;
    nps_acc *acc;
    int i;

    pgnps_get_scale(st, &s);
    acc = pg_nps_new_acc(fcinfo, st->npoints ? &s : &pg_nps_standard);
    for (i = 0; i < st->npoints; i++) {
        uint64 c = pgnps_get(st, i);
        nps_status rc;

        if (c == 0)
            continue;
        rc = nps_acc_add_n(acc, s.min + i, c);
        if (rc != NPS_OK)
            pg_nps_fail(fcinfo, rc);
    }
    return acc;
}

/* A state in cxt holding acc's counts, with the narrowest counts that fit. */
static PgNps *pgnps_from_acc(FunctionCallInfo fcinfo, MemoryContext cxt,
                             const nps_acc *acc)
{
    uint64_t counts[NPS_SCALE_LIMIT + 1];
    uint64 top = 0;
    nps_scale s;
    size_t n = 0, i;
    nps_status rc;
    PgNps *st;

    rc = nps_acc_scale(acc, &s);
    if (rc == NPS_OK)
        rc = nps_acc_counts(acc, counts, lengthof(counts), &n);
    if (rc != NPS_OK)
        pg_nps_fail(fcinfo, rc);
    for (i = 0; i < n; i++)
        top = Max(top, counts[i]);
    st = pgnps_new(cxt, &s, pgnps_shift_for(top));
    for (i = 0; i < n; i++)
        pgnps_set(st, (int) i, counts[i]);
    return st;
}

static PgNps *pgnps_from_bytea(FunctionCallInfo fcinfo, MemoryContext cxt,
                               const bytea *b)
{
    nps_acc *acc = pg_nps_decode(fcinfo, b);
    PgNps *st = pgnps_from_acc(fcinfo, cxt, acc);

    nps_acc_free(acc);
    return st;
}

static bytea *pgnps_to_bytea(FunctionCallInfo fcinfo, const PgNps *st)
{
    nps_acc *acc = pgnps_to_acc(fcinfo, st);
    bytea *b = pg_nps_encode(fcinfo, acc);

    nps_acc_free(acc);
    return b;
}

/* ---------------------------------------------------------------------- */
/* Aggregates over raw scores: nps and nps_state                            */

/* The aggregate memory context, or ERROR when called outside an aggregate. */
static MemoryContext pg_nps_aggcontext(FunctionCallInfo fcinfo)
{
    MemoryContext aggcxt;

    if (!AggCheckCallContext(fcinfo, &aggcxt))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s: called outside an aggregate",
                               pg_nps_name(fcinfo))));
    return aggcxt;
}

/* The scale of a call: arguments 2..5 when given, else the standard one. */
static void pg_nps_arg_scale(FunctionCallInfo fcinfo, int first, nps_scale *s)
{
    int i;

    if (PG_NARGS() < first + 4) {
        *s = pg_nps_standard;
        return;
    }
    for (i = first; i < first + 4; i++)
        if (PG_ARGISNULL(i))
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: the scale arguments must not be NULL",
                                   pg_nps_name(fcinfo))));
    s->min = PG_GETARG_INT32(first);
    s->max = PG_GETARG_INT32(first + 1);
    s->passive_min = PG_GETARG_INT32(first + 2);
    s->promoter_min = PG_GETARG_INT32(first + 3);
    if (nps_scale_validate(s) != NPS_OK)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: invalid scale (min %d, max %d, passive_min %d, promoter_min %d)",
                               pg_nps_name(fcinfo), s->min, s->max,
                               s->passive_min, s->promoter_min),
                        errhint("A scale needs 0 <= min < passive_min <= promoter_min <= max <= %d.",
                                NPS_SCALE_LIMIT)));
}

static void pg_nps_bad_score(FunctionCallInfo fcinfo, const PgNps *st,
                             const char *score) pg_attribute_noreturn();

static void pg_nps_bad_score(FunctionCallInfo fcinfo, const PgNps *st,
                             const char *score)
{
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("%s: score %s is outside the %d-%d scale",
                           pg_nps_name(fcinfo), score, st->min, st->max),
                    errhint("Scores are integers from %d to %d; NULL scores are ignored.",
                            st->min, st->max)));
    pg_unreachable();
}

/* The score argument as an int; false (and *text set) when it cannot be. */
static bool pg_nps_arg_score(FunctionCallInfo fcinfo, Oid type, int *out,
                             char **text)
{
    switch (type) {
    case INT2OID:
        *out = PG_GETARG_INT16(1);
        return true;
    case INT4OID:
        *out = PG_GETARG_INT32(1);
        return true;
    case INT8OID: {
        int64 v = PG_GETARG_INT64(1);

        if (v < PG_INT32_MIN || v > PG_INT32_MAX) {
            *text = psprintf(INT64_FORMAT, v);
            return false;
        }
        *out = (int) v;
        return true;
    }
    default: {
        Numeric n = PG_GETARG_NUMERIC(1);
        bool err = false;
        int32 v;

        if (numeric_is_nan(n) || numeric_is_inf(n) ||
            !DatumGetBool(DirectFunctionCall2(
                numeric_eq, NumericGetDatum(n),
                DirectFunctionCall2(numeric_trunc, NumericGetDatum(n),
                                    Int32GetDatum(0)))))
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: score %s is not an integer",
                                   pg_nps_name(fcinfo),
                                   DatumGetCString(DirectFunctionCall1(
                                       numeric_out, NumericGetDatum(n)))),
                            errhint("Scores are integral answers; NULL scores are ignored.")));
        v = numeric_int4_opt_error(n, &err);
        if (err) {
            *text = DatumGetCString(DirectFunctionCall1(numeric_out,
                                                        NumericGetDatum(n)));
            return false;
        }
        *out = v;
        return true;
    }
    }
}

/* One transition step of nps/nps_state over a score of type `type`. */
static Datum pg_nps_step(FunctionCallInfo fcinfo, Oid type, bool moving)
{
    PgNps *st = PG_ARGISNULL(0) ? NULL : (PgNps *) PG_GETARG_POINTER(0);
    char *text = NULL;
    int score;

    if (st == NULL) {
        MemoryContext aggcxt = pg_nps_aggcontext(fcinfo);
        nps_scale s;

        /* A moving transition may not return NULL: start an empty state. */
        if (PG_ARGISNULL(1) && !moving)
            PG_RETURN_NULL();
        pg_nps_arg_scale(fcinfo, 2, &s);
        st = pgnps_new(aggcxt, &s, 1);
    } else if (PG_NARGS() > 2) {
        /* The scale arguments must not change within a group. */
        nps_scale s, cur;

        pg_nps_arg_scale(fcinfo, 2, &s);
        pgnps_get_scale(st, &cur);
        if (!pg_nps_scale_eq(&s, &cur))
            pg_nps_mismatch(fcinfo, &cur, &s);
    }
    if (PG_ARGISNULL(1))
        PG_RETURN_POINTER(st);
    if (!pg_nps_arg_score(fcinfo, type, &score, &text))
        pg_nps_bad_score(fcinfo, st, text);
    if (score < st->min || score > st->max)
        pg_nps_bad_score(fcinfo, st, psprintf("%d", score));
    PG_RETURN_POINTER(pgnps_add(fcinfo, st, score - st->min, 1));
}

/* NULL scores are skipped, as count(col) and avg(col) do. */
Datum pg_nps_sfunc(PG_FUNCTION_ARGS)
{
    return pg_nps_step(fcinfo, INT4OID, false);
}

Datum pg_nps_sfunc_int2(PG_FUNCTION_ARGS)
{
    return pg_nps_step(fcinfo, INT2OID, false);
}

Datum pg_nps_sfunc_int8(PG_FUNCTION_ARGS)
{
    return pg_nps_step(fcinfo, INT8OID, false);
}

Datum pg_nps_sfunc_numeric(PG_FUNCTION_ARGS)
{
    return pg_nps_step(fcinfo, NUMERICOID, false);
}

/*
 * Moving-aggregate transition: PostgreSQL forbids it to return NULL, and
 * restarts a frame emptied by the inverse function from a NULL state, so
 * the state exists even before the first non-NULL score; the final
 * functions then see an empty state and return NULL.
 */
Datum pg_nps_msfunc(PG_FUNCTION_ARGS)
{
    return pg_nps_step(fcinfo, INT4OID, true);
}

Datum pg_nps_msfunc_int2(PG_FUNCTION_ARGS)
{
    return pg_nps_step(fcinfo, INT2OID, true);
}

Datum pg_nps_msfunc_int8(PG_FUNCTION_ARGS)
{
    return pg_nps_step(fcinfo, INT8OID, true);
}

Datum pg_nps_msfunc_numeric(PG_FUNCTION_ARGS)
{
    return pg_nps_step(fcinfo, NUMERICOID, true);
}

/* Inverse transition for moving windows: forget a row leaving the frame. */
static Datum pg_nps_unstep(FunctionCallInfo fcinfo, Oid type)
{
    PgNps *st;
    char *text = NULL;
    int score, i;

    if (PG_ARGISNULL(0))
        elog(ERROR, "%s: inverse transition without a state", pg_nps_name(fcinfo));
    st = (PgNps *) PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1))
        PG_RETURN_POINTER(st);
    /* The row was added before, so it is on the scale. */
    if (!pg_nps_arg_score(fcinfo, type, &score, &text) ||
        score < st->min || score > st->max ||
        pgnps_get(st, score - st->min) == 0)
        elog(ERROR, "%s: inverse transition of a score never added",
             pg_nps_name(fcinfo));
    i = score - st->min;
    pgnps_set(st, i, pgnps_get(st, i) - 1);
    PG_RETURN_POINTER(st);
}

Datum pg_nps_minvfunc(PG_FUNCTION_ARGS)
{
    return pg_nps_unstep(fcinfo, INT4OID);
}

Datum pg_nps_minvfunc_int2(PG_FUNCTION_ARGS)
{
    return pg_nps_unstep(fcinfo, INT2OID);
}

Datum pg_nps_minvfunc_int8(PG_FUNCTION_ARGS)
{
    return pg_nps_unstep(fcinfo, INT8OID);
}

Datum pg_nps_minvfunc_numeric(PG_FUNCTION_ARGS)
{
    return pg_nps_unstep(fcinfo, NUMERICOID);
}

/*
 * The NPS of a state, computed exactly as nps_acc_score does (category sums,
 * P - D as doubles, divided by the total, times 100), so nps(score) and
 * nps_score(nps_state(score)) are the same double. NULL when empty.
 * Read-only: window aggregates call it again on the same state.
 */
Datum pg_nps_final(PG_FUNCTION_ARGS)
{
    const PgNps *st;
    uint64 sums[3] = {0, 0, 0}, total;
    int i;

    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    st = (const PgNps *) PG_GETARG_POINTER(0);
    for (i = 0; i < st->npoints; i++) {
        int v = st->min + i;
        int c = v >= st->promoter_min ? 2 : v >= st->passive_min ? 1 : 0;

        if (pg_add_u64_overflow(sums[c], pgnps_get(st, i), &sums[c]))
            pg_nps_overflow(fcinfo);
    }
    if (pg_add_u64_overflow(sums[0], sums[1], &total) ||
        pg_add_u64_overflow(total, sums[2], &total))
        pg_nps_overflow(fcinfo);
    if (total == 0)
        PG_RETURN_NULL();
    PG_RETURN_FLOAT8(100.0 * (((double) sums[2] - (double) sums[0]) /
                              (double) total));
}

Datum pg_nps_state_final(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    PG_RETURN_BYTEA_P(pgnps_to_bytea(fcinfo, (const PgNps *) PG_GETARG_POINTER(0)));
}

/* Moving nps_state: a frame left with no answer gives NULL, as nps does. */
Datum pg_nps_mstate_final(PG_FUNCTION_ARGS)
{
    const PgNps *st;

    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    st = (const PgNps *) PG_GETARG_POINTER(0);
    if (pgnps_is_empty(st))
        PG_RETURN_NULL();
    PG_RETURN_BYTEA_P(pgnps_to_bytea(fcinfo, st));
}

/* ---------------------------------------------------------------------- */
/* Parallel aggregation                                                    */

Datum pg_nps_combine(PG_FUNCTION_ARGS)
{
    MemoryContext aggcxt = pg_nps_aggcontext(fcinfo);
    PgNps *dst = PG_ARGISNULL(0) ? NULL : (PgNps *) PG_GETARG_POINTER(0);
    const PgNps *src = PG_ARGISNULL(1) ? NULL : (const PgNps *) PG_GETARG_POINTER(1);

    if (src == NULL) {
        if (dst == NULL)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(dst);
    }
    /* src may live in a shorter-lived context: copy it into ours. */
    if (dst == NULL)
        PG_RETURN_POINTER(pgnps_copy(aggcxt, src));
    PG_RETURN_POINTER(pgnps_merge(fcinfo, dst, src));
}

Datum pg_nps_serialize(PG_FUNCTION_ARGS)
{
    (void) pg_nps_aggcontext(fcinfo);
    PG_RETURN_BYTEA_P(pgnps_to_bytea(fcinfo, (const PgNps *) PG_GETARG_POINTER(0)));
}

/* The result may live in a per-tuple context; nps_combine copies it. */
Datum pg_nps_deserialize(PG_FUNCTION_ARGS)
{
    (void) pg_nps_aggcontext(fcinfo);
    PG_RETURN_POINTER(pgnps_from_bytea(fcinfo, CurrentMemoryContext,
                                       PG_GETARG_BYTEA_PP(0)));
}

/* ---------------------------------------------------------------------- */
/* nps_merge(bytea): rollups of stored states                              */

Datum pg_nps_merge_sfunc(PG_FUNCTION_ARGS)
{
    MemoryContext aggcxt;
    PgNps *st = PG_ARGISNULL(0) ? NULL : (PgNps *) PG_GETARG_POINTER(0);
    PgNps *in;

    if (PG_ARGISNULL(1)) {
        if (st == NULL)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(st);
    }
    aggcxt = pg_nps_aggcontext(fcinfo);
    if (st == NULL)
        PG_RETURN_POINTER(pgnps_from_bytea(fcinfo, aggcxt, PG_GETARG_BYTEA_PP(1)));
    in = pgnps_from_bytea(fcinfo, CurrentMemoryContext, PG_GETARG_BYTEA_PP(1));
    st = pgnps_merge(fcinfo, st, in);
    pfree(in);
    PG_RETURN_POINTER(st);
}

/*
 * Moving nps_merge: the frame's sum and how many non-NULL states it holds.
 * When the last one leaves, the sum forgets its scale, so a state of
 * another scale may enter later; a frame of only NULLs gives NULL.
 */
typedef struct PgNpsFrame {
    int64 nstates;
    PgNps *sum;
} PgNpsFrame;

Datum pg_nps_merge_msfunc(PG_FUNCTION_ARGS)
{
    PgNpsFrame *f;
    PgNps *in;

    if (PG_ARGISNULL(0)) {
        MemoryContext aggcxt = pg_nps_aggcontext(fcinfo);

        f = (PgNpsFrame *) MemoryContextAlloc(aggcxt, sizeof(PgNpsFrame));
        f->nstates = 0;
        f->sum = pgnps_new(aggcxt, NULL, 1);
    } else
        f = (PgNpsFrame *) PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1))
        PG_RETURN_POINTER(f);
    in = pgnps_from_bytea(fcinfo, CurrentMemoryContext, PG_GETARG_BYTEA_PP(1));
    f->sum = pgnps_merge(fcinfo, f->sum, in);
    pfree(in);
    f->nstates++;
    PG_RETURN_POINTER(f);
}

Datum pg_nps_merge_minvfunc(PG_FUNCTION_ARGS)
{
    PgNpsFrame *f;
    PgNps *in;

    if (PG_ARGISNULL(0))
        elog(ERROR, "%s: inverse transition without a state", pg_nps_name(fcinfo));
    f = (PgNpsFrame *) PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1))
        PG_RETURN_POINTER(f);
    in = pgnps_from_bytea(fcinfo, CurrentMemoryContext, PG_GETARG_BYTEA_PP(1));
    pgnps_subtract(fcinfo, f->sum, in);
    pfree(in);
    if (--f->nstates == 0) {
        /* Nothing left: forget the scale too. */
        MemoryContext cxt = GetMemoryChunkContext(f->sum);

        pfree(f->sum);
        f->sum = pgnps_new(cxt, NULL, 1);
    }
    PG_RETURN_POINTER(f);
}

Datum pg_nps_merge_mfinal(PG_FUNCTION_ARGS)
{
    const PgNpsFrame *f;

    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    f = (const PgNpsFrame *) PG_GETARG_POINTER(0);
    if (f->nstates == 0)
        PG_RETURN_NULL();
    PG_RETURN_BYTEA_P(pgnps_to_bytea(fcinfo, f->sum));
}

/* ---------------------------------------------------------------------- */
/* Scalar functions on serialized states                                   */

static nps_acc *pg_nps_arg_state(FunctionCallInfo fcinfo, int n)
{
    return pg_nps_decode(fcinfo, PG_GETARG_BYTEA_PP(n));
}

/* nps_merge(a, b): a + b; a NULL argument is no state (as in the aggregate). */
Datum pg_nps_merge2(PG_FUNCTION_ARGS)
{
    nps_acc *a, *b;
    nps_scale sa, sb;
    nps_status st;
    bytea *out;

    if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
        PG_RETURN_NULL();
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) {
        /* Validate the one state and return it as is. */
        int n = PG_ARGISNULL(0) ? 1 : 0;

        nps_acc_free(pg_nps_arg_state(fcinfo, n));
        PG_RETURN_BYTEA_P(PG_GETARG_BYTEA_P(n));
    }
    a = pg_nps_arg_state(fcinfo, 0);
    b = pg_nps_arg_state(fcinfo, 1);
    (void) nps_acc_scale(a, &sa);
    (void) nps_acc_scale(b, &sb);
    if (!pg_nps_scale_eq(&sa, &sb))
        pg_nps_mismatch(fcinfo, &sa, &sb);
    st = nps_acc_merge(a, b);
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    out = pg_nps_encode(fcinfo, a);
    nps_acc_free(a);
    nps_acc_free(b);
    PG_RETURN_BYTEA_P(out);
}

/* nps_subtract(a, b): a - b, exact; ERROR when b holds answers a lacks. */
Datum pg_nps_subtract(PG_FUNCTION_ARGS)
{
    nps_acc *a = pg_nps_arg_state(fcinfo, 0);
    nps_acc *b = pg_nps_arg_state(fcinfo, 1);
    nps_scale sa, sb;
    nps_status st;
    bytea *out;

    (void) nps_acc_scale(a, &sa);
    (void) nps_acc_scale(b, &sb);
    if (!pg_nps_scale_eq(&sa, &sb))
        pg_nps_mismatch(fcinfo, &sa, &sb);
    st = nps_acc_subtract(a, b);
    if (st == NPS_E_OVERFLOW) {
        int v;

        for (v = sa.min; v <= sa.max; v++)
            if (nps_acc_count(b, v) > nps_acc_count(a, v))
                break;
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("%s: the second state holds answers the first does not",
                               pg_nps_name(fcinfo)),
                        errdetail("Score %d: %llu in the first state, %llu in the second.",
                                  v, (unsigned long long) nps_acc_count(a, v),
                                  (unsigned long long) nps_acc_count(b, v))));
    }
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    out = pg_nps_encode(fcinfo, a);
    nps_acc_free(a);
    nps_acc_free(b);
    PG_RETURN_BYTEA_P(out);
}

/* nps_empty_state(min, max, passive_min, promoter_min): no answers yet. */
Datum pg_nps_empty_state(PG_FUNCTION_ARGS)
{
    nps_scale s;
    nps_acc *acc;
    bytea *out;

    pg_nps_arg_scale(fcinfo, 0, &s);
    acc = pg_nps_new_acc(fcinfo, &s);
    out = pg_nps_encode(fcinfo, acc);
    nps_acc_free(acc);
    PG_RETURN_BYTEA_P(out);
}

/* nps_state_from_counts(counts bigint[], min, max, passive_min, promoter_min) */
Datum pg_nps_state_from_counts(PG_FUNCTION_ARGS)
{
    ArrayType *arr = PG_GETARG_ARRAYTYPE_P(0);
    Datum *elems;
    bool *nulls;
    int n, i;
    nps_scale s;
    nps_acc *acc;
    bytea *out;

    pg_nps_arg_scale(fcinfo, 1, &s);
    if (ARR_NDIM(arr) > 1)
        ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                        errmsg("%s: counts must be a one-dimensional array",
                               pg_nps_name(fcinfo))));
    deconstruct_array(arr, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
                      &elems, &nulls, &n);
    if (n != s.max - s.min + 1)
        ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                        errmsg("%s: %d counts for a scale of %d points",
                               pg_nps_name(fcinfo), n, s.max - s.min + 1),
                        errdetail("The scale is %s; give one count per answer, lowest first.",
                                  pg_nps_scale_text(&s))));
    acc = pg_nps_new_acc(fcinfo, &s);
    for (i = 0; i < n; i++) {
        int64 c;
        nps_status st;

        if (nulls[i])
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: count %d is NULL", pg_nps_name(fcinfo), i + 1)));
        c = DatumGetInt64(elems[i]);
        if (c < 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: count " INT64_FORMAT " of score %d is negative",
                                   pg_nps_name(fcinfo), c, s.min + i)));
        st = nps_acc_add_n(acc, s.min + i, (uint64_t) c);
        if (st != NPS_OK)
            pg_nps_fail(fcinfo, st);
    }
    out = pg_nps_encode(fcinfo, acc);
    nps_acc_free(acc);
    PG_RETURN_BYTEA_P(out);
}

/* nps_counts(state) -> bigint[], lowest score first. */
Datum pg_nps_counts(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    uint64_t counts[NPS_SCALE_LIMIT + 1];
    Datum elems[NPS_SCALE_LIMIT + 1];
    size_t n = 0, i;
    nps_status st = nps_acc_counts(acc, counts, lengthof(counts), &n);

    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    for (i = 0; i < n; i++)
        elems[i] = Int64GetDatum(pg_nps_to_int8(fcinfo, counts[i]));
    nps_acc_free(acc);
    PG_RETURN_ARRAYTYPE_P(construct_array(elems, (int) n, INT8OID, 8,
                                          FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

static Datum pg_nps_tuple(FunctionCallInfo fcinfo, const Datum *values, int n)
{
    TupleDesc desc;
    bool nulls[4] = {false, false, false, false};

    Assert(n <= 4);
    if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "%s: function returning a record called in a context that cannot accept one",
             pg_nps_name(fcinfo));
    desc = BlessTupleDesc(desc);
    return HeapTupleGetDatum(heap_form_tuple(desc, (Datum *) values, nulls));
}

static Datum pg_nps_float_tuple(FunctionCallInfo fcinfo, const double *v, int n)
{
    Datum values[4];
    int i;

    for (i = 0; i < n; i++)
        values[i] = Float8GetDatum(v[i]);
    return pg_nps_tuple(fcinfo, values, n);
}

/* nps_scale(state) -> (min, max, passive_min, promoter_min). */
Datum pg_nps_scale(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    nps_scale s;
    Datum v[4];

    (void) nps_acc_scale(acc, &s);
    nps_acc_free(acc);
    v[0] = Int32GetDatum(s.min);
    v[1] = Int32GetDatum(s.max);
    v[2] = Int32GetDatum(s.passive_min);
    v[3] = Int32GetDatum(s.promoter_min);
    return pg_nps_tuple(fcinfo, v, 4);
}

static void pg_nps_json_double(StringInfo b, double v)
{
    if (isnan(v))
        appendStringInfoString(b, "null");
    else
        appendStringInfoString(b, float8out_internal(v));
}

/* nps_describe(state) -> json: scale, counts, category sums, NPS. */
Datum pg_nps_describe(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    uint64_t counts[NPS_SCALE_LIMIT + 1];
    size_t n = 0, i;
    nps_scale s;
    StringInfoData b;

    (void) nps_acc_scale(acc, &s);
    (void) nps_acc_counts(acc, counts, lengthof(counts), &n);
    initStringInfo(&b);
    appendStringInfo(&b, "{\"scale\": {\"min\": %d, \"max\": %d, \"passive_min\": %d, \"promoter_min\": %d}, \"counts\": [",
                     s.min, s.max, s.passive_min, s.promoter_min);
    for (i = 0; i < n; i++)
        appendStringInfo(&b, "%s%llu", i ? ", " : "", (unsigned long long) counts[i]);
    appendStringInfo(&b, "], \"total\": %llu, \"detractors\": %llu, \"passives\": %llu, \"promoters\": %llu, \"nps\": ",
                     (unsigned long long) nps_acc_total(acc),
                     (unsigned long long) nps_acc_category_count(acc, NPS_DETRACTOR),
                     (unsigned long long) nps_acc_category_count(acc, NPS_PASSIVE),
                     (unsigned long long) nps_acc_category_count(acc, NPS_PROMOTER));
    pg_nps_json_double(&b, nps_acc_score(acc));
    appendStringInfoChar(&b, '}');
    nps_acc_free(acc);
    PG_RETURN_TEXT_P(cstring_to_text_with_len(b.data, b.len));
}

static nps_method pg_nps_method(FunctionCallInfo fcinfo, text *t)
{
    char *name = text_to_cstring(t);
    nps_method m;

    if (nps_method_parse(name, &m) != NPS_OK)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: unknown interval method \"%s\"",
                               pg_nps_name(fcinfo), name),
                        errhint("Use '%s', '%s' or '%s'.",
                                nps_method_name(NPS_METHOD_ADJUSTED_WALD),
                                nps_method_name(NPS_METHOD_WALD),
                                nps_method_name(NPS_METHOD_SCORE))));
    pfree(name);
    return m;
}

static void pg_nps_check_level(FunctionCallInfo fcinfo, double level)
{
    if (!(level > 0.0 && level < 1.0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: confidence level %g is not in (0, 1)",
                               pg_nps_name(fcinfo), level),
                        errhint("Pass a fraction such as 0.95.")));
}

Datum pg_nps_score(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    double v = nps_acc_score(acc);

    nps_acc_free(acc);
    if (isnan(v))
        PG_RETURN_NULL();
    PG_RETURN_FLOAT8(v);
}

Datum pg_nps_total(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    uint64_t v = nps_acc_total(acc);

    nps_acc_free(acc);
    PG_RETURN_INT64(pg_nps_to_int8(fcinfo, v));
}

static Datum pg_nps_category(FunctionCallInfo fcinfo, nps_category c)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    uint64_t v = nps_acc_category_count(acc, c);

    nps_acc_free(acc);
    PG_RETURN_INT64(pg_nps_to_int8(fcinfo, v));
}

Datum pg_nps_promoters(PG_FUNCTION_ARGS)
{
    return pg_nps_category(fcinfo, NPS_PROMOTER);
}

Datum pg_nps_passives(PG_FUNCTION_ARGS)
{
    return pg_nps_category(fcinfo, NPS_PASSIVE);
}

Datum pg_nps_detractors(PG_FUNCTION_ARGS)
{
    return pg_nps_category(fcinfo, NPS_DETRACTOR);
}

/* nps_interval(state, level, method) -> (lo, hi); NULL for an empty state. */
Datum pg_nps_interval(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    double level = PG_GETARG_FLOAT8(1);
    nps_method m = pg_nps_method(fcinfo, PG_GETARG_TEXT_PP(2));
    double v[2];
    nps_status st;

    pg_nps_check_level(fcinfo, level);
    st = nps_acc_interval(acc, m, level, &v[0], &v[1]);
    nps_acc_free(acc);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return pg_nps_float_tuple(fcinfo, v, 2);
}

Datum pg_nps_margin(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    double level = PG_GETARG_FLOAT8(1);
    nps_method m = pg_nps_method(fcinfo, PG_GETARG_TEXT_PP(2));
    double v;
    nps_status st;

    pg_nps_check_level(fcinfo, level);
    st = nps_acc_margin(acc, m, level, &v);
    nps_acc_free(acc);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    PG_RETURN_FLOAT8(v);
}

/* nps_test(state, benchmark, method) -> two-sided p-value. */
Datum pg_nps_test(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0);
    double benchmark = PG_GETARG_FLOAT8(1);
    nps_method m = pg_nps_method(fcinfo, PG_GETARG_TEXT_PP(2));
    double p;
    nps_status st;

    if (!(benchmark >= -100.0 && benchmark <= 100.0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: benchmark %g is not in [-100, 100]",
                               pg_nps_name(fcinfo), benchmark)));
    st = nps_acc_test(acc, benchmark, m, &p);
    nps_acc_free(acc);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    PG_RETURN_FLOAT8(p);
}

/* nps_compare(a, b, level, method) -> (diff, lo, hi, p_value). */
Datum pg_nps_compare(PG_FUNCTION_ARGS)
{
    nps_acc *a = pg_nps_arg_state(fcinfo, 0);
    nps_acc *b = pg_nps_arg_state(fcinfo, 1);
    double level = PG_GETARG_FLOAT8(2);
    nps_method m = pg_nps_method(fcinfo, PG_GETARG_TEXT_PP(3));
    nps_scale sa, sb;
    double v[4];
    nps_status st;

    pg_nps_check_level(fcinfo, level);
    if (m == NPS_METHOD_SCORE)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: supports '%s' and '%s', not '%s'",
                               pg_nps_name(fcinfo),
                               nps_method_name(NPS_METHOD_ADJUSTED_WALD),
                               nps_method_name(NPS_METHOD_WALD),
                               nps_method_name(m))));
    (void) nps_acc_scale(a, &sa);
    (void) nps_acc_scale(b, &sb);
    if (!pg_nps_scale_eq(&sa, &sb))
        pg_nps_mismatch(fcinfo, &sa, &sb);
    st = nps_compare(a, b, m, level, &v[0], &v[1], &v[2], &v[3]);
    nps_acc_free(a);
    nps_acc_free(b);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return pg_nps_float_tuple(fcinfo, v, 4);
}


/* ---------------------------------------------------------------------- */
/* Weighted NPS: nps_weighted, nps_weighted_state, nps_weighted_merge      */

/*
 * The transition state is a libnps nps_wacc (per category: the number of
 * answers, the compensated sums of the weights and of their squares) whose
 * memory comes from the aggregate context. States travel as the nps_wacc
 * serialized bytes (format kind 'W'). Weight sums cannot be un-added
 * exactly, so these aggregates have no moving mode: in a sliding window
 * PostgreSQL recomputes each frame from its rows, and the result is what
 * the plain aggregate gives over those rows.
 */

static nps_wacc *pg_nps_new_wacc(FunctionCallInfo fcinfo, MemoryContext cxt,
                                 const nps_scale *scale)
{
    nps_allocator a = pg_nps_allocator(cxt);
    nps_wacc *w = NULL;
    nps_status st = nps_wacc_new_with_allocator(&w, scale, &a);

    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return w;
}

static nps_wacc *pg_nps_wdecode(FunctionCallInfo fcinfo, MemoryContext cxt,
                                const bytea *b)
{
    nps_allocator a = pg_nps_allocator(cxt);
    nps_wacc *w = NULL;
    nps_status st = nps_wacc_deserialize_with_allocator(
        &w, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), &a);

    if (st == NPS_E_FORMAT || st == NPS_E_VERSION)
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("%s: not a valid weighted nps state", pg_nps_name(fcinfo)),
                        errdetail("libnps: %s.", nps_strerror(st)),
                        errhint("Weighted states come from nps_weighted_state or nps_weighted_merge; states of nps_state are not weighted.")));
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return w;
}

static bytea *pg_nps_wencode(FunctionCallInfo fcinfo, const nps_wacc *w)
{
    size_t len = 0;
    nps_status st = nps_wacc_serialize(w, NULL, 0, &len);
    bytea *out;

    if (st != NPS_OK && st != NPS_E_BUFSIZE)
        pg_nps_fail(fcinfo, st);
    out = (bytea *) palloc(VARHDRSZ + len);
    SET_VARSIZE(out, VARHDRSZ + len);
    st = nps_wacc_serialize(w, VARDATA(out), len, &len);
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return out;
}

static nps_wacc *pg_nps_arg_wstate(FunctionCallInfo fcinfo, int n)
{
    return pg_nps_wdecode(fcinfo, CurrentMemoryContext, PG_GETARG_BYTEA_PP(n));
}

static void pg_nps_wscale(const nps_wacc *w, nps_scale *s)
{
    if (nps_wacc_scale(w, s) != NPS_OK)
        *s = pg_nps_standard;
}

/* dst += src with the scale check of the unweighted functions. */
static void pg_nps_wmerge(FunctionCallInfo fcinfo, nps_wacc *dst, const nps_wacc *src)
{
    nps_scale a, b;
    nps_status st;

    pg_nps_wscale(dst, &a);
    pg_nps_wscale(src, &b);
    if (!pg_nps_scale_eq(&a, &b))
        pg_nps_mismatch(fcinfo, &a, &b);
    st = nps_wacc_merge(dst, src);
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
}

/*
 * nps_weighted_sfunc(state, score, weight [, min, max, passive_min,
 * promoter_min]). A row whose score or weight is NULL is skipped, as
 * count(col) and avg(col) skip NULLs. A weight that is not a finite
 * number in [2^-448, 2^448] (zero, negative, NaN, infinity) is an error,
 * as libnps refuses it.
 */
Datum pg_nps_weighted_sfunc(PG_FUNCTION_ARGS)
{
    nps_wacc *w = PG_ARGISNULL(0) ? NULL : (nps_wacc *) PG_GETARG_POINTER(0);
    nps_scale s;
    int score;
    double weight;
    nps_status st;

    if (w == NULL) {
        MemoryContext aggcxt = pg_nps_aggcontext(fcinfo);

        if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
            PG_RETURN_NULL();
        pg_nps_arg_scale(fcinfo, 3, &s);
        w = pg_nps_new_wacc(fcinfo, aggcxt, &s);
    } else {
        pg_nps_wscale(w, &s);
        if (PG_NARGS() > 3) {
            nps_scale cur = s;

            pg_nps_arg_scale(fcinfo, 3, &s);
            if (!pg_nps_scale_eq(&s, &cur))
                pg_nps_mismatch(fcinfo, &cur, &s);
        }
    }
    if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
        PG_RETURN_POINTER(w);
    score = PG_GETARG_INT32(1);
    weight = PG_GETARG_FLOAT8(2);
    st = nps_wacc_add(w, score, weight);
    if (st == NPS_E_RANGE)
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("%s: score %d is outside the %d-%d scale",
                               pg_nps_name(fcinfo), score, s.min, s.max),
                        errhint("Scores are integers from %d to %d; rows with a NULL score or weight are ignored.",
                                s.min, s.max)));
    if (st == NPS_E_INVALID) {
        if (isnan(weight) || isinf(weight) || weight <= 0.0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: weight %s is not a positive finite number",
                                   pg_nps_name(fcinfo), float8out_internal(weight)),
                            errhint("Weights are finite and > 0; rows with a NULL score or weight are ignored.")));
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("%s: weight %s is outside the supported range [2^-448, 2^448]",
                               pg_nps_name(fcinfo), float8out_internal(weight)),
                        errhint("Rescale the weights: the weighted NPS does not change when every weight is multiplied by the same factor.")));
    }
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    PG_RETURN_POINTER(w);
}

/* The weighted NPS; NULL when no row was added. Read-only (windows). */
Datum pg_nps_weighted_final(PG_FUNCTION_ARGS)
{
    const nps_wacc *w;

    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    w = (const nps_wacc *) PG_GETARG_POINTER(0);
    if (nps_wacc_total(w) == 0)
        PG_RETURN_NULL();
    PG_RETURN_FLOAT8(nps_wacc_score(w));
}

Datum pg_nps_weighted_state_final(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    PG_RETURN_BYTEA_P(pg_nps_wencode(fcinfo, (const nps_wacc *) PG_GETARG_POINTER(0)));
}

Datum pg_nps_weighted_combine(PG_FUNCTION_ARGS)
{
    MemoryContext aggcxt = pg_nps_aggcontext(fcinfo);
    nps_wacc *dst = PG_ARGISNULL(0) ? NULL : (nps_wacc *) PG_GETARG_POINTER(0);
    const nps_wacc *src = PG_ARGISNULL(1) ? NULL : (const nps_wacc *) PG_GETARG_POINTER(1);

    if (src == NULL) {
        if (dst == NULL)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(dst);
    }
    if (dst == NULL) {
        /* src may live in a shorter-lived context: copy it into ours. */
        nps_scale s;

        pg_nps_wscale(src, &s);
        dst = pg_nps_new_wacc(fcinfo, aggcxt, &s);
    }
    pg_nps_wmerge(fcinfo, dst, src);
    PG_RETURN_POINTER(dst);
}

Datum pg_nps_weighted_serialize(PG_FUNCTION_ARGS)
{
    (void) pg_nps_aggcontext(fcinfo);
    PG_RETURN_BYTEA_P(pg_nps_wencode(fcinfo, (const nps_wacc *) PG_GETARG_POINTER(0)));
}

/* The result may live in a per-tuple context; the combine function copies it. */
Datum pg_nps_weighted_deserialize(PG_FUNCTION_ARGS)
{
    (void) pg_nps_aggcontext(fcinfo);
    PG_RETURN_POINTER(pg_nps_wdecode(fcinfo, CurrentMemoryContext,
                                     PG_GETARG_BYTEA_PP(0)));
}

/* nps_weighted_merge(state): the sum of weighted states; NULLs skipped. */
Datum pg_nps_weighted_merge_sfunc(PG_FUNCTION_ARGS)
{
    MemoryContext aggcxt;
    nps_wacc *w = PG_ARGISNULL(0) ? NULL : (nps_wacc *) PG_GETARG_POINTER(0);
    nps_wacc *in;

    if (PG_ARGISNULL(1)) {
        if (w == NULL)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(w);
    }
    aggcxt = pg_nps_aggcontext(fcinfo);
    if (w == NULL)
        PG_RETURN_POINTER(pg_nps_wdecode(fcinfo, aggcxt, PG_GETARG_BYTEA_PP(1)));
    in = pg_nps_arg_wstate(fcinfo, 1);
    pg_nps_wmerge(fcinfo, w, in);
    nps_wacc_free(in);
    PG_RETURN_POINTER(w);
}

/* nps_weighted_merge(a, b): a + b; a NULL argument is no state. */
Datum pg_nps_weighted_merge2(PG_FUNCTION_ARGS)
{
    nps_wacc *a, *b;
    bytea *out;

    if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
        PG_RETURN_NULL();
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) {
        int n = PG_ARGISNULL(0) ? 1 : 0;

        nps_wacc_free(pg_nps_arg_wstate(fcinfo, n));
        PG_RETURN_BYTEA_P(PG_GETARG_BYTEA_P(n));
    }
    a = pg_nps_arg_wstate(fcinfo, 0);
    b = pg_nps_arg_wstate(fcinfo, 1);
    pg_nps_wmerge(fcinfo, a, b);
    out = pg_nps_wencode(fcinfo, a);
    nps_wacc_free(a);
    nps_wacc_free(b);
    PG_RETURN_BYTEA_P(out);
}

Datum pg_nps_weighted_score(PG_FUNCTION_ARGS)
{
    nps_wacc *w = pg_nps_arg_wstate(fcinfo, 0);
    double v = nps_wacc_score(w);
    uint64_t n = nps_wacc_total(w);

    nps_wacc_free(w);
    if (n == 0)
        PG_RETURN_NULL();
    PG_RETURN_FLOAT8(v);
}

Datum pg_nps_weighted_total(PG_FUNCTION_ARGS)
{
    nps_wacc *w = pg_nps_arg_wstate(fcinfo, 0);
    uint64_t v = nps_wacc_total(w);

    nps_wacc_free(w);
    PG_RETURN_INT64(pg_nps_to_int8(fcinfo, v));
}

/* Kish's effective sample size; NULL for an empty state. */
Datum pg_nps_weighted_effective_n(PG_FUNCTION_ARGS)
{
    nps_wacc *w = pg_nps_arg_wstate(fcinfo, 0);
    double v = 0.0;
    nps_status st = nps_wacc_effective_n(w, &v);

    nps_wacc_free(w);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    PG_RETURN_FLOAT8(v);
}

/* Taylor-linearisation standard error; NULL below two answers. */
Datum pg_nps_weighted_stderr(PG_FUNCTION_ARGS)
{
    nps_wacc *w = pg_nps_arg_wstate(fcinfo, 0);
    double v = 0.0;
    nps_status st = nps_wacc_stderr(w, &v);

    nps_wacc_free(w);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    PG_RETURN_FLOAT8(v);
}

/* nps_weighted_interval(state, level, method) -> (lo, hi); NULL when empty. */
Datum pg_nps_weighted_interval(PG_FUNCTION_ARGS)
{
    nps_wacc *w = pg_nps_arg_wstate(fcinfo, 0);
    double level = PG_GETARG_FLOAT8(1);
    nps_method m = pg_nps_method(fcinfo, PG_GETARG_TEXT_PP(2));
    double v[2];
    nps_status st;

    pg_nps_check_level(fcinfo, level);
    st = nps_wacc_interval(w, m, level, &v[0], &v[1]);
    nps_wacc_free(w);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return pg_nps_float_tuple(fcinfo, v, 2);
}

/* nps_weighted_describe(state) -> json. */
Datum pg_nps_weighted_describe(PG_FUNCTION_ARGS)
{
    static const char *const names[3] = {"detractors", "passives", "promoters"};
    static const nps_category cats[3] = {NPS_DETRACTOR, NPS_PASSIVE, NPS_PROMOTER};
    nps_wacc *w = pg_nps_arg_wstate(fcinfo, 0);
    double neff = NAN;
    nps_scale s;
    StringInfoData b;
    int i;

    pg_nps_wscale(w, &s);
    (void) nps_wacc_effective_n(w, &neff);
    initStringInfo(&b);
    appendStringInfo(&b, "{\"scale\": {\"min\": %d, \"max\": %d, \"passive_min\": %d, \"promoter_min\": %d}, \"counts\": {",
                     s.min, s.max, s.passive_min, s.promoter_min);
    for (i = 0; i < 3; i++)
        appendStringInfo(&b, "%s\"%s\": %llu", i ? ", " : "", names[i],
                         (unsigned long long) nps_wacc_category_count(w, cats[i]));
    appendStringInfoString(&b, "}, \"weights\": {");
    for (i = 0; i < 3; i++) {
        appendStringInfo(&b, "%s\"%s\": ", i ? ", " : "", names[i]);
        pg_nps_json_double(&b, nps_wacc_category_weight(w, cats[i]));
    }
    appendStringInfo(&b, "}, \"total\": %llu, \"total_weight\": ",
                     (unsigned long long) nps_wacc_total(w));
    pg_nps_json_double(&b, nps_wacc_total_weight(w));
    appendStringInfoString(&b, ", \"effective_n\": ");
    pg_nps_json_double(&b, neff);
    appendStringInfoString(&b, ", \"nps\": ");
    pg_nps_json_double(&b, nps_wacc_score(w));
    appendStringInfoChar(&b, '}');
    nps_wacc_free(w);
    PG_RETURN_TEXT_P(cstring_to_text_with_len(b.data, b.len));
}

/* nps_weighted_test(state, benchmark, method) -> two-sided p-value. */
Datum pg_nps_weighted_test(PG_FUNCTION_ARGS)
{
    nps_wacc *w = pg_nps_arg_wstate(fcinfo, 0);
    double benchmark = PG_GETARG_FLOAT8(1);
    nps_method m = pg_nps_method(fcinfo, PG_GETARG_TEXT_PP(2));
    double p;
    nps_status st;

    if (!(benchmark >= -100.0 && benchmark <= 100.0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: benchmark %g is not in [-100, 100]",
                               pg_nps_name(fcinfo), benchmark)));
    st = nps_wacc_test(w, benchmark, m, &p);
    nps_wacc_free(w);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    PG_RETURN_FLOAT8(p);
}

/* nps_weighted_compare(a, b, level, method) -> (diff, lo, hi, p_value). */
Datum pg_nps_weighted_compare(PG_FUNCTION_ARGS)
{
    nps_wacc *a = pg_nps_arg_wstate(fcinfo, 0);
    nps_wacc *b = pg_nps_arg_wstate(fcinfo, 1);
    double level = PG_GETARG_FLOAT8(2);
    nps_method m = pg_nps_method(fcinfo, PG_GETARG_TEXT_PP(3));
    nps_scale sa, sb;
    double v[4];
    nps_status st;

    pg_nps_check_level(fcinfo, level);
    if (m == NPS_METHOD_SCORE)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: supports '%s' and '%s', not '%s'",
                               pg_nps_name(fcinfo),
                               nps_method_name(NPS_METHOD_ADJUSTED_WALD),
                               nps_method_name(NPS_METHOD_WALD),
                               nps_method_name(m))));
    pg_nps_wscale(a, &sa);
    pg_nps_wscale(b, &sb);
    if (!pg_nps_scale_eq(&sa, &sb))
        pg_nps_mismatch(fcinfo, &sa, &sb);
    st = nps_wacc_compare(a, b, m, level, &v[0], &v[1], &v[2], &v[3]);
    nps_wacc_free(a);
    nps_wacc_free(b);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    return pg_nps_float_tuple(fcinfo, v, 4);
}

/* ---------------------------------------------------------------------- */
/* Inference across periods and groups: nps_trend, nps_heterogeneity,      */
/* nps_p_adjust, nps_compare_score, nps_sample_size                        */

/*
 * nps_trend and nps_heterogeneity collect their rows' states (decoded into
 * the aggregate context) and, for nps_trend, the positions, then call
 * libnps once in the final function: a trend or an omnibus test needs every
 * period at once. Rows with a NULL state or position are skipped. No
 * combine function: the states are few (one per period or group).
 */
typedef struct PgNpsSeq {
    int n;
    int cap;
    int method;        /* -1 until a row gives it; -2 when not used */
    nps_acc **accs;
    double *x;
} PgNpsSeq;

static int pg_nps_trend_method(FunctionCallInfo fcinfo, text *t)
{
    char *name = text_to_cstring(t);
    int m;

    if (pg_strcasecmp(name, "random_effects") == 0)
        m = NPS_TREND_RANDOM_EFFECTS;
    else if (pg_strcasecmp(name, "answers") == 0)
        m = NPS_TREND_ANSWERS;
    else
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: unknown trend method \"%s\"",
                               pg_nps_name(fcinfo), name),
                        errhint("Use 'random_effects' or 'answers'.")));
    pfree(name);
    return m;
}

/*
 * Transition of nps_trend(state, x [, method]) and nps_heterogeneity(state):
 * told apart by the number of arguments (2 for nps_heterogeneity).
 */
Datum pg_nps_seq_sfunc(PG_FUNCTION_ARGS)
{
    MemoryContext aggcxt = pg_nps_aggcontext(fcinfo), old;
    PgNpsSeq *seq = PG_ARGISNULL(0) ? NULL : (PgNpsSeq *) PG_GETARG_POINTER(0);
    bool trend = PG_NARGS() >= 3;
    double x = 0.0;
    int method = trend ? NPS_TREND_RANDOM_EFFECTS : -2;

    if (seq == NULL) {
        seq = (PgNpsSeq *) MemoryContextAllocZero(aggcxt, sizeof(PgNpsSeq));
        seq->method = -1;
    }
    if (PG_NARGS() >= 4) {
        if (PG_ARGISNULL(3))
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: the method is NULL", pg_nps_name(fcinfo))));
        method = pg_nps_trend_method(fcinfo, PG_GETARG_TEXT_PP(3));
    }
    if (seq->method == -1)
        seq->method = method;
    else if (seq->method != method)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: the method changes between rows",
                               pg_nps_name(fcinfo))));
    if (PG_ARGISNULL(1) || (trend && PG_ARGISNULL(2)))
        PG_RETURN_POINTER(seq);
    if (trend) {
        x = PG_GETARG_FLOAT8(2);
        if (!isfinite(x))
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: position %g is not finite",
                                   pg_nps_name(fcinfo), x)));
    }
    old = MemoryContextSwitchTo(aggcxt);
    if (seq->n == seq->cap) {
        int cap = seq->cap ? seq->cap * 2 : 16;

        if (seq->accs == NULL) {
            seq->accs = (nps_acc **) palloc(cap * sizeof(nps_acc *));
            seq->x = (double *) palloc(cap * sizeof(double));
        } else {
            seq->accs = (nps_acc **) repalloc(seq->accs, cap * sizeof(nps_acc *));
            seq->x = (double *) repalloc(seq->x, cap * sizeof(double));
        }
        seq->cap = cap;
    }
    seq->accs[seq->n] = pg_nps_decode(fcinfo, PG_GETARG_BYTEA_PP(1));
    MemoryContextSwitchTo(old);
    if (seq->n > 0) {
        nps_scale s0, s1;

        (void) nps_acc_scale(seq->accs[0], &s0);
        (void) nps_acc_scale(seq->accs[seq->n], &s1);
        if (!pg_nps_scale_eq(&s0, &s1))
            pg_nps_mismatch(fcinfo, &s0, &s1);
    }
    seq->x[seq->n] = x;
    seq->n++;
    PG_RETURN_POINTER(seq);
}

static Datum pg_nps_record(FunctionCallInfo fcinfo, Datum *values, int n)
{
    TupleDesc desc;
    bool nulls[9];
    int i;

    Assert(n <= 9);
    for (i = 0; i < n; i++)
        nulls[i] = false;
    if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "%s: function returning a record called in a context that cannot accept one",
             pg_nps_name(fcinfo));
    desc = BlessTupleDesc(desc);
    return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* nps_trend final: (slope, se, p_value, df, tau, q, q_p_value, periods,
   answers); NULL below 3 non-empty periods. */
Datum pg_nps_trend_final(PG_FUNCTION_ARGS)
{
    PgNpsSeq *seq = PG_ARGISNULL(0) ? NULL : (PgNpsSeq *) PG_GETARG_POINTER(0);
    nps_trend t = NPS_TREND_INIT;
    nps_status st;
    Datum v[9];

    if (seq == NULL || seq->n == 0)
        PG_RETURN_NULL();
    st = nps_trend_fit(&t, (const nps_acc *const *) seq->accs, seq->x,
                       (size_t) seq->n, (nps_trend_method) seq->method);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st == NPS_E_INVALID)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: every non-empty period is at one position",
                               pg_nps_name(fcinfo)),
                        errhint("A trend needs periods at different positions.")));
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    v[0] = Float8GetDatum(t.slope);
    v[1] = Float8GetDatum(t.se);
    v[2] = Float8GetDatum(t.p_value);
    v[3] = Float8GetDatum(t.df);
    v[4] = Float8GetDatum(t.tau);
    v[5] = Float8GetDatum(t.q);
    v[6] = Float8GetDatum(t.q_p_value);
    v[7] = Int64GetDatum(pg_nps_to_int8(fcinfo, t.periods));
    v[8] = Int64GetDatum(pg_nps_to_int8(fcinfo, t.answers));
    return pg_nps_record(fcinfo, v, 9);
}

/* nps_heterogeneity final: (statistic, df, p_value, groups); NULL below 2
   non-empty groups. */
Datum pg_nps_heterogeneity_final(PG_FUNCTION_ARGS)
{
    PgNpsSeq *seq = PG_ARGISNULL(0) ? NULL : (PgNpsSeq *) PG_GETARG_POINTER(0);
    nps_heterogeneity h = NPS_HETEROGENEITY_INIT;
    nps_status st;
    Datum v[4];

    if (seq == NULL || seq->n == 0)
        PG_RETURN_NULL();
    st = nps_heterogeneity_test(&h, (const nps_acc *const *) seq->accs,
                                (size_t) seq->n);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    v[0] = Float8GetDatum(h.statistic);
    v[1] = Float8GetDatum(h.df);
    v[2] = Float8GetDatum(h.p_value);
    v[3] = Int64GetDatum(pg_nps_to_int8(fcinfo, h.groups));
    return pg_nps_record(fcinfo, v, 4);
}

/* nps_p_adjust(p float8[], method) -> float8[] of the same shape; NULL
   elements stay NULL and do not count (as R's p.adjust with NA). */
Datum pg_nps_p_adjust(PG_FUNCTION_ARGS)
{
    ArrayType *arr = PG_GETARG_ARRAYTYPE_P(0);
    char *name = text_to_cstring(PG_GETARG_TEXT_PP(1));
    nps_allocator a = pg_nps_allocator(CurrentMemoryContext);
    nps_adjust method;
    Datum *elems;
    bool *nulls;
    double *p;
    int n, i, k = 0;
    nps_status st;

    if (pg_strcasecmp(name, "holm") == 0)
        method = NPS_ADJUST_HOLM;
    else if (pg_strcasecmp(name, "bh") == 0)
        method = NPS_ADJUST_BH;
    else if (pg_strcasecmp(name, "none") == 0)
        method = NPS_ADJUST_NONE;
    else
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: unknown adjustment \"%s\"",
                               pg_nps_name(fcinfo), name),
                        errhint("Use 'holm', 'bh' or 'none'.")));
    deconstruct_array(arr, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
                      &elems, &nulls, &n);
    p = (double *) palloc((n > 0 ? n : 1) * sizeof(double));
    for (i = 0; i < n; i++) {
        if (nulls[i])
            continue;
        p[k] = DatumGetFloat8(elems[i]);
        if (!(p[k] >= 0.0 && p[k] <= 1.0))
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: p-value %g is not in [0, 1]",
                                   pg_nps_name(fcinfo), p[k])));
        k++;
    }
    st = nps_pvalues_adjust(p, p, (size_t) k, method, &a);
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    for (i = 0, k = 0; i < n; i++)
        if (!nulls[i])
            elems[i] = Float8GetDatum(p[k++]);
    PG_RETURN_ARRAYTYPE_P(construct_md_array(
        elems, nulls, ARR_NDIM(arr), ARR_DIMS(arr), ARR_LBOUND(arr),
        FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* nps_compare_score(a, b, level) -> (diff, lo, hi, p_value), the raw
   difference with its MOVER score interval; NULL when a state is empty. */
Datum pg_nps_compare_score(PG_FUNCTION_ARGS)
{
    nps_acc *a = pg_nps_arg_state(fcinfo, 0);
    nps_acc *b = pg_nps_arg_state(fcinfo, 1);
    double level = PG_GETARG_FLOAT8(2);
    nps_comparison c = NPS_COMPARISON_INIT;
    nps_scale sa, sb;
    nps_status st;
    double v[4];

    pg_nps_check_level(fcinfo, level);
    (void) nps_acc_scale(a, &sa);
    (void) nps_acc_scale(b, &sb);
    if (!pg_nps_scale_eq(&sa, &sb))
        pg_nps_mismatch(fcinfo, &sa, &sb);
    st = nps_compare_score(&c, a, b, level);
    nps_acc_free(a);
    nps_acc_free(b);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    v[0] = c.diff;
    v[1] = c.lo;
    v[2] = c.hi;
    v[3] = c.p_value;
    return pg_nps_float_tuple(fcinfo, v, 4);
}

/* nps_sample_size(margin, level, method, promoter_share, detractor_share)
   -> answers; a NULL share is unknown (its worst case). */
Datum pg_nps_sample_size(PG_FUNCTION_ARGS)
{
    double margin, level, pr, dt;
    nps_method m;
    uint64_t n = 0;
    nps_status st;

    if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
        PG_RETURN_NULL();
    margin = PG_GETARG_FLOAT8(0);
    level = PG_GETARG_FLOAT8(1);
    m = pg_nps_method(fcinfo, PG_GETARG_TEXT_PP(2));
    pr = PG_ARGISNULL(3) ? -1.0 : PG_GETARG_FLOAT8(3);
    dt = PG_ARGISNULL(4) ? -1.0 : PG_GETARG_FLOAT8(4);
    pg_nps_check_level(fcinfo, level);
    if (!(margin > 0.0 && margin <= 200.0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: margin %g is not in (0, 200] points",
                               pg_nps_name(fcinfo), margin)));
    if ((!PG_ARGISNULL(3) && !(pr >= 0.0 && pr <= 1.0)) ||
        (!PG_ARGISNULL(4) && !(dt >= 0.0 && dt <= 1.0)) ||
        (!PG_ARGISNULL(3) && !PG_ARGISNULL(4) && pr + dt > 1.0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: shares must be in [0, 1] with a sum of at most 1",
                               pg_nps_name(fcinfo))));
    if (m == NPS_METHOD_SCORE && (PG_ARGISNULL(3) || PG_ARGISNULL(4)))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: method '%s' needs both expected shares",
                               pg_nps_name(fcinfo), nps_method_name(m)),
                        errhint("Give promoter_share and detractor_share, or use '%s' or '%s', which take the worst case of an unknown share.",
                                nps_method_name(NPS_METHOD_ADJUSTED_WALD),
                                nps_method_name(NPS_METHOD_WALD))));
    st = nps_sample_size_margin(&n, m, margin, level, pr, dt);
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    PG_RETURN_INT64(pg_nps_to_int8(fcinfo, n));
}

/*
 * nps_alerts(states bytea[], window, limit) -> one row per element, oldest
 * first: (period, kind, z, center, lo, hi, sigma_z, baseline). A NULL
 * element is an empty period. The statistics are NULL when the kind is
 * 'undecided'.
 */
Datum pg_nps_alerts(PG_FUNCTION_ARGS)
{
    static const char *const kinds[] = {"none", "low", "high", "undecided"};
    ArrayType *arr = PG_GETARG_ARRAYTYPE_P(0);
    int32 window = PG_GETARG_INT32(1);
    double limit = PG_GETARG_FLOAT8(2);
    ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
    nps_scale scale = pg_nps_standard;
    bool have_scale = false;
    Datum *elems;
    bool *nulls;
    nps_acc **accs;
    nps_alert *alerts;
    int n, i;
    nps_status st;

    if (window < 3)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: window %d is below 3 periods",
                               pg_nps_name(fcinfo), window)));
    if (!(limit > 0.0 && isfinite(limit)))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: limit %g is not a positive finite number",
                               pg_nps_name(fcinfo), limit),
                        errhint("3 (sigma units) is usual.")));
    InitMaterializedSRF(fcinfo, 0);
    deconstruct_array(arr, BYTEAOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
    if (n == 0)
        return (Datum) 0;
    accs = (nps_acc **) palloc0((n > 0 ? n : 1) * sizeof(nps_acc *));
    alerts = (nps_alert *) palloc((n > 0 ? n : 1) * sizeof(nps_alert));
    for (i = 0; i < n; i++) {
        nps_alert init = NPS_ALERT_INIT;

        alerts[i] = init;
        if (nulls[i])
            continue;
        accs[i] = pg_nps_decode(fcinfo, DatumGetByteaPP(elems[i]));
        if (!have_scale) {
            (void) nps_acc_scale(accs[i], &scale);
            have_scale = true;
        } else {
            nps_scale s1;

            (void) nps_acc_scale(accs[i], &s1);
            if (!pg_nps_scale_eq(&scale, &s1))
                pg_nps_mismatch(fcinfo, &scale, &s1);
        }
    }
    for (i = 0; i < n; i++)
        if (accs[i] == NULL)
            accs[i] = pg_nps_new_acc(fcinfo, &scale);
    st = nps_alert_scan(alerts, (const nps_acc *const *) accs, (size_t) n,
                        (size_t) window, limit);
    if (st != NPS_OK)
        pg_nps_fail(fcinfo, st);
    for (i = 0; i < n; i++) {
        Datum v[8];
        bool vn[8];
        bool undecided = alerts[i].kind == NPS_ALERT_UNDECIDED;
        int k = (int) alerts[i].kind;

        v[0] = Int32GetDatum(i + 1);
        v[1] = CStringGetTextDatum(k >= 0 && k <= 3 ? kinds[k] : "unknown");
        v[2] = Float8GetDatum(alerts[i].z);
        v[3] = Float8GetDatum(alerts[i].center);
        v[4] = Float8GetDatum(alerts[i].lo);
        v[5] = Float8GetDatum(alerts[i].hi);
        v[6] = Float8GetDatum(alerts[i].sigma_z);
        v[7] = Int64GetDatum(pg_nps_to_int8(fcinfo, alerts[i].baseline));
        vn[0] = vn[1] = vn[7] = false;
        vn[2] = vn[3] = vn[4] = vn[5] = vn[6] = undecided;
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, vn);
    }
    for (i = 0; i < n; i++)
        nps_acc_free(accs[i]);
    return (Datum) 0;
}
