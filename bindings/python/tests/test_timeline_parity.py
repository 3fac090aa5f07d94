"""Timeline parity with the C API: calendar units, batch add with explicit
time units, the horizon guard, buckets, compare_periods, geometry."""
import datetime as dt
import math
import unittest

import libnps
from libnps import Accumulator, Timeline

try:
    import numpy
except ImportError:
    numpy = None
try:
    import pandas
except ImportError:
    pandas = None

UTC = dt.timezone.utc
DAY = 86400
T0 = 1_717_200_000 - 1_717_200_000 % DAY  # 2024-06-01 00:00 UTC


class TimelineParityTest(unittest.TestCase):
    def test_timeline__geometry_properties_and_names(self):
        tl = Timeline("quarter", 8, utc_offset=dt.timedelta(hours=-5))
        self.assertEqual((tl.unit, tl.width, tl.utc_offset, tl.buckets),
                         ("month", 3, -5 * 3600, 8))
        self.assertIsNone(tl.bucket_width)
        self.assertIsNone(tl.horizon)
        self.assertIsNone(tl.clock)
        tl = Timeline(dt.timedelta(hours=1), 24)
        self.assertEqual((tl.unit, tl.width, tl.bucket_width), ("second", 3600,
                                                                dt.timedelta(hours=1)))
        self.assertEqual(Timeline(bucket_seconds=3600, buckets=2).width, 3600)  # 1.0 names
        with self.assertRaises(TypeError):
            Timeline(60, bucket_seconds=60, buckets=2)
        with self.assertRaises(TypeError):
            Timeline(60)
        back = Timeline.from_bytes(Timeline(7, 3, unit="month").to_bytes())
        self.assertEqual((back.unit, back.width), ("month", 7))

    def test_timeline__bad_geometry_is_refused(self):
        for args, kw, exc in (((0, 5), {}, libnps.InvalidArgumentError),
                              (("fortnight", 5), {}, libnps.InvalidArgumentError),
                              ((3600, 0), {}, libnps.InvalidArgumentError),
                              ((3600, 5), {"utc_offset": 2 * DAY}, libnps.InvalidArgumentError),
                              ((1201, 5), {"unit": "month"}, libnps.InvalidArgumentError),
                              ((3600, 5), {"unit": "week"}, libnps.InvalidArgumentError),
                              ((dt.timedelta(seconds=1.5), 5), {}, libnps.InvalidArgumentError),
                              ((3600.0, 5), {}, TypeError), ((3600, True), {}, TypeError)):
            with self.subTest(args=args, kw=kw), self.assertRaises(exc):
                Timeline(*args, **kw)

    def test_timeline__calendar_months_at_an_offset(self):
        # 2024-01-31 23:30 UTC is February 00:30 at UTC+1
        tl = Timeline("month", 12, utc_offset=3600)
        t = dt.datetime(2024, 1, 31, 23, 30, tzinfo=UTC)
        tl.add(t, 9)
        feb = dt.datetime(2024, 2, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        self.assertEqual(tl.bucket_start(t), int(feb.timestamp()))
        self.assertEqual(tl.newest, int(feb.timestamp()))

    def test_timeline__buckets_iterate_oldest_first(self):
        tl = Timeline(DAY, 4)
        self.assertEqual(list(tl), [])
        tl.add(T0, 9)
        tl.add(T0 + 2 * DAY, 3)
        tl.add(T0 + 2 * DAY + 5, 10)
        got = [(b.start, b.acc.counts) for b in tl]
        self.assertEqual([s for s, _ in got], [T0 - DAY, T0, T0 + DAY, T0 + 2 * DAY])
        self.assertEqual(got[1][1], Accumulator([9]).counts)
        self.assertEqual(got[3][1], Accumulator([3, 10]).counts)
        self.assertEqual(tl.bucket(0).acc, Accumulator([3, 10]))
        with self.assertRaises(libnps.InvalidArgumentError):
            tl.bucket(4)
        with self.assertRaises(libnps.EmptyError):
            Timeline(DAY, 4).bucket(0)

    def test_timeline__batch_add_with_explicit_units(self):
        times = [T0, T0 + DAY, T0 + DAY + 1]
        a, b = Timeline(DAY, 7), Timeline(DAY, 7)
        for t, s in zip(times, [9, 3, 10]):
            a.add(t, s)
        self.assertEqual(b.add_many([t * 1000 for t in times], [9, 3, 10], unit="ms"), 0)
        self.assertEqual(a, b)
        c = Timeline(DAY, 7)
        c.add_many([dt.datetime.fromtimestamp(t, UTC) for t in times], [9.0, 3, 10])
        self.assertEqual(a, c)
        with self.assertRaises(libnps.InvalidArgumentError):
            c.add_many(times, [9, 3, 10], unit="minutes")

    def test_timeline__batch_add_bad_input_changes_nothing(self):
        tl = Timeline(DAY, 7)
        tl.add(T0, 9)
        before = tl.to_bytes()
        naive = dt.datetime(2024, 6, 1)
        for times, scores, kw, exc, index in (
                ([T0, T0], [9, 11], {}, libnps.ScoreRangeError, 1),
                ([T0, T0], [9, None], {}, libnps.MissingScoreError, 1),
                ([T0, None], [9, 9], {}, libnps.MissingScoreError, 1),
                ([T0, T0], [9, True], {}, TypeError, None),
                ([T0, 1.5], [9, 9], {}, TypeError, None),
                ([T0, naive], [9, 9], {}, ValueError, None),
                ([T0, T0], [9], {}, ValueError, None),
                ([T0, "2024"], [9, 9], {}, TypeError, None),
                ([T0, T0], [265, 9], {}, libnps.ScoreRangeError, 0)):
            with self.subTest(times=times, scores=scores), self.assertRaises(exc) as cm:
                tl.add_many(times, scores, **kw)
            if index is not None:
                self.assertEqual(cm.exception.index, index)
            self.assertEqual(tl.to_bytes(), before)
        self.assertEqual(tl.add_many([None, T0], [9, None], skipna=True), 0)
        self.assertEqual(tl.to_bytes(), before)
        tl.add_many([None, T0, T0], [9, None, 10], skipna=True)
        self.assertEqual(tl.range(T0, T0 + DAY), Accumulator([9, 10]))
        tl.add_many([None, T0], b"\x09\x03", skipna=True)  # bytes, a skipped time
        self.assertEqual(tl.range(T0, T0 + DAY), Accumulator([9, 10, 3]))

    def test_timeline__horizon_guard_refuses_wrong_units(self):
        tl = Timeline(3600, 24)
        tl.add(T0, 9)
        tl.set_horizon(dt.timedelta(days=1))
        tl.advance(T0)
        self.assertEqual((tl.horizon, tl.clock), (DAY, T0))
        before = tl.to_bytes()
        for bad in (T0 * 1000, T0 * 10 ** 9):
            with self.subTest(bad=bad), self.assertRaises(libnps.TooNewError):
                tl.add(bad, 9)
            with self.assertRaises(libnps.TooNewError) as cm:
                tl.add_many([T0, bad], [9, 9])
            self.assertEqual((cm.exception.index, cm.exception.value), (1, bad))
            self.assertEqual(tl.to_bytes(), before)
        self.assertEqual(tl.rolling(1), Accumulator([9]))
        tl.add_many([T0 * 1000 + 5], [10], unit="ms")
        self.assertEqual(tl.rolling(1), Accumulator([9, 10]))
        tl.set_horizon(None)
        self.assertIsNone(tl.horizon)
        for bad in (-1, 1.5, "1"):
            with self.subTest(bad=bad), self.assertRaises((libnps.InvalidArgumentError,
                                                           TypeError)):
                tl.set_horizon(bad)

    def test_timeline__advance_evicts_and_compare_periods(self):
        tl = Timeline(DAY, 4)
        tl.add_many([T0, T0, T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY],
                    [0, 3, 9, 10, 10])
        c = tl.compare_periods(2)
        want = libnps.compare(tl.rolling(2), tl.range(T0, T0 + 2 * DAY))
        self.assertEqual(c, want)
        self.assertEqual(tl.compare_periods(1, 0.9, "wald"),
                         libnps.compare(tl.bucket(0).acc, tl.bucket(1).acc, 0.9, "wald"))
        with self.assertRaises(libnps.InvalidArgumentError):
            tl.compare_periods(3)
        tl.advance(T0 + 5 * DAY)
        self.assertEqual(tl.newest, T0 + 5 * DAY)
        self.assertEqual(tl.rolling(4).total, 2)
        with self.assertRaises(libnps.TooOldError):
            tl.add(T0, 9)
        self.assertEqual(tl.dropped, 1)
        tl.reset()
        self.assertIsNone(tl.newest)

    def test_timeline__repr_never_raises(self):
        tl = Timeline(3600, 24)
        tl.add(-2 ** 63, 9)
        self.assertIn("Timeline", repr(tl))
        tl2 = Timeline("month", 3, scale=libnps.Scale(1, 10, 7, 9))
        self.assertIn("months=1", repr(tl2))
        self.assertIn("Accumulator", repr(Accumulator([9])))


@unittest.skipIf(numpy is None, "numpy is not importable by this python")
class NumpyTimesTest(unittest.TestCase):
    def test_timeline__datetime64_of_every_unit(self):
        want = Timeline(3600, 48)
        secs = [T0 - 1, T0, T0 + 3599, T0 + 3600]
        for t in secs:
            want.add(t, 9)
        for unit in ("s", "ms", "us", "ns"):
            with self.subTest(unit=unit):
                arr = numpy.array(secs, dtype="datetime64[s]").astype(f"datetime64[{unit}]")
                arr = arr + numpy.timedelta64(1, unit) * (unit != "s")  # sub-second part
                tl = Timeline(3600, 48)
                tl.add_many(arr, numpy.full(4, 9, dtype=numpy.int64))
                self.assertEqual(tl, want)
        neg = numpy.array([-1], dtype="datetime64[ms]")  # 1969-12-31 23:59:59.999
        tl = Timeline(3600, 2)
        tl.add_many(neg, [9])
        self.assertEqual(tl.newest, -3600)
        tl.add(numpy.datetime64(T0, "s"), 9)
        self.assertEqual(tl.newest, T0)

    def test_timeline__numpy_int_times_and_refusals(self):
        tl = Timeline(3600, 48)
        tl.add_many(numpy.array([T0 * 10 ** 9], dtype=numpy.int64), [9], unit="ns")
        self.assertEqual(tl.newest, T0)
        before = tl.to_bytes()
        for bad in (numpy.array([1.5]), numpy.array([1], dtype="timedelta64[s]"),
                    numpy.array([True])):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                tl.add_many(bad, [9])
        with self.assertRaises(libnps.MissingScoreError):
            tl.add_many(numpy.array(["NaT"], dtype="datetime64[s]"), [9])
        self.assertEqual(tl.to_bytes(), before)


@unittest.skipIf(pandas is None, "pandas is not importable by this python")
class PandasTimesTest(unittest.TestCase):
    def frame(self):
        return pandas.DataFrame({
            "when": pandas.to_datetime(["2024-01-15 10:00", "2024-01-20", "2024-02-03",
                                        "2024-03-30 23:59:59", None]),
            "score": pandas.array([10, 3, 9, 7, 9], dtype="Int64")})

    def test_timeline__from_a_dataframe_and_to_pandas(self):
        df = self.frame()
        tl = Timeline("month", 6)
        with self.assertRaises(libnps.MissingScoreError):
            tl.add_many(df.when, df.score)
        self.assertIsNone(tl.newest)
        tl.add_many(df.when, df.score, skipna=True)
        out = tl.to_pandas()
        self.assertEqual(len(out), 6)
        self.assertEqual(str(out.index[-1]), "2024-03-01 00:00:00+00:00")
        jan = out.loc["2024-01-01"]
        self.assertEqual((jan["n"], jan["nps"]), (2, 0.0))
        self.assertEqual((jan["lo"], jan["hi"]), Accumulator([10, 3]).interval())
        self.assertTrue(math.isnan(out.iloc[0]["nps"]))
        self.assertEqual(len(tl.to_pandas(skip_empty=True)), 3)
        # monthly NPS with pandas alone gives the same numbers
        by_month = df.dropna().groupby(df.when.dt.to_period("M"))["score"].agg(libnps.nps)
        self.assertEqual(list(by_month), list(out.dropna()["nps"]))

    def test_timeline__tz_aware_columns_and_timestamps(self):
        df = self.frame().dropna()
        naive = Timeline(DAY, 400)
        naive.add_many(df.when, df.score)
        aware = Timeline(DAY, 400)
        aware.add_many(df.when.dt.tz_localize("UTC").dt.tz_convert("Asia/Tokyo"), df.score)
        self.assertEqual(naive, aware)
        single = Timeline(DAY, 400)
        for t, s in zip(df.when, df.score):
            single.add(t, s)
        self.assertEqual(single, naive)
        with self.assertRaises(TypeError):
            single.add_many(pandas.Series([pandas.Timedelta(1)]), [9])


if __name__ == "__main__":
    unittest.main()
