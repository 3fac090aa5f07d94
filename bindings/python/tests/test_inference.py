"""The 1.1 functions: method names, timeline origins and week starts,
geometry getters, inference across periods and groups.

Expected values are worked here from the published formulas (see the
docstrings of each test), not copied from the library's output.
"""
import datetime as dt
import math
import unittest

import libnps
from libnps import Accumulator, Method, Timeline, _native
from libnps._core import _geometry

from support import Z95, needs

UTC = dt.timezone.utc
NEW = ("nps_method_parse", "nps_method_name", "nps_timeline_new_with_options",
       "nps_timeline_unit", "nps_timeline_width", "nps_timeline_offset",
       "nps_timeline_horizon", "nps_trend_fit", "nps_pvalues_adjust",
       "nps_heterogeneity_test", "nps_compare_score",
       "nps_sample_size_margin", "nps_alert_scan")


def sample(d, p, r):
    acc = Accumulator()
    acc.add_n(0, d)
    acc.add_n(7, p)
    acc.add_n(10, r)
    return acc


def pseudo_variance(d, p, r):
    """Sampling variance (points^2) of a period's NPS in nps_trend_fit():
    per-answer variance of the shares after 3/4 detractor, 3/2 passive,
    3/4 promoter pseudo-answers, over the real n."""
    n = d + p + r
    m = n + 3
    pr, pd = (r + 0.75) / m, (d + 0.75) / m
    return 1e4 * (pr + pd - (pr - pd) ** 2) / n


class MethodNamesTest(unittest.TestCase):
    @needs("nps_method_parse", "nps_method_name")
    def test_method__every_1_0_and_1_1_spelling(self):
        cases = {"wald": Method.WALD, "WALD": Method.WALD, " wald ": Method.WALD,
                 "adjusted_wald": Method.ADJUSTED_WALD,
                 "adjusted-wald": Method.ADJUSTED_WALD,
                 "Adjusted Wald": Method.ADJUSTED_WALD,
                 "ADJUSTED_WALD": Method.ADJUSTED_WALD,
                 "aw": Method.ADJUSTED_WALD, "score": Method.SCORE,
                 "Score": Method.SCORE, "tango": Method.SCORE}
        for text, m in cases.items():
            self.assertIs(Method.parse(text), m, text)
        for bad in ("", "wal", "score2", "adjusted__wald", "wald\0", "scöre"):
            with self.assertRaises(libnps.InvalidArgumentError, msg=bad):
                Method.parse(bad)

    @needs("nps_method_name")
    def test_method__text_is_the_documented_name(self):
        self.assertEqual([m.text for m in Method],
                         ["wald", "adjusted_wald", "score"])
        for m in Method:
            self.assertEqual(m.text, _native.C.nps_method_name(int(m)).decode())
        s = sample(3, 2, 5).summary(0.95, "tango")
        self.assertEqual(s.to_dict()["method"], "score")


class TimelineOptionsTest(unittest.TestCase):
    @needs("nps_timeline_new_with_options", "nps_timeline_offset")
    def test_timeline__weeks_start_on_monday(self):
        tl = Timeline("week", 52, week_start="monday")
        wednesday = dt.datetime(2024, 3, 6, 12, tzinfo=UTC)
        monday = dt.datetime(2024, 3, 4, tzinfo=UTC)
        self.assertEqual(tl.bucket_start(wednesday), int(monday.timestamp()))
        # the same timeline from its origin, and "week" alone is Monday
        same = Timeline(dt.timedelta(days=7), 52,
                        origin=dt.datetime(2024, 1, 1, tzinfo=UTC))
        self.assertEqual(tl, same)
        self.assertEqual(tl, Timeline("week", 52))
        # 1970-01-05 was a Monday: (t + offset) % week == 0 at Mondays
        self.assertEqual(tl.utc_offset, (-4 * 86400) % 604800)
        self.assertEqual((tl.unit, tl.width, tl.buckets), ("second", 604800, 52))
        tl.add(wednesday, 9)
        back = Timeline.from_bytes(tl.to_bytes())
        self.assertEqual(back, tl)
        self.assertEqual(back.bucket_start(wednesday), int(monday.timestamp()))

    @needs("nps_timeline_new_with_options")
    def test_timeline__week_start_at_local_midnight(self):
        plus1 = dt.timezone(dt.timedelta(hours=1))
        tl = Timeline("week", 4, week_start="sun", utc_offset=3600)
        t = dt.datetime(2024, 3, 6, 12, tzinfo=UTC)
        start = dt.datetime.fromtimestamp(tl.bucket_start(t), plus1)
        self.assertEqual(start, dt.datetime(2024, 3, 3, tzinfo=plus1))
        self.assertEqual(Timeline("week", 4, week_start=6, utc_offset=3600), tl)

    @needs("nps_timeline_new_with_options")
    def test_timeline__bad_origin_is_refused(self):
        with self.assertRaises(libnps.InvalidArgumentError):
            Timeline("month", 12, origin=0)
        with self.assertRaises(TypeError):
            Timeline("week", 4, origin=0, week_start="monday")
        with self.assertRaises(TypeError):
            Timeline("day", 4, origin=0, utc_offset=3600)
        with self.assertRaises(libnps.InvalidArgumentError):
            Timeline("day", 4, week_start="monday")
        for bad in ("moonday", 7, -1, True):
            with self.assertRaises(libnps.InvalidArgumentError, msg=repr(bad)):
                Timeline("week", 4, week_start=bad)
        with self.assertRaises(ValueError):  # a naive datetime
            Timeline("week", 4, origin=dt.datetime(2024, 1, 1))

    @needs("nps_timeline_unit", "nps_timeline_width", "nps_timeline_offset",
           "nps_timeline_horizon")
    def test_timeline__getters_equal_the_serialized_header(self):
        made = [Timeline("day", 3), Timeline("quarter", 8, utc_offset=-3600),
                Timeline(3600, 24, utc_offset=dt.timedelta(minutes=30)),
                Timeline("week", 5, week_start="friday")]
        made[0].set_horizon(7200)
        for tl in made:
            g = _geometry(tl.to_bytes())
            self.assertEqual((tl.unit, tl.width, tl.utc_offset, tl.horizon),
                             (g.unit, g.width, g.utc_offset, g.horizon or None))
        self.assertEqual(made[0].horizon, 7200)
        self.assertEqual(made[1].unit, "month")
        self.assertIsNone(made[1].bucket_width)


class AdjustTest(unittest.TestCase):
    P = [0.01, 0.02, 0.03, 0.04, 0.05]

    @needs("nps_pvalues_adjust")
    def test_p_adjust__hand_worked(self):
        # Holm: sorted p times (5, 4, 3, 2, 1), running max, capped at 1:
        # .05, .08, .09, .08 -> .09, .05 -> .09.
        for got, want in zip(libnps.p_adjust(self.P), [0.05, 0.08, 0.09, 0.09, 0.09]):
            self.assertAlmostEqual(got, want, places=12)
        # BH: n p_(i) / i = .05 each, running min from the top.
        for got in libnps.p_adjust(self.P, "bh"):
            self.assertAlmostEqual(got, 0.05, places=12)
        self.assertEqual(libnps.p_adjust(self.P, "fdr"), libnps.p_adjust(self.P, "BH"))
        self.assertEqual(libnps.p_adjust(self.P, "none"), self.P)
        # positions kept, capped at 1
        got = libnps.p_adjust([0.5, 0.01, 0.4], "holm")
        self.assertEqual([round(x, 12) for x in got], [0.8, 0.03, 0.8])
        self.assertEqual(libnps.p_adjust([]), [])

    @needs("nps_pvalues_adjust")
    def test_p_adjust__bad_input(self):
        for bad in ([0.1, float("nan")], [1.5], [-0.01]):
            with self.assertRaisesRegex(libnps.InvalidArgumentError, r"p_values\["):
                libnps.p_adjust(bad)
        with self.assertRaises(TypeError):
            libnps.p_adjust([0.1, "0.2"])
        with self.assertRaisesRegex(libnps.InvalidArgumentError, "unknown adjustment"):
            libnps.p_adjust(self.P, "bonferroni")


class TrendTest(unittest.TestCase):
    COUNTS = [(5, 2, 3), (4, 3, 3), (3, 3, 4), (1, 4, 6), (2, 2, 7)]

    def periods(self):
        return [sample(*c) for c in self.COUNTS]

    @needs("nps_trend_fit")
    def test_trend__random_effects_by_the_formulas(self):
        """DerSimonian-Laird tau^2, then the Knapp-Hartung SE (header of
        nps_trend_fit), worked here in floating point."""
        x = [0.0, 1.0, 2.0, 3.0, 4.0]
        y = [100.0 * (r - d) / (d + p + r) for d, p, r in self.COUNTS]
        v = [pseudo_variance(*c) for c in self.COUNTS]

        def wls(w):
            sw = sum(w)
            xb = sum(wi * xi for wi, xi in zip(w, x)) / sw
            yb = sum(wi * yi for wi, yi in zip(w, y)) / sw
            sxx = sum(wi * (xi - xb) ** 2 for wi, xi in zip(w, x))
            b = sum(wi * (xi - xb) * (yi - yb) for wi, xi, yi in zip(w, x, y)) / sxx
            q = sum(wi * (yi - yb - b * (xi - xb)) ** 2 for wi, xi, yi in zip(w, x, y))
            return b, q, sw, sxx, xb

        w = [1 / vi for vi in v]
        _, q, sw, sxx, xb = wls(w)
        trp = sw - sum(wi ** 2 for wi in w) / sw - \
            sum(wi ** 2 * (xi - xb) ** 2 for wi, xi in zip(w, x)) / sxx
        tau2 = max(0.0, (q - 3) / trp)
        b, qstar, _, sxx2, _ = wls([1 / (vi + tau2) for vi in v])
        se = math.sqrt(qstar / 3 / sxx2)
        got = libnps.trend(self.periods())
        self.assertAlmostEqual(got.slope, b, places=9)
        self.assertAlmostEqual(got.se, se, places=9)
        self.assertAlmostEqual(got.tau, math.sqrt(tau2), places=9)
        self.assertAlmostEqual(got.q, q, places=9)
        self.assertEqual((got.df, got.periods, got.answers), (3.0, 5, 52))
        # chi^2 on 3 df: upper tail erfc(sqrt(q/2)) + sqrt(2q/pi) e^(-q/2)
        qp = math.erfc(math.sqrt(q / 2)) + math.sqrt(2 * q / math.pi) * math.exp(-q / 2)
        self.assertAlmostEqual(got.q_p_value, qp, places=9)
        self.assertTrue(0 < got.p_value < 1)

    @needs("nps_trend_fit")
    def test_trend__answers_is_ols_on_every_answer(self):
        xs, ys = [], []
        for i, (d, p, r) in enumerate(self.COUNTS):
            for val, k in ((-100.0, d), (0.0, p), (100.0, r)):
                xs += [2.0 * i] * k
                ys += [val] * k
        n = len(xs)
        xb, yb = sum(xs) / n, sum(ys) / n
        sxx = sum((a - xb) ** 2 for a in xs)
        b = sum((a - xb) * (c - yb) for a, c in zip(xs, ys)) / sxx
        rss = sum((c - yb - b * (a - xb)) ** 2 for a, c in zip(xs, ys))
        got = libnps.trend(self.periods(), [0, 2, 4, 6, 8], "answers")
        self.assertAlmostEqual(got.slope, b, places=9)
        self.assertAlmostEqual(got.se, math.sqrt(rss / (n - 2) / sxx), places=9)
        self.assertEqual((got.df, got.tau), (n - 2.0, 0.0))

    @needs("nps_trend_fit")
    def test_trend__timeline_feeds_its_buckets(self):
        tl = Timeline("day", 10)
        for i, (d, p, r) in enumerate(self.COUNTS):
            t = 86400 * (20000 + 2 * i)  # every other day: gaps are empty buckets
            tl.add_n(t, 0, d)
            tl.add_n(t, 7, p)
            tl.add_n(t, 10, r)
        direct = libnps.trend(self.periods(), [0, 2, 4, 6, 8])
        got = tl.trend_fit()
        self.assertAlmostEqual(got.slope, direct.slope, places=12)
        self.assertAlmostEqual(got.se, direct.se, places=12)
        self.assertEqual(got.periods, 5)
        alerts = tl.alerts(window=3)
        self.assertEqual(len(alerts), 10)  # every retained bucket
        self.assertEqual(alerts[0][0], 86400 * 19999)
        self.assertEqual(alerts[0][1].kind, libnps.AlertKind.UNDECIDED)

    @needs("nps_trend_fit")
    def test_trend__bad_input(self):
        ps = self.periods()
        with self.assertRaisesRegex(libnps.InvalidArgumentError, "5 periods but 4"):
            libnps.trend(ps, [0, 1, 2, 3])
        with self.assertRaisesRegex(libnps.InvalidArgumentError, "not finite"):
            libnps.trend(ps, [0, 1, float("nan"), 3, 4])
        with self.assertRaises(libnps.EmptyError):
            libnps.trend([])
        with self.assertRaises(libnps.EmptyError):
            libnps.trend(ps[:2])
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.trend(ps, [1, 1, 1, 1, 1])  # one position
        with self.assertRaises(TypeError):
            libnps.trend(ps + [3])
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.trend(ps, method="ols")
        other = Accumulator(scale=libnps.Scale(1, 5, 3, 5))
        other.add(5)
        with self.assertRaises(libnps.ScaleMismatchError):
            libnps.trend(ps + [other])


class GroupsTest(unittest.TestCase):
    @needs("nps_heterogeneity_test")
    def test_heterogeneity__two_groups_by_hand(self):
        """Two groups: the statistic is (y1 - y2)^2 / (v1 + v2) on 1 df.
        y1 = 20, v1 = 1e4 (9.5/13 - (2/13)^2) / 10 = 707.10;
        y2 = -40, v2 = 1e4 (9.5/13 - (4/13)^2) / 10 = 636.09."""
        a, b = sample(3, 2, 5), sample(6, 2, 2)
        stat = 60.0 ** 2 / (pseudo_variance(3, 2, 5) + pseudo_variance(6, 2, 2))
        self.assertAlmostEqual(stat, 2.680, places=3)
        got = libnps.heterogeneity([a, Accumulator(), b])
        self.assertAlmostEqual(got.statistic, stat, places=9)
        self.assertEqual((got.df, got.groups), (1.0, 2))
        self.assertAlmostEqual(got.p_value, math.erfc(math.sqrt(stat / 2)), places=9)

    @needs("nps_heterogeneity_test")
    def test_heterogeneity__bad_input(self):
        with self.assertRaises(libnps.EmptyError):
            libnps.heterogeneity([])
        with self.assertRaises(libnps.EmptyError):
            libnps.heterogeneity([sample(1, 1, 1), Accumulator()])
        with self.assertRaises(TypeError):
            libnps.heterogeneity([sample(1, 1, 1), None])
        with self.assertRaises(TypeError):
            libnps.heterogeneity(sample(1, 1, 1))

    @needs("nps_compare_score")
    def test_compare_score__mover_from_the_score_limits(self):
        a, b = sample(3, 2, 5), sample(1, 0, 0)
        ta, tb = a.score, b.score
        la, ua = a.interval(0.9, "score")
        lb, ub = b.interval(0.9, "score")
        got = libnps.compare_score(a, b, 0.9)
        self.assertEqual(got.diff, ta - tb)
        self.assertAlmostEqual(got.lo, ta - tb - math.hypot(ta - la, ub - tb), places=9)
        self.assertAlmostEqual(got.hi, ta - tb + math.hypot(ua - ta, tb - lb), places=9)
        self.assertTrue(got.lo <= got.diff <= got.hi)
        # the p-value inverts the interval: 0 inside <=> p >= 1 - level
        self.assertEqual(got.lo <= 0 <= got.hi, got.p_value >= 0.1)
        one = libnps.compare_score(sample(0, 0, 1), sample(1, 0, 0))
        self.assertEqual(one.diff, 200.0)
        with self.assertRaises(libnps.EmptyError):
            libnps.compare_score(a, Accumulator())
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.compare_score(a, b, 1.5)
        with self.assertRaises(TypeError):
            libnps.compare_score(a, [10])


class PlanningTest(unittest.TestCase):
    @needs("nps_sample_size_margin")
    def test_sample_size__by_method(self):
        # without a method: the 1.0 plan, unchanged
        self.assertEqual(libnps.sample_size(5), 1537)  # ceil((1.96 * 100 / 5)^2)
        self.assertEqual(libnps.sample_size(5, method="wald"), libnps.sample_size(5))
        pr, pd = 0.5, 0.2

        def aw_margin(n):
            m = n + 3
            r, d = (n * pr + 0.75) / m, (n * pd + 0.75) / m
            return Z95 * 100 * math.sqrt((r + d - (r - d) ** 2) / m)

        n = libnps.sample_size(5, promoter_share=pr, detractor_share=pd,
                               method="adjusted_wald")
        self.assertLessEqual(aw_margin(n), 5.0)
        self.assertGreater(aw_margin(n - 1), 5.0)
        self.assertEqual(n, libnps.sample_size_margin(5, 0.95, "aw", promoter_share=pr,
                                                      detractor_share=pd))
        score = libnps.sample_size(5, promoter_share=pr, detractor_share=pd,
                                   method="score")
        self.assertTrue(abs(score - n) < 0.05 * n, (score, n))
        with self.assertRaisesRegex(libnps.InvalidArgumentError, "known shares"):
            libnps.sample_size(5, method="score")
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.sample_size(0, method="wald")
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.sample_size(5, method="bogus")


class AlertsTest(unittest.TestCase):
    @needs("nps_alert_scan")
    def test_alerts__limits_by_the_formula_and_a_drop(self):
        base = [sample(20, 30, 50) for _ in range(4)]
        drop = sample(60, 20, 20)
        got = libnps.alerts(base + [Accumulator(), drop], window=4, limit=3.0)
        kinds = [a.kind for a in got]
        self.assertEqual(kinds[:3], [libnps.AlertKind.UNDECIDED] * 3)
        self.assertEqual(kinds[3], libnps.AlertKind.NONE)
        self.assertEqual(kinds[4], libnps.AlertKind.UNDECIDED)  # empty period
        self.assertEqual(kinds[5], libnps.AlertKind.LOW)
        last = got[5]
        # identical baseline periods: z_j = 0, sigma_z = 1; pooled NPS 30,
        # per-answer variance .7 - .3^2 = .61 (x 1e4); the window of 4 holds
        # the empty period, so 3 baseline periods: N = 300, n_t = 100
        self.assertEqual((last.center, last.sigma_z, last.baseline), (30.0, 1.0, 3))
        half = 3.0 * 100 * math.sqrt(0.61 * (1 / 100 + 1 / 300))
        self.assertAlmostEqual(last.lo, 30.0 - half, places=9)
        self.assertAlmostEqual(last.hi, 30.0 + half, places=9)
        self.assertAlmostEqual(last.z, (-40.0 - 30.0) / (half / 3.0), places=9)
        self.assertEqual(libnps.alerts([]), [])
        # a huge window is every earlier period (never wrapped by ctypes)
        self.assertEqual(libnps.alerts(base + [Accumulator(), drop], window=2 ** 64 + 4),
                         libnps.alerts(base + [Accumulator(), drop], window=6))

    @needs("nps_alert_scan")
    def test_alerts__bad_input(self):
        ps = [sample(1, 1, 1)] * 4
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.alerts(ps, window=2)
        for lim in (0, -1, float("nan"), float("inf")):
            with self.assertRaises(libnps.InvalidArgumentError):
                libnps.alerts(ps, limit=lim)
        with self.assertRaises(TypeError):
            libnps.alerts(ps, window=3.5)
        with self.assertRaises(TypeError):
            libnps.alerts(ps + ["x"])


class CompletenessOfThisFileTest(unittest.TestCase):
    def test_every_new_function_is_prototyped(self):
        for name in NEW:
            self.assertIn(name, _native._PROTOTYPES)


if __name__ == "__main__":
    unittest.main()
