"""Accumulator: adding, reading, merging, errors and the strong guarantee."""
import array
import copy
import math
import pickle
import unittest

import libnps
from libnps import Accumulator, Scale

from support import needs


def snapshot(acc):
    # counts and scale through the C getters: independent of the codec
    return (acc.scale, acc.counts, acc.total)


class AccumulatorTest(unittest.TestCase):
    def test_acc__add_counts_by_category(self):
        acc = Accumulator()
        for s in (0, 6, 7, 8, 9, 10, 10):
            acc.add(s)
        self.assertEqual((acc.detractors, acc.passives, acc.promoters), (2, 2, 3))
        self.assertEqual(acc.total, 7)
        # (3 promoters - 2 detractors) / 7 answers
        self.assertAlmostEqual(acc.score, 100 * (3 - 2) / 7, places=12)
        self.assertAlmostEqual(acc.mean, (0 + 6 + 7 + 8 + 9 + 10 + 10) / 7, places=12)
        self.assertEqual(acc.count(10), 2)
        self.assertEqual(acc.count(11), 0)
        self.assertEqual(acc.counts, (1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2))

    def test_acc__empty_score_is_nan(self):
        acc = Accumulator()
        self.assertTrue(math.isnan(acc.score))
        self.assertTrue(math.isnan(acc.mean))
        self.assertEqual(acc.total, 0)

    def test_acc__add_many_accepts_every_byte_buffer(self):
        data = bytes([10, 9, 0, 7, 5])
        sources = [data, bytearray(data), memoryview(data),
                   memoryview(b"xx" + data + b"yy")[2:-2],  # read-only slice
                   array.array("B", data), [10, 9, 0, 7, 5], (s for s in data),
                   memoryview(bytearray(data)).toreadonly(),
                   memoryview(b"x" + data)[1::1]]
        for src in sources:
            with self.subTest(type=type(src).__name__):
                acc = Accumulator()
                acc.add_many(src)
                self.assertEqual((acc.detractors, acc.passives, acc.promoters), (2, 1, 2))

    def test_acc__add_many_strided_buffer_is_read_correctly(self):
        acc = Accumulator()
        acc.add_many(memoryview(bytes([10, 0, 10, 0, 10]))[::2])  # three 10s
        self.assertEqual(acc.counts[10], 3)
        self.assertEqual(acc.total, 3)

    def test_acc__add_many_rejects_what_is_not_a_score(self):
        acc = Accumulator()
        for bad in ("9 10", [True], [9, False], 9, [b"9"], ["9"]):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                acc.add_many(bad)
        with self.assertRaises(libnps.ScoreRangeError):
            acc.add_many([9, 1.5])
        self.assertEqual(acc.total, 0)

    def test_acc__add_many_wider_buffers_are_checked_not_reinterpreted(self):
        acc = Accumulator()
        acc.add_many(array.array("i", [1, 2, 10]))
        acc.add_many(array.array("H", [9]))
        self.assertEqual(acc.counts, (0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1))
        with self.assertRaises(libnps.ScoreRangeError) as cm:
            acc.add_many(array.array("i", [9, 265]))  # 265 % 256 == 9
        self.assertEqual((cm.exception.index, cm.exception.value), (1, 265))
        self.assertEqual(acc.total, 4)

    def test_acc__add_off_scale_raises_and_changes_nothing(self):
        acc = Accumulator()
        acc.add_many(b"\x01\x09\x0a")
        before = snapshot(acc)
        twin = acc.copy()
        for bad in (11, -1, 255, 2 ** 32 + 9, -(2 ** 40)):
            with self.subTest(score=bad):
                with self.assertRaises(libnps.ScoreRangeError) as cm:
                    acc.add(bad)
                self.assertIsInstance(cm.exception, ValueError)
                self.assertEqual(cm.exception.status, -2)
                self.assertEqual(cm.exception.value, bad)
        self.assertEqual(snapshot(acc), before)
        self.assertEqual(acc, twin)

    def test_acc__add_many_bad_byte_reports_index_and_adds_nothing(self):
        acc = Accumulator(Scale(1, 10, 7, 9))
        acc.add(10)
        before = snapshot(acc)
        for src in (bytes([5, 9, 10, 0, 3]), bytearray([5, 9, 10, 0, 3]),
                    array.array("B", [5, 9, 10, 0, 3]), [5, 9, 10, 0, 3]):
            with self.subTest(type=type(src).__name__):
                with self.assertRaises(libnps.ScoreRangeError) as cm:
                    acc.add_many(src)
                self.assertEqual((cm.exception.index, cm.exception.value), (3, 0))
                self.assertEqual(snapshot(acc), before)
        with self.assertRaises(libnps.ScoreRangeError) as cm:
            acc.add_many([5, 300])  # cannot even be a byte
        self.assertEqual((cm.exception.index, cm.exception.value), (1, 300))
        self.assertEqual(snapshot(acc), before)

    def test_acc__add_n_and_remove_n(self):
        acc = Accumulator()
        acc.add_n(9, 5)
        acc.remove_n(9, 2)
        self.assertEqual(acc.promoters, 3)
        before = snapshot(acc)
        with self.assertRaises(libnps.CountOverflowError):
            acc.remove_n(9, 4)  # only 3 held
        with self.assertRaises(libnps.CountOverflowError):
            acc.add_n(9, 2 ** 64)  # not a uint64: refused before reaching C
        with self.assertRaises(libnps.CountOverflowError):
            acc.add_n(9, -1)
        self.assertEqual(snapshot(acc), before)

    def test_acc__overflow_raises_and_changes_nothing(self):
        acc = Accumulator()
        acc.add_n(10, 2 ** 64 - 1)
        before = snapshot(acc)
        with self.assertRaises(libnps.CountOverflowError) as cm:
            acc.add(0)
        self.assertIsInstance(cm.exception, OverflowError)
        with self.assertRaises(libnps.CountOverflowError):
            acc.add_many(b"\x00\x01")
        with self.assertRaises(libnps.CountOverflowError):
            acc.merge(acc)
        self.assertEqual(snapshot(acc), before)

    def test_acc__merge_and_operators(self):
        a, b = Accumulator(), Accumulator()
        a.add_many(b"\x0a\x00")
        b.add_many(b"\x09\x08\x07")
        c = a + b
        self.assertEqual(c.counts, (1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1))
        self.assertEqual(a.total, 2)  # + makes a new object
        a += b
        self.assertEqual(a, c)
        self.assertEqual(sum([a, b]), a + b)
        a.merge(a)  # self-merge doubles
        self.assertEqual(a.total, 10)
        a.subtract(c)
        self.assertEqual(a, c)

    def test_acc__mismatched_scales_raise_and_change_nothing(self):
        std, one_ten = Accumulator(), Accumulator(Scale(1, 10, 7, 9))
        std.add(0)
        one_ten.add(1)
        before = snapshot(std)
        with self.assertRaises(libnps.ScaleMismatchError):
            std.merge(one_ten)
        with self.assertRaises(libnps.ScaleMismatchError):
            std += one_ten
        with self.assertRaises(libnps.ScaleMismatchError):
            std + one_ten
        with self.assertRaises(libnps.ScaleMismatchError):
            std.subtract(one_ten)
        self.assertEqual(snapshot(std), before)
        self.assertNotEqual(std, one_ten)

    def test_acc__bad_scale_is_invalid_argument(self):
        for args in ((5, 1, 2, 3), (0, 10, 11, 11), (0, 101, 7, 9), (-1, 10, 7, 9),
                     (0, 10, 9, 7)):
            with self.subTest(args=args), self.assertRaises(libnps.InvalidArgumentError):
                Scale(*args)
        with self.assertRaises(TypeError):
            Accumulator(scale=(0, 10, 7, 9))

    def test_acc__scale_classifies(self):
        s = Scale(1, 10, 7, 9)
        self.assertEqual([s.classify(x) for x in (1, 6, 7, 8, 9, 10)],
                         [libnps.Category.DETRACTOR] * 2 + [libnps.Category.PASSIVE] * 2
                         + [libnps.Category.PROMOTER] * 2)
        with self.assertRaises(libnps.ScoreRangeError):
            s.classify(0)
        self.assertEqual(Accumulator(s).scale, s)
        self.assertEqual(Scale.STANDARD, Scale(0, 10, 7, 9))

    def test_acc__equality_copy_and_repr(self):
        a = Accumulator()
        a.add_many(b"\x0a\x0a\x05")
        b = copy.copy(a)
        self.assertEqual(a, b)
        self.assertIsNot(a, b)
        b.add(9)
        self.assertNotEqual(a, b)
        self.assertEqual(copy.deepcopy(a), a)
        self.assertEqual(repr(a), "<Accumulator total=3 promoters=2 passives=0 "
                                  "detractors=1 score=33.33>")
        self.assertIn("scale=Scale(1, 10, 7, 9)", repr(Accumulator(Scale(1, 10, 7, 9))))
        with self.assertRaises(TypeError):
            hash(a)

    def test_acc__reset_keeps_scale(self):
        a = Accumulator(Scale(1, 5, 3, 5))
        a.add_many(b"\x01\x05")
        a.reset()
        self.assertEqual(a.total, 0)
        self.assertEqual(a.scale, Scale(1, 5, 3, 5))

    @needs("nps_acc_serialize", "nps_acc_deserialize")
    def test_acc__bytes_and_pickle_round_trip(self):
        a = Accumulator(Scale(1, 10, 7, 9))
        a.add_many(bytes([1, 5, 7, 9, 10, 10]))
        b = Accumulator.from_bytes(a.to_bytes())
        self.assertEqual(b, a)
        self.assertEqual(b.scale, Scale(1, 10, 7, 9))
        self.assertEqual(Accumulator.from_bytes(bytearray(a.to_bytes())), a)
        self.assertEqual(Accumulator.from_bytes(memoryview(b"#" + a.to_bytes())[1:]), a)
        for proto in range(pickle.HIGHEST_PROTOCOL + 1):
            self.assertEqual(pickle.loads(pickle.dumps(a, proto)), a)
        self.assertEqual(pickle.loads(pickle.dumps(Scale(1, 10, 7, 9))), Scale(1, 10, 7, 9))

    @needs("nps_acc_serialize", "nps_acc_deserialize")
    def test_acc__corrupted_bytes_raise_format_error(self):
        a = Accumulator()
        a.add_many(bytes(range(11)) * 3)
        good = a.to_bytes()
        for bad in (b"", b"hello", good[:-1], good + b"\x00", good[1:]):
            with self.subTest(bad=bad), self.assertRaises(libnps.FormatError) as cm:
                Accumulator.from_bytes(bad)
            self.assertIsInstance(cm.exception, ValueError)
        # every single-byte change is detected (a changed version byte may
        # legitimately read as "newer version")
        for i in range(len(good)):
            bad = bytearray(good)
            bad[i] ^= 0x40
            with self.subTest(offset=i):
                with self.assertRaises((libnps.FormatError, libnps.VersionError)):
                    Accumulator.from_bytes(bytes(bad))

    def test_acc__errors_are_nps_errors_with_status(self):
        self.assertTrue(issubclass(libnps.ScoreRangeError, libnps.NpsError))
        self.assertTrue(issubclass(libnps.ScoreRangeError, ValueError))
        self.assertTrue(issubclass(libnps.OutOfMemoryError, MemoryError))
        statuses = {cls.status for cls in (
            libnps.InvalidArgumentError, libnps.ScoreRangeError, libnps.OutOfMemoryError,
            libnps.CountOverflowError, libnps.ScaleMismatchError, libnps.TooOldError,
            libnps.FormatError, libnps.VersionError, libnps.BufferSizeError,
            libnps.EmptyError, libnps.TooNewError)}
        self.assertEqual(statuses, set(range(-11, 0)))
        self.assertIn("score outside the scale", str(libnps.ScoreRangeError()))

    def test_acc__versions(self):
        self.assertRegex(libnps.__version__, r"^\d+\.\d+\.\d+$")
        self.assertRegex(libnps.library_version, r"^1\.\d+\.\d+$")
        major, minor, patch = map(int, libnps.library_version.split("."))
        self.assertEqual(libnps.library_version_number, major * 10000 + minor * 100 + patch)


try:
    import numpy
except ImportError:  # numpy is optional: these run under a python that has it
    numpy = None


@unittest.skipIf(numpy is None, "numpy is not importable by this python")
class NumpyInputTest(unittest.TestCase):
    def test_acc__add_many_numpy_uint8_arrays(self):
        rng = numpy.random.default_rng(7)
        a = rng.integers(0, 11, size=10007, dtype=numpy.uint8)
        acc = Accumulator()
        acc.add_many(a)
        acc.add_many(a.reshape(-1, 1))          # 2-D C-contiguous
        acc.add_many(a[::3])                     # strided: read through a copy
        b = numpy.concatenate([a, a, a[::3]])
        self.assertEqual(acc.counts, tuple(int(x) for x in numpy.bincount(b, minlength=11)))

    def test_acc__add_many_numpy_wider_dtypes_are_checked(self):
        acc = Accumulator()
        for dt in (numpy.int64, numpy.int8, numpy.float32, numpy.uint16):
            with self.subTest(dtype=dt):
                acc.add_many(numpy.array([1, 2], dtype=dt))
        self.assertEqual(acc.counts[1:3], (4, 4))
        with self.assertRaises(TypeError):
            acc.add_many(numpy.array([True, False]))
        self.assertEqual(acc.total, 8)

    def test_acc__add_many_numpy_bad_value_adds_nothing(self):
        acc = Accumulator()
        a = numpy.full(1000, 9, dtype=numpy.uint8)
        a[777] = 11
        with self.assertRaises(libnps.ScoreRangeError) as cm:
            acc.add_many(a)
        self.assertEqual((cm.exception.index, cm.exception.value), (777, 11))
        self.assertEqual(acc.total, 0)


if __name__ == "__main__":
    unittest.main()
