/*
 * libnps - the Net Promoter Score as an embeddable C library.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file nps.h
 * @brief The one public header of libnps.
 *
 * @mainpage libnps
 *
 * libnps turns raw answers to "How likely are you to recommend us? (0-10)"
 * into Net Promoter Scores with honest uncertainty: confidence intervals,
 * significance tests against a benchmark or between two groups, sample-size
 * planning and trends over time. Its state is a handful of counters, so it
 * merges across threads, processes, machines and database engines, and it
 * serializes to a small, portable, checksummed byte string.
 *
 * A first program
 * ---------------
 * @include basic.c
 *
 * Build it with `cc first.c $(pkg-config --cflags --libs libnps)`.
 *
 * Vocabulary
 * ----------
 * - A **scale** (::nps_scale) says which integer answers exist and where the
 *   passive and promoter bands start. The standard scale is 0-10 with
 *   detractors 0-6, passives 7-8 and promoters 9-10. Every object carries
 *   its scale; objects on different scales never mix (::NPS_E_MISMATCH).
 * - An **accumulator** (::nps_acc) holds one 64-bit counter per scale point.
 *   Every statistic is a read-only function of one or two accumulators.
 * - A **timeline** (::nps_timeline) is a fixed ring of time buckets, each
 *   holding the counters of an accumulator; any window of it becomes an
 *   ::nps_acc, so every statistic applies to any period.
 *
 * Conventions
 * -----------
 * - Every fallible function returns ::nps_status. On any error, the objects
 *   passed in are left exactly as they were (the strong guarantee): a batch
 *   with one bad value adds nothing.
 * - An object returned through an `out` parameter belongs to the caller and
 *   is released with its own `_free` function.
 * - NPS values (scores, interval bounds, differences, slopes) are in points,
 *   from -100 to +100; variances in points squared.
 * - Time is always an argument (seconds since the Unix epoch, UTC); the
 *   library never reads a clock, never prints and never aborts. It needs no
 *   initialisation. Its only global mutable state is the choice of the
 *   batch-counting kernel for this CPU, cached in a static (with atomic
 *   loads and stores) on first use:
 *   benign, since every thread computes and stores the same value.
 * - Threads: one writer per object at a time; any number of concurrent calls
 *   taking a `const` object are safe. Parallel producers keep one
 *   accumulator each and merge.
 *
 * This header is C89 and C++ clean and includes only `<stddef.h>` and
 * `<stdint.h>`.
 */
#ifndef NPS_H
#define NPS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/**
 * @defgroup version Version
 * @brief Compile-time and run-time version numbers.
 *
 * Compare ::NPS_VERSION_NUMBER with nps_version_number() to detect a
 * program built against one header and run against another library.
 * @{
 */

/** Major version: changes only when the ABI breaks. @since 1.0 */
#define NPS_VERSION_MAJOR 1
/** Minor version: new symbols, nothing removed. @since 1.0 */
#define NPS_VERSION_MINOR 1
/** Patch version: fixes only. @since 1.0 */
#define NPS_VERSION_PATCH 0

/** @cond INTERNAL */
#define NPS_STRINGIFY_(x) #x
#define NPS_STRINGIFY(x) NPS_STRINGIFY_(x)
/** @endcond */

/** major*10000 + minor*100 + patch. @since 1.0 */
#define NPS_VERSION_NUMBER \
    (NPS_VERSION_MAJOR * 10000 + NPS_VERSION_MINOR * 100 + NPS_VERSION_PATCH)
/** "major.minor.patch". @since 1.0 */
#define NPS_VERSION_STRING \
    NPS_STRINGIFY(NPS_VERSION_MAJOR) "." NPS_STRINGIFY(NPS_VERSION_MINOR) "." \
    NPS_STRINGIFY(NPS_VERSION_PATCH)

/** @cond INTERNAL */
/* NPS_STATIC_BUILD: the objects of libnps.a, whose symbols stay hidden so
   that a shared object embedding the archive does not re-export them. */
#if defined(NPS_STATIC_BUILD)
#define NPS_API
#elif defined(_WIN32) && defined(NPS_BUILDING_SHARED)
#define NPS_API __declspec(dllexport)
#elif defined(_WIN32) && defined(NPS_USING_SHARED)
#define NPS_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define NPS_API __attribute__((visibility("default")))
#else
#define NPS_API
#endif

#if defined(__GNUC__) && (__GNUC__ > 4 || (__GNUC__ == 4 && __GNUC_MINOR__ >= 5))
#define NPS_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(_MSC_VER)
#define NPS_DEPRECATED(msg) __declspec(deprecated(msg))
#else
#define NPS_DEPRECATED(msg)
#endif
/** @endcond */

/**
 * @brief The library's version as major*10000 + minor*100 + patch.
 * @return The number of the library actually loaded.
 * @since 1.0
 */
NPS_API unsigned nps_version_number(void);

/**
 * @brief The library's version as "major.minor.patch".
 * @return A static string, never NULL.
 * @since 1.0
 */
NPS_API const char *nps_version_string(void);

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup status Status codes
 * @brief One status enumeration for every fallible function.
 *
 * Values are explicit and never renumbered or reused; new values are only
 * appended.
 * @{
 */

/** @brief Result of every fallible libnps function. @since 1.0 */
typedef enum nps_status {
    NPS_OK = 0,            /**< Success. */
    NPS_E_INVALID = -1,    /**< Bad argument: NULL, bad level, bad scale... */
    NPS_E_RANGE = -2,      /**< A score outside the object's scale. */
    NPS_E_NOMEM = -3,      /**< The allocator returned NULL. */
    NPS_E_OVERFLOW = -4,   /**< A count would leave [0, UINT64_MAX]. */
    NPS_E_MISMATCH = -5,   /**< Different scales or bucket geometry. */
    NPS_E_TOO_OLD = -6,    /**< Timestamp before the retained window. */
    NPS_E_FORMAT = -7,     /**< Malformed, truncated or corrupted bytes. */
    NPS_E_VERSION = -8,    /**< Bytes from a newer format version. */
    NPS_E_BUFSIZE = -9,    /**< Output buffer too small; size reported. */
    NPS_E_EMPTY = -10,     /**< Statistic undefined for this data. */
    NPS_E_TOO_NEW = -11    /**< Timestamp beyond the timeline's horizon
                                guard (see nps_timeline_set_horizon()). */
} nps_status;

/**
 * @brief A short English description of a status.
 * @param s Any value, including unknown ones.
 * @return Static text, never NULL ("unknown status" for unknown values).
 * @since 1.0
 */
NPS_API const char *nps_strerror(nps_status s);

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup scale Scales and classification
 * @brief Which answers exist and which category each belongs to.
 *
 * A scale is valid when
 * `0 <= min < passive_min <= promoter_min <= max <= NPS_SCALE_LIMIT`:
 * there is at least one detractor point and at least one promoter point;
 * `passive_min == promoter_min` means a scale with no passives. The widest
 * scale is 0-100 (101 points), so every score fits in a byte and a 0-100
 * "likelihood" programme is supported. Functions that take a
 * `const nps_scale *` accept NULL for the standard scale {0, 10, 7, 9}.
 * @{
 */

/** Largest value allowed for nps_scale::max. @since 1.0 */
#define NPS_SCALE_LIMIT 100

/** @brief Category of an answer. Values are frozen. @since 1.0 */
typedef enum nps_category {
    NPS_DETRACTOR = 0, /**< min .. passive_min-1 */
    NPS_PASSIVE = 1,   /**< passive_min .. promoter_min-1 */
    NPS_PROMOTER = 2   /**< promoter_min .. max */
} nps_category;

/**
 * @brief A scale: a frozen plain-data struct (its layout never changes in 1.x).
 *
 * Standard: {0, 10, 7, 9}; 1-10 programmes: {1, 10, 7, 9}.
 * @since 1.0
 */
typedef struct nps_scale {
    int min;          /**< Lowest answer. */
    int max;          /**< Highest answer. */
    int passive_min;  /**< Lowest passive answer. */
    int promoter_min; /**< Lowest promoter answer. */
} nps_scale;

/**
 * @brief Check a scale.
 * @param scale The scale; NULL means the standard scale (valid).
 * @return ::NPS_OK, or ::NPS_E_INVALID when the rules above are broken.
 * @since 1.0
 */
NPS_API nps_status nps_scale_validate(const nps_scale *scale);

/**
 * @brief Classify one answer.
 * @param scale The scale; NULL for the standard scale.
 * @param score The answer.
 * @param[out] out Receives the category; untouched on error.
 * @return ::NPS_OK; ::NPS_E_INVALID if @p out is NULL or the scale is
 *         invalid; ::NPS_E_RANGE if @p score is outside the scale.
 * @since 1.0
 */
NPS_API nps_status nps_classify(const nps_scale *scale, int score,
                                nps_category *out);

/**
 * @brief Name of a category: "detractor", "passive" or "promoter".
 * @param c A category.
 * @return Static text, never NULL ("unknown" for other values).
 * @since 1.0
 */
NPS_API const char *nps_category_name(nps_category c);

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup allocator Custom allocation
 * @brief Per-object allocation hooks; there is no global hook.
 *
 * An object created with an allocator uses it for its own memory for its
 * whole life, and objects cloned or deserialized from it through the
 * `_with_allocator` variants use the one given there. The allocator struct
 * is copied; @c ctx must stay valid while objects using it live.
 * @{
 */

/**
 * @brief Allocation functions: a frozen plain-data struct.
 * @since 1.0
 */
typedef struct nps_allocator {
    /** Return @p size bytes aligned for any object type, or NULL. */
    void *(*alloc)(void *ctx, size_t size);
    /** Release a block from @c alloc; @p size is the size it was
        requested with. Never called with NULL. */
    void (*free)(void *ctx, void *ptr, size_t size);
    /** Passed back to both functions untouched. */
    void *ctx;
} nps_allocator;

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup acc Accumulator
 * @brief The state: one 64-bit counter per scale point.
 *
 * Counts are exact. The total of all counts never exceeds UINT64_MAX; an
 * operation that would make any count or the total leave [0, UINT64_MAX]
 * fails with ::NPS_E_OVERFLOW and changes nothing.
 * @{
 */

/** @brief Opaque accumulator. @since 1.0 */
typedef struct nps_acc nps_acc;

/**
 * @brief Create an empty accumulator.
 * @param[out] out Receives the new object (caller frees with nps_acc_free());
 *             set to NULL on error.
 * @param scale Its scale, copied; NULL for the standard scale.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL @p out, invalid scale);
 *         ::NPS_E_NOMEM.
 * @since 1.0
 */
NPS_API nps_status nps_acc_new(nps_acc **out, const nps_scale *scale);

/**
 * @brief Create an empty accumulator whose memory comes from @p allocator.
 * @param[out] out As nps_acc_new().
 * @param scale As nps_acc_new().
 * @param allocator Copied; NULL for malloc/free. Both functions must be set.
 * @return As nps_acc_new(); ::NPS_E_INVALID for an allocator with a NULL
 *         function.
 * @since 1.0
 */
NPS_API nps_status nps_acc_new_with_allocator(nps_acc **out,
                                              const nps_scale *scale,
                                              const nps_allocator *allocator);

/**
 * @brief Release an accumulator.
 * @param acc The object; NULL is fine.
 * @since 1.0
 */
NPS_API void nps_acc_free(nps_acc *acc);

/**
 * @brief Copy an accumulator (same scale, counts and allocator).
 * @param[out] out Receives the copy; set to NULL on error.
 * @param acc The original.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL argument); ::NPS_E_NOMEM.
 * @since 1.0
 */
NPS_API nps_status nps_acc_clone(nps_acc **out, const nps_acc *acc);

/**
 * @brief Set every count to zero (the scale stays).
 * @param acc The object; NULL is ignored.
 * @since 1.0
 */
NPS_API void nps_acc_reset(nps_acc *acc);

/**
 * @brief Add one answer.
 * @param acc The accumulator.
 * @param score The answer, on the accumulator's scale.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL); ::NPS_E_RANGE (off the scale);
 *         ::NPS_E_OVERFLOW.
 * @since 1.0
 */
NPS_API nps_status nps_acc_add(nps_acc *acc, int score);

/**
 * @brief Add @p n copies of one answer (n may be 0).
 * @param acc The accumulator.
 * @param score The answer, on the accumulator's scale.
 * @param n How many copies.
 * @return As nps_acc_add().
 * @since 1.0
 */
NPS_API nps_status nps_acc_add_n(nps_acc *acc, int score, uint64_t n);

/**
 * @brief Remove @p n copies of one answer.
 * @param acc The accumulator.
 * @param score The answer, on the accumulator's scale.
 * @param n How many copies.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_RANGE; ::NPS_E_OVERFLOW when
 *         fewer than @p n such answers are held.
 * @since 1.0
 */
NPS_API nps_status nps_acc_remove_n(nps_acc *acc, int score, uint64_t n);

/**
 * @brief Add a batch of answers, one byte each: all or nothing.
 *
 * The hot path: validation and counting happen in one pass with the fastest
 * kernel the CPU supports.
 * @param acc The accumulator.
 * @param scores @p n bytes; may be NULL only when @p n is 0.
 * @param n Number of answers.
 * @param[out] bad_index May be NULL. On ::NPS_E_RANGE receives the index of
 *             the first answer off the scale; otherwise untouched.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL @p acc, or NULL @p scores with
 *         n > 0); ::NPS_E_RANGE (nothing added); ::NPS_E_OVERFLOW (nothing
 *         added).
 * @since 1.0
 */
NPS_API nps_status nps_acc_add_scores(nps_acc *acc, const uint8_t *scores,
                                      size_t n, size_t *bad_index);

/**
 * @brief Add every count of @p src to @p dst.
 * @param dst Receives the counts.
 * @param src Read only; may be @p dst itself.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_MISMATCH (different scales);
 *         ::NPS_E_OVERFLOW. @p dst == @p src is allowed (doubles it).
 * @since 1.0
 */
NPS_API nps_status nps_acc_merge(nps_acc *dst, const nps_acc *src);

/**
 * @brief Subtract every count of @p src from @p dst (undo a merge).
 * @param dst Loses the counts.
 * @param src Read only; may be @p dst itself (empties it).
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_MISMATCH; ::NPS_E_OVERFLOW
 *         when any count of @p src exceeds that of @p dst.
 * @since 1.0
 */
NPS_API nps_status nps_acc_subtract(nps_acc *dst, const nps_acc *src);

/**
 * @brief Number of answers held.
 * @param acc The accumulator; NULL is allowed.
 * @return The total; 0 for NULL.
 * @since 1.0
 */
NPS_API uint64_t nps_acc_total(const nps_acc *acc);

/**
 * @brief Number of answers equal to @p score.
 * @param acc The accumulator; NULL is allowed.
 * @param score Any integer.
 * @return The count; 0 for NULL or a score off the scale.
 * @since 1.0
 */
NPS_API uint64_t nps_acc_count(const nps_acc *acc, int score);

/**
 * @brief Number of answers in a category.
 * @param acc The accumulator; NULL is allowed.
 * @param c A category.
 * @return The count; 0 for NULL or an unknown category.
 * @since 1.0
 */
NPS_API uint64_t nps_acc_category_count(const nps_acc *acc, nps_category c);

/**
 * @brief The NPS in points: 100 * (promoters - detractors) / total.
 * @param acc The accumulator; NULL is allowed.
 * @return A value in [-100, 100]; NaN when empty or NULL.
 * @since 1.0
 */
NPS_API double nps_acc_score(const nps_acc *acc);

/**
 * @brief Share of answers in a category, in [0, 1].
 * @param acc The accumulator; NULL is allowed.
 * @param c A category.
 * @return The share; NaN when empty, NULL or an unknown category.
 * @since 1.0
 */
NPS_API double nps_acc_share(const nps_acc *acc, nps_category c);

/**
 * @brief Mean raw answer (e.g. 8.1 on the 0-10 scale).
 * @param acc The accumulator; NULL is allowed.
 * @return The mean; NaN when empty or NULL.
 * @since 1.0
 */
NPS_API double nps_acc_mean(const nps_acc *acc);

/**
 * @brief Copy the accumulator's scale.
 * @param acc The accumulator.
 * @param[out] out Receives the scale.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL argument).
 * @since 1.0
 */
NPS_API nps_status nps_acc_scale(const nps_acc *acc, nps_scale *out);

/**
 * @brief Copy all counts, lowest score first, into a caller buffer.
 * @param acc The accumulator.
 * @param out Room for @p cap counts; may be NULL when @p cap is 0.
 * @param cap Capacity of @p out in elements.
 * @param[out] len Receives the number of counts (max - min + 1), also on
 *             ::NPS_E_BUFSIZE.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL @p acc or @p len, NULL @p out
 *         with cap > 0); ::NPS_E_BUFSIZE when @p cap is too small.
 * @since 1.0
 */
NPS_API nps_status nps_acc_counts(const nps_acc *acc, uint64_t *out,
                                  size_t cap, size_t *len);

/**
 * @brief Whether two accumulators have the same scale and counts.
 * @param a,b The accumulators; NULL is allowed.
 * @return 1 if equal, 0 otherwise (also when either is NULL).
 * @since 1.0
 */
NPS_API int nps_acc_equal(const nps_acc *a, const nps_acc *b);

/**
 * @brief Bytes of memory the object owns (what its allocator gave it).
 * @param acc The accumulator; NULL is allowed.
 * @return The size in bytes; 0 for NULL.
 * @since 1.0
 */
NPS_API size_t nps_acc_footprint(const nps_acc *acc);

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup stats Statistics
 * @brief Uncertainty, significance and planning, in NPS points.
 *
 * Methods follow Rocks (2016), "Interval Estimation for the Net Promoter
 * Score", The American Statistician 70(4). Each answer is a value
 * X in {-100 (detractor), 0 (passive), +100 (promoter)}; the NPS is its
 * mean. Confidence levels are fractions in the open interval (0, 1), e.g.
 * 0.95. Interval bounds are clamped to [-100, 100]. See docs/statistics.md.
 * @{
 */

/** @brief Interval method. Values are frozen. @since 1.0 */
typedef enum nps_method {
    /** Normal approximation around the observed NPS. Zero width when
        every answer is in one category: avoid for small samples. */
    NPS_METHOD_WALD = 0,
    /** Wald after adding 3/4 detractor, 3/2 passive and 3/4 promoter
        pseudo-answers, centred on the adjusted estimate: the
        recommended default. At a few answers it can exclude the raw
        NPS (one promoter: about [-48.5, 98.5] while the NPS is 100);
        next to a raw estimate, show ::NPS_METHOD_SCORE's interval,
        which always contains it. */
    NPS_METHOD_ADJUSTED_WALD = 1,
    /** Tango's score interval (one sample); inverted score test.
        Always contains the raw NPS. */
    NPS_METHOD_SCORE = 2
} nps_method;

/**
 * @brief Documented name of a method: "wald", "adjusted_wald" or "score".
 *
 * The spelling every surface of the project prints and documents.
 * @param m A method.
 * @return Static text, never NULL ("unknown" for other values).
 * @since 1.1
 */
NPS_API const char *nps_method_name(nps_method m);

/**
 * @brief Method from its name, ignoring ASCII case.
 *
 * Accepts the documented names of nps_method_name() and the other
 * spellings 1.0 surfaces accepted: "adjusted-wald" and "aw" (adjusted
 * Wald), "tango" (score).
 * @param name A NUL-terminated string.
 * @param[out] out Receives the method; untouched on error.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL argument or unknown name).
 * @since 1.1
 */
NPS_API nps_status nps_method_parse(const char *name, nps_method *out);

/**
 * @brief Per-answer variance: 10^4 ((pR + pD) - (pR - pD)^2), divisor n.
 * @param acc The accumulator.
 * @param[out] out Points squared; untouched on error.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_EMPTY (no answers).
 * @since 1.0
 */
NPS_API nps_status nps_acc_variance(const nps_acc *acc, double *out);

/**
 * @brief Standard error of the NPS: sqrt(variance / n), in points.
 * @param acc The accumulator.
 * @param[out] out Points; untouched on error.
 * @return As nps_acc_variance().
 * @since 1.0
 */
NPS_API nps_status nps_acc_stderr(const nps_acc *acc, double *out);

/**
 * @brief Confidence interval for the NPS.
 * @param acc The accumulator.
 * @param method An ::nps_method.
 * @param level Confidence level in (0, 1).
 * @param[out] lo Lower bound in points (>= -100).
 * @param[out] hi Upper bound in points (<= 100).
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, unknown method, level outside
 *         (0, 1) or NaN); ::NPS_E_EMPTY (no answers).
 * @since 1.0
 */
NPS_API nps_status nps_acc_interval(const nps_acc *acc, nps_method method,
                                    double level, double *lo, double *hi);

/**
 * @brief Margin of error: half the width of nps_acc_interval()'s interval
 *        (for the asymmetric score interval, (hi - lo) / 2).
 * @param acc The accumulator.
 * @param method An ::nps_method.
 * @param level Confidence level in (0, 1).
 * @param[out] out Points; untouched on error.
 * @return As nps_acc_interval().
 * @since 1.0
 */
NPS_API nps_status nps_acc_margin(const nps_acc *acc, nps_method method,
                                  double level, double *out);

/**
 * @brief Two-sided test of H0: NPS == @p benchmark.
 * @param acc The sample.
 * @param benchmark In points, within [-100, 100].
 * @param method Wald and adjusted Wald use a z statistic with the method's
 *        estimate and standard error; score uses the score statistic with
 *        the variance under H0.
 * @param[out] p_value In [0, 1]. With a zero standard error it is 0 when the
 *        estimate differs from the benchmark and 1 when it equals it.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, unknown method, benchmark
 *         outside [-100, 100] or NaN); ::NPS_E_EMPTY.
 * @since 1.0
 */
NPS_API nps_status nps_acc_test(const nps_acc *acc, double benchmark,
                                nps_method method, double *p_value);

/**
 * @brief Compare two independent samples: NPS(a) - NPS(b), unpooled.
 * @param a,b The samples, on the same scale.
 * @param method ::NPS_METHOD_WALD or ::NPS_METHOD_ADJUSTED_WALD
 *        (pseudo-answers added to each sample); ::NPS_METHOD_SCORE is
 *        ::NPS_E_INVALID (no two-sample score method is provided).
 * @param level Confidence level in (0, 1).
 * @param[out] diff The method's estimate of the difference, on which
 *        [lo, hi] is centred; may be NULL.
 * @param[out] lo,hi Interval bounds, clamped to [-200, 200]; may be NULL.
 * @param[out] p_value Two-sided p-value of H0: no difference; may be NULL.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_MISMATCH (different scales);
 *         ::NPS_E_EMPTY (either sample empty). Outputs untouched on error.
 * @since 1.0
 */
NPS_API nps_status nps_compare(const nps_acc *a, const nps_acc *b,
                               nps_method method, double level, double *diff,
                               double *lo, double *hi, double *p_value);

/**
 * @brief Answers needed for a margin of error.
 *
 * n = ceil(z^2 * variance / margin^2) with the per-answer variance implied
 * by the expected shares.
 * @param margin Target half-width in points, in (0, 200].
 * @param level Confidence level in (0, 1).
 * @param promoter_share Expected promoter share in [0, 1], or negative for
 *        unknown: the worst case given the other share (both unknown:
 *        both 0.5; since 1.1, one unknown share no longer ignores the
 *        known one).
 * @param detractor_share Expected detractor share in [0, 1] with
 *        promoter_share + detractor_share <= 1, or negative for unknown.
 * @param[out] out The number of answers (at least 1).
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_OVERFLOW if the answer does not
 *         fit in 64 bits.
 * @since 1.0
 */
NPS_API nps_status nps_sample_size(double margin, double level,
                                   double promoter_share,
                                   double detractor_share, uint64_t *out);

/**
 * @brief Answers needed per group to detect a difference between two
 *        groups of equal size with a two-sided test.
 *
 * n = ceil((z_{1-alpha/2} + z_{power})^2 (var_a + var_b) / diff^2).
 * @param diff Smallest difference worth detecting, points, in (0, 200].
 * @param level Confidence level 1 - alpha, in (0, 1).
 * @param power Power in (0, 1), e.g. 0.8.
 * @param promoter_a,detractor_a Expected shares in group A (negative:
 *        unknown, worst case).
 * @param promoter_b,detractor_b Expected shares in group B.
 * @param[out] out Answers per group.
 * @return As nps_sample_size().
 * @since 1.0
 */
NPS_API nps_status nps_sample_size_compare(double diff, double level,
                                           double power, double promoter_a,
                                           double detractor_a,
                                           double promoter_b,
                                           double detractor_b, uint64_t *out);

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup timeline Timeline
 * @brief A fixed ring of time buckets for windows and trends.
 *
 * Bucket i covers [start(i), start(i+1)). Fixed-width buckets are aligned
 * to the epoch by floor division after adding the UTC offset (times before
 * 1970 work); calendar buckets count months since 1970-01 in UTC shifted by
 * the offset. The ring ends at the newest bucket seen: bucket i is retained
 * while i > newest - buckets. A later event advances the ring and evicts
 * the oldest buckets; an event older than the window is ::NPS_E_TOO_OLD,
 * changes nothing but is counted (nps_timeline_dropped()). There is no
 * default horizon: a long gap never makes later events fail. See
 * docs/timeline.md.
 * @{
 */

/** @brief Opaque timeline. @since 1.0 */
typedef struct nps_timeline nps_timeline;

/** @brief Unit of a bucket's width. Values are frozen. @since 1.0 */
typedef enum nps_unit {
    NPS_UNIT_SECOND = 0, /**< Fixed width in seconds (3600, 86400, ...). */
    NPS_UNIT_MONTH = 1   /**< Calendar months: width 1 (month), 3 (quarter),
                              12 (year); months start at day 1, 00:00. */
} nps_unit;

/**
 * @brief Create a timeline of fixed-width buckets aligned to the epoch (UTC).
 * @param[out] out Receives the object; NULL on error.
 * @param bucket_seconds Width, >= 1.
 * @param buckets Number retained, >= 1 and <= 2^24.
 * @param scale NULL for standard.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_NOMEM.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_new(nps_timeline **out, int64_t bucket_seconds,
                                    uint32_t buckets, const nps_scale *scale);

/**
 * @brief Create a timeline with every option.
 * @param[out] out Receives the object; NULL on error.
 * @param unit ::NPS_UNIT_SECOND or ::NPS_UNIT_MONTH.
 * @param width Seconds (>= 1) or months (1..1200) per bucket.
 * @param utc_offset_seconds Added to every timestamp before bucketing, so
 *        that days (or months) start at local midnight of a fixed offset;
 *        within [-86400, 86400].
 * @param buckets Number retained, 1..2^24.
 * @param scale NULL for standard.
 * @param allocator NULL for malloc/free.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_NOMEM.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_new_advanced(nps_timeline **out, nps_unit unit,
                                             int64_t width,
                                             int32_t utc_offset_seconds,
                                             uint32_t buckets,
                                             const nps_scale *scale,
                                             const nps_allocator *allocator);

/** Version of ::nps_timeline_options this header describes. @since 1.1 */
#define NPS_TIMELINE_OPTIONS_VERSION 1

/**
 * @brief Everything a timeline is created with (libgit2-style options).
 *
 * Initialise with ::NPS_TIMELINE_OPTIONS_INIT (or set @c version to
 * ::NPS_TIMELINE_OPTIONS_VERSION and every field), then change the fields
 * you need. Later minors may append fields and raise the version; a library
 * reads only the fields of the version the caller states, so programs built
 * against this header keep working.
 *
 * Monday-start weeks: @c unit ::NPS_UNIT_SECOND, @c width 604800 and an
 * @c origin on a Monday 00:00 (1704067200 is 2024-01-01T00:00Z; for local
 * Mondays, subtract the UTC offset: 1704047400 at +05:30).
 * @since 1.1
 */
typedef struct nps_timeline_options {
    /** ::NPS_TIMELINE_OPTIONS_VERSION. */
    unsigned version;
    /** ::NPS_UNIT_SECOND (default) or ::NPS_UNIT_MONTH. */
    nps_unit unit;
    /** Seconds (>= 1) or months (1..1200) per bucket; default 86400. */
    int64_t width;
    /** Buckets retained, 1..2^24; default 1. */
    uint32_t buckets;
    /** ::NPS_UNIT_SECOND only: a time (UTC seconds, any int64_t) at which
        a bucket starts; buckets start at origin + k * width. Default 0:
        aligned to the epoch. Must be 0 for ::NPS_UNIT_MONTH. */
    int64_t origin;
    /** ::NPS_UNIT_MONTH only: seconds added before finding the month, as
        in nps_timeline_new_advanced(), within [-86400, 86400]. Must be 0
        for ::NPS_UNIT_SECOND (use @c origin). */
    int32_t utc_offset;
    /** Horizon guard, as nps_timeline_set_horizon(); 0 (default) is off. */
    int64_t horizon;
    /** The scale, copied; NULL (default) for the standard scale. */
    const nps_scale *scale;
    /** Copied; NULL (default) for malloc/free. */
    const nps_allocator *allocator;
} nps_timeline_options;

/** Default options: daily buckets aligned to the epoch, one bucket,
    standard scale. @since 1.1 */
#define NPS_TIMELINE_OPTIONS_INIT \
    {NPS_TIMELINE_OPTIONS_VERSION, NPS_UNIT_SECOND, 86400, 1, 0, 0, 0, NULL, NULL}

/**
 * @brief Create a timeline from options.
 *
 * Any bucket origin is expressible for fixed-width buckets; a timeline
 * whose origin no 1.0 UTC offset can express (e.g. weeks starting on
 * Monday) serializes with format version 2 (docs/format.md), which a 1.0
 * decoder refuses with ::NPS_E_VERSION. Every other timeline keeps the
 * 1.0 bytes. With @c origin = -o, a fixed-width timeline equals
 * (nps_timeline_equal()) and merges with one made by
 * nps_timeline_new_advanced() with UTC offset o.
 * @param[out] out Receives the object; NULL on error.
 * @param opts The options; see ::nps_timeline_options.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, unknown version, a field out of
 *         range, @c origin with months or @c utc_offset with seconds);
 *         ::NPS_E_NOMEM.
 * @since 1.1
 */
NPS_API nps_status nps_timeline_new_with_options(
    nps_timeline **out, const nps_timeline_options *opts);

/**
 * @brief Unit of the timeline's buckets.
 * @param tl The timeline.
 * @param[out] out Receives the unit.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL argument).
 * @since 1.1
 */
NPS_API nps_status nps_timeline_unit(const nps_timeline *tl, nps_unit *out);

/**
 * @brief Width of a bucket, in the timeline's unit.
 * @param tl The timeline; NULL is allowed.
 * @return Seconds or months (>= 1); 0 for NULL.
 * @since 1.1
 */
NPS_API int64_t nps_timeline_width(const nps_timeline *tl);

/**
 * @brief Seconds added to every time before bucketing.
 *
 * The UTC offset given to nps_timeline_new_advanced() (or to the options'
 * @c utc_offset for months). For a fixed-width timeline made from an
 * @c origin it is -origin when within [-86400, 86400], else
 * floor_mod(-origin, width): buckets start at the times t with
 * (t + offset) mod width == 0.
 * @param tl The timeline.
 * @param[out] out Receives the offset.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL argument).
 * @since 1.1
 */
NPS_API nps_status nps_timeline_offset(const nps_timeline *tl, int64_t *out);

/**
 * @brief The horizon guard's setting (nps_timeline_set_horizon()).
 * @param tl The timeline; NULL is allowed.
 * @return Seconds ahead of the clock; 0 when off or for NULL.
 * @since 1.1
 */
NPS_API int64_t nps_timeline_horizon(const nps_timeline *tl);

/**
 * @brief Release a timeline.
 * @param tl The timeline; NULL is fine.
 * @since 1.0
 */
NPS_API void nps_timeline_free(nps_timeline *tl);

/**
 * @brief Copy a timeline (geometry, counts, drop counter, guard, clock).
 * @param[out] out Receives the copy (same allocator); NULL on error.
 * @param tl The original.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_NOMEM.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_clone(nps_timeline **out,
                                      const nps_timeline *tl);

/**
 * @brief Forget every event, the drop counter and the clock; keep geometry,
 *        scale and guard setting.
 * @param tl The timeline; NULL is ignored.
 * @since 1.0
 */
NPS_API void nps_timeline_reset(nps_timeline *tl);

/**
 * @brief Record one answer at time @p t.
 * @param tl The timeline.
 * @param t Seconds since the Unix epoch, UTC (any int64_t).
 * @param score The answer, on the timeline's scale.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL); ::NPS_E_RANGE (score off the
 *         scale); ::NPS_E_TOO_OLD (before the window; counted as dropped);
 *         ::NPS_E_TOO_NEW (beyond the horizon guard); ::NPS_E_OVERFLOW.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_add(nps_timeline *tl, int64_t t, int score);

/**
 * @brief Record @p n copies of one answer at time @p t.
 * @param tl The timeline.
 * @param t Seconds since the Unix epoch, UTC.
 * @param score The answer, on the timeline's scale.
 * @param n How many copies (0 is allowed and still advances the ring).
 * @return As nps_timeline_add().
 * @since 1.0
 */
NPS_API nps_status nps_timeline_add_n(nps_timeline *tl, int64_t t, int score,
                                      uint64_t n);

/**
 * @brief Record a batch of (time, answer) events.
 *
 * First every score (and, with the guard on, every time) is validated: one
 * bad value rejects the whole batch with nothing changed and
 * @p bad_index set. Then the events are applied in order; an event that is
 * too old when its turn comes (possibly because an earlier event of the
 * same batch advanced the ring) is dropped and counted, and does not fail
 * the batch.
 * @param tl The timeline.
 * @param t,scores @p n times and answers; NULL only when n is 0.
 * @param n Number of events.
 * @param[out] bad_index May be NULL; on ::NPS_E_RANGE / ::NPS_E_TOO_NEW,
 *             the first bad event.
 * @param[out] dropped May be NULL; on ::NPS_OK, the events dropped as too
 *             old.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_RANGE; ::NPS_E_TOO_NEW;
 *         ::NPS_E_OVERFLOW (nothing changed).
 * @since 1.0
 */
NPS_API nps_status nps_timeline_add_batch(nps_timeline *tl, const int64_t *t,
                                          const uint8_t *scores, size_t n,
                                          size_t *bad_index,
                                          uint64_t *dropped);

/**
 * @brief Move the ring forward to the bucket holding @p now (evicting older
 *        buckets) and set the clock used by the horizon guard. Never moves
 *        backwards: an earlier @p now only sets the clock.
 * @param tl The timeline.
 * @param now The caller's clock, seconds since the epoch.
 * @return ::NPS_OK; ::NPS_E_INVALID.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_advance(nps_timeline *tl, int64_t now);

/**
 * @brief Opt-in guard against bogus far-future timestamps (milliseconds
 *        passed as seconds...). Once set and once a clock was given with
 *        nps_timeline_advance(), events later than clock + @p max_ahead are
 *        ::NPS_E_TOO_NEW. 0 turns the guard off (the default).
 * @param tl The timeline.
 * @param max_ahead Seconds, >= 0.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, negative).
 * @since 1.0
 */
NPS_API nps_status nps_timeline_set_horizon(nps_timeline *tl,
                                            int64_t max_ahead);

/**
 * @brief Events refused as too old since creation or reset.
 * @param tl The timeline; NULL is allowed.
 * @return The count; 0 for NULL.
 * @since 1.0
 */
NPS_API uint64_t nps_timeline_dropped(const nps_timeline *tl);

/**
 * @brief Number of buckets retained (the ring's size).
 * @param tl The timeline; NULL is allowed.
 * @return The count; 0 for NULL.
 * @since 1.0
 */
NPS_API uint32_t nps_timeline_buckets(const nps_timeline *tl);

/**
 * @brief Copy the timeline's scale.
 * @param tl The timeline.
 * @param[out] out Receives the scale.
 * @return ::NPS_OK; ::NPS_E_INVALID.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_scale(const nps_timeline *tl, nps_scale *out);

/**
 * @brief Start (UTC seconds) of the bucket that holds time @p t.
 * @param tl The timeline.
 * @param t Any time.
 * @param[out] out Receives the start.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_OVERFLOW if the start is not
 *         representable.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_bucket_start(const nps_timeline *tl, int64_t t,
                                             int64_t *out);

/**
 * @brief Start of the newest bucket seen (the end of the ring).
 * @param tl The timeline.
 * @param[out] out Receives the start.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_EMPTY when no event or
 *         advance was ever recorded; ::NPS_E_OVERFLOW when the start is
 *         not representable in int64_t.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_newest(const nps_timeline *tl, int64_t *out);

/**
 * @brief Read one retained bucket, for iteration without allocation.
 * @param tl The timeline.
 * @param age 0 for the newest bucket, buckets-1 for the oldest retained.
 * @param[out] start Receives the bucket's start time; may be NULL.
 * @param out Reset, then filled with the bucket's counts; same scale.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, age >= buckets);
 *         ::NPS_E_MISMATCH (scale of @p out); ::NPS_E_EMPTY (nothing
 *         recorded yet); ::NPS_E_OVERFLOW (@p start asked for and not
 *         representable). @p out is unchanged on error.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_bucket(const nps_timeline *tl, uint32_t age,
                                       int64_t *start, nps_acc *out);

/**
 * @brief Sum of every retained bucket whose start is in [from, to).
 * @param tl The timeline.
 * @param from,to The half-open window, seconds since the epoch.
 * @param out Reset, then filled; must have the timeline's scale.
 * @return ::NPS_OK (possibly empty); ::NPS_E_INVALID (NULL, from > to);
 *         ::NPS_E_MISMATCH; ::NPS_E_OVERFLOW (the sum would exceed
 *         UINT64_MAX). @p out is unchanged on error.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_range(const nps_timeline *tl, int64_t from,
                                      int64_t to, nps_acc *out);

/**
 * @brief Sum of the newest @p k buckets (a rolling window ending at the
 *        newest bucket).
 * @param tl The timeline.
 * @param k Number of buckets, 1..buckets.
 * @param out Reset, then filled; must have the timeline's scale.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, k == 0, k > buckets);
 *         ::NPS_E_MISMATCH; ::NPS_E_EMPTY (nothing recorded yet);
 *         ::NPS_E_OVERFLOW (the sum would exceed UINT64_MAX). @p out is
 *         unchanged on error.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_rolling(const nps_timeline *tl, uint32_t k,
                                        nps_acc *out);

/**
 * @brief Linear trend of the NPS over the buckets whose start is in
 *        [from, to).
 *
 * Ordinary least squares of each answer's value (+100/0/-100) on its bucket
 * index, computed from bucket counts; the standard error comes from the
 * residual variance with N - 2 degrees of freedom; the p-value is two-sided
 * from Student's t. This assumes every answer independent, with one
 * distribution per bucket: when buckets differ by more than sampling noise
 * (as real months do) the p-value is far too small. For a verdict, use
 * nps_trend_fit() with ::NPS_TREND_RANDOM_EFFECTS over the buckets.
 * @param tl The timeline.
 * @param from,to The half-open window, seconds since the epoch.
 * @param[out] slope Points per bucket.
 * @param[out] stderr_out Standard error of the slope; may be NULL.
 * @param[out] p_value May be NULL.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_EMPTY (fewer than two non-empty
 *         buckets, or fewer than 3 answers).
 * @since 1.0
 */
NPS_API nps_status nps_timeline_trend(const nps_timeline *tl, int64_t from,
                                      int64_t to, double *slope,
                                      double *stderr_out, double *p_value);

/**
 * @brief Period over period: the newest @p k buckets against the @p k
 *        before them, through nps_compare() (recent minus previous).
 * @param tl The timeline.
 * @param k Buckets per period, with 2k <= buckets.
 * @param method,level,diff,lo,hi,p_value As nps_compare().
 * @return As nps_compare(); ::NPS_E_INVALID also when 2k > buckets;
 *         ::NPS_E_OVERFLOW when a period's total would exceed UINT64_MAX.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_compare_periods(const nps_timeline *tl,
                                                uint32_t k, nps_method method,
                                                double level, double *diff,
                                                double *lo, double *hi,
                                                double *p_value);

/**
 * @brief Merge @p src into @p dst, aligned by absolute bucket: the result
 *        equals one timeline that saw both streams, within retention
 *        (drop counters add up).
 * @param dst Receives the events.
 * @param src Read only.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_MISMATCH (scale, unit, width,
 *         offset or bucket count differ); ::NPS_E_OVERFLOW;
 *         ::NPS_E_TOO_NEW (since 1.1) when @p dst's horizon guard is on
 *         and @p src's newest bucket, later than @p dst's, starts after
 *         the merged clock plus @p dst's horizon: the merge would evict
 *         @p dst's answers as such an add would. Nothing changes on error.
 * @since 1.0
 */
NPS_API nps_status nps_timeline_merge(nps_timeline *dst,
                                      const nps_timeline *src);

/**
 * @brief Whether two timelines have the same geometry, scale, retained
 *        counts and newest bucket.
 * @param a,b The timelines; NULL is allowed.
 * @return 1 or 0 (0 if either is NULL).
 * @since 1.0
 */
NPS_API int nps_timeline_equal(const nps_timeline *a, const nps_timeline *b);

/**
 * @brief Bytes the object owns.
 * @param tl The timeline; NULL is allowed.
 * @return The size; 0 for NULL.
 * @since 1.0
 */
NPS_API size_t nps_timeline_footprint(const nps_timeline *tl);

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup codec Serialization
 * @brief A portable, versioned, checksummed byte form (docs/format.md).
 *
 * Pass @c buf NULL with @c cap 0 to learn the size. The encoding is
 * canonical (equal states give equal bytes), exact-length (trailing bytes
 * are an error) and checksummed (any single changed byte is detected).
 * Decoding never reads outside [buf, buf + len) and validates before it
 * allocates.
 * @{
 */

/**
 * @brief Encode an accumulator.
 * @param acc The accumulator.
 * @param buf Output; may be NULL when @p cap is 0.
 * @param cap Capacity of @p buf.
 * @param[out] len Receives the encoded size (also on ::NPS_E_BUFSIZE).
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_BUFSIZE (nothing written).
 * @since 1.0
 */
NPS_API nps_status nps_acc_serialize(const nps_acc *acc, void *buf, size_t cap,
                                     size_t *len);

/**
 * @brief Decode an accumulator.
 * @param[out] out Receives a new object; NULL on error.
 * @param buf The bytes.
 * @param len Their exact length.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL); ::NPS_E_FORMAT; ::NPS_E_VERSION;
 *         ::NPS_E_NOMEM.
 * @since 1.0
 */
NPS_API nps_status nps_acc_deserialize(nps_acc **out, const void *buf,
                                       size_t len);

/**
 * @brief nps_acc_deserialize() with a custom allocator.
 * @param[out] out Receives a new object; NULL on error.
 * @param buf The bytes.
 * @param len Their exact length.
 * @param allocator Copied; NULL for malloc/free.
 * @return As nps_acc_deserialize().
 * @since 1.0
 */
NPS_API nps_status nps_acc_deserialize_with_allocator(
    nps_acc **out, const void *buf, size_t len, const nps_allocator *allocator);

/**
 * @brief Encode a timeline (geometry, scale, retained buckets, newest
 *        bucket, drop counter, clock and guard).
 * @param tl The timeline.
 * @param buf Output; may be NULL when @p cap is 0.
 * @param cap Capacity of @p buf.
 * @param[out] len Receives the encoded size (also on ::NPS_E_BUFSIZE).
 * @return As nps_acc_serialize().
 * @since 1.0
 */
NPS_API nps_status nps_timeline_serialize(const nps_timeline *tl, void *buf,
                                          size_t cap, size_t *len);

/**
 * @brief Decode a timeline.
 * @param[out] out Receives a new object; NULL on error.
 * @param buf The bytes.
 * @param len Their exact length.
 * @return As nps_acc_deserialize().
 * @since 1.0
 */
NPS_API nps_status nps_timeline_deserialize(nps_timeline **out,
                                            const void *buf, size_t len);

/**
 * @brief nps_timeline_deserialize() with a custom allocator.
 * @param[out] out Receives a new object; NULL on error.
 * @param buf The bytes.
 * @param len Their exact length.
 * @param allocator Copied; NULL for malloc/free.
 * @return As nps_timeline_deserialize().
 * @since 1.0
 */
NPS_API nps_status nps_timeline_deserialize_with_allocator(
    nps_timeline **out, const void *buf, size_t len,
    const nps_allocator *allocator);

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup wacc Weighted accumulator
 * @brief Weighted NPS: survey (post-stratification, raking) and revenue
 *        weights, with Kish's effective sample size and the
 *        Taylor-linearisation standard error.
 *
 * Each answer carries a weight: a double in [2^-448, 2^448] (about
 * 1.4e-135 to 7.3e134; every finite positive weight that a survey or a
 * revenue figure produces). Anything else, including NaN, infinities, zero
 * and negative numbers, is refused with ::NPS_E_INVALID and changes
 * nothing. The state is, per category, the number of answers, the sum of
 * the weights and the sum of the squared weights, so it stays mergeable
 * and serializable like ::nps_acc. Counts are exact (the total never
 * exceeds UINT64_MAX: ::NPS_E_OVERFLOW); weight sums use compensated
 * (double-double) summation, so the order of additions and merges changes
 * a weight sum by at most one ulp and a statistic by a few ulps (see
 * docs/statistics.md, "Weighted NPS").
 *
 * - Weighted NPS = 100 (W_promoters - W_detractors) / W.
 * - Effective sample size (Kish 1965): n_eff = W^2 / sum w^2, in [1, n];
 *   with all weights equal it is n.
 * - Standard error: the Taylor linearisation that R's
 *   `survey::svymean(~x, svydesign(ids = ~1, weights = ~w))` reports for
 *   x = +100/0/-100: Var = n/(n-1) sum_i w_i^2 (x_i - m)^2 / W^2.
 * - Intervals and tests: ::NPS_METHOD_WALD uses that standard error;
 *   ::NPS_METHOD_ADJUSTED_WALD and ::NPS_METHOD_SCORE apply the unweighted
 *   method (Rocks 2016) to the pseudo-counts n_eff * (W_c / W) of each
 *   category c.
 *
 * With every weight 1 the score, the counts and the intervals of the
 * adjusted Wald and score methods are those of an ::nps_acc holding the
 * same answers, and n_eff is n. There is no remove or subtract: weight
 * sums cannot be un-added exactly (see docs/statistics.md).
 * @{
 */

/** @brief Opaque weighted accumulator. @since 1.1 */
typedef struct nps_wacc nps_wacc;

/**
 * @brief Create an empty weighted accumulator.
 * @param[out] out Receives the new object (caller frees with
 *             nps_wacc_free()); set to NULL on error.
 * @param scale Its scale, copied; NULL for the standard scale.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL @p out, invalid scale);
 *         ::NPS_E_NOMEM.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_new(nps_wacc **out, const nps_scale *scale);

/**
 * @brief nps_wacc_new() with memory from @p allocator.
 * @param[out] out As nps_wacc_new().
 * @param scale As nps_wacc_new().
 * @param allocator Copied; NULL for malloc/free. Both functions must be set.
 * @return As nps_wacc_new(); ::NPS_E_INVALID for an allocator with a NULL
 *         function.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_new_with_allocator(nps_wacc **out,
                                               const nps_scale *scale,
                                               const nps_allocator *allocator);

/**
 * @brief Release a weighted accumulator.
 * @param w The object; NULL is fine.
 * @since 1.1
 */
NPS_API void nps_wacc_free(nps_wacc *w);

/**
 * @brief Copy a weighted accumulator (same scale, state and allocator).
 * @param[out] out Receives the copy; set to NULL on error.
 * @param w The original.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL argument); ::NPS_E_NOMEM.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_clone(nps_wacc **out, const nps_wacc *w);

/**
 * @brief Forget every answer (the scale stays).
 * @param w The object; NULL is ignored.
 * @since 1.1
 */
NPS_API void nps_wacc_reset(nps_wacc *w);

/**
 * @brief Add one weighted answer.
 * @param w The accumulator.
 * @param score The answer, on the accumulator's scale.
 * @param weight In [2^-448, 2^448].
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL @p w; weight NaN, infinite,
 *         zero, negative or outside the range); ::NPS_E_RANGE (score off
 *         the scale, checked before the weight); ::NPS_E_OVERFLOW (the
 *         total would exceed UINT64_MAX). Nothing changes on error.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_add(nps_wacc *w, int score, double weight);

/**
 * @brief Add a batch of weighted answers: all or nothing.
 * @param w The accumulator.
 * @param scores @p n answers, one byte each; NULL only when @p n is 0.
 * @param weights @p n weights; NULL only when @p n is 0.
 * @param n Number of answers.
 * @param[out] bad_index May be NULL. On ::NPS_E_RANGE or ::NPS_E_INVALID
 *             for a bad answer, receives the index of the first answer
 *             whose score or weight is bad; otherwise untouched.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL @p w, NULL array with n > 0, or
 *         the first bad answer has a bad weight); ::NPS_E_RANGE (the first
 *         bad answer has a score off the scale); ::NPS_E_OVERFLOW. Nothing
 *         is added on error.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_add_scores(nps_wacc *w, const uint8_t *scores,
                                       const double *weights, size_t n,
                                       size_t *bad_index);

/**
 * @brief Add the state of @p src to @p dst.
 * @param dst Receives the answers.
 * @param src Read only; may be @p dst itself (doubles it).
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_MISMATCH (different scales);
 *         ::NPS_E_OVERFLOW (the total would exceed UINT64_MAX).
 * @since 1.1
 */
NPS_API nps_status nps_wacc_merge(nps_wacc *dst, const nps_wacc *src);

/**
 * @brief Number of answers held (not their weight).
 * @param w The accumulator; NULL is allowed.
 * @return The count; 0 for NULL.
 * @since 1.1
 */
NPS_API uint64_t nps_wacc_total(const nps_wacc *w);

/**
 * @brief Number of answers in a category.
 * @param w The accumulator; NULL is allowed.
 * @param c A category.
 * @return The count; 0 for NULL or an unknown category.
 * @since 1.1
 */
NPS_API uint64_t nps_wacc_category_count(const nps_wacc *w, nps_category c);

/**
 * @brief Sum of the weights of the answers in a category.
 * @param w The accumulator; NULL is allowed.
 * @param c A category.
 * @return The sum rounded to double (0 for an empty category); NaN for
 *         NULL or an unknown category.
 * @since 1.1
 */
NPS_API double nps_wacc_category_weight(const nps_wacc *w, nps_category c);

/**
 * @brief Sum of the squared weights of the answers in a category.
 * @param w The accumulator; NULL is allowed.
 * @param c A category.
 * @return The sum rounded to double; NaN for NULL or an unknown category.
 * @since 1.1
 */
NPS_API double nps_wacc_category_weight_sq(const nps_wacc *w,
                                           nps_category c);

/**
 * @brief Sum of all weights.
 * @param w The accumulator; NULL is allowed.
 * @return The sum rounded to double; NaN for NULL.
 * @since 1.1
 */
NPS_API double nps_wacc_total_weight(const nps_wacc *w);

/**
 * @brief The weighted NPS in points: 100 (W_promoters - W_detractors) / W.
 * @param w The accumulator; NULL is allowed.
 * @return A value in [-100, 100]; NaN when empty or NULL.
 * @since 1.1
 */
NPS_API double nps_wacc_score(const nps_wacc *w);

/**
 * @brief Kish's effective sample size (sum w)^2 / sum w^2.
 * @param w The accumulator.
 * @param[out] out In [1, n]; n when every weight is equal. Untouched on
 *             error.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL); ::NPS_E_EMPTY (no answers).
 * @since 1.1
 */
NPS_API nps_status nps_wacc_effective_n(const nps_wacc *w, double *out);

/**
 * @brief Taylor-linearisation standard error of the weighted NPS, in
 *        points (R: `SE(svymean(~x, svydesign(ids = ~1, weights = ~w)))`).
 * @param w The accumulator.
 * @param[out] out Points; untouched on error.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL); ::NPS_E_EMPTY (fewer than two
 *         answers: the n/(n-1) factor is undefined).
 * @since 1.1
 */
NPS_API nps_status nps_wacc_stderr(const nps_wacc *w, double *out);

/**
 * @brief Confidence interval for the weighted NPS.
 * @param w The accumulator.
 * @param method ::NPS_METHOD_WALD (Taylor standard error),
 *        ::NPS_METHOD_ADJUSTED_WALD or ::NPS_METHOD_SCORE (on the
 *        pseudo-counts n_eff * W_c / W).
 * @param level Confidence level in (0, 1).
 * @param[out] lo Lower bound in points (>= -100).
 * @param[out] hi Upper bound in points (<= 100).
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, unknown method, level outside
 *         (0, 1) or NaN); ::NPS_E_EMPTY (no answers; for Wald, fewer than
 *         two). Outputs untouched on error.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_interval(const nps_wacc *w, nps_method method,
                                     double level, double *lo, double *hi);

/**
 * @brief Two-sided test of H0: weighted NPS == @p benchmark.
 * @param w The sample.
 * @param benchmark In points, within [-100, 100].
 * @param method As nps_wacc_interval(): Wald is z with the Taylor standard
 *        error; adjusted Wald and score as nps_acc_test() on the
 *        pseudo-counts.
 * @param[out] p_value In [0, 1]; untouched on error.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, unknown method, benchmark
 *         outside [-100, 100] or NaN); ::NPS_E_EMPTY (as
 *         nps_wacc_interval()).
 * @since 1.1
 */
NPS_API nps_status nps_wacc_test(const nps_wacc *w, double benchmark,
                                 nps_method method, double *p_value);

/**
 * @brief Compare two independent weighted samples: NPS(a) - NPS(b),
 *        unpooled.
 * @param a,b The samples, on the same scale.
 * @param method ::NPS_METHOD_WALD (difference of the weighted scores, the
 *        Taylor standard errors combined) or ::NPS_METHOD_ADJUSTED_WALD
 *        (each sample's pseudo-counts with the pseudo-answers);
 *        ::NPS_METHOD_SCORE is ::NPS_E_INVALID.
 * @param level Confidence level in (0, 1).
 * @param[out] diff The method's estimate of the difference; may be NULL.
 * @param[out] lo,hi Interval bounds, clamped to [-200, 200]; may be NULL.
 * @param[out] p_value Two-sided p-value of H0: no difference; may be NULL.
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_MISMATCH (different scales);
 *         ::NPS_E_EMPTY (either sample too small, as nps_wacc_interval()).
 *         Outputs untouched on error.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_compare(const nps_wacc *a, const nps_wacc *b,
                                    nps_method method, double level,
                                    double *diff, double *lo, double *hi,
                                    double *p_value);

/**
 * @brief Copy the accumulator's scale.
 * @param w The accumulator.
 * @param[out] out Receives the scale.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL argument).
 * @since 1.1
 */
NPS_API nps_status nps_wacc_scale(const nps_wacc *w, nps_scale *out);

/**
 * @brief Whether two weighted accumulators hold the same state: scale,
 *        counts and weight sums to the last bit (exactly when their
 *        serializations are equal). The same answers added in another
 *        order or grouping may differ in the last bits.
 * @param a,b The accumulators; NULL is allowed.
 * @return 1 if equal, 0 otherwise (also when either is NULL).
 * @since 1.1
 */
NPS_API int nps_wacc_equal(const nps_wacc *a, const nps_wacc *b);

/**
 * @brief Bytes of memory the object owns.
 * @param w The accumulator; NULL is allowed.
 * @return The size in bytes; 0 for NULL.
 * @since 1.1
 */
NPS_API size_t nps_wacc_footprint(const nps_wacc *w);

/**
 * @brief Encode a weighted accumulator (docs/format.md, kind `W`).
 * @param w The accumulator.
 * @param buf Output; may be NULL when @p cap is 0.
 * @param cap Capacity of @p buf.
 * @param[out] len Receives the encoded size (also on ::NPS_E_BUFSIZE).
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_BUFSIZE (nothing written).
 * @since 1.1
 */
NPS_API nps_status nps_wacc_serialize(const nps_wacc *w, void *buf,
                                      size_t cap, size_t *len);

/**
 * @brief Decode a weighted accumulator.
 * @param[out] out Receives a new object; NULL on error.
 * @param buf The bytes.
 * @param len Their exact length.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL); ::NPS_E_FORMAT (malformed,
 *         truncated, corrupted, non-canonical, NaN, infinite or negative
 *         sums); ::NPS_E_VERSION; ::NPS_E_NOMEM.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_deserialize(nps_wacc **out, const void *buf,
                                        size_t len);

/**
 * @brief nps_wacc_deserialize() with a custom allocator.
 * @param[out] out Receives a new object; NULL on error.
 * @param buf The bytes.
 * @param len Their exact length.
 * @param allocator Copied; NULL for malloc/free.
 * @return As nps_wacc_deserialize(); ::NPS_E_INVALID also for an allocator
 *         with a NULL function.
 * @since 1.1
 */
NPS_API nps_status nps_wacc_deserialize_with_allocator(
    nps_wacc **out, const void *buf, size_t len,
    const nps_allocator *allocator);

/** @} */

/* ------------------------------------------------------------------------ */
/**
 * @defgroup inference Inference across periods and groups
 * @brief Trends across periods, many comparisons, omnibus tests, coherent
 *        small-sample comparisons, planning on the reported margin, alerts.
 *
 * These functions take sequences of accumulators (periods or groups) and
 * never treat answers from different periods as one sample: real periods
 * differ by more than sampling noise, and a verdict must say so. Results
 * that may grow come in structs carrying a @c version field: initialise
 * them with their `_INIT` macro before the call. Methods, formulas and
 * measured error rates: docs/statistics.md.
 * @{
 */

/** @brief Trend method. Values are frozen. @since 1.1 */
typedef enum nps_trend_method {
    /** Default. Random-effects meta-regression of each period's NPS on its
        position: DerSimonian & Laird (1986) between-period variance tau^2,
        Knapp & Hartung (2003) standard error on K - 2 degrees of freedom
        (K non-empty periods). */
    NPS_TREND_RANDOM_EFFECTS = 0,
    /** OLS on answers, every answer independent (the method of
        nps_timeline_trend() in 1.0): too confident when periods differ by
        more than sampling noise. */
    NPS_TREND_ANSWERS = 1
} nps_trend_method;

/** @brief A trend across periods; initialise with ::NPS_TREND_INIT.
    @since 1.1 */
typedef struct nps_trend {
    unsigned version; /**< ::NPS_TREND_VERSION (set by ::NPS_TREND_INIT) */
    double slope;     /**< points per unit of position */
    double se;        /**< standard error of the slope */
    double p_value;   /**< two-sided, H0: slope = 0 */
    double df;        /**< degrees of freedom of the t reference */
    double tau;       /**< between-period SD, points (0 for NPS_TREND_ANSWERS) */
    double q;         /**< Cochran's Q (residual heterogeneity) */
    double q_p_value; /**< chi^2 on K-2 df */
    uint64_t periods; /**< non-empty periods used */
    uint64_t answers; /**< answers used */
} nps_trend;
/** Current ::nps_trend layout. @since 1.1 */
#define NPS_TREND_VERSION 1
/** Initialiser of an ::nps_trend. @since 1.1 */
#define NPS_TREND_INIT { NPS_TREND_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/**
 * @brief Trend of the NPS across periods.
 *
 * Each non-empty period i gives its raw NPS y_i and the sampling variance
 * v_i = 10^4 s_i^2 / n_i, where s_i^2 is the per-answer variance of the
 * shares after adding 3/4 detractor, 3/2 passive and 3/4 promoter
 * pseudo-answers (so a period whose answers all agree, e.g. two promoters,
 * still has a variance: no "SE 0" from tiny periods).
 *
 * ::NPS_TREND_RANDOM_EFFECTS: fit y on x by weighted least squares with
 * w_i = 1 / v_i, Q = sum w_i e_i^2 (Cochran's Q), tau^2 = max(0, (Q -
 * (K - 2)) / tr P) with tr P = sum w - sum w^2 / sum w - sum w^2 (x -
 * xbar)^2 / Sxx (DerSimonian & Laird 1986, "Meta-analysis in clinical
 * trials"); refit with w_i = 1 / (v_i + tau^2); SE^2 = (Q* / (K - 2))
 * / sum w (x - xbar)^2, Q* the refit's weighted residual sum of squares,
 * and p from Student's t on K - 2 df (Knapp & Hartung 2003, "Improved
 * tests for a random effects meta-regression with a single covariate").
 * Equals R's `metafor::rma(y, v, mods = ~x, method = "DL", test = "knha")`.
 * A perfect linear fit (possible only with tiny periods) gives SE 0 and
 * p 0 (1 for a zero slope); the measured false-positive rate includes it.
 *
 * ::NPS_TREND_ANSWERS: OLS of every answer's value (+100/0/-100) on its
 * period's position, SE from the residual variance on N - 2 df; tau = 0.
 * Both methods report Q and its chi^2 p-value on K - 2 df.
 *
 * @param[out] out Initialised with ::NPS_TREND_INIT; filled on success,
 *        untouched on error.
 * @param periods @p k accumulators on one scale; empty ones are skipped.
 *        May be NULL when @p k is 0.
 * @param positions @p k finite positions (e.g. 0, 1, 2... or months); the
 *        slope is per unit of position.
 * @param k Number of periods.
 * @param method An ::nps_trend_method.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, bad version, unknown method, a
 *         NULL period, a non-finite position, all non-empty periods at one
 *         position); ::NPS_E_MISMATCH (different scales);
 *         ::NPS_E_OVERFLOW (more than UINT64_MAX answers in all);
 *         ::NPS_E_EMPTY (fewer than 3 non-empty periods: no trend verdict).
 * @since 1.1
 */
NPS_API nps_status nps_trend_fit(nps_trend *out, const nps_acc *const *periods,
                                 const double *positions, size_t k,
                                 nps_trend_method method);

/** @brief Multiplicity adjustment of p-values. Values are frozen.
    @since 1.1 */
typedef enum nps_adjust {
    /** No adjustment: each p-value as given. */
    NPS_ADJUST_NONE = 0,
    /** Holm (1979) step-down: controls the family-wise error rate. */
    NPS_ADJUST_HOLM = 1,
    /** Benjamini & Hochberg (1995) step-up: controls the false discovery
        rate. */
    NPS_ADJUST_BH = 2
} nps_adjust;

/**
 * @brief Adjusted p-values, as R's `p.adjust(p, "holm")` / `"BH"`.
 *
 * With p_(1) <= ... <= p_(n): Holm gives min(1, max_{j <= i} (n - j + 1)
 * p_(j)), Benjamini-Hochberg min(1, min_{j >= i} n p_(j) / j); each is
 * written at the position of its input.
 * @param[out] out @p n adjusted p-values; may be the same array as
 *        @p p_values (in place); untouched on error.
 * @param p_values @p n p-values in [0, 1].
 * @param n Number of p-values (0 is fine and does nothing).
 * @param method An ::nps_adjust.
 * @param allocator For the sort's scratch space; NULL for malloc/free.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL arrays with n > 0, unknown
 *         method, a p-value outside [0, 1] or NaN, an allocator with a NULL
 *         function); ::NPS_E_NOMEM.
 * @since 1.1
 */
NPS_API nps_status nps_pvalues_adjust(double *out, const double *p_values,
                                      size_t n, nps_adjust method,
                                      const nps_allocator *allocator);

/** @brief Omnibus test that k groups share one NPS; initialise with
    ::NPS_HETEROGENEITY_INIT. @since 1.1 */
typedef struct nps_heterogeneity {
    unsigned version;  /**< ::NPS_HETEROGENEITY_VERSION */
    double statistic;  /**< Wald chi^2: sum w_i (y_i - ybar_w)^2 */
    double df;         /**< non-empty groups - 1 */
    double p_value;    /**< upper tail of chi^2 on df */
    uint64_t groups;   /**< non-empty groups used */
} nps_heterogeneity;
/** Current ::nps_heterogeneity layout. @since 1.1 */
#define NPS_HETEROGENEITY_VERSION 1
/** Initialiser of an ::nps_heterogeneity. @since 1.1 */
#define NPS_HETEROGENEITY_INIT { NPS_HETEROGENEITY_VERSION, 0, 0, 0, 0 }

/**
 * @brief Omnibus Wald test of H0: every group has the same NPS.
 *
 * y_i is group i's raw NPS, w_i = 1 / v_i with v_i the sampling variance
 * of nps_trend_fit() (pseudo-answers in the variance only), ybar_w the
 * weighted mean; the statistic is chi^2 on (groups - 1) df under H0. Run
 * it before per-group tests: when it is not significant, no group differs.
 * @param[out] out Initialised with ::NPS_HETEROGENEITY_INIT; untouched on
 *        error.
 * @param groups @p k accumulators on one scale; empty ones are skipped.
 * @param k Number of groups.
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, bad version, a NULL group);
 *         ::NPS_E_MISMATCH; ::NPS_E_EMPTY (fewer than 2 non-empty groups).
 * @since 1.1
 */
NPS_API nps_status nps_heterogeneity_test(nps_heterogeneity *out,
                                          const nps_acc *const *groups,
                                          size_t k);

/** @brief A two-sample comparison; initialise with
    ::NPS_COMPARISON_INIT. @since 1.1 */
typedef struct nps_comparison {
    unsigned version; /**< ::NPS_COMPARISON_VERSION */
    double diff;      /**< NPS(a) - NPS(b) of the raw estimates, points */
    double lo;        /**< lower bound, lo <= diff */
    double hi;        /**< upper bound, diff <= hi */
    double p_value;   /**< two-sided; below 1 - level exactly when the
                           interval excludes 0 */
} nps_comparison;
/** Current ::nps_comparison layout. @since 1.1 */
#define NPS_COMPARISON_VERSION 1
/** Initialiser of an ::nps_comparison. @since 1.1 */
#define NPS_COMPARISON_INIT { NPS_COMPARISON_VERSION, 0, 0, 0, 0 }

/**
 * @brief Compare two samples: the raw difference with a MOVER interval
 *        built from each sample's score limits.
 *
 * With estimates t_a, t_b and Tango score limits (l_a, u_a), (l_b, u_b) at
 * the same level (NPS_METHOD_SCORE of nps_acc_interval()), the interval is
 * (Newcombe 1998; Zou & Donner 2008, "Construction of confidence limits
 * about effect measures: a general approach", Statistics in Medicine 27)
 *     lo = t_a - t_b - sqrt((t_a - l_a)^2 + (u_b - t_b)^2),
 *     hi = t_a - t_b + sqrt((u_a - t_a)^2 + (t_b - l_b)^2),
 * so it always contains the raw difference, even for one answer per group.
 * The p-value inverts the same interval: the smallest 1 - level at which it
 * excludes 0 (1 when the difference is 0). Unlike nps_compare(), whose
 * 1.0 meaning is unchanged, @c diff is always NPS(a) - NPS(b).
 * @param[out] out Initialised with ::NPS_COMPARISON_INIT; untouched on
 *        error.
 * @param a,b The samples, on the same scale.
 * @param level Confidence level in (0, 1).
 * @return ::NPS_OK; ::NPS_E_INVALID; ::NPS_E_MISMATCH; ::NPS_E_EMPTY
 *         (either sample empty).
 * @since 1.1
 */
NPS_API nps_status nps_compare_score(nps_comparison *out, const nps_acc *a,
                                     const nps_acc *b, double level);

/**
 * @brief Answers needed so that a method's reported margin is at most
 *        @p margin at the expected shares.
 *
 * The smallest n whose interval, computed by @p method from n answers at
 * the expected shares (fractional expected counts), has half-width <=
 * @p margin: the margin reports show. ::NPS_METHOD_WALD gives
 * nps_sample_size(); ::NPS_METHOD_ADJUSTED_WALD adds the 3 pseudo-answers;
 * ::NPS_METHOD_SCORE uses (hi - lo) / 2 of the score interval. About half
 * of real samples of that size come out with a margin a little above the
 * target (the shares vary); docs/statistics.md gives the simulation.
 * @param[out] out Answers (at least 1); untouched on error.
 * @param method An ::nps_method.
 * @param margin Target half-width in points, in (0, 200].
 * @param level Confidence level in (0, 1).
 * @param promoter_share,detractor_share Expected shares as in
 *        nps_sample_size(); a negative one is unknown and takes its worst
 *        case given the other (Wald and adjusted Wald only).
 * @return ::NPS_OK; ::NPS_E_INVALID (bad argument, an unknown share with
 *         ::NPS_METHOD_SCORE); ::NPS_E_OVERFLOW (more than UINT64_MAX).
 * @since 1.1
 */
NPS_API nps_status nps_sample_size_margin(uint64_t *out, nps_method method,
                                          double margin, double level,
                                          double promoter_share,
                                          double detractor_share);

/** @brief Verdict on one period. Values are frozen. @since 1.1 */
typedef enum nps_alert_kind {
    /** Within the limits. */
    NPS_ALERT_NONE = 0,
    /** Below the lower limit: a drop. */
    NPS_ALERT_LOW = 1,
    /** Above the upper limit: a rise. */
    NPS_ALERT_HIGH = 2,
    /** No verdict: the period is empty or its baseline has fewer than 3
        non-empty periods. */
    NPS_ALERT_UNDECIDED = 3
} nps_alert_kind;

/** @brief One period's alert; initialise every element of the array
    with ::NPS_ALERT_INIT. @since 1.1 */
typedef struct nps_alert {
    unsigned version;        /**< ::NPS_ALERT_VERSION */
    nps_alert_kind kind;     /**< the verdict */
    double z;                /**< (NPS - center) / (sigma_z * sd): flagged
                                  when |z| > limit */
    double center;           /**< pooled NPS of the baseline, points */
    double lo;               /**< lower limit for this period, points */
    double hi;               /**< upper limit for this period, points */
    double sigma_z;          /**< Laney's widening factor, >= 1 */
    uint64_t baseline;       /**< non-empty baseline periods used */
} nps_alert;
/** Current ::nps_alert layout. @since 1.1 */
#define NPS_ALERT_VERSION 1
/** Initialiser of an ::nps_alert. @since 1.1 */
#define NPS_ALERT_INIT { NPS_ALERT_VERSION, NPS_ALERT_NONE, 0, 0, 0, 0, 0, 0 }

/**
 * @brief Flag periods that depart from their trailing baseline (a Laney
 *        p'-style control chart for the NPS).
 *
 * For period t, the baseline is the non-empty periods among the @p window
 * before it. With pooled baseline NPS c and per-answer variance s^2 (from
 * the pooled counts), each baseline period j has z_j = (y_j - c) /
 * sqrt(s^2 / n_j); sigma_z = max(1, mean |z_j - z_{j-1}| / 1.128) widens
 * the limits by the observed period-to-period variation (Laney 2002,
 * "Improved control charts for attributes", Quality Engineering 14). Period
 * t is flagged when |y_t - c| > limit * sigma_z * sqrt(s^2 (1/n_t + 1/N)),
 * N the baseline's answers. Flagged periods stay in later baselines. The
 * in-control false-alarm rate per period at window 12 and limit 3 is
 * measured in docs/statistics.md.
 * @param[out] out @p k alerts, each initialised with ::NPS_ALERT_INIT (the
 *        version is read from out[0]); untouched on error.
 * @param periods @p k accumulators on one scale, oldest first.
 * @param k Number of periods.
 * @param window Trailing periods in each baseline, at least 3.
 * @param limit Width of the limits in sigma units, > 0 (3 is usual).
 * @return ::NPS_OK; ::NPS_E_INVALID (NULL, bad version, a NULL period,
 *         window < 3, limit not > 0 or not finite); ::NPS_E_MISMATCH.
 * @since 1.1
 */
NPS_API nps_status nps_alert_scan(nps_alert *out, const nps_acc *const *periods,
                                  size_t k, size_t window, double limit);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* NPS_H */
