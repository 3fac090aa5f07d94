"""add_many hands C the caller's own memory: no copy is made.

Two independent proofs:
1. Address: the binding's C entry point nps_acc_add_scores is replaced by a
   C-callable thunk (ctypes CFUNCTYPE) that records the `scores` pointer it
   receives through the C calling convention and then forwards it to the
   real nps_acc_add_scores. The recorded pointer must equal the address of
   the caller's buffer, obtained independently of the binding (bytes: the
   CPython object header offset; bytearray: ctypes.from_buffer; array:
   buffer_info(); numpy: __array_interface__), and the real function,
   reading from that pointer, must count the right scores.
2. Memory: tracemalloc traces every allocation made through Python's
   allocators (including ctypes buffers and bytes copies); ingesting a
   16 MiB buffer of any supported kind must allocate far less than 16 MiB.
"""
import array
import ctypes
import platform
import tracemalloc
import unittest
from ctypes import CFUNCTYPE, POINTER, c_int, c_size_t, c_void_p

import libnps
from libnps import _native

try:
    import numpy
except ImportError:  # numpy is optional
    numpy = None

CPYTHON = platform.python_implementation() == "CPython"


def bytes_address(b):
    # CPython layout: the bytes payload ends the object, after a header of
    # bytes.__basicsize__ - 1 bytes (the last basicsize byte is the NUL).
    return id(b) + bytes.__basicsize__ - 1


class Spy:
    """Interpose a C-callable thunk in front of nps_acc_add_scores."""

    PROTO = CFUNCTYPE(c_int, c_void_p, c_void_p, c_size_t, POINTER(c_size_t))

    def __enter__(self):
        self.seen = []
        real = _native.lib.nps_acc_add_scores

        def spy(acc, scores, n, bad):
            self.seen.append((scores or 0, n))
            return real(acc, scores, n, bad)
        self.thunk = self.PROTO(spy)
        self.saved = _native.C.__dict__["nps_acc_add_scores"]
        setattr(_native.C, "nps_acc_add_scores", staticmethod(self.thunk))
        return self

    def __exit__(self, *exc):
        setattr(_native.C, "nps_acc_add_scores", self.saved)
        return False


@unittest.skipUnless(CPYTHON, "addresses and PyObject_GetBuffer are CPython's")
class ZeroCopyTest(unittest.TestCase):
    N = 1 << 12

    def payload(self):
        return bytes(i % 11 for i in range(self.N))

    def check_same_address(self, obj, address, n):
        acc = libnps.Accumulator()
        with Spy() as spy:
            acc.add_many(obj)
        self.assertEqual(spy.seen, [(address, n)])
        # the real function read the scores from that address
        expected = bytes(memoryview(obj))
        self.assertEqual(acc.counts, tuple(expected.count(s) for s in range(11)))

    def test_zerocopy__bytes_address_reaches_c(self):
        b = self.payload()
        self.check_same_address(b, bytes_address(b), len(b))

    def test_zerocopy__bytearray_address_reaches_c(self):
        ba = bytearray(self.payload())
        addr = ctypes.addressof((ctypes.c_char * len(ba)).from_buffer(ba))
        self.check_same_address(ba, addr, len(ba))

    def test_zerocopy__readonly_memoryview_slice_address_reaches_c(self):
        b = self.payload()
        self.check_same_address(memoryview(b)[100:1100], bytes_address(b) + 100, 1000)

    def test_zerocopy__array_address_reaches_c(self):
        arr = array.array("B", self.payload())
        self.check_same_address(arr, arr.buffer_info()[0], len(arr))

    @unittest.skipIf(numpy is None, "numpy is not importable by this python")
    def test_zerocopy__numpy_address_reaches_c(self):
        a = numpy.frombuffer(self.payload(), dtype=numpy.uint8)  # read-only
        self.assertFalse(a.flags.writeable)
        self.check_same_address(a, a.__array_interface__["data"][0], len(a))
        w = numpy.array(a)  # writable copy, own memory
        self.check_same_address(w[7:], w.__array_interface__["data"][0] + 7, len(w) - 7)

    def test_zerocopy__bad_byte_index_is_relative_to_the_callers_view(self):
        # the index C reports is the offset in the caller's slice
        b = bytearray(self.payload())
        b[1234] = 99
        acc = libnps.Accumulator()
        with Spy() as spy, self.assertRaises(libnps.ScoreRangeError) as cm:
            acc.add_many(memoryview(b)[1000:])
        self.assertEqual((cm.exception.index, cm.exception.value), (234, 99))
        base = ctypes.addressof((ctypes.c_char * len(b)).from_buffer(b))
        self.assertEqual(spy.seen[0][0], base + 1000)
        self.assertEqual(acc.total, 0)

    def test_zerocopy__large_buffers_allocate_nothing_proportional(self):
        size = 16 << 20
        sources = {"bytes": bytes(size), "bytearray": bytearray(size),
                   "memoryview-ro": memoryview(bytes(size)).toreadonly(),
                   "array": array.array("B", bytes(size))}
        if numpy is not None:
            ro = numpy.zeros(size, dtype=numpy.uint8)
            ro.flags.writeable = False
            sources["numpy-ro"] = ro
        for name, src in sources.items():
            with self.subTest(kind=name):
                acc = libnps.Accumulator()
                tracemalloc.start()
                try:
                    acc.add_many(src)
                    _, peak = tracemalloc.get_traced_memory()
                finally:
                    tracemalloc.stop()
                self.assertEqual(acc.count(0), size)
                self.assertLess(peak, 64 * 1024, f"{name}: {peak} bytes allocated")

    def test_zerocopy__control_copy_is_visible_to_both_proofs(self):
        # Guards against proofs that cannot fail: a deliberate copy shows a
        # different address and a 16 MiB allocation.
        b = self.payload()
        copied = bytearray(b)
        acc = libnps.Accumulator()
        with Spy() as spy:
            acc.add_many(copied)
        self.assertNotEqual(spy.seen[0][0], bytes_address(b))
        tracemalloc.start()
        try:
            acc.add_many(bytearray(bytes(16 << 20)))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertGreater(peak, 16 << 20)


if __name__ == "__main__":
    unittest.main()
