"""Timeline through the binding: times, windows, trend, bytes, errors."""
import datetime as dt
import math
import pickle
import unittest

import libnps
from libnps import Accumulator, Timeline

from support import needs, student_t_two_sided_p

HOUR = 3600
UTC = dt.timezone.utc
T0 = 1_700_000_000 - 1_700_000_000 % HOUR  # an hour boundary

# bucket k (hour T0 + k*HOUR) holds these answers: the NPS rises
EVENTS = {0: [0, 0, 5, 9, 7], 1: [3, 8, 9, 10], 2: [6, 9, 9, 10, 7, 10],
          4: [9, 10, 10, 8]}


def value(score):
    return 100 if score >= 9 else (-100 if score <= 6 else 0)


def filled(buckets=24):
    tl = Timeline(HOUR, buckets)
    for k, scores in EVENTS.items():
        for i, s in enumerate(scores):
            tl.add(T0 + k * HOUR + 60 * i, s)
    return tl


@needs("nps_timeline_new", "nps_timeline_add", "nps_timeline_range")
class TimelineTest(unittest.TestCase):
    def test_timeline__range_sums_buckets_in_half_open_window(self):
        tl = filled()
        acc = tl.range(T0 + HOUR, T0 + 4 * HOUR)  # buckets 1, 2 (3 empty)
        expected = Accumulator()
        expected.add_many(EVENTS[1] + EVENTS[2])
        self.assertEqual(acc, expected)
        self.assertEqual(tl.range(T0, T0 + 5 * HOUR).total, 19)
        self.assertEqual(tl.range(T0 + 5 * HOUR, T0 + 9 * HOUR).total, 0)

    def test_timeline__aware_datetimes_equal_epoch_seconds(self):
        a, b = Timeline(HOUR, 24), Timeline(HOUR, 24)
        when = dt.datetime.fromtimestamp(T0 + 90, UTC)
        a.add(T0 + 90, 9)
        b.add(when.astimezone(dt.timezone(dt.timedelta(hours=-5))), 9)
        self.assertEqual(a, b)
        self.assertEqual(b.range(when, when + dt.timedelta(hours=1)).total, 0)  # bucket start < when
        self.assertEqual(b.range(T0, T0 + HOUR).total, 1)

    def test_timeline__naive_datetime_is_value_error_and_changes_nothing(self):
        tl = filled()
        twin = tl.copy()
        with self.assertRaises(ValueError):
            tl.add(dt.datetime(2024, 1, 1, 12, 0), 9)
        with self.assertRaises(ValueError):
            tl.range(dt.datetime(2024, 1, 1), T0)
        with self.assertRaises(TypeError):
            tl.add(float(T0), 9)
        self.assertEqual(tl, twin)

    def test_timeline__off_scale_and_too_old_change_nothing(self):
        tl = filled(buckets=3)  # retains buckets 2..4
        twin = tl.copy()
        with self.assertRaises(libnps.ScoreRangeError):
            tl.add(T0 + 4 * HOUR, 11)
        with self.assertRaises(libnps.ScoreRangeError):
            tl.add(T0 + 4 * HOUR, 2 ** 32 + 9)  # not truncated to 9
        self.assertEqual(tl, twin)
        with self.assertRaises(libnps.TooOldError):
            tl.add(T0 + HOUR, 9)
        self.assertEqual(tl.dropped, twin.dropped + 1)
        self.assertEqual(tl.range(T0 - HOUR, T0 + 9 * HOUR), twin.range(T0 - HOUR, T0 + 9 * HOUR))

    def test_timeline__bad_geometry_is_invalid_argument(self):
        for args in ((0, 24), (HOUR, 0), (-1, 5), (HOUR, 2 ** 32)):
            with self.subTest(args=args), self.assertRaises(libnps.InvalidArgumentError):
                Timeline(*args)

    def test_timeline__range_of_other_scale_and_merge_mismatch(self):
        tl = filled()
        other = Timeline(HOUR, 24, libnps.Scale(1, 10, 7, 9))
        with self.assertRaises(libnps.ScaleMismatchError):
            tl.merge(other)
        with self.assertRaises(libnps.ScaleMismatchError):
            tl.merge(Timeline(2 * HOUR, 24))
        self.assertEqual(other.range(T0, T0 + HOUR).scale, libnps.Scale(1, 10, 7, 9))

    @needs("nps_timeline_merge")
    def test_timeline__merge_equals_one_stream(self):
        a, b, both = Timeline(HOUR, 24), Timeline(HOUR, 24), Timeline(HOUR, 24)
        for k, scores in EVENTS.items():
            for i, s in enumerate(scores):
                (a if i % 2 else b).add(T0 + k * HOUR + i, s)
                both.add(T0 + k * HOUR + i, s)
        a.merge(b)
        self.assertEqual(a, both)

    @needs("nps_timeline_trend")
    def test_timeline__trend_matches_ols_on_bucket_index(self):
        # OLS of each answer's +100/0/-100 on its bucket index, SE from the
        # residual variance with N - 2 degrees of freedom, Student t p-value.
        xs, ys = [], []
        for k, scores in EVENTS.items():
            for s in scores:
                xs.append(k)
                ys.append(value(s))
        n = len(xs)
        mx, my = sum(xs) / n, sum(ys) / n
        sxx = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
        icpt = my - slope * mx
        ssr = sum((y - icpt - slope * x) ** 2 for x, y in zip(xs, ys))
        se = math.sqrt(ssr / (n - 2) / sxx)
        p = student_t_two_sided_p(slope / se, n - 2)

        got = filled().trend(T0, T0 + 24 * HOUR)
        self.assertIsInstance(got, libnps.Trend)
        self.assertAlmostEqual(got.slope, slope, places=9)
        self.assertAlmostEqual(got.stderr, se, places=9)
        self.assertAlmostEqual(got.p_value, p, places=6)

    @needs("nps_timeline_trend")
    def test_timeline__trend_needs_two_buckets(self):
        tl = Timeline(HOUR, 24)
        for s in (9, 0, 10):
            tl.add(T0, s)
        with self.assertRaises(libnps.EmptyError):
            tl.trend(T0, T0 + HOUR)

    @needs("nps_timeline_serialize", "nps_timeline_deserialize")
    def test_timeline__bytes_and_pickle_round_trip(self):
        tl = filled()
        back = Timeline.from_bytes(tl.to_bytes())
        self.assertEqual(back, tl)
        self.assertEqual(pickle.loads(pickle.dumps(tl)), tl)
        self.assertEqual(back.range(T0, T0 + 9 * HOUR), tl.range(T0, T0 + 9 * HOUR))

    @needs("nps_timeline_serialize", "nps_timeline_deserialize")
    def test_timeline__corrupted_bytes_raise_format_error(self):
        good = filled().to_bytes()
        for bad in (b"", good[:-1], good + b"\x00", b"\x00" * len(good)):
            with self.subTest(n=len(bad)), self.assertRaises(libnps.FormatError):
                Timeline.from_bytes(bad)
        for i in range(len(good)):
            bad = bytearray(good)
            bad[i] ^= 0x01
            with self.subTest(offset=i):
                with self.assertRaises((libnps.FormatError, libnps.VersionError)):
                    Timeline.from_bytes(bad)

    @needs("nps_timeline_buckets", "nps_timeline_newest", "nps_timeline_rolling")
    def test_timeline__properties_and_repr(self):
        tl = filled(buckets=7)
        self.assertEqual(tl.buckets, 7)
        self.assertEqual(tl.newest, T0 + 4 * HOUR)
        self.assertIsNone(Timeline(HOUR, 2).newest)
        self.assertEqual(tl.rolling(1).total, len(EVENTS[4]))
        self.assertIn("buckets=7", repr(tl))


if __name__ == "__main__":
    unittest.main()
