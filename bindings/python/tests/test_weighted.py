"""WeightedAccumulator against values worked by hand and formulas computed
here in plain Python.

Hand-worked sample: a promoter (10) of weight 1, a passive (8) of weight 2,
a detractor (3) of weight 3. W = 6, weighted NPS = 100 (1 - 3) / 6 =
-33.333...; Kish n_eff = 6^2 / (1 + 4 + 9) = 36 / 14 = 2.5714...
"""
import array
import copy
import math
import pickle
import random
import threading
import unittest

import libnps
from libnps import (Accumulator, Category, WeightedAccumulator, WeightError,
                    ScoreRangeError)

from support import needs

try:
    import numpy
except ImportError:  # pyenv's python
    numpy = None

try:
    import pandas
except ImportError:
    pandas = None

HAND = ([10, 8, 3], [1.0, 2.0, 3.0])


def taylor_se(scores, weights, promoter_min=9, passive_min=7):
    """Var = n/(n-1) * sum w_i^2 (x_i - m)^2 / (sum w)^2, x in {100, 0, -100}."""
    xs = [100.0 if s >= promoter_min else 0.0 if s >= passive_min else -100.0
          for s in scores]
    n, W = len(xs), math.fsum(weights)
    m = math.fsum(w * x for w, x in zip(weights, xs)) / W
    var = n / (n - 1) * math.fsum(w * w * (x - m) ** 2
                                  for w, x in zip(weights, xs)) / W ** 2
    return m, math.sqrt(var)


def state(w):
    return w.to_bytes()


@needs("nps_wacc_new", "nps_wacc_add_scores", "nps_wacc_score")
class WeightedTest(unittest.TestCase):
    def test_weighted__hand_worked(self):
        w = WeightedAccumulator(*HAND)
        self.assertAlmostEqual(w.score, -100 / 3, places=12)
        self.assertEqual(w.total, 3)
        self.assertEqual(w.total_weight, 6.0)
        self.assertAlmostEqual(w.effective_n, 36 / 14, places=12)
        self.assertEqual((w.detractors, w.passives, w.promoters), (1, 1, 1))
        self.assertEqual((w.detractor_weight, w.passive_weight, w.promoter_weight),
                         (3.0, 2.0, 1.0))
        self.assertEqual(w.weight_sq(Category.DETRACTOR), 9.0)
        self.assertEqual(w.count(Category.PASSIVE), 1)
        # by hand: m = -100/3; sum w^2 (x - m)^2 = 1 (400/3)^2 + 4 (100/3)^2
        # + 9 (200/3)^2 = 560000/9; times 3/2, over 36: 560000/216
        self.assertAlmostEqual(w.stderr(), math.sqrt(560000 / 216), places=10)

    def test_weighted__stderr_matches_the_formula(self):
        rng = random.Random(7)
        for n in (2, 3, 10, 257):
            scores = [rng.randint(0, 10) for _ in range(n)]
            weights = [rng.uniform(0.05, 20.0) for _ in range(n)]
            w = WeightedAccumulator(scores, weights)
            m, se = taylor_se(scores, weights)
            with self.subTest(n=n):
                self.assertAlmostEqual(w.score, m, delta=1e-9 * max(1, abs(m)))
                self.assertAlmostEqual(w.stderr(), se, delta=1e-9 * max(1, se))
                z = 1.959963984540054
                lo, hi = w.interval(0.95, "wald")
                self.assertAlmostEqual(lo, max(-100.0, m - z * se), places=6)
                self.assertAlmostEqual(hi, min(100.0, m + z * se), places=6)
                neff = math.fsum(weights) ** 2 / math.fsum(x * x for x in weights)
                self.assertAlmostEqual(w.effective_n, neff, delta=1e-9 * neff)

    def test_weighted__all_weights_one_equals_the_accumulator(self):
        rng = random.Random(3)
        scores = [rng.randint(0, 10) for _ in range(500)]
        w = WeightedAccumulator(scores, [1.0] * len(scores))
        a = Accumulator(scores)
        self.assertEqual(w.score, a.score)
        self.assertEqual(w.effective_n, 500.0)
        self.assertEqual((w.detractors, w.passives, w.promoters),
                         (a.detractors, a.passives, a.promoters))
        for method in ("adjusted_wald", "score"):
            for lw, la in zip(w.interval(0.9, method), a.interval(0.9, method)):
                self.assertAlmostEqual(lw, la, places=9)
            self.assertAlmostEqual(w.test(10, method), a.test(10, method), places=9)
        s = w.summary()
        self.assertEqual(s.effective_n, 500.0)
        self.assertEqual(s.nps, a.score)

    def test_weighted__single_add_and_errors_leave_it_unchanged(self):
        w = WeightedAccumulator(*HAND)
        before = state(w)
        for bad in (0.0, -1.0, math.nan, math.inf, -math.inf, 2.0 ** 500, 1e-300):
            with self.subTest(weight=bad):
                with self.assertRaises(WeightError) as cm:
                    w.add(9, bad)
                self.assertIsInstance(cm.exception, ValueError)
                self.assertIsNone(cm.exception.index)
                self.assertEqual(state(w), before)
        with self.assertRaises(ScoreRangeError):
            w.add(11, 1.0)
        with self.assertRaises(ScoreRangeError):
            w.add(2 ** 32 + 9, 1.0)  # no truncation to 9
        with self.assertRaises(TypeError):
            w.add(9, "1")
        with self.assertRaises(TypeError):
            w.add(9, True)
        self.assertEqual(state(w), before)
        w.add(9, 4.0)
        self.assertEqual(w.total, 4)
        self.assertEqual(w.promoter_weight, 5.0)

    def test_weighted__batch_is_all_or_nothing_with_the_index(self):
        w = WeightedAccumulator(*HAND)
        before = state(w)
        cases = [([9, 9, 9, 9], [1.0, 2.0, 0.0, 1.0], WeightError, 2),
                 ([9, 9, 9], [1.0, math.nan, 1.0], WeightError, 1),
                 ([9, 9, 9], [1.0, 1.0, math.inf], WeightError, 2),
                 ([9, 9, 9], [-3, 1, 1], WeightError, 0),
                 ([9, 12, 9], [1.0, 1.0, 1.0], ScoreRangeError, 1),
                 (bytes([9, 9, 12]), [1.0, 1.0, 1.0], ScoreRangeError, 2),
                 (bytes([9, 9, 9]), array.array("d", [1, 1, -1]), WeightError, 2),
                 ([9, 265, 9], [1.0, 1.0, 1.0], ScoreRangeError, 1)]
        for scores, weights, exc, index in cases:
            with self.subTest(scores=scores, weights=weights):
                with self.assertRaises(exc) as cm:
                    w.add_many(scores, weights)
                self.assertEqual(cm.exception.index, index)
                self.assertIn(f"index {index}", str(cm.exception))
                self.assertEqual(state(w), before)
        with self.assertRaises(ValueError):
            w.add_many([9, 9], [1.0])
        with self.assertRaises(TypeError):
            w.add_many([9, 9], ["a", "b"])
        with self.assertRaises(TypeError):
            w.add_many([9], 1.0)
        with self.assertRaises(libnps.MissingScoreError):
            w.add_many([9, None], [1.0, 1.0])
        self.assertEqual(state(w), before)

    def test_weighted__skipna_skips_missing_scores_and_weights(self):
        w = WeightedAccumulator([10, None, 3, 9, 8], [1.0, 5.0, None, math.nan, 2.0],
                                skipna=True)
        self.assertEqual(w.total, 2)
        self.assertEqual(w, WeightedAccumulator([10, 8], [1.0, 2.0]))
        # a bad weight after a skipped answer: the caller's index
        with self.assertRaises(WeightError) as cm:
            WeightedAccumulator([None, 9, 9], [1.0, math.nan, -1.0], skipna=True)
        self.assertEqual(cm.exception.index, 2)
        with self.assertRaises(WeightError):  # without skipna, NaN is refused
            WeightedAccumulator([9, 9], [1.0, math.nan])
        self.assertEqual(libnps.nps([10, None, 3], weights=[1, 2, math.nan]), 100.0)

    def test_weighted__merge_copy_pickle_bytes(self):
        a = WeightedAccumulator([10, 9, 0], [1.5, 2.5, 4.0])
        b = WeightedAccumulator([7, 6], [0.5, 3.0])
        both = WeightedAccumulator([10, 9, 0, 7, 6], [1.5, 2.5, 4.0, 0.5, 3.0])
        self.assertAlmostEqual((a + b).score, both.score, places=12)
        self.assertEqual(sum([a, b]).total, 5)
        c = a.copy()
        c += b
        self.assertEqual(c.total, 5)
        self.assertEqual(a.total, 3)  # the copy is independent
        self.assertEqual(a.clone(), a)
        self.assertEqual(copy.deepcopy(a), a)
        self.assertEqual(pickle.loads(pickle.dumps(a)), a)
        self.assertEqual(WeightedAccumulator.from_bytes(bytearray(a.to_bytes())), a)
        self.assertNotEqual(a, b)
        self.assertNotEqual(a, Accumulator([10, 9, 0]))
        with self.assertRaises(libnps.FormatError):
            WeightedAccumulator.from_bytes(a.to_bytes()[:-1])
        with self.assertRaises(libnps.FormatError):  # another kind of state
            WeightedAccumulator.from_bytes(Accumulator([9]).to_bytes())
        with self.assertRaises(TypeError):
            a.merge(Accumulator([9]))
        other = WeightedAccumulator(scale=libnps.Scale(1, 10, 7, 9))
        before = state(a)
        with self.assertRaises(libnps.ScaleMismatchError):
            a.merge(other)
        self.assertEqual(state(a), before)
        a.reset()
        self.assertEqual(a.total, 0)
        self.assertTrue(math.isnan(a.score))
        self.assertTrue(math.isnan(a.effective_n))
        self.assertGreater(a.__sizeof__(), 0)

    def test_weighted__empty_and_small(self):
        w = WeightedAccumulator()
        self.assertIn("total=0", repr(w))
        with self.assertRaises(libnps.EmptyError):
            w.stderr()
        with self.assertRaises(libnps.EmptyError):
            w.interval()
        s = w.summary()
        self.assertEqual((s.n, s.effective_n), (0, 0.0))
        self.assertTrue(math.isnan(s.nps) and math.isnan(s.lo))
        w.add(9, 2.0)
        with self.assertRaises(libnps.EmptyError):  # n/(n-1) undefined
            w.stderr()
        lo, hi = w.interval()  # adjusted Wald works on one answer
        self.assertLess(lo, hi)
        with self.assertRaises(libnps.InvalidArgumentError):
            w.interval(1.5)
        with self.assertRaises(libnps.InvalidArgumentError):
            w.test(101)
        with self.assertRaises(TypeError):
            WeightedAccumulator([9])  # weights missing

    def test_weighted__scale_and_repr(self):
        sc = libnps.Scale(1, 5, 4, 5)
        w = WeightedAccumulator([5, 1], [2.0, 1.0], sc)
        self.assertEqual(w.scale, sc)
        self.assertAlmostEqual(w.score, 100 / 3, places=12)
        self.assertIn("scale=Scale(1, 5, 4, 5)", repr(w))
        with self.assertRaises(ScoreRangeError):
            w.add(0, 1.0)
        broken = WeightedAccumulator.__new__(WeightedAccumulator)
        self.assertIn("WeightedAccumulator", repr(broken))  # never raises

    def test_weighted__compare(self):
        a = WeightedAccumulator([10] * 30 + [3] * 10, [2.0] * 30 + [1.0] * 10)
        b = WeightedAccumulator([10] * 10 + [3] * 30, [1.0] * 40)
        for method in ("wald", "adjusted_wald"):
            c = libnps.compare_weighted(a, b, 0.95, method)
            self.assertLess(c.lo, c.diff)
            self.assertLess(c.diff, c.hi)
            self.assertLess(c.p_value, 0.001)
            self.assertEqual(libnps.compare(a, b, 0.95, method), c)
        # Wald: the difference of the scores, the standard errors combined
        c = libnps.compare_weighted(a, b, 0.95, "wald")
        self.assertAlmostEqual(c.diff, a.score - b.score, places=9)
        se = math.hypot(a.stderr(), b.stderr())
        self.assertAlmostEqual(c.hi - c.lo, 2 * 1.959963984540054 * se, places=6)
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.compare_weighted(a, b, 0.95, "score")
        with self.assertRaises(TypeError):
            libnps.compare_weighted(a, Accumulator([9]))

    def test_weighted__summary_api(self):
        s = libnps.summary(HAND[0], weights=HAND[1])
        self.assertAlmostEqual(s.nps, -100 / 3, places=12)
        self.assertAlmostEqual(s.effective_n, 36 / 14, places=12)
        self.assertTrue(s.weighted)
        self.assertEqual(s.counts, (1, 1, 1))
        self.assertIn("effective_n", s.to_dict())
        self.assertIn("effective_n=2.57", repr(s))
        self.assertNotIn("effective_n", libnps.summary([9, 3]).to_dict())
        self.assertEqual(libnps.summary([9, 3]).effective_n, 2.0)
        self.assertAlmostEqual(libnps.nps(HAND[0], weights=HAND[1]), -100 / 3,
                               places=12)

    def test_weighted__threads_share_one_object(self):
        w = WeightedAccumulator()

        def work():
            for _ in range(200):
                w.add_many([10, 0, 8], [1.0, 2.0, 0.5])
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(w.total, 2400)
        self.assertEqual(w.promoter_weight, 800.0)


@unittest.skipIf(numpy is None, "numpy not importable")
@needs("nps_wacc_add_scores")
class WeightedNumpyTest(unittest.TestCase):
    def test_weighted_numpy__float64_weights_are_read_in_place(self):
        from libnps import _native
        scores = numpy.array([10, 8, 3], dtype=numpy.uint8)
        weights = numpy.array([1.0, 2.0, 3.0])
        seen = []
        real = _native.C.nps_wacc_add_scores

        def spy(h, sp, wp, n, bad):
            seen.append((sp, wp))
            return real(h, sp, wp, n, bad)
        _native._Functions.nps_wacc_add_scores = staticmethod(spy)
        try:
            w = WeightedAccumulator(scores, weights)
        finally:
            _native._Functions.nps_wacc_add_scores = staticmethod(real)
        self.assertEqual(seen, [(scores.ctypes.data, weights.ctypes.data)])
        self.assertAlmostEqual(w.score, -100 / 3, places=12)

    def test_weighted_numpy__every_dtype(self):
        want = WeightedAccumulator(*HAND)
        for sdt in (numpy.int8, numpy.uint16, numpy.int64, numpy.float32,
                    numpy.float64):
            for wdt in (numpy.float32, numpy.float64, numpy.int64, numpy.uint8):
                with self.subTest(scores=sdt, weights=wdt):
                    got = WeightedAccumulator(numpy.array(HAND[0], dtype=sdt),
                                              numpy.array(HAND[1], dtype=wdt))
                    self.assertEqual(got, want)
        strided = numpy.array([1.0, 9.0, 2.0, 9.0, 3.0, 9.0])[::2]
        self.assertEqual(WeightedAccumulator(HAND[0], strided), want)

    def test_weighted_numpy__bad_values(self):
        w = WeightedAccumulator(*HAND)
        before = w.to_bytes()
        with self.assertRaises(ScoreRangeError) as cm:
            w.add_many(numpy.array([9, 265, 9], dtype=numpy.int64), numpy.ones(3))
        self.assertEqual(cm.exception.index, 1)
        with self.assertRaises(WeightError) as cm:
            w.add_many(numpy.array([9, 9, 9], dtype=numpy.uint8),
                       numpy.array([1.0, 1.0, -0.0]))
        self.assertEqual(cm.exception.index, 2)
        with self.assertRaises(TypeError):
            w.add_many(numpy.array([9]), numpy.array([True]))
        self.assertEqual(w.to_bytes(), before)
        # skipna with a NaN score: the index is the caller's
        with self.assertRaises(WeightError) as cm:
            w.add_many(numpy.array([numpy.nan, 9, 9]), numpy.array([1, 1, 0.0]),
                       skipna=True)
        self.assertEqual(cm.exception.index, 2)
        self.assertEqual(w.to_bytes(), before)

    def test_weighted_numpy__random_against_formula(self):
        rng = numpy.random.default_rng(5)
        scores = rng.integers(0, 11, size=5000)
        weights = rng.lognormal(0.0, 1.0, size=5000)
        w = WeightedAccumulator(scores, weights)
        m, se = taylor_se(scores.tolist(), weights.tolist())
        self.assertAlmostEqual(w.score, m, delta=1e-9)
        self.assertAlmostEqual(w.stderr(), se, delta=1e-9 * se)

    @unittest.skipIf(pandas is None, "pandas not importable")
    def test_weighted_pandas__series_and_nullable(self):
        df = pandas.DataFrame({"score": pandas.array([10, None, 8, 3], dtype="Int64"),
                               "w": pandas.array([1.0, 4.0, 2.0, 3.0], dtype="Float64")})
        self.assertAlmostEqual(libnps.nps(df["score"], weights=df["w"]), -100 / 3,
                               places=12)
        s = libnps.summary(df["score"], weights=df["w"])
        self.assertEqual(s.n, 3)
        df.loc[2, "w"] = None
        self.assertAlmostEqual(libnps.nps(df["score"], weights=df["w"]), -50.0,
                               places=12)


if __name__ == "__main__":
    unittest.main()
