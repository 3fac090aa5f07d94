"""Scale, Accumulator, compare() and Timeline over the C objects."""
from __future__ import annotations

import ctypes
import datetime as _dt
import enum
import math
import numbers
from ctypes import byref, c_double, c_int, c_int64, c_size_t, c_uint64, c_void_p
from typing import Any, Iterable, NamedTuple, Optional, Tuple, Union

from . import _native
from ._buffer import byte_buffer
from ._errors import (CountOverflowError, InvalidArgumentError,
                      ScoreRangeError, check, error_for)
from ._native import C, CScale

__all__ = ["Scale", "Category", "Method", "Accumulator", "Comparison",
           "compare", "Timeline", "Trend", "TimeLike"]

_INT_MIN, _INT_MAX = -(2 ** 31), 2 ** 31 - 1
_I64_MIN, _I64_MAX = -(2 ** 63), 2 ** 63 - 1
_U64_MAX = 2 ** 64 - 1
_U32_MAX = 2 ** 32 - 1


class Category(enum.IntEnum):
    DETRACTOR = 0
    PASSIVE = 1
    PROMOTER = 2


class Method(enum.IntEnum):
    """Interval method; strings "wald", "adjusted_wald", "score" also work."""
    WALD = 0
    ADJUSTED_WALD = 1
    SCORE = 2


MethodLike = Union[Method, str]


def _method(method: MethodLike) -> int:
    if isinstance(method, Method):
        return int(method)
    if isinstance(method, str):
        try:
            return int(Method[method.upper()])
        except KeyError:
            pass
    raise InvalidArgumentError(f"unknown method {method!r} (expected 'wald', "
                               f"'adjusted_wald' or 'score')")


def _level(level: float) -> float:
    # ctypes would turn a str into an error message about argument 3; be clear.
    if not isinstance(level, numbers.Real):
        raise TypeError(f"level must be a number, not {type(level).__name__}")
    return float(level)


def _score_int(score: Any) -> int:
    # ctypes silently truncates ints to 32 bits: 2**32 + 9 would become 9.
    if isinstance(score, bool) or not isinstance(score, numbers.Integral):
        raise TypeError(f"a score is an int, not {type(score).__name__}")
    score = int(score)
    if not _INT_MIN <= score <= _INT_MAX:
        err = ScoreRangeError(f"score {score} is outside the scale")
        err.value = score
        raise err
    return score


def _count_int(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"a count is an int, not {type(n).__name__}")
    n = int(n)
    if not 0 <= n <= _U64_MAX:
        raise CountOverflowError(f"count {n} is outside [0, 2**64 - 1]")
    return n


class Scale:
    """An answer scale: which scores exist and where the bands start.

    ``Scale(0, 10, 7, 9)`` is the standard scale (detractors 0-6, passives
    7-8, promoters 9-10); ``Scale(1, 10, 7, 9)`` a 1-10 programme.
    """

    __slots__ = ("_min", "_max", "_passive_min", "_promoter_min")
    STANDARD: "Scale"

    def __init__(self, min: int, max: int, passive_min: int, promoter_min: int):
        vals = []
        for name, v in (("min", min), ("max", max), ("passive_min", passive_min),
                        ("promoter_min", promoter_min)):
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                raise TypeError(f"{name} must be an int")
            if not _INT_MIN <= int(v) <= _INT_MAX:
                raise InvalidArgumentError(f"invalid scale: {name}={v}")
            vals.append(int(v))
        object.__setattr__(self, "_min", vals[0])
        object.__setattr__(self, "_max", vals[1])
        object.__setattr__(self, "_passive_min", vals[2])
        object.__setattr__(self, "_promoter_min", vals[3])
        check(C.nps_scale_validate(byref(self._c())), f"invalid scale {self!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Scale is immutable")

    min = property(lambda self: self._min)
    max = property(lambda self: self._max)
    passive_min = property(lambda self: self._passive_min)
    promoter_min = property(lambda self: self._promoter_min)

    def _c(self) -> CScale:
        return CScale(self._min, self._max, self._passive_min, self._promoter_min)

    @classmethod
    def _from_c(cls, c: CScale) -> "Scale":
        return cls(c.min, c.max, c.passive_min, c.promoter_min)

    def classify(self, score: int) -> Category:
        """Category of one answer; ScoreRangeError when off the scale."""
        out = c_int()
        s = _score_int(score)
        check(C.nps_classify(byref(self._c()), s, byref(out)),
              f"score {s} is outside the scale {self._min}-{self._max}")
        return Category(out.value)

    def _tuple(self) -> Tuple[int, int, int, int]:
        return (self._min, self._max, self._passive_min, self._promoter_min)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scale):
            return NotImplemented
        return self._tuple() == other._tuple()

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return "Scale(%d, %d, %d, %d)" % self._tuple()

    def __reduce__(self) -> Any:
        return (Scale, self._tuple())


Scale.STANDARD = Scale(0, 10, 7, 9)


def _scale_ptr(scale: Optional[Scale]) -> Any:
    if scale is None:
        return None
    if not isinstance(scale, Scale):
        raise TypeError(f"scale must be a libnps.Scale or None, not "
                        f"{type(scale).__name__}")
    return byref(scale._c())


def _serialize(fn: Any, handle: c_void_p) -> bytes:
    size = c_size_t()
    st = fn(handle, None, 0, byref(size))
    if st not in (0, -9):
        check(st)
    buf = ctypes.create_string_buffer(size.value)
    check(fn(handle, buf, size.value, byref(size)))
    return buf.raw[: size.value]


class Accumulator:
    """Counts of answers on one scale; every statistic reads one.

    >>> acc = Accumulator()
    >>> acc.add_many(bytes([10, 9, 8, 3]))
    >>> acc.score
    25.0
    """

    __slots__ = ("_h", "__weakref__")

    def __init__(self, scale: Optional[Scale] = None):
        h = c_void_p()
        check(C.nps_acc_new(byref(h), _scale_ptr(scale)))
        self._h = h

    @classmethod
    def _adopt(cls, handle: c_void_p) -> "Accumulator":
        obj = cls.__new__(cls)
        obj._h = handle
        return obj

    def __del__(self, _free: Any = C.nps_acc_free) -> None:
        h = getattr(self, "_h", None)
        if h:
            self._h = None
            _free(h)

    # -- adding ----------------------------------------------------------
    def add(self, score: int) -> None:
        """Add one answer; ScoreRangeError (nothing added) when off the scale."""
        s = _score_int(score)
        st = C.nps_acc_add(self._h, s)
        if st == -2:
            err = ScoreRangeError(f"score {s} is outside the scale {self._range()}")
            err.value = s
            raise err
        check(st)

    def add_n(self, score: int, n: int) -> None:
        """Add ``n`` copies of one answer."""
        s = _score_int(score)
        check(C.nps_acc_add_n(self._h, s, _count_int(n)),
              f"adding {n} x {s}")

    def remove_n(self, score: int, n: int) -> None:
        """Remove ``n`` copies of one answer (CountOverflowError if fewer held)."""
        s = _score_int(score)
        check(C.nps_acc_remove_n(self._h, s, _count_int(n)),
              f"removing {n} x {s}")

    def add_many(self, scores: Union[bytes, bytearray, memoryview, Iterable[int]]) -> None:
        """Add a batch of answers, one byte each, all or nothing.

        bytes, bytearray, memoryview (read-only or sliced), array('B') and
        numpy uint8 arrays are read in place, without a copy. Any other
        iterable of ints is converted first. On a score off the scale,
        ScoreRangeError (with ``index`` and ``value``) and nothing is added.
        """
        if isinstance(scores, str):
            raise TypeError("scores must be bytes-like or an iterable of ints, not str")
        if not _is_buffer(scores):
            scores = _bytes_from_ints(scores, self._range())
        with byte_buffer(scores) as (ptr, n):
            bad = c_size_t()
            st = C.nps_acc_add_scores(self._h, ptr, n, byref(bad))
            if st == -2:
                i = bad.value
                value = ctypes.string_at(_addr(ptr) + i, 1)[0]
                err = ScoreRangeError(f"score {value} at index {i} is outside "
                                      f"the scale {self._range()}")
                err.index, err.value = i, value
                raise err
            check(st, f"adding {n} scores")

    def merge(self, other: "Accumulator") -> None:
        """Add every count of ``other`` (same scale) to this accumulator."""
        check(C.nps_acc_merge(self._h, _acc(other)._h),
              f"merging {other._scale_text()} into {self._scale_text()}")

    def subtract(self, other: "Accumulator") -> None:
        """Undo a merge: subtract every count of ``other``."""
        check(C.nps_acc_subtract(self._h, _acc(other)._h))

    def reset(self) -> None:
        C.nps_acc_reset(self._h)

    def copy(self) -> "Accumulator":
        h = c_void_p()
        check(C.nps_acc_clone(byref(h), self._h))
        return Accumulator._adopt(h)

    __copy__ = copy

    def __deepcopy__(self, memo: Any) -> "Accumulator":
        return self.copy()

    def __add__(self, other: object) -> "Accumulator":
        if not isinstance(other, Accumulator):
            return NotImplemented
        out = self.copy()
        out.merge(other)
        return out

    def __radd__(self, other: object) -> "Accumulator":
        if other == 0:  # sum(accumulators) starts from 0
            return self.copy()
        return NotImplemented

    def __iadd__(self, other: object) -> "Accumulator":
        if not isinstance(other, Accumulator):
            return NotImplemented
        self.merge(other)
        return self

    # -- reading ---------------------------------------------------------
    @property
    def scale(self) -> Scale:
        c = CScale()
        check(C.nps_acc_scale(self._h, byref(c)))
        return Scale._from_c(c)

    @property
    def total(self) -> int:
        return int(C.nps_acc_total(self._h))

    @property
    def promoters(self) -> int:
        return int(C.nps_acc_category_count(self._h, 2))

    @property
    def passives(self) -> int:
        return int(C.nps_acc_category_count(self._h, 1))

    @property
    def detractors(self) -> int:
        return int(C.nps_acc_category_count(self._h, 0))

    @property
    def score(self) -> float:
        """NPS in points (-100..100); NaN when empty."""
        return float(C.nps_acc_score(self._h))

    @property
    def mean(self) -> float:
        """Mean raw answer; NaN when empty."""
        return float(C.nps_acc_mean(self._h))

    def count(self, score: int) -> int:
        """Answers equal to ``score`` (0 for a score off the scale)."""
        if isinstance(score, bool) or not isinstance(score, numbers.Integral):
            raise TypeError("a score is an int")
        if not _INT_MIN <= score <= _INT_MAX:
            return 0
        return int(C.nps_acc_count(self._h, int(score)))

    @property
    def counts(self) -> Tuple[int, ...]:
        """Every count, lowest score first."""
        n = c_size_t()
        st = C.nps_acc_counts(self._h, None, 0, byref(n))
        if st not in (0, -9):
            check(st)
        arr = (c_uint64 * n.value)()
        check(C.nps_acc_counts(self._h, arr, n.value, byref(n)))
        return tuple(int(v) for v in arr)

    def variance(self) -> float:
        """Per-answer variance in points squared (EmptyError when empty)."""
        out = c_double()
        check(C.nps_acc_variance(self._h, byref(out)))
        return out.value

    def stderr(self) -> float:
        """Standard error of the NPS in points (EmptyError when empty)."""
        out = c_double()
        check(C.nps_acc_stderr(self._h, byref(out)))
        return out.value

    def interval(self, level: float = 0.95,
                 method: MethodLike = "adjusted_wald") -> Tuple[float, float]:
        """Confidence interval (lo, hi) in points."""
        lo, hi = c_double(), c_double()
        check(C.nps_acc_interval(self._h, _method(method), _level(level),
                                 byref(lo), byref(hi)),
              f"interval(level={level!r}, method={method!r})")
        return lo.value, hi.value

    def margin(self, level: float = 0.95, method: MethodLike = "adjusted_wald") -> float:
        """Half the interval's width, in points."""
        out = c_double()
        check(C.nps_acc_margin(self._h, _method(method), _level(level), byref(out)))
        return out.value

    def test(self, benchmark: float, method: MethodLike = "adjusted_wald") -> float:
        """Two-sided p-value of H0: NPS == benchmark (points)."""
        out = c_double()
        check(C.nps_acc_test(self._h, _level(benchmark), _method(method), byref(out)),
              f"test(benchmark={benchmark!r})")
        return out.value

    # -- bytes -------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The portable, checksummed encoding (docs/format.md)."""
        return _serialize(C.nps_acc_serialize, self._h)

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "Accumulator":
        """Decode ``to_bytes()`` output; FormatError / VersionError when bad."""
        h = c_void_p()
        with byte_buffer(data) as (ptr, n):
            check(C.nps_acc_deserialize(byref(h), ptr, n), "decoding an accumulator")
        return cls._adopt(h)

    def __reduce__(self) -> Any:
        return (_acc_from_bytes, (self.to_bytes(),))

    # -- comparison and display ---------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Accumulator):
            return NotImplemented
        return bool(C.nps_acc_equal(self._h, other._h))

    __hash__ = None  # type: ignore[assignment]  # mutable

    def _range(self) -> str:
        s = self.scale
        return f"{s.min}-{s.max}"

    def _scale_text(self) -> str:
        return repr(self.scale)

    def __repr__(self) -> str:
        scale = self.scale
        sc = "" if scale == Scale.STANDARD else f"scale={scale!r}, "
        score = self.score
        shown = "nan" if math.isnan(score) else f"{score:.2f}"
        return (f"<Accumulator {sc}total={self.total} promoters={self.promoters} "
                f"passives={self.passives} detractors={self.detractors} "
                f"score={shown}>")


def _acc_from_bytes(data: bytes) -> Accumulator:
    return Accumulator.from_bytes(data)


def _acc(obj: Any) -> Accumulator:
    if not isinstance(obj, Accumulator):
        raise TypeError(f"expected an Accumulator, not {type(obj).__name__}")
    return obj


def _addr(ptr: Any) -> int:
    if isinstance(ptr, bytes):
        return ctypes.cast(ctypes.c_char_p(ptr), c_void_p).value or 0
    return int(ptr or 0)


def _is_buffer(obj: Any) -> bool:
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


def _bytes_from_ints(items: Iterable[int], scale_text: str) -> bytearray:
    out = bytearray()
    for i, v in enumerate(items):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise TypeError(f"scores[{i}] is {type(v).__name__}, not int")
        if not 0 <= v <= 255:  # no scale reaches beyond 100
            err = ScoreRangeError(f"score {v} at index {i} is outside the "
                                  f"scale {scale_text}")
            err.index, err.value = i, int(v)
            raise err
        out.append(int(v))
    return out


class Comparison(NamedTuple):
    """NPS(a) - NPS(b): the method's estimate, its interval and p-value."""
    diff: float
    lo: float
    hi: float
    p_value: float


def compare(a: Accumulator, b: Accumulator, level: float = 0.95,
            method: MethodLike = "adjusted_wald") -> Comparison:
    """Compare two independent samples (unpooled): NPS(a) - NPS(b)."""
    d, lo, hi, p = c_double(), c_double(), c_double(), c_double()
    check(C.nps_compare(_acc(a)._h, _acc(b)._h, _method(method), _level(level),
                        byref(d), byref(lo), byref(hi), byref(p)),
          "compare")
    return Comparison(d.value, lo.value, hi.value, p.value)


class Trend(NamedTuple):
    """Linear trend: points per bucket, its standard error, p-value."""
    slope: float
    stderr: float
    p_value: float


TimeLike = Union[int, _dt.datetime]
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def _seconds(t: Any) -> int:
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError("naive datetime: attach a timezone (e.g. "
                             "datetime.timezone.utc) so the instant is unambiguous")
        delta = t - _EPOCH
        return delta.days * 86400 + delta.seconds  # floor to the second
    if isinstance(t, bool) or not isinstance(t, numbers.Integral):
        raise TypeError(f"a time is int epoch seconds or an aware datetime, "
                        f"not {type(t).__name__}")
    t = int(t)
    if not _I64_MIN <= t <= _I64_MAX:
        raise InvalidArgumentError(f"time {t} does not fit in 64 bits")
    return t


class Timeline:
    """A fixed ring of ``buckets`` time buckets of ``bucket_seconds`` each,
    aligned to the Unix epoch (UTC)."""

    __slots__ = ("_h", "__weakref__")

    def __init__(self, bucket_seconds: int, buckets: int,
                 scale: Optional[Scale] = None):
        for name, v in (("bucket_seconds", bucket_seconds), ("buckets", buckets)):
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                raise TypeError(f"{name} must be an int")
        if not 1 <= bucket_seconds <= _I64_MAX or not 1 <= buckets <= _U32_MAX:
            raise InvalidArgumentError(
                f"Timeline({bucket_seconds!r}, {buckets!r}): bucket_seconds >= 1 "
                f"and 1 <= buckets <= 2**24 required")
        h = c_void_p()
        check(C.nps_timeline_new(byref(h), int(bucket_seconds), int(buckets),
                                 _scale_ptr(scale)),
              f"Timeline({bucket_seconds!r}, {buckets!r})")
        self._h = h

    @classmethod
    def _adopt(cls, handle: c_void_p) -> "Timeline":
        obj = cls.__new__(cls)
        obj._h = handle
        return obj

    def __del__(self, _free: Any = C.nps_timeline_free) -> None:
        h = getattr(self, "_h", None)
        if h:
            self._h = None
            _free(h)

    def add(self, t: TimeLike, score: int) -> None:
        """Record one answer at ``t``: int epoch seconds or an aware datetime."""
        secs = _seconds(t)
        s = _score_int(score)
        st = C.nps_timeline_add(self._h, secs, s)
        if st == -2:
            err = ScoreRangeError(f"score {s} is outside the timeline's scale")
            err.value = s
            raise err
        check(st, f"add(t={secs}, score={s})")

    def add_n(self, t: TimeLike, score: int, n: int) -> None:
        check(C.nps_timeline_add_n(self._h, _seconds(t), _score_int(score),
                                   _count_int(n)))

    def advance(self, now: TimeLike) -> None:
        """Move the ring forward to the bucket holding ``now``."""
        check(C.nps_timeline_advance(self._h, _seconds(now)))

    def range(self, start: TimeLike, end: TimeLike) -> Accumulator:
        """Sum of the retained buckets whose start is in [start, end)."""
        out = Accumulator(self.scale)
        check(C.nps_timeline_range(self._h, _seconds(start), _seconds(end), out._h),
              "range")
        return out

    def rolling(self, k: int) -> Accumulator:
        """Sum of the newest ``k`` buckets."""
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) \
                or not 0 <= k <= _U32_MAX:
            raise InvalidArgumentError(f"rolling({k!r})")
        out = Accumulator(self.scale)
        check(C.nps_timeline_rolling(self._h, int(k), out._h), f"rolling({k})")
        return out

    def trend(self, start: TimeLike, end: TimeLike) -> Trend:
        """OLS trend of the NPS over buckets starting in [start, end)."""
        slope, se, p = c_double(), c_double(), c_double()
        check(C.nps_timeline_trend(self._h, _seconds(start), _seconds(end),
                                   byref(slope), byref(se), byref(p)), "trend")
        return Trend(slope.value, se.value, p.value)

    def merge(self, other: "Timeline") -> None:
        if not isinstance(other, Timeline):
            raise TypeError("expected a Timeline")
        check(C.nps_timeline_merge(self._h, other._h), "merging timelines")

    def copy(self) -> "Timeline":
        h = c_void_p()
        check(C.nps_timeline_clone(byref(h), self._h))
        return Timeline._adopt(h)

    __copy__ = copy

    def __deepcopy__(self, memo: Any) -> "Timeline":
        return self.copy()

    @property
    def scale(self) -> Scale:
        c = CScale()
        check(C.nps_timeline_scale(self._h, byref(c)))
        return Scale._from_c(c)

    @property
    def buckets(self) -> int:
        return int(C.nps_timeline_buckets(self._h))

    @property
    def dropped(self) -> int:
        """Events refused as too old."""
        return int(C.nps_timeline_dropped(self._h))

    @property
    def newest(self) -> Optional[int]:
        """Start of the newest bucket seen, or None before the first event."""
        out = c_int64()
        st = C.nps_timeline_newest(self._h, byref(out))
        if st == -10:
            return None
        check(st)
        return out.value

    def to_bytes(self) -> bytes:
        return _serialize(C.nps_timeline_serialize, self._h)

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "Timeline":
        h = c_void_p()
        with byte_buffer(data) as (ptr, n):
            check(C.nps_timeline_deserialize(byref(h), ptr, n), "decoding a timeline")
        return cls._adopt(h)

    def __reduce__(self) -> Any:
        return (_timeline_from_bytes, (self.to_bytes(),))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return bool(C.nps_timeline_equal(self._h, other._h))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        scale = self.scale
        sc = "" if scale == Scale.STANDARD else f" scale={scale!r}"
        return (f"<Timeline buckets={self.buckets}{sc} newest={self.newest} "
                f"dropped={self.dropped}>")


def _timeline_from_bytes(data: bytes) -> Timeline:
    return Timeline.from_bytes(data)

