"""Checked ingest: every dtype, no wrap-around, missing values, all or nothing."""
import array
import math
import threading
import unittest

import libnps
from libnps import Accumulator, MissingScoreError, ScoreRangeError

try:
    import numpy
except ImportError:
    numpy = None
try:
    import pandas
except ImportError:
    pandas = None

STD = (0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1)  # counts of [1, 9, 10]


class PlainIngestTest(unittest.TestCase):
    """Standard library only: runs with every python."""

    def test_ingest__ints_floats_and_numeric_types_count_alike(self):
        for src in ([1, 9, 10], (1, 9, 10), [1.0, 9.0, 10.0], range(0),
                    iter([1, 9, 10]), array.array("q", [1, 9, 10]),
                    array.array("d", [1.0, 9.0, 10.0])):
            with self.subTest(src=src):
                acc = Accumulator(src)
                self.assertEqual(acc.counts, STD if acc.total else (0,) * 11)

    def test_ingest__never_wraps_out_of_range_values(self):
        for bad, i, v in (([9, 265], 1, 265), ([-247, 9], 0, -247),
                          ([9, 9, 11], 2, 11), ([2 ** 64 + 9], 0, 2 ** 64 + 9),
                          (array.array("i", [10, 256 + 10]), 1, 266),
                          ([9, 10.5], 1, 10.5), ([float("inf")], 0, float("inf"))):
            with self.subTest(bad=bad):
                acc = Accumulator([10])
                with self.assertRaises(ScoreRangeError) as cm:
                    acc.add_many(bad)
                self.assertEqual((cm.exception.index, cm.exception.value), (i, v))
                self.assertEqual(acc.counts, (0,) * 10 + (1,))

    def test_ingest__missing_refused_by_default_skipped_on_request(self):
        for src in ([1, None, 9, 10], [1, float("nan"), 9, 10]):
            with self.subTest(src=src):
                acc = Accumulator()
                with self.assertRaises(MissingScoreError) as cm:
                    acc.add_many(src)
                self.assertEqual(cm.exception.index, 1)
                self.assertIsInstance(cm.exception, ScoreRangeError)
                self.assertIn("skipna=True", str(cm.exception))
                self.assertEqual(acc.total, 0)
                acc.add_many(src, skipna=True)
                self.assertEqual(acc.counts, STD)

    def test_ingest__index_counts_skipped_positions(self):
        acc = Accumulator()
        with self.assertRaises(ScoreRangeError) as cm:
            acc.add_many([None, None, 9, 12], skipna=True)
        self.assertEqual(cm.exception.index, 3)
        self.assertEqual(acc.total, 0)

    def test_ingest__bools_strings_and_objects_are_type_errors(self):
        acc = Accumulator()
        for bad in ([True, 9], [9, "9"], "910", 9, {9: 1}, [object()], [9, b"\x09"]):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                acc.add_many(bad)
        self.assertEqual(acc.total, 0)

    def test_ingest__other_scale_bounds(self):
        acc = Accumulator(scale=libnps.Scale(1, 10, 7, 9))
        with self.assertRaises(ScoreRangeError) as cm:
            acc.add_many([5, 0])
        self.assertEqual(cm.exception.index, 1)
        acc.add_many([1.0, 10])
        self.assertEqual(acc.counts, (1,) + (0,) * 8 + (1,))
        self.assertEqual(Accumulator(libnps.Scale(1, 10, 7, 9)).scale.min, 1)

    def test_ingest__single_add_checks_like_the_batch(self):
        acc = Accumulator()
        acc.add(9.0)
        for bad, exc in ((True, TypeError), ("9", TypeError), (9.5, ScoreRangeError),
                         (float("nan"), MissingScoreError), (2 ** 32 + 9, ScoreRangeError),
                         (-1, ScoreRangeError)):
            with self.subTest(bad=bad), self.assertRaises(exc):
                acc.add(bad)
        self.assertEqual(acc.total, 1)


class OneCallTest(unittest.TestCase):
    def test_api__nps_skips_missing_and_is_nan_when_empty(self):
        self.assertAlmostEqual(libnps.nps([10, 9, None, 3, 7, float("nan")]), 25.0)
        self.assertTrue(math.isnan(libnps.nps([])))
        self.assertTrue(math.isnan(libnps.nps([None])))
        with self.assertRaises(MissingScoreError):
            libnps.nps([None], skipna=False)
        with self.assertRaises(ScoreRangeError):
            libnps.nps([265])

    def test_api__summary_matches_the_accumulator(self):
        vals = [10] * 30 + [8] * 20 + [2] * 10
        s = libnps.summary(vals, 0.9, "wald")
        acc = Accumulator(vals)
        self.assertEqual((s.n, s.detractors, s.passives, s.promoters), (60, 10, 20, 30))
        self.assertEqual(s.nps, acc.score)
        self.assertEqual((s.lo, s.hi), acc.interval(0.9, libnps.Method.WALD))
        self.assertEqual(s.method, libnps.Method.WALD)
        self.assertEqual(s.counts, acc.counts)
        d = s.to_dict()
        self.assertEqual(d["method"], "wald")
        self.assertEqual(d["n"], 60)
        self.assertEqual(set(d), {"n", "detractors", "passives", "promoters", "nps",
                                  "lo", "hi", "level", "method"})
        self.assertAlmostEqual(s.margin, acc.margin(0.9, "wald"))
        self.assertEqual(acc.share(libnps.Category.PROMOTER), 0.5)
        self.assertEqual(acc.share(0), 10 / 60)
        with self.assertRaises(ValueError):
            acc.share(3)
        empty = libnps.summary([])
        self.assertEqual(empty.n, 0)
        self.assertTrue(math.isnan(empty.lo) and math.isnan(empty.nps))
        self.assertIn("Summary(n=0", repr(empty))

    def test_api__method_as_enum_int_or_name(self):
        acc = Accumulator([10, 9, 3, 7, 7])
        want = acc.interval(0.95, libnps.Method.ADJUSTED_WALD)
        for m in ("adjusted_wald", "adjusted-wald", "Adjusted_Wald", 1,
                  libnps.Method.ADJUSTED_WALD):
            self.assertEqual(acc.interval(0.95, m), want)
        self.assertEqual(acc.interval(), want)  # the default
        self.assertEqual(acc.interval(0.95, 2), acc.interval(0.95, "score"))
        for bad, exc in (("wilson", libnps.InvalidArgumentError),
                         (3, libnps.InvalidArgumentError), (True, TypeError),
                         (1.0, TypeError), (None, TypeError)):
            with self.subTest(bad=bad), self.assertRaises(exc):
                acc.interval(0.95, bad)

    def test_api__benchmark_and_level_must_be_numbers(self):
        acc = Accumulator([10, 9, 3])
        with self.assertRaisesRegex(TypeError, "benchmark must be a number, not str"):
            acc.test("30")
        with self.assertRaisesRegex(TypeError, "level must be a number"):
            acc.interval("0.95")

    def test_api__sample_size(self):
        # worst case: variance 10^4 (shares 0.5/0.5); n = ceil(z^2 * 10^4 / m^2)
        z = 1.959963984540054
        self.assertEqual(libnps.sample_size(5), math.ceil(z * z * 1e4 / 25))
        self.assertEqual(libnps.sample_size(5, promoter_share=0.5, detractor_share=0.5),
                         libnps.sample_size(5))
        self.assertGreater(libnps.sample_size_compare(10), libnps.sample_size(10))
        for bad in ((0,), (-1,), (5, 1.5)):
            with self.subTest(bad=bad), self.assertRaises(libnps.InvalidArgumentError):
                libnps.sample_size(*bad)
        with self.assertRaises(libnps.InvalidArgumentError):
            libnps.sample_size(5, promoter_share=1.2)
        with self.assertRaises(TypeError):
            libnps.sample_size("5")

    def test_api__accumulator_locks_make_shared_writers_safe(self):
        acc = Accumulator()
        other = Accumulator([9])

        def work():
            for _ in range(2000):
                acc.add(9)
                acc.add_many(b"\x0a\x00")
                acc.merge(other)
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(acc.total, 4 * 2000 * 4)
        self.assertEqual(acc.count(9), 4 * 2000 * 2)

    def test_api__merge_both_ways_at_once_does_not_deadlock(self):
        a, b = Accumulator([9]), Accumulator([3])

        def ab():
            for _ in range(3000):
                a.merge(b) if a.total < 10 ** 6 else None

        def ba():
            for _ in range(3000):
                b.merge(a) if b.total < 10 ** 6 else None
        t1, t2 = threading.Thread(target=ab), threading.Thread(target=ba)
        t1.start(), t2.start()
        t1.join(10), t2.join(10)
        self.assertFalse(t1.is_alive() or t2.is_alive())


@unittest.skipIf(numpy is None, "numpy is not importable by this python")
class NumpyIngestTest(unittest.TestCase):
    INTS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")

    def test_ingest__every_integer_dtype_counts_like_bincount(self):
        rng = numpy.random.default_rng(3)
        base = rng.integers(0, 11, size=5000)
        want = tuple(int(c) for c in numpy.bincount(base, minlength=11))
        for dt in self.INTS + ("float16", "float32", "float64"):
            with self.subTest(dtype=dt):
                self.assertEqual(Accumulator(base.astype(dt)).counts, want)

    def test_ingest__every_dtype_refuses_values_that_would_wrap(self):
        for dt in self.INTS:
            info = numpy.iinfo(dt)
            bads = [v for v in (265, -247, 11, -1, int(info.max), int(info.min))
                    if info.min <= v <= info.max and not 0 <= v <= 10]
            for bad in bads:
                with self.subTest(dtype=dt, bad=bad):
                    arr = numpy.full(100, 9, dtype=dt)
                    arr[57] = bad
                    acc = Accumulator([3])
                    with self.assertRaises(ScoreRangeError) as cm:
                        acc.add_many(arr)
                    self.assertEqual((cm.exception.index, cm.exception.value), (57, bad))
                    self.assertEqual(acc.total, 1)

    def test_ingest__floats_nan_fractions_and_infinities(self):
        arr = numpy.array([9.0, numpy.nan, 10.0, 1.0])
        acc = Accumulator()
        with self.assertRaises(MissingScoreError) as cm:
            acc.add_many(arr)
        self.assertEqual(cm.exception.index, 1)
        self.assertEqual(acc.total, 0)
        acc.add_many(arr, skipna=True)
        self.assertEqual(acc.counts, STD)
        for bad, i in (([9.0, 9.5], 1), ([numpy.inf, 9.0], 0), ([numpy.nan, 265.0], 1),
                       ([-0.5], 0), ([1e300], 0)):
            with self.subTest(bad=bad), self.assertRaises(ScoreRangeError) as cm:
                acc.add_many(numpy.array(bad), skipna=True)
            self.assertEqual(cm.exception.index, i)
        self.assertEqual(acc.counts, STD)

    def test_ingest__uint8_stays_zero_copy_and_other_dtypes_are_not_views(self):
        seen = []
        real = libnps._native.C.nps_acc_add_scores

        def spy(h, ptr, n, bad):
            seen.append(ptr)
            return real(h, ptr, n, bad)
        arr = numpy.array([1, 9, 10], dtype=numpy.uint8)
        libnps._native.C.nps_acc_add_scores = spy
        try:
            Accumulator(arr)
        finally:
            libnps._native.C.nps_acc_add_scores = real
        self.assertEqual(seen, [arr.__array_interface__["data"][0]])

    def test_ingest__rejects_bool_dates_strings_and_scalars(self):
        acc = Accumulator()
        for bad in (numpy.array([True]), numpy.array(["9"]),
                    numpy.array(["2024-01-01"], dtype="datetime64[D]"),
                    numpy.array([1], dtype="timedelta64[s]"),
                    numpy.int64(9), numpy.array(9)):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                acc.add_many(bad)
        self.assertEqual(acc.total, 0)

    def test_ingest__object_arrays_go_through_the_checked_loop(self):
        arr = numpy.array([1, None, 9, numpy.int64(10)], dtype=object)
        self.assertEqual(Accumulator(arr, skipna=True).counts, STD)
        with self.assertRaises(MissingScoreError):
            Accumulator(arr)


@unittest.skipIf(pandas is None, "pandas is not importable by this python")
class PandasIngestTest(unittest.TestCase):
    def test_ingest__series_of_every_kind(self):
        for s in (pandas.Series([1, 9, 10]), pandas.Series([1.0, 9.0, 10.0]),
                  pandas.Series([1, 9, 10], dtype="Int64"),
                  pandas.Series([1, 9, 10], dtype="UInt8"),
                  pandas.Series([1.0, 9.0, 10.0], dtype="Float64"),
                  pandas.Series([1, 9, 10], dtype="category"),
                  pandas.Index([1, 9, 10]), pandas.array([1, 9, 10], dtype="Int16")):
            with self.subTest(dtype=str(s.dtype)):
                self.assertEqual(Accumulator(s).counts, STD)

    def test_ingest__nullable_na_refused_then_skipped(self):
        s = pandas.Series([1, None, 9, 10], dtype="Int64")
        acc = Accumulator()
        with self.assertRaises(MissingScoreError) as cm:
            acc.add_many(s)
        self.assertEqual(cm.exception.index, 1)
        self.assertEqual(acc.total, 0)
        acc.add_many(s, skipna=True)
        self.assertEqual(acc.counts, STD)
        with self.assertRaises(ScoreRangeError) as cm:
            acc.add_many(pandas.Series([None, 265], dtype="Int64"), skipna=True)
        self.assertEqual((cm.exception.index, cm.exception.value), (1, 265))
        self.assertEqual(acc.counts, STD)

    def test_ingest__pandas_refusals(self):
        acc = Accumulator()
        for bad in (pandas.Series([True, False]), pandas.Series([True], dtype="boolean"),
                    pandas.DataFrame({"a": [9]}), pandas.Series(["9"]),
                    pandas.Series(pandas.to_datetime(["2024-01-01"]))):
            with self.subTest(bad=type(bad).__name__), self.assertRaises(TypeError):
                acc.add_many(bad)
        self.assertEqual(acc.total, 0)

    def test_api__groupby_agg_and_summarize(self):
        df = pandas.DataFrame({"seg": list("aaabbbc"),
                               "score": [10, 3, 7, 9, 9, None, 265]})
        df["score"] = df["score"].astype("Int64")
        ok = df[df.seg != "c"]
        got = ok.groupby("seg")["score"].agg(libnps.nps)
        self.assertEqual(list(got.index), ["a", "b"])
        self.assertAlmostEqual(float(got["a"]), 0.0)
        self.assertAlmostEqual(float(got["b"]), 100.0)
        with self.assertRaises(ScoreRangeError):
            df.groupby("seg")["score"].agg(libnps.nps)
        table = libnps.summarize(ok.groupby("seg")["score"], 0.9)
        self.assertEqual(list(table.columns), ["n", "detractors", "passives", "promoters",
                                               "nps", "lo", "hi", "level", "method"])
        self.assertEqual(table.loc["b", "n"], 2)
        self.assertEqual((table.loc["a", "lo"], table.loc["a", "hi"]),
                         Accumulator([10, 3, 7]).interval(0.9))
        two = libnps.summarize(ok.groupby(["seg", ok.score > 5])["score"])
        self.assertEqual(two.index.names, ["seg", "score"])
        with self.assertRaises(TypeError):
            libnps.summarize(ok.groupby("seg"))

    def test_api__summarize_vectorised_equals_one_group_at_a_time(self):
        rng = numpy.random.default_rng(5)
        df = pandas.DataFrame({"seg": rng.choice(["x", "y", "z", None], size=3000),
                               "score": rng.integers(0, 11, size=3000).astype(float)})
        df.loc[rng.random(3000) < 0.1, "score"] = numpy.nan
        got = libnps.summarize(df.groupby("seg")["score"], 0.9, "score")
        for key, group in df.groupby("seg")["score"]:
            self.assertEqual(got.loc[key].to_dict(),
                             libnps.summary(group, 0.9, "score").to_dict())
        self.assertEqual(list(got.index), ["x", "y", "z"])
        bad = df.copy()
        bad.loc[1234, "score"] = 265.0
        with self.assertRaises(ScoreRangeError) as cm:
            libnps.summarize(bad.groupby("seg")["score"])
        self.assertEqual(cm.exception.index, 1234)
        u8 = pandas.DataFrame({"g": [1, 1, 2], "s": numpy.array([9, 11, 3], dtype=numpy.uint8)})
        with self.assertRaises(ScoreRangeError):
            libnps.summarize(u8.groupby("g")["s"])


if __name__ == "__main__":
    unittest.main()
