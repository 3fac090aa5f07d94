"""Zero-copy access to the bytes of any buffer-protocol object.

ctypes' ``from_buffer`` refuses read-only buffers and ``from_buffer_copy``
copies, so the buffer is taken with ``PyObject_GetBuffer`` through
``ctypes.pythonapi`` (CPython) and released in ``finally``. While the
buffer is held, a bytearray cannot be resized, so the address stays valid
during the C call even though ctypes releases the GIL.
"""
from __future__ import annotations

import ctypes
from contextlib import contextmanager
from ctypes import POINTER, Structure, byref, c_int, c_void_p, py_object
from typing import Any, Iterator, Tuple, Union

__all__ = ["byte_buffer"]

_SSIZE = ctypes.c_ssize_t


class _PyBuffer(Structure):
    # struct Py_buffer, stable since CPython 3.3.
    _fields_ = [("buf", c_void_p), ("obj", c_void_p), ("len", _SSIZE),
                ("itemsize", _SSIZE), ("readonly", c_int), ("ndim", c_int),
                ("format", ctypes.c_char_p), ("shape", POINTER(_SSIZE)),
                ("strides", POINTER(_SSIZE)), ("suboffsets", POINTER(_SSIZE)),
                ("internal", c_void_p)]


_PyBUF_FORMAT = 0x0004
_PyBUF_ND = 0x0008
_PyBUF_STRIDES = 0x0010 | _PyBUF_ND
_PyBUF_ANY_CONTIGUOUS = 0x0080 | _PyBUF_STRIDES

try:
    _get = ctypes.pythonapi.PyObject_GetBuffer
    _get.argtypes = [py_object, POINTER(_PyBuffer), c_int]
    _get.restype = c_int
    _release = ctypes.pythonapi.PyBuffer_Release
    _release.argtypes = [POINTER(_PyBuffer)]
    _release.restype = None
    _HAVE_PYTHONAPI = True
except (AttributeError, OSError):  # not CPython
    _HAVE_PYTHONAPI = False

# One byte per element: unsigned bytes ('B'), chars ('c'), with any
# byte-order prefix numpy may add.
_BYTE_FORMATS = {None, b"B", b"c", b"<B", b">B", b"=B", b"@B", b"|B"}

Pointer = Union[bytes, int, None]


@contextmanager
def byte_buffer(obj: Any) -> Iterator[Tuple[Pointer, int]]:
    """Yield (pointer, length) for the bytes of ``obj`` without copying.

    ``pointer`` is what to pass for a ``const void *`` argument: the bytes
    object itself (ctypes passes its internal buffer) or an address.
    Raises TypeError for objects that are not byte buffers; a
    non-contiguous byte buffer (e.g. ``arr[::2]``) is copied once.
    """
    if type(obj) is bytes:
        yield obj, len(obj)
        return
    if not _HAVE_PYTHONAPI:
        data = memoryview(obj).tobytes()
        yield data, len(data)
        return
    view = _PyBuffer()
    try:
        _get(obj, byref(view), _PyBUF_FORMAT | _PyBUF_ANY_CONTIGUOUS)
    except (BufferError, ValueError):  # numpy says ValueError
        mv = memoryview(obj)  # strided: still a byte buffer?
        if mv.contiguous:
            raise
        if mv.itemsize != 1 or mv.format not in ("B", "c"):
            raise TypeError(f"expected a buffer of unsigned bytes, got format "
                            f"{mv.format!r}") from None
        data = mv.tobytes()
        yield data, len(data)
        return
    try:
        if view.itemsize != 1 or view.format not in _BYTE_FORMATS:
            fmt = view.format.decode("ascii", "replace") if view.format else "?"
            raise TypeError(f"expected a buffer of unsigned bytes (format 'B'), "
                            f"got format {fmt!r} with item size {view.itemsize}")
        yield view.buf, view.len
    finally:
        _release(byref(view))
