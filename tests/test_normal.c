/* The private distribution functions behind confidence levels and p-values:
   the normal quantile (AS 241), the two-sided normal p-value and the
   two-sided Student t p-value. Expected values are published quantiles,
   closed forms of the t distribution for 1, 2 and 3 degrees of freedom, and
   40-digit values from mpmath (betainc / ncdf), never this code's output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>

#include "../src/normal.h"

static const double pi = 3.14159265358979323846;

/* |got - want| <= rel * |want|, printed on failure. */
static void near_rel(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("got %.17g, want %.17g (rel %.3g > %.3g)", got, want,
                 fabs(got - want) / fabs(want), rel);
}

static void test_normal__quantile_matches_published_values(void **state)
{
    /* Standard normal percentage points (Wichura 1988 tables; digits checked
       with mpmath at 50 digits). AS 241 claims about 1e-16 relative. */
    static const struct { double p, z; } t[] = {
        {0.975, 1.9599639845400542355},  {0.995, 2.575829303548900761},
        {0.95, 1.6448536269514727149},   {0.9, 1.281551565544600467},
        {0.75, 0.6744897501960817432},   {0.999, 3.0902323061678135415},
        {0.25, -0.6744897501960817432},  {0.025, -1.9599639845400542355},
        {0.08, -1.405071560309632556},   /* central/tail boundary side */
        {1e-10, -6.3613409024040562047}, {1e-20, -9.2623400897984075737},
        {1e-100, -21.273453560965324295}, /* r > 5 branch */
        {1e-300, -37.047096299361199237},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++)
        near_rel(nps__normal_quantile(t[i].p), t[i].z, 2e-15);
    assert_true(nps__normal_quantile(0.5) == 0.0);
}

static void test_normal__quantile_is_odd_about_one_half(void **state)
{
    /* Phi^-1(p) = -Phi^-1(1 - p); these p have an exact 1 - p. */
    static const double p[] = {0.0625, 0.125, 0.25, 0.375, 0.4375, 0.03125,
                               0.0009765625};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof p / sizeof p[0]; i++)
        near_rel(nps__normal_quantile(1.0 - p[i]), -nps__normal_quantile(p[i]),
                 2e-15);
}

static void test_normal__quantile_is_increasing(void **state)
{
    double p, prev = -INFINITY;
    (void)state;
    for (p = 1e-12; p < 1.0; p += 0.0009765625) {
        double z = nps__normal_quantile(p);
        assert_true(z > prev);
        prev = z;
    }
}

static void test_normal__quantile_edges(void **state)
{
    (void)state;
    assert_true(isinf(nps__normal_quantile(0.0)) &&
                nps__normal_quantile(0.0) < 0);
    assert_true(isinf(nps__normal_quantile(1.0)) &&
                nps__normal_quantile(1.0) > 0);
    assert_true(isnan(nps__normal_quantile(-0.1)));
    assert_true(isnan(nps__normal_quantile(1.1)));
    assert_true(isnan(nps__normal_quantile(NAN)));
    /* The smallest normal and subnormal doubles still give finite z. */
    assert_true(isfinite(nps__normal_quantile(2.2250738585072014e-308)));
    assert_true(isfinite(nps__normal_quantile(4.9406564584124654e-324)));
}

static void test_normal__sf2_matches_published_values(void **state)
{
    /* 2 (1 - Phi(z)) = erfc(z / sqrt 2), mpmath at 50 digits. */
    static const struct { double z, p; } t[] = {
        {1.0, 0.31731050786291410283},    {1.96, 0.049995790296440868273},
        {3.0, 0.0026997960632601890533},  {5.0, 5.7330314375838782335e-7},
        {10.0, 1.5239706048321052132e-23}, {30.0, 9.8134278542963741191e-198},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        /* erfc's condition number grows like z^2: an ulp of z / sqrt 2 moves
           the far tail by z^2 ulps. */
        double tol = 4e-16 * (1.0 + t[i].z * t[i].z);
        near_rel(nps__normal_sf2(t[i].z), t[i].p, tol);
        near_rel(nps__normal_sf2(-t[i].z), t[i].p, tol);
    }
    assert_true(nps__normal_sf2(0.0) == 1.0);
    assert_true(nps__normal_sf2(INFINITY) == 0.0);
    assert_true(nps__normal_sf2(-INFINITY) == 0.0);
    assert_true(isnan(nps__normal_sf2(NAN)));
}

static void test_normal__sf2_inverts_quantile(void **state)
{
    /* The two-sided p-value of z_{1 - a/2} is a: quantile (AS 241) against
       the C library's erfc, two independent computations. */
    static const double a[] = {0.5, 0.2, 0.1, 0.05, 0.01, 1e-5, 1e-10,
                               1e-50, 1e-200};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof a / sizeof a[0]; i++)
        near_rel(nps__normal_sf2(-nps__normal_quantile(a[i] / 2)), a[i],
                 1e-12);
}

static void test_normal__t_sf2_closed_forms_for_small_df(void **state)
{
    /* df = 1 (Cauchy): p = (2/pi) atan(1/|t|).
       df = 2: p = 1 - t/s with s = sqrt(2 + t^2), i.e. 2 / (s (s + t)).
       df = 3: p = 1 - (2/pi) (u/(1 + u^2) + atan u), u = t / sqrt 3,
       used only where it does not cancel. */
    static const double ts[] = {0.01, 0.3, 1.0, 2.0, 3.0, 10.0, 100.0,
                                1e4, 1e8};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        double t = ts[i], s = sqrt(2.0 + t * t);
        near_rel(nps__t_sf2(t, 1.0), 2.0 / pi * atan(1.0 / t), 1e-13);
        near_rel(nps__t_sf2(-t, 1.0), 2.0 / pi * atan(1.0 / t), 1e-13);
        near_rel(nps__t_sf2(t, 2.0), 2.0 / (s * (s + t)), 1e-13);
        if (t <= 3.0) {
            double u = t / sqrt(3.0);
            near_rel(nps__t_sf2(t, 3.0),
                     1.0 - 2.0 / pi * (u / (1.0 + u * u) + atan(u)), 1e-13);
        }
    }
    /* Far tail of the Cauchy: 2 / (pi t), where t^2 overflows. */
    near_rel(nps__t_sf2(1e200, 1.0), 2.0 / (pi * 1e200), 1e-13);
}

static void test_normal__t_sf2_matches_high_precision_values(void **state)
{
    /* I_{df/(df+t^2)}(df/2, 1/2) from mpmath.betainc at 40 digits. Covers
       the continued fraction (df < 8000), Hill's transformation (df >= 8000)
       and a non-integer df. */
    static const struct { double t, df, p; } c[] = {
        {2.228138851986274, 10, 0.050000000000000063441}, /* table t_.975 */
        {1, 5, 0.3632174676491226256},
        {2, 5, 0.10193947882985835625},
        {2.5, 30, 0.018115649068066694102},
        {4, 30, 0.00038184563608375684324},
        {8, 30, 6.2658224757007589434e-9},
        {12, 7, 6.3583103781851002706e-6},
        {1.5, 1000, 0.13393003882208617211},
        {3.5, 1000, 0.00048577434596783224126},
        {2, 10000, 0.045527260661435442738},
        {2, 1e6, 0.045500533851319208421},
        {5, 1e6, 5.733997870890741569e-7},
        {2, 1e9, 0.045500264166313247095},
        {7, 1e9, 2.5596266863481889301e-12},
        {0.3, 0.5, 0.84485915213049081472},
        {3, 0.5, 0.3673081559859434482},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof c / sizeof c[0]; i++)
        near_rel(nps__t_sf2(c[i].t, c[i].df), c[i].p, 5e-13);
}

static void test_normal__t_sf2_tends_to_normal(void **state)
{
    /* The t tail is heavier than the normal one for every finite df and
       converges to it; df = infinity is the normal value itself. */
    static const double z[] = {0.5, 1.0, 2.0, 3.0, 5.0};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof z / sizeof z[0]; i++) {
        double n = nps__normal_sf2(z[i]);
        assert_true(nps__t_sf2(z[i], 100.0) > nps__t_sf2(z[i], 1000.0));
        assert_true(nps__t_sf2(z[i], 1000.0) > nps__t_sf2(z[i], 1e5));
        assert_true(nps__t_sf2(z[i], 1e5) > n);
        near_rel(nps__t_sf2(z[i], 1e15), n, 1e-12);
        assert_true(nps__t_sf2(z[i], INFINITY) == n);
    }
}

static void test_normal__t_sf2_edges(void **state)
{
    (void)state;
    assert_true(nps__t_sf2(0.0, 1.0) == 1.0);
    assert_true(nps__t_sf2(0.0, 1e9) == 1.0);
    assert_true(nps__t_sf2(INFINITY, 5.0) == 0.0);
    assert_true(nps__t_sf2(-INFINITY, 5.0) == 0.0);
    assert_true(nps__t_sf2(1e300, 1e6) == 0.0);
    assert_true(isnan(nps__t_sf2(NAN, 5.0)));
    assert_true(isnan(nps__t_sf2(1.0, NAN)));
    assert_true(isnan(nps__t_sf2(1.0, 0.0)));
    assert_true(isnan(nps__t_sf2(1.0, -3.0)));
    /* A p-value is a probability for any finite input. */
    assert_true(nps__t_sf2(1e-300, 1e-3) <= 1.0);
    assert_true(nps__t_sf2(1e-3, 1e-300) >= 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal__quantile_matches_published_values),
        cmocka_unit_test(test_normal__quantile_is_odd_about_one_half),
        cmocka_unit_test(test_normal__quantile_is_increasing),
        cmocka_unit_test(test_normal__quantile_edges),
        cmocka_unit_test(test_normal__sf2_matches_published_values),
        cmocka_unit_test(test_normal__sf2_inverts_quantile),
        cmocka_unit_test(test_normal__t_sf2_closed_forms_for_small_df),
        cmocka_unit_test(test_normal__t_sf2_matches_high_precision_values),
        cmocka_unit_test(test_normal__t_sf2_tends_to_normal),
        cmocka_unit_test(test_normal__t_sf2_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
