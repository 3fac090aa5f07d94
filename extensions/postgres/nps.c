/*
 * PostgreSQL extension "nps": Net Promoter Score aggregates and functions
 * on top of libnps. SPDX-License-Identifier: MIT
 *
 * The aggregate state is an nps_acc (STYPE internal) whose memory comes from
 * a PostgreSQL memory context through libnps's allocator hooks, so it lives
 * and dies with the aggregate and never leaks on ERROR. States travel as
 * bytea in the libnps serialized form: between parallel workers
 * (SERIALFUNC/DESERIALFUNC) and in users' rollup tables (nps_state).
 *
 * C symbols are prefixed pg_nps_ because libnps itself owns nps_*.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "nps.h"

PG_MODULE_MAGIC;

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

static void pg_nps_fail(nps_status st, const char *what) pg_attribute_noreturn();

static void pg_nps_fail(nps_status st, const char *what)
{
    switch (st) {
    case NPS_E_NOMEM:
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
                        errmsg("nps: out of memory in %s", what)));
        break;
    case NPS_E_OVERFLOW:
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("nps: count overflow in %s", what)));
        break;
    case NPS_E_MISMATCH:
        ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                        errmsg("nps: %s: states on different scales", what)));
        break;
    case NPS_E_FORMAT:
    case NPS_E_VERSION:
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("nps: %s: not a valid nps state (%s)", what,
                               nps_strerror(st))));
        break;
    default:
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("nps: %s: %s", what, nps_strerror(st))));
        break;
    }
    pg_unreachable();
}

/* The aggregate memory context, or ERROR when called outside an aggregate. */
static MemoryContext pg_nps_aggcontext(FunctionCallInfo fcinfo, const char *fn)
{
    MemoryContext aggcxt;

    if (!AggCheckCallContext(fcinfo, &aggcxt))
        elog(ERROR, "%s called in non-aggregate context", fn);
    return aggcxt;
}

static nps_acc *pg_nps_new_acc(MemoryContext cxt, const nps_scale *scale)
{
    nps_allocator a = pg_nps_allocator(cxt);
    nps_acc *acc = NULL;
    nps_status st = nps_acc_new_with_allocator(&acc, scale, &a);

    if (st != NPS_OK)
        pg_nps_fail(st, "creating a state");
    return acc;
}

static nps_acc *pg_nps_decode(const bytea *b, MemoryContext cxt,
                              const char *what)
{
    nps_allocator a = pg_nps_allocator(cxt);
    nps_acc *acc = NULL;
    nps_status st = nps_acc_deserialize_with_allocator(
        &acc, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), &a);

    if (st != NPS_OK)
        pg_nps_fail(st, what);
    return acc;
}

static bytea *pg_nps_encode(const nps_acc *acc)
{
    size_t len = 0;
    nps_status st = nps_acc_serialize(acc, NULL, 0, &len);
    bytea *out;

    if (st != NPS_OK && st != NPS_E_BUFSIZE)
        pg_nps_fail(st, "serializing a state");
    out = (bytea *) palloc(VARHDRSZ + len);
    SET_VARSIZE(out, VARHDRSZ + len);
    st = nps_acc_serialize(acc, VARDATA(out), len, &len);
    if (st != NPS_OK)
        pg_nps_fail(st, "serializing a state");
    return out;
}

static int64 pg_nps_to_int8(uint64_t v)
{
    if (v > (uint64_t) PG_INT64_MAX)
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("nps: count %llu does not fit in bigint",
                               (unsigned long long) v)));
    return (int64) v;
}

static nps_method pg_nps_method(text *t)
{
    char *name = text_to_cstring(t);
    nps_method m;

    if (pg_strcasecmp(name, "adjusted_wald") == 0)
        m = NPS_METHOD_ADJUSTED_WALD;
    else if (pg_strcasecmp(name, "wald") == 0)
        m = NPS_METHOD_WALD;
    else if (pg_strcasecmp(name, "score") == 0)
        m = NPS_METHOD_SCORE;
    else
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("nps: unknown interval method \"%s\"", name),
                        errhint("Use 'adjusted_wald', 'wald' or 'score'.")));
    pfree(name);
    return m;
}

static void pg_nps_check_level(double level)
{
    if (!(level > 0.0 && level < 1.0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("nps: confidence level %g is not in (0, 1)",
                               level),
                        errhint("Pass a fraction such as 0.95.")));
}

/* ---------------------------------------------------------------------- */
/* Aggregates over raw scores: nps(int) and nps_state(int)                 */

/* NULL scores are skipped, as count(col) and avg(col) do. */
Datum pg_nps_sfunc(PG_FUNCTION_ARGS)
{
    nps_acc *acc = PG_ARGISNULL(0) ? NULL : (nps_acc *) PG_GETARG_POINTER(0);
    int32 score;
    nps_status st;

    if (acc == NULL) {
        MemoryContext aggcxt = pg_nps_aggcontext(fcinfo, "nps_sfunc");

        if (PG_ARGISNULL(1))
            PG_RETURN_NULL();
        acc = pg_nps_new_acc(aggcxt, NULL);
    }
    if (PG_ARGISNULL(1))
        PG_RETURN_POINTER(acc);
    score = PG_GETARG_INT32(1);
    st = nps_acc_add(acc, score);
    if (st != NPS_OK) {
        if (st == NPS_E_RANGE)
            ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                            errmsg("nps: score %d is outside the 0-10 scale",
                                   score),
                            errhint("Scores are integers from 0 to 10; NULL scores are ignored.")));
        pg_nps_fail(st, "adding a score");
    }
    PG_RETURN_POINTER(acc);
}

/*
 * Moving-aggregate transition: PostgreSQL forbids it to return NULL, and
 * restarts a frame emptied by the inverse function from a NULL state, so
 * the state exists even before the first non-NULL score; nps_final then
 * sees an empty state and returns NULL.
 */
Datum pg_nps_msfunc(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
        PG_RETURN_POINTER(pg_nps_new_acc(pg_nps_aggcontext(fcinfo, "nps_msfunc"),
                                         NULL));
    return pg_nps_sfunc(fcinfo);
}

/* Inverse transition for moving windows: forget a row leaving the frame. */
Datum pg_nps_minvfunc(PG_FUNCTION_ARGS)
{
    nps_acc *acc;
    nps_status st;

    if (PG_ARGISNULL(0))
        elog(ERROR, "nps_minvfunc called without a state");
    acc = (nps_acc *) PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(1))
        PG_RETURN_POINTER(acc);
    st = nps_acc_remove_n(acc, PG_GETARG_INT32(1), 1);
    if (st != NPS_OK)
        pg_nps_fail(st, "removing a score");
    PG_RETURN_POINTER(acc);
}

/* Read-only: window aggregates call it again on the same state. */
Datum pg_nps_final(PG_FUNCTION_ARGS)
{
    const nps_acc *acc;

    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    acc = (const nps_acc *) PG_GETARG_POINTER(0);
    if (nps_acc_total(acc) == 0)
        PG_RETURN_NULL();
    PG_RETURN_FLOAT8(nps_acc_score(acc));
}

Datum pg_nps_state_final(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    PG_RETURN_BYTEA_P(pg_nps_encode((const nps_acc *) PG_GETARG_POINTER(0)));
}

/* ---------------------------------------------------------------------- */
/* Parallel aggregation                                                    */

Datum pg_nps_combine(PG_FUNCTION_ARGS)
{
    MemoryContext aggcxt = pg_nps_aggcontext(fcinfo, "nps_combine");
    nps_acc *dst = PG_ARGISNULL(0) ? NULL : (nps_acc *) PG_GETARG_POINTER(0);
    const nps_acc *src = PG_ARGISNULL(1) ? NULL
                                         : (const nps_acc *) PG_GETARG_POINTER(1);
    nps_status st;

    if (src == NULL) {
        if (dst == NULL)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(dst);
    }
    if (dst == NULL) {
        /* src may live in a shorter-lived context: copy it into ours. */
        nps_scale scale;

        st = nps_acc_scale(src, &scale);
        if (st != NPS_OK)
            pg_nps_fail(st, "combining states");
        dst = pg_nps_new_acc(aggcxt, &scale);
    }
    st = nps_acc_merge(dst, src);
    if (st != NPS_OK)
        pg_nps_fail(st, "combining states");
    PG_RETURN_POINTER(dst);
}

Datum pg_nps_serialize(PG_FUNCTION_ARGS)
{
    (void) pg_nps_aggcontext(fcinfo, "nps_serialize");
    PG_RETURN_BYTEA_P(pg_nps_encode((const nps_acc *) PG_GETARG_POINTER(0)));
}

/* The result may live in a per-tuple context; nps_combine copies it. */
Datum pg_nps_deserialize(PG_FUNCTION_ARGS)
{
    (void) pg_nps_aggcontext(fcinfo, "nps_deserialize");
    PG_RETURN_POINTER(pg_nps_decode(PG_GETARG_BYTEA_PP(0), CurrentMemoryContext,
                                    "nps_deserialize"));
}

/* ---------------------------------------------------------------------- */
/* nps_merge(bytea): rollups of stored states                              */

Datum pg_nps_merge_sfunc(PG_FUNCTION_ARGS)
{
    MemoryContext aggcxt;
    nps_acc *acc = PG_ARGISNULL(0) ? NULL : (nps_acc *) PG_GETARG_POINTER(0);
    nps_acc *in;
    nps_status st;

    if (PG_ARGISNULL(1)) {
        if (acc == NULL)
            PG_RETURN_NULL();
        PG_RETURN_POINTER(acc);
    }
    aggcxt = pg_nps_aggcontext(fcinfo, "nps_merge");
    if (acc == NULL)
        PG_RETURN_POINTER(pg_nps_decode(PG_GETARG_BYTEA_PP(1), aggcxt,
                                        "nps_merge"));
    in = pg_nps_decode(PG_GETARG_BYTEA_PP(1), CurrentMemoryContext,
                       "nps_merge");
    st = nps_acc_merge(acc, in);
    nps_acc_free(in);
    if (st != NPS_OK)
        pg_nps_fail(st, "nps_merge");
    PG_RETURN_POINTER(acc);
}

/* ---------------------------------------------------------------------- */
/* Scalar functions on a serialized state                                  */

static nps_acc *pg_nps_arg_state(FunctionCallInfo fcinfo, int n,
                                 const char *fn)
{
    return pg_nps_decode(PG_GETARG_BYTEA_PP(n), CurrentMemoryContext, fn);
}

Datum pg_nps_score(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0, "nps_score");
    double v = nps_acc_score(acc);

    nps_acc_free(acc);
    if (isnan(v))
        PG_RETURN_NULL();
    PG_RETURN_FLOAT8(v);
}

Datum pg_nps_total(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0, "nps_total");
    uint64_t v = nps_acc_total(acc);

    nps_acc_free(acc);
    PG_RETURN_INT64(pg_nps_to_int8(v));
}

static Datum pg_nps_category(FunctionCallInfo fcinfo, nps_category c,
                             const char *fn)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0, fn);
    uint64_t v = nps_acc_category_count(acc, c);

    nps_acc_free(acc);
    PG_RETURN_INT64(pg_nps_to_int8(v));
}

Datum pg_nps_promoters(PG_FUNCTION_ARGS)
{
    return pg_nps_category(fcinfo, NPS_PROMOTER, "nps_promoters");
}

Datum pg_nps_passives(PG_FUNCTION_ARGS)
{
    return pg_nps_category(fcinfo, NPS_PASSIVE, "nps_passives");
}

Datum pg_nps_detractors(PG_FUNCTION_ARGS)
{
    return pg_nps_category(fcinfo, NPS_DETRACTOR, "nps_detractors");
}

static Datum pg_nps_tuple(FunctionCallInfo fcinfo, const double *v, int n)
{
    TupleDesc desc;
    Datum values[4];
    bool nulls[4];
    int i;

    if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "nps: function returning a record called in a context that cannot accept one");
    desc = BlessTupleDesc(desc);
    for (i = 0; i < n; i++) {
        values[i] = Float8GetDatum(v[i]);
        nulls[i] = false;
    }
    return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* nps_interval(state, level, method) -> (lo, hi); NULL for an empty state. */
Datum pg_nps_interval(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0, "nps_interval");
    double level = PG_GETARG_FLOAT8(1);
    nps_method m = pg_nps_method(PG_GETARG_TEXT_PP(2));
    double v[2];
    nps_status st;

    pg_nps_check_level(level);
    st = nps_acc_interval(acc, m, level, &v[0], &v[1]);
    nps_acc_free(acc);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(st, "nps_interval");
    return pg_nps_tuple(fcinfo, v, 2);
}

Datum pg_nps_margin(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0, "nps_margin");
    double level = PG_GETARG_FLOAT8(1);
    nps_method m = pg_nps_method(PG_GETARG_TEXT_PP(2));
    double v;
    nps_status st;

    pg_nps_check_level(level);
    st = nps_acc_margin(acc, m, level, &v);
    nps_acc_free(acc);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(st, "nps_margin");
    PG_RETURN_FLOAT8(v);
}

/* nps_test(state, benchmark, method) -> two-sided p-value. */
Datum pg_nps_test(PG_FUNCTION_ARGS)
{
    nps_acc *acc = pg_nps_arg_state(fcinfo, 0, "nps_test");
    double benchmark = PG_GETARG_FLOAT8(1);
    nps_method m = pg_nps_method(PG_GETARG_TEXT_PP(2));
    double p;
    nps_status st;

    if (!(benchmark >= -100.0 && benchmark <= 100.0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("nps: benchmark %g is not in [-100, 100]",
                               benchmark)));
    st = nps_acc_test(acc, benchmark, m, &p);
    nps_acc_free(acc);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(st, "nps_test");
    PG_RETURN_FLOAT8(p);
}

/* nps_compare(a, b, level, method) -> (diff, lo, hi, p_value). */
Datum pg_nps_compare(PG_FUNCTION_ARGS)
{
    nps_acc *a = pg_nps_arg_state(fcinfo, 0, "nps_compare");
    nps_acc *b = pg_nps_arg_state(fcinfo, 1, "nps_compare");
    double level = PG_GETARG_FLOAT8(2);
    nps_method m = pg_nps_method(PG_GETARG_TEXT_PP(3));
    double v[4];
    nps_status st;

    pg_nps_check_level(level);
    if (m == NPS_METHOD_SCORE)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("nps: nps_compare supports 'adjusted_wald' and 'wald', not 'score'")));
    st = nps_compare(a, b, m, level, &v[0], &v[1], &v[2], &v[3]);
    nps_acc_free(a);
    nps_acc_free(b);
    if (st == NPS_E_EMPTY)
        PG_RETURN_NULL();
    if (st != NPS_OK)
        pg_nps_fail(st, "nps_compare");
    return pg_nps_tuple(fcinfo, v, 4);
}
