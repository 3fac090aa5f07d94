/*
 * SQLite loadable extension "nps": Net Promoter Score aggregates, window
 * functions and functions of serialized states, on top of libnps.
 * SPDX-License-Identifier: MIT
 *
 * Load with `.load PATH sqlite3_nps_init` (shell) or
 * sqlite3_load_extension(db, PATH, "sqlite3_nps_init", &err). libnps is
 * linked in statically, so the module needs nothing else. See
 * docs/sqlite.md.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "nps.h"

#if defined(_WIN32)
#define NPS_SQLITE_EXPORT __declspec(dllexport)
#else
#define NPS_SQLITE_EXPORT __attribute__((visibility("default")))
#endif

NPS_SQLITE_EXPORT int sqlite3_nps_init(sqlite3 *db, char **pzErrMsg,
                                       const sqlite3_api_routines *pApi);

/* States live in SQLite's heap, so its memory accounting and limits apply. */
static void *nps_sqlite_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return sqlite3_malloc64((sqlite3_uint64)size);
}

static void nps_sqlite_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    (void)size;
    sqlite3_free(ptr);
}

static const nps_allocator nps_sqlite_allocator = {
    nps_sqlite_alloc, nps_sqlite_free, NULL
};

/* Report a libnps failure; NOMEM through SQLite's own code. */
static void nps_sqlite_fail(sqlite3_context *ctx, nps_status st,
                            const char *what)
{
    char *msg;

    if (st == NPS_E_NOMEM) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (st == NPS_E_FORMAT || st == NPS_E_VERSION)
        msg = sqlite3_mprintf("%s: not a valid nps state (%s)", what,
                              nps_strerror(st));
    else if (st == NPS_E_MISMATCH)
        msg = sqlite3_mprintf("%s: states on different scales", what);
    else
        msg = sqlite3_mprintf("%s: %s", what, nps_strerror(st));
    if (!msg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_error(ctx, msg, -1);
    sqlite3_free(msg);
}

static void nps_sqlite_error(sqlite3_context *ctx, const char *msg)
{
    if (!msg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_error(ctx, msg, -1);
}

/* SQL NULL in any argument gives NULL, as for SQLite's own functions:
   returns 1 (result left NULL) when one is NULL. */
static int nps_sqlite_any_null(int argc, sqlite3_value **argv)
{
    int i;

    for (i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return 1;
    return 0;
}

/* Decode a state argument. Returns NULL after reporting the error, or with
   *is_null set for an SQL NULL. */
static nps_acc *nps_sqlite_arg_state(sqlite3_context *ctx, sqlite3_value *v,
                                     const char *fn, int *is_null)
{
    static const unsigned char empty[1] = { 0 };
    const void *buf;
    nps_acc *acc = NULL;
    nps_status st;
    char *msg;

    *is_null = 0;
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        *is_null = 1;
        return NULL;
    case SQLITE_BLOB:
        break;
    default:
        msg = sqlite3_mprintf("%s: a state must be a blob from nps_state() "
                              "or nps_merge(), got %s", fn,
                              sqlite3_value_type(v) == SQLITE_TEXT ? "text"
                              : sqlite3_value_type(v) == SQLITE_INTEGER
                                  ? "an integer" : "a real");
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return NULL;
    }
    /* SQLite gives NULL for a zero-length blob; that is short bytes
       (a format error), not a missing argument. */
    buf = sqlite3_value_blob(v);
    st = nps_acc_deserialize_with_allocator(
        &acc, buf ? buf : empty, (size_t)sqlite3_value_bytes(v),
        &nps_sqlite_allocator);
    if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, fn);
        return NULL;
    }
    return acc;
}

static void nps_sqlite_result_state(sqlite3_context *ctx, const nps_acc *acc,
                                    const char *fn)
{
    size_t len = 0;
    nps_status st = nps_acc_serialize(acc, NULL, 0, &len);
    void *buf;

    if (st != NPS_OK && st != NPS_E_BUFSIZE) {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    buf = sqlite3_malloc64((sqlite3_uint64)len);
    if (!buf) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    st = nps_acc_serialize(acc, buf, len, &len);
    if (st != NPS_OK) {
        sqlite3_free(buf);
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    sqlite3_result_blob64(ctx, buf, (sqlite3_uint64)len, sqlite3_free);
}

/* ---------------------------------------------------------------------- */
/* nps(score) and nps_state(score): aggregates and window functions        */

typedef struct nps_sqlite_agg {
    nps_acc *acc;
    sqlite3_int64 nstates; /* nps_merge: non-NULL states in the frame */
} nps_sqlite_agg;

/* The SQL name of the aggregate called (its user data). */
static const char *nps_sqlite_name(sqlite3_context *ctx)
{
    const char *name = (const char *)sqlite3_user_data(ctx);

    return name ? name : "nps";
}

/* The aggregate's state, created on the first row. NULL after an error. */
static nps_acc *nps_sqlite_agg_acc(sqlite3_context *ctx)
{
    nps_sqlite_agg *agg = sqlite3_aggregate_context(ctx, sizeof *agg);
    nps_status st;

    if (!agg) {
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    if (!agg->acc) {
        st = nps_acc_new_with_allocator(&agg->acc, NULL, &nps_sqlite_allocator);
        if (st != NPS_OK) {
            nps_sqlite_fail(ctx, st, nps_sqlite_name(ctx));
            return NULL;
        }
    }
    return agg->acc;
}

/* The state if any row was seen, without allocating one. */
static nps_acc *nps_sqlite_agg_peek(sqlite3_context *ctx)
{
    nps_sqlite_agg *agg = sqlite3_aggregate_context(ctx, 0);

    return agg ? agg->acc : NULL;
}

static void nps_sqlite_agg_release(sqlite3_context *ctx)
{
    nps_sqlite_agg *agg = sqlite3_aggregate_context(ctx, 0);

    if (agg) {
        nps_acc_free(agg->acc);
        agg->acc = NULL;
    }
}

/*
 * Read a score: 1 with *out set, 0 for NULL or '' (skipped: an unanswered
 * cell, as `.import --csv` stores it), -1 after reporting an error.
 * Integers and integral reals (9.0) are scores; text is read as SQLite's
 * own functions read it (numeric affinity: '9' is 9, ' 9 ' too), and text
 * that is not a number ('nine') or not integral ('9.5') is an error.
 */
static int nps_sqlite_score(sqlite3_context *ctx, sqlite3_value *v, int *out)
{
    const char *fn;
    sqlite3_int64 i;
    double d;
    char *msg;
    int type = sqlite3_value_type(v);

    if (type == SQLITE_TEXT) {
        if (sqlite3_value_bytes(v) == 0)
            return 0;
        type = sqlite3_value_numeric_type(v);
    }
    switch (type) {
    case SQLITE_NULL:
        return 0;
    case SQLITE_INTEGER:
        i = sqlite3_value_int64(v);
        break;
    case SQLITE_FLOAT:
        d = sqlite3_value_double(v);
        if (d == floor(d) && fabs(d) < 1e15) {
            i = (sqlite3_int64)d;
            break;
        }
        fn = nps_sqlite_name(ctx);
        msg = sqlite3_mprintf("%s: score must be an integer, got %!.15g", fn, d);
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return -1;
    case SQLITE_TEXT:
        fn = nps_sqlite_name(ctx);
        msg = sqlite3_mprintf("%s: score must be an integer, got text '%.40s'",
                              fn, (const char *)sqlite3_value_text(v));
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return -1;
    default:
        fn = nps_sqlite_name(ctx);
        msg = sqlite3_mprintf("%s: score must be an integer, got a blob", fn);
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return -1;
    }
    /* Larger values than an int cannot be on any scale; say which one. */
    if (i < INT_MIN || i > INT_MAX) {
        fn = nps_sqlite_name(ctx);
        msg = sqlite3_mprintf("%s: score %lld is outside the 0-10 scale", fn,
                              (long long)i);
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return -1;
    }
    *out = (int)i;
    return 1;
}

static void nps_sqlite_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    nps_acc *acc = nps_sqlite_agg_acc(ctx);
    nps_status st;
    char *msg;
    int score;
    int got;

    (void)argc;
    if (!acc)
        return;
    got = nps_sqlite_score(ctx, argv[0], &score);
    if (got <= 0)
        return;
    st = nps_acc_add(acc, score);
    if (st == NPS_E_RANGE) {
        msg = sqlite3_mprintf("%s: score %d is outside the 0-10 scale",
                              nps_sqlite_name(ctx), score);
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
    } else if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, nps_sqlite_name(ctx));
    }
}

/* A row leaves the window frame: it was accepted by nps_sqlite_step. */
static void nps_sqlite_inverse(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv)
{
    nps_acc *acc = nps_sqlite_agg_peek(ctx);
    nps_status st;
    int score;

    (void)argc;
    if (!acc || nps_sqlite_score(ctx, argv[0], &score) <= 0)
        return;
    st = nps_acc_remove_n(acc, score, 1);
    if (st != NPS_OK)
        nps_sqlite_fail(ctx, st, nps_sqlite_name(ctx));
}

static void nps_sqlite_value(sqlite3_context *ctx)
{
    const nps_acc *acc = nps_sqlite_agg_peek(ctx);

    if (acc && nps_acc_total(acc) > 0)
        sqlite3_result_double(ctx, nps_acc_score(acc));
    else
        sqlite3_result_null(ctx);
}

static void nps_sqlite_final(sqlite3_context *ctx)
{
    nps_sqlite_value(ctx);
    nps_sqlite_agg_release(ctx);
}

static void nps_sqlite_state_value(sqlite3_context *ctx)
{
    const nps_acc *acc = nps_sqlite_agg_peek(ctx);

    if (acc && nps_acc_total(acc) > 0)
        nps_sqlite_result_state(ctx, acc, nps_sqlite_name(ctx));
    else
        sqlite3_result_null(ctx);
}

static void nps_sqlite_state_final(sqlite3_context *ctx)
{
    nps_sqlite_state_value(ctx);
    nps_sqlite_agg_release(ctx);
}

/* ---------------------------------------------------------------------- */
/* nps_merge(state): aggregate and window function over stored states      */

static void nps_sqlite_merge_step(sqlite3_context *ctx, int argc,
                                  sqlite3_value **argv)
{
    nps_sqlite_agg *agg = sqlite3_aggregate_context(ctx, sizeof *agg);
    nps_acc *in;
    nps_status st;
    int is_null;

    (void)argc;
    if (!agg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    in = nps_sqlite_arg_state(ctx, argv[0], "nps_merge", &is_null);
    if (!in)
        return;
    if (!agg->acc) {
        agg->acc = in;
        agg->nstates = 1;
        return;
    }
    st = nps_acc_merge(agg->acc, in);
    nps_acc_free(in);
    if (st != NPS_OK)
        nps_sqlite_fail(ctx, st, "nps_merge");
    else
        agg->nstates++;
}

/*
 * A state leaves the frame: the sum is as if it had never been seen. When
 * the last non-NULL state leaves, the sum is dropped with its scale, so a
 * frame of only NULLs gives NULL and a state of another scale may follow.
 */
static void nps_sqlite_merge_inverse(sqlite3_context *ctx, int argc,
                                     sqlite3_value **argv)
{
    nps_sqlite_agg *agg = sqlite3_aggregate_context(ctx, 0);
    nps_acc *in;
    nps_status st;
    int is_null;

    (void)argc;
    if (!agg || !agg->acc)
        return;
    in = nps_sqlite_arg_state(ctx, argv[0], "nps_merge", &is_null);
    if (!in)
        return;
    if (agg->nstates == 1) {
        nps_acc_free(in);
        nps_acc_free(agg->acc);
        agg->acc = NULL;
        agg->nstates = 0;
        return;
    }
    st = nps_acc_subtract(agg->acc, in);
    nps_acc_free(in);
    if (st != NPS_OK)
        nps_sqlite_fail(ctx, st, "nps_merge");
    else
        agg->nstates--;
}

/* The merged state, even if it holds no answers: only all-NULL input (or
   no rows) gives NULL, so empty states keep their scale through rollups. */
static void nps_sqlite_merge_value(sqlite3_context *ctx)
{
    const nps_acc *acc = nps_sqlite_agg_peek(ctx);

    if (acc)
        nps_sqlite_result_state(ctx, acc, "nps_merge");
    else
        sqlite3_result_null(ctx);
}

static void nps_sqlite_merge_final(sqlite3_context *ctx)
{
    nps_sqlite_merge_value(ctx);
    nps_sqlite_agg_release(ctx);
}

/* ---------------------------------------------------------------------- */
/* Functions of one or two states                                          */

static void nps_sqlite_score_fn(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv)
{
    int is_null;
    nps_acc *acc = nps_sqlite_arg_state(ctx, argv[0], "nps_score", &is_null);

    (void)argc;
    if (!acc)
        return;
    if (nps_acc_total(acc) > 0)
        sqlite3_result_double(ctx, nps_acc_score(acc));
    nps_acc_free(acc);
}

/* user data: -1 for the total, else an nps_category */
static void nps_sqlite_count_fn(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv)
{
    static const char *const names[] = {
        "nps_total", "nps_detractors", "nps_passives", "nps_promoters"
    };
    int which = (int)(intptr_t)sqlite3_user_data(ctx);
    const char *fn = names[which + 1];
    int is_null;
    nps_acc *acc = nps_sqlite_arg_state(ctx, argv[0], fn, &is_null);
    uint64_t n;
    char *msg;

    (void)argc;
    if (!acc)
        return;
    n = which < 0 ? nps_acc_total(acc)
                  : nps_acc_category_count(acc, (nps_category)which);
    nps_acc_free(acc);
    if (n > (uint64_t)INT64_MAX) {
        /* As in PostgreSQL: an error, not a rounded REAL. */
        msg = sqlite3_mprintf("%s: count %llu does not fit a 64-bit signed "
                              "integer", fn, (unsigned long long)n);
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return;
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)n);
}

/* Optional level (argv[i], default 0.95); 0 after reporting an error. */
static int nps_sqlite_level(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv, int i, const char *fn,
                            double *out)
{
    char *msg;
    int t;

    *out = 0.95;
    if (argc <= i)
        return 1;
    t = sqlite3_value_type(argv[i]);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        *out = sqlite3_value_double(argv[i]);
        if (*out > 0.0 && *out < 1.0)
            return 1;
        msg = sqlite3_mprintf("%s: confidence level %!.15g is not in (0, 1); "
                              "pass a fraction such as 0.95", fn, *out);
    } else {
        msg = sqlite3_mprintf("%s: the confidence level must be a number "
                              "such as 0.95", fn);
    }
    nps_sqlite_error(ctx, msg);
    sqlite3_free(msg);
    return 0;
}

/* Optional method name (argv[i], default adjusted_wald). */
static int nps_sqlite_method(sqlite3_context *ctx, int argc,
                             sqlite3_value **argv, int i, const char *fn,
                             nps_method *out)
{
    const char *name;
    char *msg;

    *out = NPS_METHOD_ADJUSTED_WALD;
    if (argc <= i)
        return 1;
    name = (const char *)sqlite3_value_text(argv[i]);
    if (name && nps_method_parse(name, out) == NPS_OK)
        return 1;
    msg = sqlite3_mprintf("%s: unknown interval method '%s'; use "
                          "'%s', '%s' or '%s'", fn, name ? name : "NULL",
                          nps_method_name(NPS_METHOD_ADJUSTED_WALD),
                          nps_method_name(NPS_METHOD_WALD),
                          nps_method_name(NPS_METHOD_SCORE));
    nps_sqlite_error(ctx, msg);
    sqlite3_free(msg);
    return 0;
}

/* user data: 0 JSON "[lo,hi]", 1 lo, 2 hi, 3 margin */
static void nps_sqlite_interval_fn(sqlite3_context *ctx, int argc,
                                   sqlite3_value **argv)
{
    static const char *const names[] = {
        "nps_interval", "nps_interval_lo", "nps_interval_hi", "nps_margin"
    };
    int which = (int)(intptr_t)sqlite3_user_data(ctx);
    const char *fn = names[which];
    double level, lo, hi;
    nps_method method;
    nps_acc *acc;
    nps_status st;
    int is_null;

    if (nps_sqlite_any_null(argc, argv))
        return;
    if (!nps_sqlite_level(ctx, argc, argv, 1, fn, &level)
        || !nps_sqlite_method(ctx, argc, argv, 2, fn, &method))
        return;
    acc = nps_sqlite_arg_state(ctx, argv[0], fn, &is_null);
    if (!acc)
        return;
    if (which == 3) {
        lo = hi = 0.0;
        st = nps_acc_margin(acc, method, level, &lo);
    } else {
        st = nps_acc_interval(acc, method, level, &lo, &hi);
    }
    nps_acc_free(acc);
    if (st == NPS_E_EMPTY)
        return; /* NULL */
    if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    switch (which) {
    case 0: {
        char *json = sqlite3_mprintf("[%!.17g,%!.17g]", lo, hi);

        if (!json) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        sqlite3_result_text(ctx, json, -1, sqlite3_free);
        break;
    }
    case 1:
        sqlite3_result_double(ctx, lo);
        break;
    case 2:
        sqlite3_result_double(ctx, hi);
        break;
    default:
        sqlite3_result_double(ctx, lo); /* the margin */
        break;
    }
}

static void nps_sqlite_test_fn(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv)
{
    double benchmark, p;
    nps_method method;
    nps_acc *acc;
    nps_status st;
    int is_null;
    char *msg;

    if (nps_sqlite_any_null(argc, argv))
        return;
    if (!nps_sqlite_method(ctx, argc, argv, 2, "nps_test", &method))
        return;
    benchmark = sqlite3_value_double(argv[1]);
    if (!(benchmark >= -100.0 && benchmark <= 100.0)
        || (sqlite3_value_type(argv[1]) != SQLITE_INTEGER
            && sqlite3_value_type(argv[1]) != SQLITE_FLOAT)) {
        msg = sqlite3_mprintf("nps_test: benchmark must be a number in "
                              "[-100, 100]");
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return;
    }
    acc = nps_sqlite_arg_state(ctx, argv[0], "nps_test", &is_null);
    if (!acc)
        return;
    st = nps_acc_test(acc, benchmark, method, &p);
    nps_acc_free(acc);
    if (st == NPS_OK)
        sqlite3_result_double(ctx, p);
    else if (st != NPS_E_EMPTY)
        nps_sqlite_fail(ctx, st, "nps_test");
}

/* nps_compare(a, b [, level [, method]]) -> JSON {"diff","lo","hi","p_value"} */
static void nps_sqlite_compare_fn(sqlite3_context *ctx, int argc,
                                  sqlite3_value **argv)
{
    double level, diff, lo, hi, p;
    nps_method method;
    nps_acc *a, *b;
    nps_status st;
    int a_null, b_null;
    char *json;

    if (nps_sqlite_any_null(argc, argv))
        return;
    if (!nps_sqlite_level(ctx, argc, argv, 2, "nps_compare", &level)
        || !nps_sqlite_method(ctx, argc, argv, 3, "nps_compare", &method))
        return;
    if (method == NPS_METHOD_SCORE) {
        nps_sqlite_error(ctx, "nps_compare: method 'score' is not available "
                              "for two samples; use 'adjusted_wald' or 'wald'");
        return;
    }
    a = nps_sqlite_arg_state(ctx, argv[0], "nps_compare", &a_null);
    if (!a)
        return;
    b = nps_sqlite_arg_state(ctx, argv[1], "nps_compare", &b_null);
    if (!b) {
        nps_acc_free(a);
        return;
    }
    st = nps_compare(a, b, method, level, &diff, &lo, &hi, &p);
    nps_acc_free(a);
    nps_acc_free(b);
    if (st == NPS_E_EMPTY)
        return;
    if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, "nps_compare");
        return;
    }
    json = sqlite3_mprintf(
        "{\"diff\":%!.17g,\"lo\":%!.17g,\"hi\":%!.17g,\"p_value\":%!.17g}",
        diff, lo, hi, p);
    if (!json) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, json, -1, sqlite3_free);
}

/* ---------------------------------------------------------------------- */
/* Weighted NPS: nps_weighted, nps_weighted_state, nps_weighted_merge      */

/*
 * The state is a libnps nps_wacc. As window functions these accept frames
 * that only grow (the default frame, UNBOUNDED PRECEDING, whole
 * partitions) and refuse sliding frames with an error: weight sums cannot
 * be un-added exactly (libnps has no weighted subtract on purpose), and
 * recomputing a frame would mean keeping every row of every group in
 * memory, also for plain aggregates, since SQLite does not tell xStep
 * whether it serves a window. A frame with an EXCLUDE clause is
 * recomputed by SQLite itself (it never calls xInverse then), so
 * `ROWS n PRECEDING EXCLUDE TIES` over a unique ordering is a sliding
 * frame at O(frame) per row; the tests check that.
 */

typedef struct nps_sqlite_wagg {
    nps_wacc *w;
} nps_sqlite_wagg;

static void nps_sqlite_wfail(sqlite3_context *ctx, nps_status st,
                             const char *fn)
{
    char *msg;

    if (st != NPS_E_FORMAT && st != NPS_E_VERSION) {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    msg = sqlite3_mprintf("%s: not a valid weighted nps state (%s); weighted "
                          "states come from nps_weighted_state() or "
                          "nps_weighted_merge()", fn, nps_strerror(st));
    nps_sqlite_error(ctx, msg);
    sqlite3_free(msg);
}

/* Decode a weighted state argument; NULL after an error or for SQL NULL. */
static nps_wacc *nps_sqlite_arg_wstate(sqlite3_context *ctx, sqlite3_value *v,
                                       const char *fn)
{
    static const unsigned char empty[1] = { 0 };
    const void *buf;
    nps_wacc *w = NULL;
    nps_status st;
    char *msg;
    int type = sqlite3_value_type(v);

    if (type == SQLITE_NULL)
        return NULL;
    if (type != SQLITE_BLOB) {
        msg = sqlite3_mprintf("%s: a weighted state must be a blob from "
                              "nps_weighted_state() or nps_weighted_merge(), "
                              "got %s", fn,
                              type == SQLITE_TEXT ? "text"
                              : type == SQLITE_INTEGER ? "an integer"
                                                       : "a real");
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return NULL;
    }
    buf = sqlite3_value_blob(v);
    st = nps_wacc_deserialize_with_allocator(
        &w, buf ? buf : empty, (size_t)sqlite3_value_bytes(v),
        &nps_sqlite_allocator);
    if (st != NPS_OK) {
        nps_sqlite_wfail(ctx, st, fn);
        return NULL;
    }
    return w;
}

static void nps_sqlite_result_wstate(sqlite3_context *ctx, const nps_wacc *w,
                                     const char *fn)
{
    size_t len = 0;
    nps_status st = nps_wacc_serialize(w, NULL, 0, &len);
    void *buf;

    if (st != NPS_OK && st != NPS_E_BUFSIZE) {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    buf = sqlite3_malloc64((sqlite3_uint64)len);
    if (!buf) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    st = nps_wacc_serialize(w, buf, len, &len);
    if (st != NPS_OK) {
        sqlite3_free(buf);
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    sqlite3_result_blob64(ctx, buf, (sqlite3_uint64)len, sqlite3_free);
}

/* NULL or '' (an unanswered cell): the row is skipped. */
static int nps_sqlite_is_blank(sqlite3_value *v)
{
    return sqlite3_value_type(v) == SQLITE_NULL
           || (sqlite3_value_type(v) == SQLITE_TEXT
               && sqlite3_value_bytes(v) == 0);
}

/* Read a weight (numbers and numeric text); 0 after reporting an error. */
static int nps_sqlite_weight(sqlite3_context *ctx, sqlite3_value *v,
                             double *out)
{
    const char *fn = nps_sqlite_name(ctx);
    char *msg;
    int type = sqlite3_value_type(v);

    if (type == SQLITE_TEXT)
        type = sqlite3_value_numeric_type(v);
    if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
        *out = sqlite3_value_double(v);
        return 1;
    }
    if (type == SQLITE_TEXT)
        msg = sqlite3_mprintf("%s: weight must be a number, got text '%.40s'",
                              fn, (const char *)sqlite3_value_text(v));
    else
        msg = sqlite3_mprintf("%s: weight must be a number, got a blob", fn);
    nps_sqlite_error(ctx, msg);
    sqlite3_free(msg);
    return 0;
}

static void nps_sqlite_wstep(sqlite3_context *ctx, int argc,
                             sqlite3_value **argv)
{
    nps_sqlite_wagg *agg = sqlite3_aggregate_context(ctx, sizeof *agg);
    const char *fn = nps_sqlite_name(ctx);
    nps_status st;
    double weight;
    char *msg;
    int score;

    (void)argc;
    if (!agg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!agg->w) {
        st = nps_wacc_new_with_allocator(&agg->w, NULL, &nps_sqlite_allocator);
        if (st != NPS_OK) {
            nps_sqlite_fail(ctx, st, fn);
            return;
        }
    }
    /* A row with a NULL (or '') score or weight is skipped. */
    if (nps_sqlite_is_blank(argv[0]) || nps_sqlite_is_blank(argv[1]))
        return;
    if (nps_sqlite_score(ctx, argv[0], &score) <= 0
        || !nps_sqlite_weight(ctx, argv[1], &weight))
        return;
    st = nps_wacc_add(agg->w, score, weight);
    if (st == NPS_OK)
        return;
    if (st == NPS_E_RANGE)
        msg = sqlite3_mprintf("%s: score %d is outside the 0-10 scale", fn,
                              score);
    else if (st == NPS_E_INVALID && !(weight > 0.0 && weight <= DBL_MAX))
        msg = sqlite3_mprintf("%s: weight %!.15g is not a positive finite "
                              "number", fn, weight);
    else if (st == NPS_E_INVALID)
        msg = sqlite3_mprintf("%s: weight %!.15g is outside the supported "
                              "range [2^-448, 2^448]", fn, weight);
    else {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    nps_sqlite_error(ctx, msg);
    sqlite3_free(msg);
}

/* Sliding frames are refused (see above). */
static void nps_sqlite_winverse(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv)
{
    char *msg;

    (void)argc;
    (void)argv;
    msg = sqlite3_mprintf("%s: weighted sums cannot remove rows leaving a "
                          "sliding window frame; use a frame starting at "
                          "UNBOUNDED PRECEDING, or add EXCLUDE TIES over a "
                          "unique ORDER BY to recompute each frame",
                          nps_sqlite_name(ctx));
    nps_sqlite_error(ctx, msg);
    sqlite3_free(msg);
}

static const nps_wacc *nps_sqlite_wpeek(sqlite3_context *ctx)
{
    nps_sqlite_wagg *agg = sqlite3_aggregate_context(ctx, 0);

    return agg ? agg->w : NULL;
}

static void nps_sqlite_wrelease(sqlite3_context *ctx)
{
    nps_sqlite_wagg *agg = sqlite3_aggregate_context(ctx, 0);

    if (agg) {
        nps_wacc_free(agg->w);
        agg->w = NULL;
    }
}

static void nps_sqlite_wvalue(sqlite3_context *ctx)
{
    const nps_wacc *w = nps_sqlite_wpeek(ctx);

    if (w && nps_wacc_total(w) > 0)
        sqlite3_result_double(ctx, nps_wacc_score(w));
    else
        sqlite3_result_null(ctx);
}

static void nps_sqlite_wfinal(sqlite3_context *ctx)
{
    nps_sqlite_wvalue(ctx);
    nps_sqlite_wrelease(ctx);
}

static void nps_sqlite_wstate_value(sqlite3_context *ctx)
{
    const nps_wacc *w = nps_sqlite_wpeek(ctx);

    if (w && nps_wacc_total(w) > 0)
        nps_sqlite_result_wstate(ctx, w, nps_sqlite_name(ctx));
    else
        sqlite3_result_null(ctx);
}

static void nps_sqlite_wstate_final(sqlite3_context *ctx)
{
    nps_sqlite_wstate_value(ctx);
    nps_sqlite_wrelease(ctx);
}

static void nps_sqlite_wmerge_step(sqlite3_context *ctx, int argc,
                                   sqlite3_value **argv)
{
    nps_sqlite_wagg *agg = sqlite3_aggregate_context(ctx, sizeof *agg);
    nps_wacc *in;
    nps_status st;

    (void)argc;
    if (!agg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    in = nps_sqlite_arg_wstate(ctx, argv[0], "nps_weighted_merge");
    if (!in)
        return;
    if (!agg->w) {
        agg->w = in;
        return;
    }
    st = nps_wacc_merge(agg->w, in);
    nps_wacc_free(in);
    if (st != NPS_OK)
        nps_sqlite_fail(ctx, st, "nps_weighted_merge");
}

/* The merged state, even without answers; NULL only for all-NULL input. */
static void nps_sqlite_wmerge_value(sqlite3_context *ctx)
{
    const nps_wacc *w = nps_sqlite_wpeek(ctx);

    if (w)
        nps_sqlite_result_wstate(ctx, w, "nps_weighted_merge");
    else
        sqlite3_result_null(ctx);
}

static void nps_sqlite_wmerge_final(sqlite3_context *ctx)
{
    nps_sqlite_wmerge_value(ctx);
    nps_sqlite_wrelease(ctx);
}

/* user data: 0 score, 1 total, 2 effective n, 3 standard error */
static void nps_sqlite_wread_fn(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv)
{
    static const char *const names[] = {
        "nps_weighted_score", "nps_weighted_total",
        "nps_weighted_effective_n", "nps_weighted_stderr"
    };
    int which = (int)(intptr_t)sqlite3_user_data(ctx);
    const char *fn = names[which];
    nps_wacc *w = nps_sqlite_arg_wstate(ctx, argv[0], fn);
    nps_status st = NPS_OK;
    uint64_t n;
    double v = 0.0;
    char *msg;

    (void)argc;
    if (!w)
        return;
    n = nps_wacc_total(w);
    switch (which) {
    case 0:
        v = nps_wacc_score(w);
        st = n > 0 ? NPS_OK : NPS_E_EMPTY;
        break;
    case 1:
        break;
    case 2:
        st = nps_wacc_effective_n(w, &v);
        break;
    default:
        st = nps_wacc_stderr(w, &v);
        break;
    }
    nps_wacc_free(w);
    if (which == 1) {
        if (n > (uint64_t)INT64_MAX) {
            msg = sqlite3_mprintf("%s: count %llu does not fit a 64-bit "
                                  "signed integer", fn, (unsigned long long)n);
            nps_sqlite_error(ctx, msg);
            sqlite3_free(msg);
            return;
        }
        sqlite3_result_int64(ctx, (sqlite3_int64)n);
    } else if (st == NPS_OK) {
        sqlite3_result_double(ctx, v);
    } else if (st != NPS_E_EMPTY) {
        nps_sqlite_fail(ctx, st, fn);
    }
}

/* user data: 0 JSON "[lo,hi]", 1 lo, 2 hi */
static void nps_sqlite_winterval_fn(sqlite3_context *ctx, int argc,
                                    sqlite3_value **argv)
{
    static const char *const names[] = {
        "nps_weighted_interval", "nps_weighted_interval_lo",
        "nps_weighted_interval_hi"
    };
    int which = (int)(intptr_t)sqlite3_user_data(ctx);
    const char *fn = names[which];
    double level, lo, hi;
    nps_method method;
    nps_wacc *w;
    nps_status st;
    char *json;

    if (nps_sqlite_any_null(argc, argv))
        return;
    if (!nps_sqlite_level(ctx, argc, argv, 1, fn, &level)
        || !nps_sqlite_method(ctx, argc, argv, 2, fn, &method))
        return;
    w = nps_sqlite_arg_wstate(ctx, argv[0], fn);
    if (!w)
        return;
    st = nps_wacc_interval(w, method, level, &lo, &hi);
    nps_wacc_free(w);
    if (st == NPS_E_EMPTY)
        return; /* NULL */
    if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    if (which == 1) {
        sqlite3_result_double(ctx, lo);
    } else if (which == 2) {
        sqlite3_result_double(ctx, hi);
    } else {
        json = sqlite3_mprintf("[%!.17g,%!.17g]", lo, hi);
        if (!json) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        sqlite3_result_text(ctx, json, -1, sqlite3_free);
    }
}

static void nps_sqlite_wtest_fn(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv)
{
    double benchmark, p;
    nps_method method;
    nps_wacc *w;
    nps_status st;

    if (nps_sqlite_any_null(argc, argv))
        return;
    if (!nps_sqlite_method(ctx, argc, argv, 2, "nps_weighted_test", &method))
        return;
    benchmark = sqlite3_value_double(argv[1]);
    if (!(benchmark >= -100.0 && benchmark <= 100.0)
        || (sqlite3_value_type(argv[1]) != SQLITE_INTEGER
            && sqlite3_value_type(argv[1]) != SQLITE_FLOAT)) {
        nps_sqlite_error(ctx, "nps_weighted_test: benchmark must be a number "
                              "in [-100, 100]");
        return;
    }
    w = nps_sqlite_arg_wstate(ctx, argv[0], "nps_weighted_test");
    if (!w)
        return;
    st = nps_wacc_test(w, benchmark, method, &p);
    nps_wacc_free(w);
    if (st == NPS_OK)
        sqlite3_result_double(ctx, p);
    else if (st != NPS_E_EMPTY)
        nps_sqlite_fail(ctx, st, "nps_weighted_test");
}

/* nps_weighted_compare(a, b [, level [, method]]) -> JSON */
static void nps_sqlite_wcompare_fn(sqlite3_context *ctx, int argc,
                                   sqlite3_value **argv)
{
    const char *fn = "nps_weighted_compare";
    double level, diff, lo, hi, p;
    nps_method method;
    nps_wacc *a, *b;
    nps_status st;
    char *json;

    if (nps_sqlite_any_null(argc, argv))
        return;
    if (!nps_sqlite_level(ctx, argc, argv, 2, fn, &level)
        || !nps_sqlite_method(ctx, argc, argv, 3, fn, &method))
        return;
    if (method == NPS_METHOD_SCORE) {
        nps_sqlite_error(ctx, "nps_weighted_compare: method 'score' is not "
                              "available for two samples; use "
                              "'adjusted_wald' or 'wald'");
        return;
    }
    a = nps_sqlite_arg_wstate(ctx, argv[0], fn);
    if (!a)
        return;
    b = nps_sqlite_arg_wstate(ctx, argv[1], fn);
    if (!b) {
        nps_wacc_free(a);
        return;
    }
    st = nps_wacc_compare(a, b, method, level, &diff, &lo, &hi, &p);
    nps_wacc_free(a);
    nps_wacc_free(b);
    if (st == NPS_E_EMPTY)
        return;
    if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    json = sqlite3_mprintf(
        "{\"diff\":%!.17g,\"lo\":%!.17g,\"hi\":%!.17g,\"p_value\":%!.17g}",
        diff, lo, hi, p);
    if (!json) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, json, -1, sqlite3_free);
}

/* ---------------------------------------------------------------------- */
/* Inference across periods and groups: nps_trend, nps_heterogeneity,      */
/* nps_compare_score, nps_sample_size                                      */

/*
 * nps_trend(state, x [, method]) and nps_heterogeneity(state) keep every
 * row's decoded state (and position) and call libnps once in xFinal: a
 * trend or an omnibus test needs all periods at once. Rows with a NULL
 * state or position are skipped. The result is JSON, like nps_compare's.
 */
typedef struct nps_sqlite_seq {
    nps_acc **accs;
    double *x;
    sqlite3_int64 n, cap;
    int started; /* a row was seen: method is set */
    int method;  /* the trend method of the first row */
    int failed; /* an error was reported: the final result stays it */
} nps_sqlite_seq;

static void nps_sqlite_seq_free(nps_sqlite_seq *seq)
{
    sqlite3_int64 i;

    for (i = 0; i < seq->n; i++)
        nps_acc_free(seq->accs[i]);
    sqlite3_free(seq->accs);
    sqlite3_free(seq->x);
    seq->accs = NULL;
    seq->x = NULL;
    seq->n = seq->cap = 0;
}

static void nps_sqlite_seq_error(sqlite3_context *ctx, nps_sqlite_seq *seq,
                                 char *msg)
{
    nps_sqlite_error(ctx, msg);
    sqlite3_free(msg);
    seq->failed = 1;
}

/* user data: the SQL name ("nps_trend" or "nps_heterogeneity"). */
static void nps_sqlite_seq_step(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv)
{
    const char *fn = nps_sqlite_name(ctx);
    int trend = argc >= 2;
    nps_sqlite_seq *seq = sqlite3_aggregate_context(ctx, sizeof *seq);
    int method = NPS_TREND_RANDOM_EFFECTS, is_null, t;
    double x = 0.0;
    nps_acc *acc;

    if (!seq) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (seq->failed)
        return;
    if (argc >= 3) {
        const char *name = (const char *)sqlite3_value_text(argv[2]);

        if (name && sqlite3_stricmp(name, "random_effects") == 0)
            method = NPS_TREND_RANDOM_EFFECTS;
        else if (name && sqlite3_stricmp(name, "answers") == 0)
            method = NPS_TREND_ANSWERS;
        else {
            nps_sqlite_seq_error(ctx, seq, sqlite3_mprintf(
                "%s: unknown trend method '%s'; use 'random_effects' or "
                "'answers'", fn, name ? name : "NULL"));
            return;
        }
    }
    if (!seq->started) {
        seq->started = 1;
        seq->method = method;
    } else if (seq->method != method) {
        nps_sqlite_seq_error(ctx, seq, sqlite3_mprintf(
            "%s: the method changes between rows", fn));
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL
        || (trend && sqlite3_value_type(argv[1]) == SQLITE_NULL))
        return;
    if (trend) {
        t = sqlite3_value_type(argv[1]);
        x = sqlite3_value_double(argv[1]);
        if ((t != SQLITE_INTEGER && t != SQLITE_FLOAT) || !isfinite(x)) {
            nps_sqlite_seq_error(ctx, seq, sqlite3_mprintf(
                "%s: the position must be a finite number", fn));
            return;
        }
    }
    acc = nps_sqlite_arg_state(ctx, argv[0], fn, &is_null);
    if (!acc) {
        seq->failed = 1;
        return;
    }
    if (seq->n == seq->cap) {
        sqlite3_int64 cap = seq->cap ? seq->cap * 2 : 16;
        nps_acc **accs = sqlite3_realloc64(seq->accs,
                                           (sqlite3_uint64)cap * sizeof *accs);
        double *xs;

        if (accs)
            seq->accs = accs;
        xs = accs ? sqlite3_realloc64(seq->x, (sqlite3_uint64)cap * sizeof *xs)
                  : NULL;
        if (!xs) {
            nps_acc_free(acc);
            seq->failed = 1;
            sqlite3_result_error_nomem(ctx);
            return;
        }
        seq->x = xs;
        seq->cap = cap;
    }
    seq->accs[seq->n] = acc;
    seq->x[seq->n] = x;
    seq->n++;
}

static void nps_sqlite_seq_final(sqlite3_context *ctx)
{
    const char *fn = nps_sqlite_name(ctx);
    nps_sqlite_seq *seq = sqlite3_aggregate_context(ctx, 0);
    int trend = strcmp(fn, "nps_trend") == 0;
    nps_status st;
    char *json = NULL;

    if (!seq)
        return; /* no rows: NULL */
    if (seq->failed || seq->n == 0) {
        nps_sqlite_seq_free(seq);
        return;
    }
    if (trend) {
        nps_trend r = NPS_TREND_INIT;

        st = nps_trend_fit(&r, (const nps_acc *const *)seq->accs, seq->x,
                           (size_t)seq->n, (nps_trend_method)seq->method);
        if (st == NPS_OK)
            json = sqlite3_mprintf(
                "{\"slope\":%!.17g,\"se\":%!.17g,\"p_value\":%!.17g,"
                "\"df\":%!.17g,\"tau\":%!.17g,\"q\":%!.17g,"
                "\"q_p_value\":%!.17g,\"periods\":%llu,\"answers\":%llu}",
                r.slope, r.se, r.p_value, r.df, r.tau, r.q, r.q_p_value,
                (unsigned long long)r.periods, (unsigned long long)r.answers);
    } else {
        nps_heterogeneity h = NPS_HETEROGENEITY_INIT;

        st = nps_heterogeneity_test(&h, (const nps_acc *const *)seq->accs,
                                    (size_t)seq->n);
        if (st == NPS_OK)
            json = sqlite3_mprintf(
                "{\"statistic\":%!.17g,\"df\":%!.17g,\"p_value\":%!.17g,"
                "\"groups\":%llu}",
                h.statistic, h.df, h.p_value, (unsigned long long)h.groups);
    }
    nps_sqlite_seq_free(seq);
    if (st == NPS_E_EMPTY)
        return; /* too few non-empty periods or groups: NULL */
    if (st == NPS_E_INVALID && trend) {
        char *msg = sqlite3_mprintf("%s: every non-empty period is at one "
                                    "position", fn);

        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return;
    }
    if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    if (!json) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, json, -1, sqlite3_free);
}

/* nps_compare_score(a, b [, level]) -> JSON {"diff","lo","hi","p_value"}:
   the raw difference NPS(a) - NPS(b) with its MOVER score interval. */
static void nps_sqlite_compare_score_fn(sqlite3_context *ctx, int argc,
                                        sqlite3_value **argv)
{
    nps_comparison c = NPS_COMPARISON_INIT;
    double level;
    nps_acc *a, *b;
    nps_status st;
    int a_null, b_null;
    char *json;

    if (nps_sqlite_any_null(argc, argv))
        return;
    if (!nps_sqlite_level(ctx, argc, argv, 2, "nps_compare_score", &level))
        return;
    a = nps_sqlite_arg_state(ctx, argv[0], "nps_compare_score", &a_null);
    if (!a)
        return;
    b = nps_sqlite_arg_state(ctx, argv[1], "nps_compare_score", &b_null);
    if (!b) {
        nps_acc_free(a);
        return;
    }
    st = nps_compare_score(&c, a, b, level);
    nps_acc_free(a);
    nps_acc_free(b);
    if (st == NPS_E_EMPTY)
        return;
    if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, "nps_compare_score");
        return;
    }
    json = sqlite3_mprintf(
        "{\"diff\":%!.17g,\"lo\":%!.17g,\"hi\":%!.17g,\"p_value\":%!.17g}",
        c.diff, c.lo, c.hi, c.p_value);
    if (!json) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, json, -1, sqlite3_free);
}

/* A share argument: 1 with *out set (-1 for NULL: unknown), 0 after an
   error. */
static int nps_sqlite_share(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv, int i, double *out)
{
    int t;

    *out = -1.0;
    if (argc <= i || sqlite3_value_type(argv[i]) == SQLITE_NULL)
        return 1;
    t = sqlite3_value_type(argv[i]);
    *out = sqlite3_value_double(argv[i]);
    if ((t == SQLITE_INTEGER || t == SQLITE_FLOAT) && *out >= 0.0
        && *out <= 1.0)
        return 1;
    nps_sqlite_error(ctx, "nps_sample_size: an expected share must be a "
                          "number in [0, 1] or NULL (unknown)");
    return 0;
}

/* nps_sample_size(margin [, level [, method [, promoter_share
   [, detractor_share]]]]) -> answers; a NULL or missing share is unknown. */
static void nps_sqlite_sample_size_fn(sqlite3_context *ctx, int argc,
                                      sqlite3_value **argv)
{
    const char *fn = "nps_sample_size";
    double margin, level, pr, dt;
    nps_method method;
    uint64_t n = 0;
    nps_status st;
    char *msg;
    int t;

    if (nps_sqlite_any_null(argc < 3 ? argc : 3, argv))
        return;
    t = sqlite3_value_type(argv[0]);
    margin = sqlite3_value_double(argv[0]);
    if ((t != SQLITE_INTEGER && t != SQLITE_FLOAT)
        || !(margin > 0.0 && margin <= 200.0)) {
        nps_sqlite_error(ctx, "nps_sample_size: the margin must be a number "
                              "of points in (0, 200]");
        return;
    }
    if (!nps_sqlite_level(ctx, argc, argv, 1, fn, &level)
        || !nps_sqlite_method(ctx, argc, argv, 2, fn, &method)
        || !nps_sqlite_share(ctx, argc, argv, 3, &pr)
        || !nps_sqlite_share(ctx, argc, argv, 4, &dt))
        return;
    if (pr >= 0.0 && dt >= 0.0 && pr + dt > 1.0) {
        nps_sqlite_error(ctx, "nps_sample_size: the expected shares add up "
                              "to more than 1");
        return;
    }
    if (method == NPS_METHOD_SCORE && (pr < 0.0 || dt < 0.0)) {
        msg = sqlite3_mprintf("%s: method '%s' needs both expected shares; "
                              "'%s' and '%s' take the worst case of an "
                              "unknown one", fn, nps_method_name(method),
                              nps_method_name(NPS_METHOD_ADJUSTED_WALD),
                              nps_method_name(NPS_METHOD_WALD));
        nps_sqlite_error(ctx, msg);
        sqlite3_free(msg);
        return;
    }
    st = nps_sample_size_margin(&n, method, margin, level, pr, dt);
    if (st != NPS_OK) {
        nps_sqlite_fail(ctx, st, fn);
        return;
    }
    if (n > (uint64_t)INT64_MAX) {
        nps_sqlite_error(ctx, "nps_sample_size: the answer does not fit in "
                              "an integer");
        return;
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)n);
}

/* ---------------------------------------------------------------------- */

#ifndef SQLITE_INNOCUOUS
#define SQLITE_INNOCUOUS 0
#endif
#define NPS_FLAGS (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)

typedef void (*nps_sqlite_fn)(sqlite3_context *, int, sqlite3_value **);

static int nps_sqlite_scalar(sqlite3 *db, const char *name, int min_args,
                             int max_args, nps_sqlite_fn fn, intptr_t data)
{
    int n, rc = SQLITE_OK;

    for (n = min_args; n <= max_args && rc == SQLITE_OK; n++)
        rc = sqlite3_create_function_v2(db, name, n, NPS_FLAGS, (void *)data,
                                        fn, NULL, NULL, NULL);
    return rc;
}

NPS_SQLITE_EXPORT int sqlite3_nps_init(sqlite3 *db, char **pzErrMsg,
                                       const sqlite3_api_routines *pApi)
{
    int rc;

    SQLITE_EXTENSION_INIT2(pApi);
    (void)pzErrMsg;
    rc = sqlite3_create_window_function(db, "nps", 1, NPS_FLAGS, (void *)"nps",
                                        nps_sqlite_step, nps_sqlite_final,
                                        nps_sqlite_value, nps_sqlite_inverse,
                                        NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "nps_state", 1, NPS_FLAGS,
                                            (void *)"nps_state",
                                            nps_sqlite_step,
                                            nps_sqlite_state_final,
                                            nps_sqlite_state_value,
                                            nps_sqlite_inverse, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "nps_merge", 1, NPS_FLAGS,
                                            (void *)"nps_merge",
                                            nps_sqlite_merge_step,
                                            nps_sqlite_merge_final,
                                            nps_sqlite_merge_value,
                                            nps_sqlite_merge_inverse, NULL);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_score", 1, 1, nps_sqlite_score_fn, 0);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_total", 1, 1, nps_sqlite_count_fn, -1);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_promoters", 1, 1, nps_sqlite_count_fn,
                               NPS_PROMOTER);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_passives", 1, 1, nps_sqlite_count_fn,
                               NPS_PASSIVE);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_detractors", 1, 1, nps_sqlite_count_fn,
                               NPS_DETRACTOR);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_interval", 1, 3, nps_sqlite_interval_fn, 0);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_interval_lo", 1, 3,
                               nps_sqlite_interval_fn, 1);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_interval_hi", 1, 3,
                               nps_sqlite_interval_fn, 2);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_margin", 1, 3, nps_sqlite_interval_fn, 3);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_test", 2, 3, nps_sqlite_test_fn, 0);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_compare", 2, 4, nps_sqlite_compare_fn, 0);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "nps_weighted", 2, NPS_FLAGS,
                                            (void *)"nps_weighted",
                                            nps_sqlite_wstep, nps_sqlite_wfinal,
                                            nps_sqlite_wvalue,
                                            nps_sqlite_winverse, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "nps_weighted_state", 2,
                                            NPS_FLAGS,
                                            (void *)"nps_weighted_state",
                                            nps_sqlite_wstep,
                                            nps_sqlite_wstate_final,
                                            nps_sqlite_wstate_value,
                                            nps_sqlite_winverse, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "nps_weighted_merge", 1,
                                            NPS_FLAGS,
                                            (void *)"nps_weighted_merge",
                                            nps_sqlite_wmerge_step,
                                            nps_sqlite_wmerge_final,
                                            nps_sqlite_wmerge_value,
                                            nps_sqlite_winverse, NULL);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_score", 1, 1,
                               nps_sqlite_wread_fn, 0);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_total", 1, 1,
                               nps_sqlite_wread_fn, 1);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_effective_n", 1, 1,
                               nps_sqlite_wread_fn, 2);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_stderr", 1, 1,
                               nps_sqlite_wread_fn, 3);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_interval", 1, 3,
                               nps_sqlite_winterval_fn, 0);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_interval_lo", 1, 3,
                               nps_sqlite_winterval_fn, 1);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_interval_hi", 1, 3,
                               nps_sqlite_winterval_fn, 2);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_test", 2, 3,
                               nps_sqlite_wtest_fn, 0);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_weighted_compare", 2, 4,
                               nps_sqlite_wcompare_fn, 0);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "nps_trend", 2, NPS_FLAGS,
                                        (void *)"nps_trend", NULL,
                                        nps_sqlite_seq_step,
                                        nps_sqlite_seq_final, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "nps_trend", 3, NPS_FLAGS,
                                        (void *)"nps_trend", NULL,
                                        nps_sqlite_seq_step,
                                        nps_sqlite_seq_final, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "nps_heterogeneity", 1, NPS_FLAGS,
                                        (void *)"nps_heterogeneity", NULL,
                                        nps_sqlite_seq_step,
                                        nps_sqlite_seq_final, NULL);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_compare_score", 2, 3,
                               nps_sqlite_compare_score_fn, 0);
    if (rc == SQLITE_OK)
        rc = nps_sqlite_scalar(db, "nps_sample_size", 1, 5,
                               nps_sqlite_sample_size_fn, 0);
    return rc;
}
