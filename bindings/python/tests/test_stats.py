"""Statistics through the binding, against formulas evaluated here.

The hand-worked sample: 3 detractors, 2 passives, 5 promoters (n = 10),
NPS = 100 (5 - 3) / 10 = 20.
Wald: pR = .5, pD = .3, per-answer variance (pR + pD) - (pR - pD)^2 = .76,
SE = 100 sqrt(.76 / 10) = 27.568 points, 95% interval 20 -+ 1.96 * 27.568
= [-34.03, 74.03].
Adjusted Wald (Rocks 2016): add 3/4 detractor, 3/2 passive, 3/4 promoter,
n' = 13: pR' = 5.75/13, pD' = 3.75/13, estimate 100 * 2/13 = 15.385,
variance (9.5/13) - (2/13)^2 = .70710, SE = 100 sqrt(.70710/13) = 23.322,
interval [-30.33, 61.10].
"""
import math
import unittest

import libnps
from libnps import Accumulator

from support import Z95, needs, two_sided_normal_p, wald


def sample(d, p, r, scale=None):
    acc = Accumulator(scale)
    acc.add_n(0, d)
    acc.add_n(7, p)
    acc.add_n(10, r)
    return acc


class StatsTest(unittest.TestCase):
    @needs("nps_acc_interval")
    def test_stats__wald_interval_hand_worked(self):
        lo, hi = sample(3, 2, 5).interval(0.95, "wald")
        self.assertAlmostEqual(lo, -34.0327, places=3)
        self.assertAlmostEqual(hi, 74.0327, places=3)
        lo2, hi2 = sample(3, 2, 5).interval(0.95, libnps.Method.WALD)
        self.assertEqual((lo, hi), (lo2, hi2))

    @needs("nps_acc_interval")
    def test_stats__adjusted_wald_is_the_default_hand_worked(self):
        lo, hi = sample(3, 2, 5).interval()
        self.assertAlmostEqual(lo, -30.326, places=2)
        self.assertAlmostEqual(hi, 61.097, places=2)

    @needs("nps_acc_interval")
    def test_stats__interval_matches_formula_across_levels(self):
        # z for 80%, 90%, 99% from the inverse normal: Phi^-1(.9), (.95), (.995)
        zs = {0.80: 1.2815515655446004, 0.90: 1.6448536269514722,
              0.99: 2.5758293035489004}
        for (d, p, r) in ((30, 20, 50), (1, 0, 1), (400, 250, 350)):
            for level, z in zs.items():
                for method, pseudo in (("wald", 0.0), ("adjusted_wald", 0.75)):
                    with self.subTest(d=d, p=p, r=r, level=level, method=method):
                        est, se = wald(d, p, r, pseudo)
                        lo, hi = sample(d, p, r).interval(level, method)
                        self.assertAlmostEqual(lo, max(-100.0, est - z * se), places=6)
                        self.assertAlmostEqual(hi, min(100.0, est + z * se), places=6)

    @needs("nps_acc_interval")
    def test_stats__score_method_is_distinct_and_bounded(self):
        acc = sample(3, 2, 5)
        lo, hi = acc.interval(0.95, "score")
        self.assertTrue(-100 <= lo < 20 < hi <= 100)
        self.assertNotEqual((lo, hi), acc.interval(0.95, "wald"))
        self.assertNotEqual((lo, hi), acc.interval(0.95, "adjusted_wald"))

    @needs("nps_acc_interval")
    def test_stats__bad_arguments_raise(self):
        acc = sample(3, 2, 5)
        for level in (0.0, 1.0, -0.5, 1.5, math.nan):
            with self.subTest(level=level), self.assertRaises(libnps.InvalidArgumentError):
                acc.interval(level)
        with self.assertRaises(libnps.InvalidArgumentError):
            acc.interval(0.95, "bayes")
        with self.assertRaises(TypeError):
            acc.interval("0.95")
        with self.assertRaises(libnps.EmptyError):
            Accumulator().interval()

    @needs("nps_acc_variance", "nps_acc_stderr")
    def test_stats__variance_and_stderr(self):
        acc = sample(3, 2, 5)
        self.assertAlmostEqual(acc.variance(), 7600.0, places=9)  # 10^4 * .76
        self.assertAlmostEqual(acc.stderr(), math.sqrt(760.0), places=9)
        with self.assertRaises(libnps.EmptyError):
            Accumulator().variance()

    @needs("nps_acc_test")
    def test_stats__test_against_benchmark(self):
        acc = sample(300, 200, 500)
        for method, pseudo in (("wald", 0.0), ("adjusted_wald", 0.75)):
            est, se = wald(300, 200, 500, pseudo)
            for bench in (0.0, 15.0, 20.0, 30.0):
                with self.subTest(method=method, bench=bench):
                    expected = two_sided_normal_p((est - bench) / se)
                    self.assertAlmostEqual(acc.test(bench, method), expected, places=9)
        with self.assertRaises(libnps.InvalidArgumentError):
            acc.test(150.0)

    @needs("nps_compare")
    def test_stats__compare_matches_unpooled_formula(self):
        a, b = sample(30, 20, 50), sample(45, 25, 30)
        for method, pseudo in (("wald", 0.0), ("adjusted_wald", 0.75)):
            ea, sa = wald(30, 20, 50, pseudo)
            eb, sb = wald(45, 25, 30, pseudo)
            diff, se = ea - eb, math.hypot(sa, sb)
            with self.subTest(method=method):
                res = libnps.compare(a, b, 0.95, method)
                self.assertIsInstance(res, libnps.Comparison)
                self.assertAlmostEqual(res.diff, diff, places=9)
                self.assertAlmostEqual(res.lo, diff - Z95 * se, places=6)
                self.assertAlmostEqual(res.hi, diff + Z95 * se, places=6)
                self.assertAlmostEqual(res.p_value, two_sided_normal_p(diff / se), places=9)
        d, lo, hi, p = libnps.compare(a, b)  # unpacks like a tuple
        self.assertLess(lo, d)

    @needs("nps_compare")
    def test_stats__compare_errors(self):
        a = sample(3, 2, 5)
        with self.assertRaises(libnps.ScaleMismatchError):
            libnps.compare(a, sample(3, 2, 5, libnps.Scale(0, 10, 8, 10)))
        with self.assertRaises(libnps.EmptyError):
            libnps.compare(a, Accumulator())
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.compare(a, a, method="score")
        with self.assertRaises(TypeError):
            libnps.compare(a, [1, 2])


if __name__ == "__main__":
    unittest.main()
