/* Statistics: variance, standard error, the three interval methods, tests,
   two-sample comparison and sample sizes. Expected values are worked by hand
   from the formulas in docs/statistics.md (the arithmetic is written out in
   the comments and in the expressions), use published normal quantiles
   rather than the library's, or come from an independent high-precision
   solution of Tango's score interval (numerical maximisation of the
   restricted likelihood, no closed form), never from this code's output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>

#include "nps.h"

/* Published standard normal quantiles z_p (Phi(z_p) = p). */
#define Z_975 1.9599639845400542355
#define Z_95 1.6448536269514727149
#define Z_995 2.575829303548900761
#define Z_80 0.84162123357291420518

static const nps_scale scale_1_10 = {1, 10, 7, 9};

#define SENTINEL 12345.0

static void near(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.15g, want %.15g (|diff| %.3g > %.3g)", got, want,
                 fabs(got - want), tol);
}

/* An accumulator with d detractors, p passives and r promoters; on the 1-10
   scale (s != NULL) the answers are 1, 7 and 10, on the standard one 0, 7
   and 10. */
static nps_acc *make_on(const nps_scale *s, uint64_t d, uint64_t p, uint64_t r)
{
    nps_acc *acc = NULL;
    assert_int_equal(nps_acc_new(&acc, s), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, s ? 1 : 0, d), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 7, p), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 10, r), NPS_OK);
    return acc;
}

static nps_acc *make(uint64_t d, uint64_t p, uint64_t r)
{
    return make_on(NULL, d, p, r);
}

static const nps_method all_methods[] = {NPS_METHOD_WALD,
                                         NPS_METHOD_ADJUSTED_WALD,
                                         NPS_METHOD_SCORE};

/* ---- variance and standard error ---------------------------------------- */

static void test_stats__variance_and_stderr_hand_worked(void **state)
{
    /* D,P,R = 1,2,3, n = 6: pR = 1/2, pD = 1/6, NPS = 33.33.
       variance = 10^4 ((1/2 + 1/6) - (1/2 - 1/6)^2) = 10^4 (2/3 - 1/9)
                = 10^4 * 5/9 = 5555.56 points^2;
       SE = sqrt(5555.56 / 6) = 100 sqrt(5/54) = 30.43. */
    nps_acc *acc = make(1, 2, 3);
    double v = 0, se = 0;
    (void)state;
    assert_int_equal(nps_acc_variance(acc, &v), NPS_OK);
    near(v, 1e4 * 5.0 / 9.0, 1e-9);
    assert_int_equal(nps_acc_stderr(acc, &se), NPS_OK);
    near(se, 100.0 * sqrt(5.0 / 54.0), 1e-11);
    near(se, 30.43, 0.005);
    nps_acc_free(acc);
}

static void test_stats__variance_of_one_category_is_zero(void **state)
{
    /* Every answer equal: X is constant, so its variance is 0. */
    static const uint64_t c[3][3] = {{7, 0, 0}, {0, 7, 0}, {0, 0, 7}};
    size_t i;
    (void)state;
    for (i = 0; i < 3; i++) {
        nps_acc *acc = make(c[i][0], c[i][1], c[i][2]);
        double v = -1, se = -1;
        assert_int_equal(nps_acc_variance(acc, &v), NPS_OK);
        assert_true(v == 0.0);
        assert_int_equal(nps_acc_stderr(acc, &se), NPS_OK);
        assert_true(se == 0.0);
        nps_acc_free(acc);
    }
}

static void test_stats__variance_is_largest_half_promoters_half_detractors(
    void **state)
{
    /* D,R = n/2: (1/2 + 1/2) - 0 = 1, i.e. 10^4 points^2, the maximum. */
    nps_acc *acc = make(50, 0, 50);
    double v;
    (void)state;
    assert_int_equal(nps_acc_variance(acc, &v), NPS_OK);
    near(v, 1e4, 1e-9);
    nps_acc_free(acc);
}

/* ---- intervals: hand-worked ---------------------------------------------- */

static void test_stats__wald_interval_hand_worked(void **state)
{
    /* D,P,R = 1,2,3: 100/3 -+ z SE, SE = 100 sqrt(5/54), z = 1.95996...
       = 33.333 -+ 59.640 -> [-26.306, 92.973]. */
    nps_acc *acc = make(1, 2, 3);
    double lo, hi, m, se = 100.0 * sqrt(5.0 / 54.0);
    (void)state;
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_WALD, 0.95, &lo, &hi),
                     NPS_OK);
    near(lo, 100.0 / 3.0 - Z_975 * se, 1e-9);
    near(hi, 100.0 / 3.0 + Z_975 * se, 1e-9);
    near(lo, -26.306, 0.001);
    assert_int_equal(nps_acc_margin(acc, NPS_METHOD_WALD, 0.95, &m), NPS_OK);
    near(m, Z_975 * se, 1e-9);
    nps_acc_free(acc);
}

static void test_stats__adjusted_wald_interval_hand_worked(void **state)
{
    /* D,P,R = 1,2,3 plus 3/4, 3/2, 3/4: D,P,R = 1.75, 3.5, 3.75, n = 9.
       estimate = 100 (3.75 - 1.75) / 9 = 200/9 = 22.222;
       (pR + pD) - (pR - pD)^2 = 5.5/9 - (2/9)^2 = 49.5/81 - 4/81 = 45.5/81;
       SE = 100 sqrt(45.5/81 / 9) = 100 sqrt(45.5) / 27 = 24.983;
       95%: 22.222 -+ 48.966 -> [-26.743, 71.188]. */
    nps_acc *acc = make(1, 2, 3);
    double lo, hi, se = 100.0 * sqrt(45.5) / 27.0;
    (void)state;
    assert_int_equal(
        nps_acc_interval(acc, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo, &hi),
        NPS_OK);
    near(lo, 200.0 / 9.0 - Z_975 * se, 1e-9);
    near(hi, 200.0 / 9.0 + Z_975 * se, 1e-9);
    near(hi, 71.188, 0.001);
    nps_acc_free(acc);
}

static void test_stats__score_interval_matches_independent_solution(
    void **state)
{
    /* Tango's score interval solved independently at 40 digits: the
       restricted MLE by bisection on the derivative of the multinomial
       log-likelihood (no closed form), the ends by bisection on
       T(delta) = -+z with z from erfinv. */
    static const struct {
        uint64_t d, p, r;
        double level, lo, hi;
    } c[] = {
        {1, 2, 3, 0.95, -31.1073784624224, 75.395666356387},
        {5, 3, 2, 0.95, -67.5277887988257, 21.659219749038},
        {3, 40, 2, 0.95, -14.3428334660252, 9.4516688716808},
        {20, 30, 50, 0.95, 13.9551416141957, 44.3393066335859},
        {0, 0, 1, 0.95, -58.6901371245525, 100.0},
        {2, 0, 1, 0.90, -84.3468547332488, 49.2932263437372},
        {1, 2, 3, 0.50, 11.2973262752489, 51.9157158128278},
        {7, 11, 13, 0.99, -17.8395302324726, 51.2009760475632},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        nps_acc *acc = make(c[i].d, c[i].p, c[i].r);
        double lo, hi;
        assert_int_equal(
            nps_acc_interval(acc, NPS_METHOD_SCORE, c[i].level, &lo, &hi),
            NPS_OK);
        near(lo, c[i].lo, 1e-10);
        near(hi, c[i].hi, 1e-10);
        nps_acc_free(acc);
    }
}

static void test_stats__all_passives(void **state)
{
    /* n = 10 passives, NPS 0.
       Wald: SE 0, so the interval is [0, 0] -- the reason adjusted Wald is
       the default.
       Adjusted Wald: pR = pD = 0.75/13, (pR + pD) - 0 = 1.5/13,
       SE = 100 sqrt(1.5/13/13) = 100 sqrt(1.5) / 13 = 9.421.
       Score: for delta > 0 the restricted MLE puts no mass on detractors
       (q = 0), V = delta (1 - delta), T = -sqrt(n delta / (1 - delta)); T = -z
       at delta = z^2 / (n + z^2): 100 * 3.8415 / 13.8415 = 27.753. */
    const double n = 10.0, z2 = Z_975 * Z_975;
    nps_acc *acc = make(0, 10, 0);
    double lo, hi, p;
    (void)state;
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_WALD, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(lo == 0.0 && hi == 0.0);
    assert_int_equal(
        nps_acc_interval(acc, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo, &hi),
        NPS_OK);
    near(hi, Z_975 * 100.0 * sqrt(1.5) / 13.0, 1e-9);
    near(lo, -hi, 1e-12);
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_SCORE, 0.95, &lo, &hi),
                     NPS_OK);
    near(hi, 100.0 * z2 / (n + z2), 1e-10);
    near(lo, -100.0 * z2 / (n + z2), 1e-10);
    near(hi, 27.753, 0.001);
    /* Zero standard error: p = 1 at the estimate, 0 anywhere else. The
       score test at 0 has V = 0 and agrees exactly: p = 1. */
    assert_int_equal(nps_acc_test(acc, 0.0, NPS_METHOD_WALD, &p), NPS_OK);
    assert_true(p == 1.0);
    assert_int_equal(nps_acc_test(acc, 10.0, NPS_METHOD_WALD, &p), NPS_OK);
    assert_true(p == 0.0);
    assert_int_equal(nps_acc_test(acc, 0.0, NPS_METHOD_SCORE, &p), NPS_OK);
    assert_true(p == 1.0);
    nps_acc_free(acc);
}

static void test_stats__all_promoters(void **state)
{
    /* n = 10 promoters, NPS 100.
       Wald: [100, 100]. Score: upper end 100; for delta >= 0 the restricted
       MLE is q = (1 - delta)/2, V = 1 - delta^2, so
       T = sqrt(n) sqrt((1 - delta) / (1 + delta)) and T = z at
       delta = (n - z^2) / (n + z^2): 100 * 6.1585 / 13.8415 = 44.493.
       Adjusted Wald: D,P,R = .75, 1.5, 10.75 over 13: estimate 100 * 10/13,
       (11.5/13) - (10/13)^2 = (149.5 - 100)/169 = 49.5/169,
       SE = 100 sqrt(49.5/169/13). */
    const double n = 10.0, z2 = Z_975 * Z_975;
    const double se_adj = 100.0 * sqrt(49.5 / 169.0 / 13.0);
    nps_acc *acc = make(0, 0, 10);
    double lo, hi, p;
    (void)state;
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_WALD, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(lo == 100.0 && hi == 100.0);
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_SCORE, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(hi == 100.0);
    near(lo, 100.0 * (n - z2) / (n + z2), 1e-10);
    assert_int_equal(
        nps_acc_interval(acc, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo, &hi),
        NPS_OK);
    near(lo, 1000.0 / 13.0 - Z_975 * se_adj, 1e-9);
    assert_true(hi == 100.0); /* 76.9 + 33.1 clamped */
    /* Tests: Wald and score p = 1 at 100, and Wald p = 0 below it.
       Score at 50: T = sqrt(10 * 0.5 / 1.5) = sqrt(10/3). */
    assert_int_equal(nps_acc_test(acc, 100.0, NPS_METHOD_WALD, &p), NPS_OK);
    assert_true(p == 1.0);
    assert_int_equal(nps_acc_test(acc, 99.0, NPS_METHOD_WALD, &p), NPS_OK);
    assert_true(p == 0.0);
    assert_int_equal(nps_acc_test(acc, 100.0, NPS_METHOD_SCORE, &p), NPS_OK);
    assert_true(p == 1.0);
    assert_int_equal(nps_acc_test(acc, 50.0, NPS_METHOD_SCORE, &p), NPS_OK);
    near(p, erfc(sqrt(10.0 / 3.0) / sqrt(2.0)), 1e-14);
    nps_acc_free(acc);
}

static void test_stats__all_detractors_mirror_all_promoters(void **state)
{
    const double n = 10.0, z2 = Z_975 * Z_975;
    nps_acc *acc = make(10, 0, 0);
    double lo, hi;
    (void)state;
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_SCORE, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(lo == -100.0);
    near(hi, -100.0 * (n - z2) / (n + z2), 1e-10);
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_WALD, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(lo == -100.0 && hi == -100.0);
    nps_acc_free(acc);
}

/* ---- tests --------------------------------------------------------------- */

static void test_stats__one_sample_tests_hand_worked(void **state)
{
    /* D,P,R = 1,2,3 against 0.
       Wald: z = (100/3) / (100 sqrt(5/54)) = sqrt(54/45) = sqrt(1.2).
       Adjusted: z = (200/9) / (100 sqrt(45.5)/27) = 6 / sqrt(45.5).
       Score: under delta = 0 the restricted MLE is q = (pR + pD)/2 = 1/3,
       V = 2/3, T = (1/3) / sqrt((2/3)/6) = 1, p = 0.3173105078629141. */
    nps_acc *acc = make(1, 2, 3);
    double p;
    (void)state;
    assert_int_equal(nps_acc_test(acc, 0.0, NPS_METHOD_WALD, &p), NPS_OK);
    near(p, erfc(sqrt(1.2) / sqrt(2.0)), 1e-14);
    assert_int_equal(nps_acc_test(acc, 0.0, NPS_METHOD_ADJUSTED_WALD, &p),
                     NPS_OK);
    near(p, erfc(6.0 / sqrt(45.5) / sqrt(2.0)), 1e-14);
    assert_int_equal(nps_acc_test(acc, 0.0, NPS_METHOD_SCORE, &p), NPS_OK);
    near(p, 0.31731050786291410283, 1e-14);
    /* Benchmark equal to the estimate: no evidence against it. */
    assert_int_equal(nps_acc_test(acc, 100.0 / 3.0, NPS_METHOD_WALD, &p),
                     NPS_OK);
    near(p, 1.0, 1e-14);
    nps_acc_free(acc);
}

static void test_stats__score_test_inverts_score_interval(void **state)
{
    /* The score interval is the set of benchmarks the score test does not
       reject: p = 1 - level at both ends, more inside, less outside. */
    static const uint64_t c[][3] = {{1, 2, 3}, {5, 3, 2}, {20, 30, 50},
                                    {3, 40, 2}, {0, 9, 1}};
    static const double levels[] = {0.5, 0.9, 0.95, 0.99};
    size_t i, j;
    (void)state;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        nps_acc *acc = make(c[i][0], c[i][1], c[i][2]);
        for (j = 0; j < sizeof levels / sizeof levels[0]; j++) {
            double lo, hi, p, a = 1.0 - levels[j];
            assert_int_equal(
                nps_acc_interval(acc, NPS_METHOD_SCORE, levels[j], &lo, &hi),
                NPS_OK);
            assert_int_equal(nps_acc_test(acc, lo, NPS_METHOD_SCORE, &p),
                             NPS_OK);
            near(p, a, 1e-9);
            assert_int_equal(nps_acc_test(acc, hi, NPS_METHOD_SCORE, &p),
                             NPS_OK);
            near(p, a, 1e-9);
            assert_int_equal(
                nps_acc_test(acc, 0.5 * (lo + hi), NPS_METHOD_SCORE, &p),
                NPS_OK);
            assert_true(p > a);
            if (lo > -99.0) {
                assert_int_equal(
                    nps_acc_test(acc, lo - 1.0, NPS_METHOD_SCORE, &p), NPS_OK);
                assert_true(p < a);
            }
        }
        nps_acc_free(acc);
    }
}

/* ---- properties ---------------------------------------------------------- */

static void test_stats__swapping_promoters_and_detractors_mirrors_intervals(
    void **state)
{
    static const uint64_t c[][3] = {{1, 2, 3},  {5, 3, 2}, {0, 0, 4},
                                    {0, 5, 1},  {3, 40, 2}, {17, 4, 60},
                                    {1, 0, 0}, {250, 100, 650}};
    static const double levels[] = {0.5, 0.8, 0.95, 0.999};
    size_t i, j, k;
    (void)state;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        nps_acc *a = make(c[i][0], c[i][1], c[i][2]);
        nps_acc *b = make(c[i][2], c[i][1], c[i][0]);
        for (j = 0; j < sizeof levels / sizeof levels[0]; j++)
            for (k = 0; k < 3; k++) {
                double alo, ahi, blo, bhi, pa, pb;
                assert_int_equal(nps_acc_interval(a, all_methods[k],
                                                  levels[j], &alo, &ahi),
                                 NPS_OK);
                assert_int_equal(nps_acc_interval(b, all_methods[k],
                                                  levels[j], &blo, &bhi),
                                 NPS_OK);
                near(blo, -ahi, 1e-12);
                near(bhi, -alo, 1e-12);
                assert_int_equal(nps_acc_test(a, 12.5, all_methods[k], &pa),
                                 NPS_OK);
                assert_int_equal(nps_acc_test(b, -12.5, all_methods[k], &pb),
                                 NPS_OK);
                near(pa, pb, 1e-12);
            }
        nps_acc_free(a);
        nps_acc_free(b);
    }
}

static void test_stats__intervals_widen_with_level(void **state)
{
    static const uint64_t c[][3] = {{1, 2, 3}, {20, 30, 50}, {0, 0, 12},
                                    {4, 90, 6}};
    static const double levels[] = {0.01, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999,
                                    0.999999};
    size_t i, j, k;
    (void)state;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        nps_acc *acc = make(c[i][0], c[i][1], c[i][2]);
        for (k = 0; k < 3; k++) {
            double plo = 1e9, phi = -1e9;
            for (j = 0; j < sizeof levels / sizeof levels[0]; j++) {
                double lo, hi;
                assert_int_equal(
                    nps_acc_interval(acc, all_methods[k], levels[j], &lo, &hi),
                    NPS_OK);
                assert_true(-100.0 <= lo && lo <= hi && hi <= 100.0);
                /* Nested: each interval contains the previous one. */
                assert_true(lo <= plo && hi >= phi);
                plo = lo;
                phi = hi;
            }
        }
        nps_acc_free(acc);
    }
}

static void test_stats__intervals_narrow_with_n(void **state)
{
    /* Same shares (D,P,R = 2,3,5 per 10), ten times the answers: every
       method's margin shrinks. */
    static const uint64_t mult[] = {1, 10, 100, 1000, 100000};
    size_t i, k;
    (void)state;
    for (k = 0; k < 3; k++) {
        double prev = 1e9;
        for (i = 0; i < sizeof mult / sizeof mult[0]; i++) {
            nps_acc *acc = make(2 * mult[i], 3 * mult[i], 5 * mult[i]);
            double m;
            assert_int_equal(nps_acc_margin(acc, all_methods[k], 0.95, &m),
                             NPS_OK);
            assert_true(m < prev);
            prev = m;
            nps_acc_free(acc);
        }
        /* n = 10^6 with variance 6100: z sqrt(6100/10^6) * ... = 0.1531. */
        near(prev, Z_975 * sqrt(6100.0 / 1e6), 2e-4);
    }
}

static void test_stats__margin_is_half_width(void **state)
{
    nps_acc *acc = make(2, 1, 9);
    size_t k;
    (void)state;
    for (k = 0; k < 3; k++) {
        double lo, hi, m;
        assert_int_equal(nps_acc_interval(acc, all_methods[k], 0.9, &lo, &hi),
                         NPS_OK);
        assert_int_equal(nps_acc_margin(acc, all_methods[k], 0.9, &m), NPS_OK);
        near(m, 0.5 * (hi - lo), 1e-12);
    }
    nps_acc_free(acc);
}

static void test_stats__any_level_in_open_unit_interval(void **state)
{
    /* Levels with no table entry: Wald half-width is z SE for the level's
       own z: 0.9 -> 1.6448536 (published). At 0.99 (z = 2.5758293) the
       interval 33.33 -+ 78.38 = [-45.05, 111.72] is clamped to 100, and the
       margin is half the clamped width: (100 - (33.33 - 78.38)) / 2. */
    nps_acc *acc = make(1, 2, 3);
    double se = 100.0 * sqrt(5.0 / 54.0), m;
    (void)state;
    assert_int_equal(nps_acc_margin(acc, NPS_METHOD_WALD, 0.9, &m), NPS_OK);
    near(m, Z_95 * se, 1e-9);
    assert_int_equal(nps_acc_margin(acc, NPS_METHOD_WALD, 0.99, &m), NPS_OK);
    near(m, 0.5 * (100.0 - (100.0 / 3.0 - Z_995 * se)), 1e-9);
    /* Levels just inside (0, 1) are accepted and finite. */
    assert_int_equal(nps_acc_margin(acc, NPS_METHOD_SCORE, 1e-300, &m),
                     NPS_OK);
    near(m, 0.0, 1e-9);
    assert_int_equal(
        nps_acc_margin(acc, NPS_METHOD_SCORE, 0.99999999999999989, &m),
        NPS_OK);
    assert_true(isfinite(m) && m > 0.0);
    nps_acc_free(acc);
}

/* ---- the 1-10 scale and large counts --------------------------------------- */

static void test_stats__one_to_ten_scale_matches_standard(void **state)
{
    /* On {1, 10, 7, 9} answers 1..6 are detractors: the same D,P,R gives
       the same statistics as on the standard scale. */
    nps_acc *s = make(1, 2, 3);
    nps_acc *t = make_on(&scale_1_10, 1, 2, 3);
    size_t k;
    double vs, vt;
    (void)state;
    assert_int_equal(nps_acc_variance(t, &vt), NPS_OK);
    near(vt, 1e4 * 5.0 / 9.0, 1e-9);
    assert_int_equal(nps_acc_variance(s, &vs), NPS_OK);
    assert_true(vs == vt);
    for (k = 0; k < 3; k++) {
        double a, b, c, d;
        assert_int_equal(nps_acc_interval(s, all_methods[k], 0.95, &a, &b),
                         NPS_OK);
        assert_int_equal(nps_acc_interval(t, all_methods[k], 0.95, &c, &d),
                         NPS_OK);
        assert_true(a == c && b == d);
    }
    nps_acc_free(s);
    nps_acc_free(t);
}

static void test_stats__a_billion_answers(void **state)
{
    /* D,P,R = 2e8, 3e8, 5e8: NPS 30, variance 10^4 (0.7 - 0.09) = 6100,
       SE = sqrt(6100 / 1e9) = 0.0024698; all three methods agree to
       ~1e-6 points at this n. */
    nps_acc *acc = make(200000000u, 300000000u, 500000000u);
    double se, lo, hi, want = Z_975 * sqrt(6100.0 / 1e9);
    size_t k;
    (void)state;
    assert_int_equal(nps_acc_stderr(acc, &se), NPS_OK);
    near(se, sqrt(6100.0 / 1e9), 1e-15);
    for (k = 0; k < 3; k++) {
        assert_int_equal(nps_acc_interval(acc, all_methods[k], 0.95, &lo, &hi),
                         NPS_OK);
        near(lo, 30.0 - want, 1e-6);
        near(hi, 30.0 + want, 1e-6);
    }
    nps_acc_free(acc);
}

static void test_stats__counts_near_uint64_max(void **state)
{
    /* D = 2^62, P = 2^62, R = 2^63 - 1: total UINT64_MAX. Shares 1/4, 1/4,
       1/2 to within 1e-19: NPS 25, variance 10^4 (3/4 - 1/16) = 6875,
       SE ~ 100 sqrt(0.6875 / 2^64) ~ 1.9e-8. Nothing overflows; intervals
       are finite, ordered and around 25. */
    const uint64_t q = (uint64_t)1 << 62;
    nps_acc *acc = make(q, q, 2 * q - 1);
    nps_acc *b = make(q, 2 * q - 1, q);
    double v, se, lo, hi, p, d;
    size_t k;
    (void)state;
    assert_true(nps_acc_total(acc) == UINT64_MAX);
    assert_int_equal(nps_acc_variance(acc, &v), NPS_OK);
    near(v, 6875.0, 1e-9);
    assert_int_equal(nps_acc_stderr(acc, &se), NPS_OK);
    near(se, 100.0 * sqrt(0.6875 / 18446744073709551616.0), 1e-20);
    for (k = 0; k < 3; k++) {
        assert_int_equal(nps_acc_interval(acc, all_methods[k], 0.95, &lo, &hi),
                         NPS_OK);
        assert_true(isfinite(lo) && isfinite(hi) && lo < 25.0 && hi > 25.0);
        near(hi - lo, 2.0 * Z_975 * se, 1e-12);
        assert_int_equal(nps_acc_test(acc, 25.0, all_methods[k], &p), NPS_OK);
        assert_true(p > 0.99);
        assert_int_equal(nps_acc_test(acc, 24.0, all_methods[k], &p), NPS_OK);
        assert_true(p == 0.0);
    }
    /* Two such samples: 25 - 0 = 25 points apart, p underflows to 0. */
    assert_int_equal(
        nps_compare(acc, b, NPS_METHOD_ADJUSTED_WALD, 0.95, &d, &lo, &hi, &p),
        NPS_OK);
    near(d, 25.0, 1e-9);
    assert_true(lo < 25.0 && hi > 25.0 && p == 0.0);
    nps_acc_free(acc);
    nps_acc_free(b);
}

/* ---- comparison ---------------------------------------------------------- */

static void test_stats__compare_hand_worked(void **state)
{
    /* a: D,P,R = 1,2,3 (NPS 100/3, variance 10^4 5/9, n 6);
       b: D,P,R = 5,3,2 (NPS -30, variance 10^4 (0.7 - 0.09) = 6100, n 10).
       Wald: diff = 100/3 + 30 = 63.333,
             SE = sqrt(10^4 5/54 + 610) = sqrt(925.93 + 610) = 39.191.
       Adjusted: a: 200/9, SE^2 = 10^4 45.5/729 (see above);
             b: D,P,R = 5.75, 4.5, 2.75 over 13: estimate -300/13,
             (8.5/13) - (3/13)^2 = (110.5 - 9)/169 = 101.5/169,
             SE^2 = 10^4 101.5/169/13;
             diff = 100 (2/9 + 3/13) = 100 * 53/117 = 45.299. */
    nps_acc *a = make(1, 2, 3), *b = make(5, 3, 2);
    double d, lo, hi, p, se;
    (void)state;
    se = sqrt(1e4 * 5.0 / 54.0 + 610.0);
    assert_int_equal(
        nps_compare(a, b, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p), NPS_OK);
    near(d, 100.0 / 3.0 + 30.0, 1e-10);
    near(lo, d - Z_975 * se, 1e-9);
    near(hi, d + Z_975 * se, 1e-9);
    near(p, erfc(d / se / sqrt(2.0)), 1e-14);
    se = sqrt(1e4 * 45.5 / 729.0 + 1e4 * 101.5 / 169.0 / 13.0);
    assert_int_equal(
        nps_compare(a, b, NPS_METHOD_ADJUSTED_WALD, 0.9, &d, &lo, &hi, &p),
        NPS_OK);
    near(d, 100.0 * 53.0 / 117.0, 1e-10);
    near(lo, d - Z_95 * se, 1e-9);
    near(hi, d + Z_95 * se, 1e-9);
    near(p, erfc(d / se / sqrt(2.0)), 1e-14);
    /* Reversed order: negated difference, mirrored interval, same p. */
    {
        double d2, lo2, hi2, p2;
        assert_int_equal(nps_compare(b, a, NPS_METHOD_ADJUSTED_WALD, 0.9, &d2,
                                     &lo2, &hi2, &p2),
                         NPS_OK);
        near(d2, -d, 1e-12);
        near(lo2, -hi, 1e-12);
        near(hi2, -lo, 1e-12);
        near(p2, p, 1e-15);
    }
    nps_acc_free(a);
    nps_acc_free(b);
}

static void test_stats__compare_identical_and_degenerate_samples(void **state)
{
    nps_acc *a = make(3, 4, 5), *b = make(3, 4, 5);
    nps_acc *r1 = make(0, 0, 5), *r2 = make(0, 0, 9), *d1 = make(4, 0, 0);
    double d, lo, hi, p;
    (void)state;
    assert_int_equal(
        nps_compare(a, b, NPS_METHOD_ADJUSTED_WALD, 0.95, &d, &lo, &hi, &p),
        NPS_OK);
    assert_true(d == 0.0 && p == 1.0);
    near(lo, -hi, 1e-12);
    /* Wald with both standard errors 0: the difference is certain. */
    assert_int_equal(
        nps_compare(r1, r2, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p), NPS_OK);
    assert_true(d == 0.0 && lo == 0.0 && hi == 0.0 && p == 1.0);
    assert_int_equal(
        nps_compare(r1, d1, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p), NPS_OK);
    assert_true(d == 200.0 && lo == 200.0 && hi == 200.0 && p == 0.0);
    /* Adjusted Wald keeps a positive width and clamps to [-200, 200]. */
    assert_int_equal(nps_compare(r1, d1, NPS_METHOD_ADJUSTED_WALD, 0.999999,
                                 &d, &lo, &hi, &p),
                     NPS_OK);
    assert_true(lo < d && hi == 200.0 && p > 0.0);
    /* Every output is optional. */
    assert_int_equal(
        nps_compare(a, b, NPS_METHOD_WALD, 0.95, NULL, NULL, NULL, NULL),
        NPS_OK);
    assert_int_equal(
        nps_compare(a, r1, NPS_METHOD_WALD, 0.95, NULL, NULL, NULL, &p),
        NPS_OK);
    assert_true(p > 0.0 && p < 1.0);
    nps_acc_free(a);
    nps_acc_free(b);
    nps_acc_free(r1);
    nps_acc_free(r2);
    nps_acc_free(d1);
}

/* ---- sample sizes -------------------------------------------------------- */

static void test_stats__sample_size_hand_worked(void **state)
{
    /* n = ceil(z^2 variance / margin^2):
       margin 5, 95%, unknown: 3.8414588 * 10^4 / 25 = 1536.58 -> 1537;
       shares .5/.2 (variance 6100): 3.8414588 * 6100 / 25 = 937.32 -> 938;
       margin 1, 99%, unknown: 6.6348966 * 10^4 = 66348.97 -> 66349;
       margin 3, 90%, shares .6/.1 (variance 10^4 (.7 - .25) = 4500):
       2.7055435 * 4500 / 9 = 1352.77 -> 1353. */
    uint64_t n = 0;
    (void)state;
    assert_int_equal(nps_sample_size(5.0, 0.95, -1.0, -1.0, &n), NPS_OK);
    assert_true(n == 1537);
    assert_true(n == (uint64_t)ceil(Z_975 * Z_975 * 1e4 / 25.0));
    assert_int_equal(nps_sample_size(5.0, 0.95, 0.5, 0.2, &n), NPS_OK);
    assert_true(n == 938);
    assert_int_equal(nps_sample_size(1.0, 0.99, -1.0, -1.0, &n), NPS_OK);
    assert_true(n == 66349);
    assert_int_equal(nps_sample_size(3.0, 0.9, 0.6, 0.1, &n), NPS_OK);
    assert_true(n == 1353);
    /* Only one share unknown is still the worst case. */
    assert_int_equal(nps_sample_size(5.0, 0.95, 0.5, -1.0, &n), NPS_OK);
    assert_true(n == 1537);
    /* Variance 0 (all promoters, or all passives expected): one answer. */
    assert_int_equal(nps_sample_size(5.0, 0.95, 1.0, 0.0, &n), NPS_OK);
    assert_true(n == 1);
    assert_int_equal(nps_sample_size(5.0, 0.95, 0.0, 0.0, &n), NPS_OK);
    assert_true(n == 1);
    /* Margin 200 covers the whole range: one answer. */
    assert_int_equal(nps_sample_size(200.0, 0.95, -1.0, -1.0, &n), NPS_OK);
    assert_true(n == 1);
}

static void test_stats__sample_size_compare_hand_worked(void **state)
{
    /* n = ceil((z_.975 + z_.8)^2 (var_a + var_b) / diff^2):
       (1.9599640 + 0.8416212)^2 = 2.8015852^2 = 7.8488797;
       unknown shares: 7.8488797 * 2e4 / 100 = 1569.78 -> 1570;
       a .5/.2 (6100), b .4/.25 (10^4 (.65 - .0225) = 6275):
       7.8488797 * 12375 / 100 = 971.30 -> 972. */
    uint64_t n = 0;
    double s = (Z_975 + Z_80) * (Z_975 + Z_80);
    (void)state;
    assert_int_equal(
        nps_sample_size_compare(10.0, 0.95, 0.8, -1, -1, -1, -1, &n), NPS_OK);
    assert_true(n == 1570);
    assert_true(n == (uint64_t)ceil(s * 2e4 / 100.0));
    assert_int_equal(
        nps_sample_size_compare(10.0, 0.95, 0.8, 0.5, 0.2, 0.4, 0.25, &n),
        NPS_OK);
    assert_true(n == 972);
    /* More power or a smaller difference needs more answers. */
    {
        uint64_t m = 0;
        assert_int_equal(
            nps_sample_size_compare(10.0, 0.95, 0.9, -1, -1, -1, -1, &m),
            NPS_OK);
        assert_true(m > 1570);
        assert_int_equal(
            nps_sample_size_compare(5.0, 0.95, 0.8, -1, -1, -1, -1, &m),
            NPS_OK);
        assert_true(m == (uint64_t)ceil(s * 2e4 / 25.0));
    }
    /* z_level + z_power <= 0 (tiny level, power below 1/2): one answer. */
    assert_int_equal(
        nps_sample_size_compare(10.0, 0.01, 0.1, -1, -1, -1, -1, &n), NPS_OK);
    assert_true(n == 1);
}

static void test_stats__sample_size_overflow_leaves_output(void **state)
{
    /* 3.84 * 10^4 / (1e-8)^2 = 3.8e20 > 2^64. */
    uint64_t n = 77;
    (void)state;
    assert_int_equal(nps_sample_size(1e-8, 0.95, -1, -1, &n), NPS_E_OVERFLOW);
    assert_int_equal(nps_sample_size(1e-300, 0.95, -1, -1, &n),
                     NPS_E_OVERFLOW);
    assert_int_equal(
        nps_sample_size_compare(1e-300, 0.95, 0.8, -1, -1, -1, -1, &n),
        NPS_E_OVERFLOW);
    assert_true(n == 77);
    /* Just below: 3.84 * 10^4 / (1e-7)^2 = 3.8e18 fits. */
    assert_int_equal(nps_sample_size(1e-7, 0.95, -1, -1, &n), NPS_OK);
    assert_true(n > 3000000000000000000u && n < 4000000000000000000u);
}

static void test_stats__score_test_at_the_ends_rejects_any_other_answer(
    void **state)
{
    /* H0: NPS = 100 means every answer is a promoter, so its variance is
       0 and a sample holding a detractor or a passive cannot come from
       it: p = 0 (as the header says for a zero standard error). The same
       holds at -100 with a sample holding a promoter or a passive. */
    static const uint64_t c[][3] = {{1, 2, 3}, {0, 1, 9}, {1, 0, 0},
                                    {0, 5, 0}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        nps_acc *acc = make(c[i][0], c[i][1], c[i][2]);
        double p = SENTINEL;
        assert_int_equal(nps_acc_test(acc, 100.0, NPS_METHOD_SCORE, &p),
                         NPS_OK);
        assert_true(p == 0.0);
        if (c[i][1] + c[i][2] > 0) {
            p = SENTINEL;
            assert_int_equal(nps_acc_test(acc, -100.0, NPS_METHOD_SCORE, &p),
                             NPS_OK);
            assert_true(p == 0.0);
        }
        nps_acc_free(acc);
    }
}

/* ---- errors -------------------------------------------------------------- */

static const double bad_levels[] = {0.0, 1.0, -0.1, 1.1, NAN, INFINITY};

static void test_stats__errors_leave_outputs_untouched(void **state)
{
    nps_acc *acc = make(1, 2, 3), *empty = make(0, 0, 0);
    double a = SENTINEL, b = SENTINEL;
    size_t i;
    (void)state;
    /* variance / stderr */
    assert_int_equal(nps_acc_variance(NULL, &a), NPS_E_INVALID);
    assert_int_equal(nps_acc_variance(acc, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_variance(empty, &a), NPS_E_EMPTY);
    assert_int_equal(nps_acc_stderr(NULL, &a), NPS_E_INVALID);
    assert_int_equal(nps_acc_stderr(acc, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_stderr(empty, &a), NPS_E_EMPTY);
    /* interval / margin */
    assert_int_equal(nps_acc_interval(NULL, NPS_METHOD_WALD, 0.95, &a, &b),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_WALD, 0.95, NULL, &b),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_WALD, 0.95, &a, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_interval(acc, (nps_method)7, 0.95, &a, &b),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_interval(acc, (nps_method)-1, 0.95, &a, &b),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_interval(empty, NPS_METHOD_SCORE, 0.95, &a, &b),
                     NPS_E_EMPTY);
    assert_int_equal(nps_acc_margin(NULL, NPS_METHOD_WALD, 0.95, &a),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_margin(acc, NPS_METHOD_WALD, 0.95, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_margin(acc, (nps_method)7, 0.95, &a),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_margin(empty, NPS_METHOD_WALD, 0.95, &a),
                     NPS_E_EMPTY);
    for (i = 0; i < sizeof bad_levels / sizeof bad_levels[0]; i++) {
        size_t k;
        for (k = 0; k < 3; k++) {
            assert_int_equal(
                nps_acc_interval(acc, all_methods[k], bad_levels[i], &a, &b),
                NPS_E_INVALID);
            assert_int_equal(
                nps_acc_margin(acc, all_methods[k], bad_levels[i], &a),
                NPS_E_INVALID);
        }
    }
    /* test */
    assert_int_equal(nps_acc_test(NULL, 0.0, NPS_METHOD_WALD, &a),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_test(acc, 0.0, NPS_METHOD_WALD, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_test(acc, 0.0, (nps_method)7, &a), NPS_E_INVALID);
    assert_int_equal(nps_acc_test(acc, 100.5, NPS_METHOD_WALD, &a),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_test(acc, -101.0, NPS_METHOD_SCORE, &a),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_test(acc, NAN, NPS_METHOD_ADJUSTED_WALD, &a),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_test(empty, 0.0, NPS_METHOD_WALD, &a),
                     NPS_E_EMPTY);
    assert_true(a == SENTINEL && b == SENTINEL);
    nps_acc_free(acc);
    nps_acc_free(empty);
}

static void test_stats__compare_errors_leave_outputs_untouched(void **state)
{
    nps_acc *a = make(1, 2, 3), *b = make(5, 3, 2), *empty = make(0, 0, 0);
    nps_acc *other = make_on(&scale_1_10, 1, 2, 3);
    double d = SENTINEL, lo = SENTINEL, hi = SENTINEL, p = SENTINEL;
    size_t i;
    (void)state;
    assert_int_equal(
        nps_compare(NULL, b, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p),
        NPS_E_INVALID);
    assert_int_equal(
        nps_compare(a, NULL, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p),
        NPS_E_INVALID);
    /* No two-sample score method. */
    assert_int_equal(
        nps_compare(a, b, NPS_METHOD_SCORE, 0.95, &d, &lo, &hi, &p),
        NPS_E_INVALID);
    assert_int_equal(nps_compare(a, b, (nps_method)7, 0.95, &d, &lo, &hi, &p),
                     NPS_E_INVALID);
    for (i = 0; i < sizeof bad_levels / sizeof bad_levels[0]; i++)
        assert_int_equal(nps_compare(a, b, NPS_METHOD_ADJUSTED_WALD,
                                     bad_levels[i], &d, &lo, &hi, &p),
                         NPS_E_INVALID);
    assert_int_equal(
        nps_compare(a, other, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p),
        NPS_E_MISMATCH);
    assert_int_equal(
        nps_compare(a, empty, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p),
        NPS_E_EMPTY);
    assert_int_equal(
        nps_compare(empty, b, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p),
        NPS_E_EMPTY);
    assert_true(d == SENTINEL && lo == SENTINEL && hi == SENTINEL &&
                p == SENTINEL);
    nps_acc_free(a);
    nps_acc_free(b);
    nps_acc_free(empty);
    nps_acc_free(other);
}

static void test_stats__sample_size_errors_leave_output_untouched(
    void **state)
{
    uint64_t n = 77;
    size_t i;
    (void)state;
    assert_int_equal(nps_sample_size(5.0, 0.95, -1, -1, NULL), NPS_E_INVALID);
    assert_int_equal(nps_sample_size(0.0, 0.95, -1, -1, &n), NPS_E_INVALID);
    assert_int_equal(nps_sample_size(-5.0, 0.95, -1, -1, &n), NPS_E_INVALID);
    assert_int_equal(nps_sample_size(200.5, 0.95, -1, -1, &n), NPS_E_INVALID);
    assert_int_equal(nps_sample_size(NAN, 0.95, -1, -1, &n), NPS_E_INVALID);
    for (i = 0; i < sizeof bad_levels / sizeof bad_levels[0]; i++)
        assert_int_equal(nps_sample_size(5.0, bad_levels[i], -1, -1, &n),
                         NPS_E_INVALID);
    assert_int_equal(nps_sample_size(5.0, 0.95, 1.5, 0.0, &n), NPS_E_INVALID);
    assert_int_equal(nps_sample_size(5.0, 0.95, 0.0, 1.5, &n), NPS_E_INVALID);
    assert_int_equal(nps_sample_size(5.0, 0.95, 0.6, 0.5, &n), NPS_E_INVALID);
    assert_int_equal(nps_sample_size(5.0, 0.95, NAN, 0.1, &n), NPS_E_INVALID);
    assert_int_equal(nps_sample_size(5.0, 0.95, 0.1, NAN, &n), NPS_E_INVALID);
    assert_int_equal(
        nps_sample_size_compare(10, 0.95, 0.8, -1, -1, -1, -1, NULL),
        NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(0, 0.95, 0.8, -1, -1, -1, -1, &n),
                     NPS_E_INVALID);
    assert_int_equal(
        nps_sample_size_compare(201, 0.95, 0.8, -1, -1, -1, -1, &n),
        NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(10, 0.95, 0, -1, -1, -1, -1, &n),
                     NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(10, 0.95, 1, -1, -1, -1, -1, &n),
                     NPS_E_INVALID);
    assert_int_equal(
        nps_sample_size_compare(10, 0.95, NAN, -1, -1, -1, -1, &n),
        NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(10, NAN, 0.8, -1, -1, -1, -1, &n),
                     NPS_E_INVALID);
    assert_int_equal(
        nps_sample_size_compare(10, 0.95, 0.8, 0.7, 0.7, -1, -1, &n),
        NPS_E_INVALID);
    assert_int_equal(
        nps_sample_size_compare(10, 0.95, 0.8, -1, -1, 0.2, 2.0, &n),
        NPS_E_INVALID);
    assert_true(n == 77);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats__variance_and_stderr_hand_worked),
        cmocka_unit_test(test_stats__variance_of_one_category_is_zero),
        cmocka_unit_test(
            test_stats__variance_is_largest_half_promoters_half_detractors),
        cmocka_unit_test(test_stats__wald_interval_hand_worked),
        cmocka_unit_test(test_stats__adjusted_wald_interval_hand_worked),
        cmocka_unit_test(
            test_stats__score_interval_matches_independent_solution),
        cmocka_unit_test(test_stats__all_passives),
        cmocka_unit_test(test_stats__all_promoters),
        cmocka_unit_test(test_stats__all_detractors_mirror_all_promoters),
        cmocka_unit_test(test_stats__one_sample_tests_hand_worked),
        cmocka_unit_test(test_stats__score_test_inverts_score_interval),
        cmocka_unit_test(
            test_stats__swapping_promoters_and_detractors_mirrors_intervals),
        cmocka_unit_test(test_stats__intervals_widen_with_level),
        cmocka_unit_test(test_stats__intervals_narrow_with_n),
        cmocka_unit_test(test_stats__margin_is_half_width),
        cmocka_unit_test(test_stats__any_level_in_open_unit_interval),
        cmocka_unit_test(test_stats__one_to_ten_scale_matches_standard),
        cmocka_unit_test(test_stats__a_billion_answers),
        cmocka_unit_test(test_stats__counts_near_uint64_max),
        cmocka_unit_test(test_stats__compare_hand_worked),
        cmocka_unit_test(test_stats__compare_identical_and_degenerate_samples),
        cmocka_unit_test(test_stats__sample_size_hand_worked),
        cmocka_unit_test(test_stats__sample_size_compare_hand_worked),
        cmocka_unit_test(test_stats__sample_size_overflow_leaves_output),
        cmocka_unit_test(
            test_stats__score_test_at_the_ends_rejects_any_other_answer),
        cmocka_unit_test(test_stats__errors_leave_outputs_untouched),
        cmocka_unit_test(test_stats__compare_errors_leave_outputs_untouched),
        cmocka_unit_test(
            test_stats__sample_size_errors_leave_output_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
