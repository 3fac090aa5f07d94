"""Scale, Accumulator, compare() and Timeline over the C objects."""
from __future__ import annotations

import array
import ctypes
import datetime as _dt
import enum
import math
import numbers
import threading
from ctypes import byref, c_double, c_int, c_int64, c_size_t, c_uint64, c_void_p
from typing import (TYPE_CHECKING, Any, Dict, Iterator, List, NamedTuple, Optional,
                    SupportsIndex, Tuple, Union)

from . import _native
from ._buffer import byte_buffer
from ._errors import (CountOverflowError, InvalidArgumentError,
                      MissingScoreError, NpsError, ScoreRangeError, check,
                      error_for)
from ._ingest import numpy_or_none, score_buffer, score_column
from ._time import duration_seconds, seconds, seconds_column
from ._native import C, CScale

if TYPE_CHECKING:  # a cycle at run time: _inference imports this module
    from ._inference import Alert, TrendFit

__all__ = ["Scale", "Category", "Method", "Accumulator", "Comparison",
           "compare", "Timeline", "Trend", "TimeLike", "Summary", "Bucket",
           "sample_size", "sample_size_compare", "MethodLike", "DEFAULT_METHOD"]

_INT_MIN, _INT_MAX = -(2 ** 31), 2 ** 31 - 1
_I64_MIN, _I64_MAX = -(2 ** 63), 2 ** 63 - 1
_U64_MAX = 2 ** 64 - 1
_U32_MAX = 2 ** 32 - 1


class Category(enum.IntEnum):
    DETRACTOR = 0
    PASSIVE = 1
    PROMOTER = 2


class Method(enum.IntEnum):
    """Interval method. Anywhere a method is taken, the enum, its int value
    or its name works: "wald", "adjusted_wald" (also "adjusted-wald"),
    "score". The default everywhere is ADJUSTED_WALD (Rocks 2016)."""
    WALD = 0
    ADJUSTED_WALD = 1
    SCORE = 2

    @classmethod
    def parse(cls, method: "MethodLike") -> "Method":
        """The Method for an enum, int or name; InvalidArgumentError if none."""
        if isinstance(method, Method):
            return method
        if isinstance(method, str):
            found = _parse_method_name(method)
            if found is not None:
                return cls(found)
        elif isinstance(method, numbers.Integral) and not isinstance(method, bool):
            try:
                return cls(int(method))
            except ValueError:
                pass
        else:
            raise TypeError(f"method must be a libnps.Method, int or str, not "
                            f"{type(method).__name__}")
        raise InvalidArgumentError(f"unknown method {method!r} (expected "
                                   f"'wald', 'adjusted_wald' or 'score')")

    @property
    def text(self) -> str:
        """The documented name ("wald", "adjusted_wald", "score"), as the C
        library, the nps tool and the SQL extensions print it."""
        if _native.has("nps_method_name"):
            name: bytes = C.nps_method_name(int(self))
            return name.decode("ascii")
        return self.name.lower()


def _parse_method_name(text: str) -> Optional[int]:
    """A method's value from its name, or None. The C parser (1.1) knows
    the documented names and "adjusted-wald", "aw", "tango", any case; the
    binding also keeps its 1.0 spellings (surrounding blanks, "adjusted
    wald" with a space)."""
    key = text.strip()
    if _native.has("nps_method_parse"):
        out = c_int()
        for candidate in (key, key.replace(" ", "_")):
            try:
                raw = candidate.encode("ascii")
            except UnicodeEncodeError:
                return None
            if b"\0" in raw:
                return None
            if C.nps_method_parse(raw, byref(out)) == 0:
                return int(out.value)
        return None
    upper = key.upper().replace("-", "_").replace(" ", "_")
    legacy = {"WALD": 0, "ADJUSTED_WALD": 1, "SCORE": 2}
    return legacy.get(upper)


MethodLike = Union[Method, int, str]
DEFAULT_METHOD = Method.ADJUSTED_WALD


def _method(method: MethodLike) -> int:
    return int(Method.parse(method))


def _real(name: str, value: Any) -> float:
    # ctypes would turn a str into an error message about "argument 3"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    return float(value)


def _level(level: Any) -> float:
    return _real("level", level)


ScoreLike = Union[int, SupportsIndex, float]


def _score_int(value: Any) -> int:
    score: Any = value
    # ctypes silently truncates ints to 32 bits: 2**32 + 9 would become 9.
    if isinstance(score, bool) or type(score).__name__ == "bool_":
        raise TypeError(f"a score is an int, not a bool ({score!r})")
    if isinstance(score, numbers.Integral):
        score = int(score)
    elif isinstance(score, numbers.Real) and float(score).is_integer():
        score = int(score)
    elif isinstance(score, numbers.Real):
        if math.isnan(float(score)):
            raise MissingScoreError(f"a missing score ({score!r}) cannot be added")
        err = ScoreRangeError(f"score {score!r} is not a whole number")
        err.value = score
        raise err
    else:
        raise TypeError(f"a score is an int, not {type(score).__name__}")
    if not _INT_MIN <= score <= _INT_MAX:
        err = ScoreRangeError(f"score {score} is outside the scale")
        err.value = score
        raise err
    return int(score)


def _count_int(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"a count is an int, not {type(n).__name__}")
    c = int(n)
    if not 0 <= c <= _U64_MAX:
        raise CountOverflowError(f"count {c} is outside [0, 2**64 - 1]")
    return c


class Scale:
    """An answer scale: which scores exist and where the bands start.

    ``Scale(0, 10, 7, 9)`` is the standard scale (detractors 0-6, passives
    7-8, promoters 9-10); ``Scale(1, 10, 7, 9)`` a 1-10 programme.
    """

    __slots__ = ("_min", "_max", "_passive_min", "_promoter_min")
    STANDARD: "Scale"
    _min: int
    _max: int
    _passive_min: int
    _promoter_min: int

    def __init__(self, min: int, max: int, passive_min: int, promoter_min: int):
        vals: List[int] = []
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

    @property
    def min(self) -> int:
        return self._min

    @property
    def max(self) -> int:
        return self._max

    @property
    def passive_min(self) -> int:
        return self._passive_min

    @property
    def promoter_min(self) -> int:
        return self._promoter_min

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

    ``Accumulator(values)`` counts ``values`` at once (any column of
    scores, see add_many); ``Accumulator(scale=libnps.Scale(1, 10, 7, 9))``
    makes an empty one on another scale.

    Thread-safe: every method holds the object's lock for its C call, so
    threads may share an accumulator (for speed, give each producer its own
    and merge them).

    >>> acc = Accumulator([10, 9, 8, 3])
    >>> acc.score
    25.0
    """

    __slots__ = ("_h", "_lock", "__weakref__")
    _h: Any
    _lock: threading.Lock

    def __init__(self, values: Any = None, scale: Optional[Scale] = None, *,
                 skipna: bool = False):
        if isinstance(values, Scale) and scale is None:  # 1.0: Accumulator(scale)
            values, scale = None, values
        h = c_void_p()
        check(C.nps_acc_new(byref(h), _scale_ptr(scale)))
        self._h = h
        self._lock = threading.Lock()
        if values is not None:
            self.add_many(values, skipna=skipna)

    @classmethod
    def _adopt(cls, handle: c_void_p) -> "Accumulator":
        obj = cls.__new__(cls)
        obj._h = handle
        obj._lock = threading.Lock()
        return obj

    def __del__(self, _free: Any = C.nps_acc_free) -> None:
        h = getattr(self, "_h", None)
        if h:
            self._h = None
            _free(h)

    # -- adding ----------------------------------------------------------
    def add(self, score: ScoreLike) -> None:
        """Add one answer; ScoreRangeError (nothing added) when off the scale."""
        s = _score_int(score)
        with self._lock:
            st = C.nps_acc_add(self._h, s)
        if st == -2:
            err = ScoreRangeError(f"score {s} is outside the scale {self._range()}")
            err.value = s
            raise err
        check(st)

    def add_n(self, score: ScoreLike, n: int) -> None:
        """Add ``n`` copies of one answer."""
        s = _score_int(score)
        c = _count_int(n)
        with self._lock:
            st = C.nps_acc_add_n(self._h, s, c)
        check(st, f"adding {n} x {s}")

    def remove_n(self, score: ScoreLike, n: int) -> None:
        """Remove ``n`` copies of one answer (CountOverflowError if fewer held)."""
        s = _score_int(score)
        c = _count_int(n)
        with self._lock:
            st = C.nps_acc_remove_n(self._h, s, c)
        check(st, f"removing {n} x {s}")

    def add_many(self, scores: Any, *, skipna: bool = False) -> None:
        """Add a batch of answers, all or nothing.

        Byte buffers (bytes, bytearray, memoryview, array('B'), numpy uint8)
        are read in place, without a copy. Every other integer dtype
        (int8..uint64), floats holding whole numbers, pandas Series
        (including nullable ``Int64``) and plain iterables are checked
        against the scale first, so nothing can wrap around into a valid
        answer. A score off the scale (or not a whole number) raises
        ScoreRangeError with ``index`` and ``value`` and adds nothing.
        Missing answers (NaN, None, pd.NA) raise MissingScoreError unless
        ``skipna=True`` skips them. Booleans and strings are a TypeError.
        """
        lo, hi = self._bounds()
        buf = score_buffer(scores, lo, hi, bool(skipna))
        with byte_buffer(buf) as (ptr, n):
            bad = c_size_t()
            with self._lock:
                st = C.nps_acc_add_scores(self._h, ptr, n, byref(bad))
            if st == -2:
                i = bad.value
                value = ctypes.string_at(_addr(ptr) + i, 1)[0]
                err = ScoreRangeError(f"score {value} at index {i} is outside "
                                      f"the scale {lo}-{hi}")
                err.index, err.value = i, value
                raise err
            check(st, f"adding {n} scores")

    def merge(self, other: "Accumulator") -> None:
        """Add every count of ``other`` (same scale) to this accumulator."""
        o = _acc(other)
        with _both(self, o):
            st = C.nps_acc_merge(self._h, o._h)
        check(st, f"merging {o._scale_text()} into {self._scale_text()}")

    def subtract(self, other: "Accumulator") -> None:
        """Undo a merge: subtract every count of ``other``."""
        o = _acc(other)
        with _both(self, o):
            st = C.nps_acc_subtract(self._h, o._h)
        check(st)

    def reset(self) -> None:
        with self._lock:
            C.nps_acc_reset(self._h)

    def copy(self) -> "Accumulator":
        h = c_void_p()
        with self._lock:
            st = C.nps_acc_clone(byref(h), self._h)
        check(st)
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
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self.copy()  # sum(accumulators) starts from 0
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
        with self._lock:
            st = C.nps_acc_scale(self._h, byref(c))
        check(st)
        return Scale._from_c(c)

    def _bounds(self) -> Tuple[int, int]:
        s = self.scale
        return s.min, s.max

    @property
    def total(self) -> int:
        with self._lock:
            return int(C.nps_acc_total(self._h))

    def _category(self, c: int) -> int:
        with self._lock:
            return int(C.nps_acc_category_count(self._h, c))

    @property
    def promoters(self) -> int:
        return self._category(2)

    @property
    def passives(self) -> int:
        return self._category(1)

    @property
    def detractors(self) -> int:
        return self._category(0)

    def share(self, category: Union[Category, int]) -> float:
        """Share of answers in a category, in [0, 1]; NaN when empty."""
        c = Category(category)
        with self._lock:
            return float(C.nps_acc_share(self._h, int(c)))

    @property
    def score(self) -> float:
        """NPS in points (-100..100); NaN when empty."""
        with self._lock:
            return float(C.nps_acc_score(self._h))

    nps = score

    @property
    def mean(self) -> float:
        """Mean raw answer; NaN when empty."""
        with self._lock:
            return float(C.nps_acc_mean(self._h))

    def count(self, score: SupportsIndex) -> int:
        """Answers equal to ``score`` (0 for a score off the scale)."""
        if isinstance(score, bool) or not isinstance(score, numbers.Integral):
            raise TypeError("a score is an int")
        s = int(score)
        if not _INT_MIN <= s <= _INT_MAX:
            return 0
        with self._lock:
            return int(C.nps_acc_count(self._h, s))

    @property
    def counts(self) -> Tuple[int, ...]:
        """Every count, lowest score first."""
        n = c_size_t()
        with self._lock:
            st = C.nps_acc_counts(self._h, None, 0, byref(n))
            if st not in (0, -9):
                check(st)
            arr = (c_uint64 * n.value)()
            st = C.nps_acc_counts(self._h, arr, n.value, byref(n))
        check(st)
        return tuple(int(v) for v in arr)

    def variance(self) -> float:
        """Per-answer variance in points squared (EmptyError when empty)."""
        out = c_double()
        with self._lock:
            st = C.nps_acc_variance(self._h, byref(out))
        check(st)
        return out.value

    def stderr(self) -> float:
        """Standard error of the NPS in points (EmptyError when empty)."""
        out = c_double()
        with self._lock:
            st = C.nps_acc_stderr(self._h, byref(out))
        check(st)
        return out.value

    def interval(self, level: float = 0.95,
                 method: MethodLike = DEFAULT_METHOD) -> Tuple[float, float]:
        """Confidence interval (lo, hi) in points."""
        lo, hi = c_double(), c_double()
        m, lv = _method(method), _level(level)
        with self._lock:
            st = C.nps_acc_interval(self._h, m, lv, byref(lo), byref(hi))
        check(st, f"interval(level={level!r}, method={method!r})")
        return lo.value, hi.value

    def margin(self, level: float = 0.95, method: MethodLike = DEFAULT_METHOD) -> float:
        """Half the interval's width, in points."""
        out = c_double()
        m, lv = _method(method), _level(level)
        with self._lock:
            st = C.nps_acc_margin(self._h, m, lv, byref(out))
        check(st, f"margin(level={level!r}, method={method!r})")
        return out.value

    def test(self, benchmark: float, method: MethodLike = DEFAULT_METHOD) -> float:
        """Two-sided p-value of H0: NPS == benchmark (points)."""
        out = c_double()
        b, m = _real("benchmark", benchmark), _method(method)
        with self._lock:
            st = C.nps_acc_test(self._h, b, m, byref(out))
        check(st, f"test(benchmark={benchmark!r})")
        return out.value

    def summary(self, level: float = 0.95,
                method: MethodLike = DEFAULT_METHOD) -> "Summary":
        """Counts, NPS and its interval in one object (NaN bounds when empty)."""
        m, lv = Method.parse(method), _level(level)
        snap = self.copy()  # one consistent state for every number below
        counts = snap.counts
        lo = hi = float("nan")
        if snap.total:
            lo, hi = snap.interval(lv, m)
        return Summary(snap.total, snap.detractors, snap.passives, snap.promoters,
                       snap.score, lo, hi, lv, m, counts, snap.scale)

    # -- bytes -------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The portable, checksummed encoding (docs/format.md)."""
        with self._lock:
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
        with _both(self, other):
            return bool(C.nps_acc_equal(self._h, other._h))

    __hash__ = None  # type: ignore[assignment]  # mutable

    def _range(self) -> str:
        lo, hi = self._bounds()
        return f"{lo}-{hi}"

    def _scale_text(self) -> str:
        return repr(self.scale)

    def __repr__(self) -> str:
        try:
            scale = self.scale
            sc = "" if scale == Scale.STANDARD else f"scale={scale!r}, "
            score = self.score
            shown = "nan" if math.isnan(score) else f"{score:.2f}"
            return (f"<Accumulator {sc}total={self.total} promoters={self.promoters} "
                    f"passives={self.passives} detractors={self.detractors} "
                    f"score={shown}>")
        except Exception as e:  # repr never raises
            return f"<Accumulator ({type(e).__name__})>"


class _both:
    """Hold the locks of two objects, in a fixed order (no deadlock when
    a.merge(b) and b.merge(a) run at once)."""

    __slots__ = ("_locks",)

    def __init__(self, a: Any, b: Any):
        if a is b:
            self._locks: Tuple[Any, ...] = (a._lock,)
        else:
            first, second = (a, b) if id(a) < id(b) else (b, a)
            self._locks = (first._lock, second._lock)

    def __enter__(self) -> None:
        for lk in self._locks:
            lk.acquire()

    def __exit__(self, *exc: Any) -> None:
        for lk in reversed(self._locks):
            lk.release()


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


class Summary:
    """One group's answers: counts, NPS and its confidence interval.

    For weighted answers (WeightedAccumulator.summary, or ``weights=`` in
    libnps.summary) ``nps`` and the interval are weighted, ``n`` and the
    category fields are counts of answers, ``counts`` holds the three
    category counts and ``effective_n`` is Kish's effective sample size
    (n itself for unweighted answers).

    ``lo``/``hi`` are NaN (and ``nps`` too) when there are no answers, so a
    groupby over sparse segments never fails.
    """

    __slots__ = ("n", "detractors", "passives", "promoters", "nps", "lo", "hi",
                 "level", "method", "counts", "scale", "effective_n", "weighted")

    def __init__(self, n: int, detractors: int, passives: int, promoters: int,
                 nps: float, lo: float, hi: float, level: float, method: Method,
                 counts: Tuple[int, ...], scale: Scale, *,
                 effective_n: Optional[float] = None):
        self.n, self.detractors, self.passives = n, detractors, passives
        self.promoters, self.nps, self.lo, self.hi = promoters, nps, lo, hi
        self.level, self.method, self.counts, self.scale = level, method, counts, scale
        #: Kish's effective sample size: n itself for unweighted answers
        self.effective_n: float = float(n) if effective_n is None else effective_n
        #: whether the answers were weighted (to_dict then has effective_n)
        self.weighted: bool = effective_n is not None

    @property
    def margin(self) -> float:
        return (self.hi - self.lo) / 2

    def to_dict(self) -> Dict[str, Any]:
        """Plain values (method as its name), e.g. for ``pd.DataFrame``."""
        return {"n": self.n, "detractors": self.detractors,
                "passives": self.passives, "promoters": self.promoters,
                "nps": self.nps, "lo": self.lo, "hi": self.hi,
                "level": self.level, "method": self.method.text,
                **({"effective_n": self.effective_n} if self.weighted else {})}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Summary):
            return NotImplemented
        return all(_same(getattr(self, k), getattr(other, k)) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self.effective_n != self.n:
            return (f"Summary(n={self.n}, effective_n={self.effective_n:.2f}, "
                    f"nps={self.nps:.2f}, lo={self.lo:.2f}, hi={self.hi:.2f}, "
                    f"level={self.level}, method={self.method.text!r})")
        return (f"Summary(n={self.n}, nps={self.nps:.2f}, lo={self.lo:.2f}, "
                f"hi={self.hi:.2f}, level={self.level}, "
                f"method={self.method.text!r})")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


class Comparison(NamedTuple):
    """NPS(a) - NPS(b): the method's estimate, its interval and p-value."""
    diff: float
    lo: float
    hi: float
    p_value: float


def compare(a: Accumulator, b: Accumulator, level: float = 0.95,
            method: MethodLike = DEFAULT_METHOD) -> Comparison:
    """Compare two independent samples (unpooled): NPS(a) - NPS(b).
    Two WeightedAccumulators are compared by compare_weighted()."""
    from ._weighted import WeightedAccumulator, compare_weighted
    if isinstance(a, WeightedAccumulator) and isinstance(b, WeightedAccumulator):
        return compare_weighted(a, b, level, method)
    d, lo, hi, p = c_double(), c_double(), c_double(), c_double()
    x, y = _acc(a), _acc(b)
    m, lv = _method(method), _level(level)
    with _both(x, y):
        st = C.nps_compare(x._h, y._h, m, lv, byref(d), byref(lo), byref(hi),
                           byref(p))
    check(st, "compare")
    return Comparison(d.value, lo.value, hi.value, p.value)


def _share(name: str, v: Optional[float]) -> float:
    if v is None:
        return -1.0  # unknown: the worst case
    f = _real(name, v)
    if not 0.0 <= f <= 1.0:
        raise InvalidArgumentError(f"{name}={v!r} must be in [0, 1] or None")
    return f


def sample_size(margin: float, level: float = 0.95, *,
                promoter_share: Optional[float] = None,
                detractor_share: Optional[float] = None,
                method: Optional[MethodLike] = None) -> int:
    """Answers needed for an interval of half-width ``margin`` points.

    Without ``method``, the 1.0 plan: the Wald formula, unknown shares
    (None) taking the worst case (both 0.5). With ``method``, the answers
    for which that method's reported margin is at most ``margin``
    (sample_size_margin()): plan on the method your report shows.
    """
    if method is not None:
        from ._inference import sample_size_margin
        return sample_size_margin(margin, level, method,
                                  promoter_share=promoter_share,
                                  detractor_share=detractor_share)
    out = c_uint64()
    check(C.nps_sample_size(_real("margin", margin), _level(level),
                            _share("promoter_share", promoter_share),
                            _share("detractor_share", detractor_share),
                            byref(out)),
          f"sample_size(margin={margin!r}, level={level!r})")
    return int(out.value)


def sample_size_compare(diff: float, level: float = 0.95, power: float = 0.8, *,
                        promoter_a: Optional[float] = None,
                        detractor_a: Optional[float] = None,
                        promoter_b: Optional[float] = None,
                        detractor_b: Optional[float] = None) -> int:
    """Answers needed per group to detect a difference of ``diff`` points
    between two equal groups (two-sided test at ``level``, given power)."""
    out = c_uint64()
    check(C.nps_sample_size_compare(
        _real("diff", diff), _level(level), _real("power", power),
        _share("promoter_a", promoter_a), _share("detractor_a", detractor_a),
        _share("promoter_b", promoter_b), _share("detractor_b", detractor_b),
        byref(out)), f"sample_size_compare(diff={diff!r})")
    return int(out.value)


class Trend(NamedTuple):
    """Linear trend: points per bucket, its standard error, p-value."""
    slope: float
    stderr: float
    p_value: float


class Bucket(NamedTuple):
    """One retained bucket: its start (epoch seconds, UTC) and its answers."""
    start: int
    acc: Accumulator


TimeLike = Union[int, _dt.datetime, Any]
DurationLike = Union[int, _dt.timedelta]

#: names accepted for a timeline's width: (unit, width)
WIDTHS = {"second": ("second", 1), "minute": ("second", 60),
          "hour": ("second", 3600), "day": ("second", 86400),
          "week": ("second", 604800),
          "month": ("month", 1), "quarter": ("month", 3), "year": ("month", 12)}
#: week_start names (Monday = 0, as datetime.weekday())
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday")
_A_MONDAY = 1704067200  # 2024-01-01T00:00:00Z
_WEEK = 604800
_UNIT_CODES = {"second": 0, "month": 1}


def _varint(data: bytes, pos: int) -> Tuple[int, int]:
    v = shift = 0
    while True:
        b = data[pos]
        pos += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return v, pos


def _zigzag(data: bytes, pos: int) -> Tuple[int, int]:
    v, pos = _varint(data, pos)
    return (v >> 1) ^ -(v & 1), pos


class _Geometry(NamedTuple):
    unit: str
    width: int
    utc_offset: int
    buckets: int
    clock: Optional[int]
    horizon: int


def _geometry(encoded: bytes) -> _Geometry:
    # docs/format.md, timeline body: the arguments of
    # nps_timeline_new_advanced() and nps_timeline_set_horizon().
    pos = 9
    unit = "month" if encoded[pos] == 1 else "second"
    width, pos = _varint(encoded, pos + 1)
    offset, pos = _zigzag(encoded, pos)
    buckets, pos = _varint(encoded, pos)
    flags = encoded[pos]
    pos += 1
    clock = None
    if flags & 1:
        _, pos = _zigzag(encoded, pos)
    if flags & 2:
        clock, pos = _zigzag(encoded, pos)
    horizon, pos = _varint(encoded, pos)
    return _Geometry(unit, width, offset, buckets, clock, horizon)


def _weekday(week_start: Union[str, int]) -> int:
    if isinstance(week_start, str):
        key = week_start.strip().lower()
        for i, name in enumerate(WEEKDAYS):
            if key in (name, name[:3]):
                return i
        raise InvalidArgumentError(f"week_start={week_start!r}: a day name "
                                   f"('monday'...'sunday') or 0..6 (Monday = 0)")
    if isinstance(week_start, bool) or not isinstance(week_start, numbers.Integral) \
            or not 0 <= int(week_start) <= 6:
        raise InvalidArgumentError(f"week_start={week_start!r}: a day name "
                                   f"('monday'...'sunday') or 0..6 (Monday = 0)")
    return int(week_start)


def _origin(unit: str, width: int, utc_offset: int, origin: Optional[TimeLike],
            week_start: Union[str, int, None]) -> int:
    """The time (UTC epoch seconds) at which a bucket starts."""
    if unit != "second":
        raise InvalidArgumentError("origin and week_start need fixed-width "
                                   "buckets; calendar months start on the 1st "
                                   "(use utc_offset)")
    if origin is not None and week_start is not None:
        raise TypeError("give origin or week_start, not both")
    if origin is not None:
        if utc_offset:
            raise TypeError("origin is an instant: give it in local time (an "
                            "aware datetime) instead of a utc_offset")
        return seconds(origin)
    if width % _WEEK:
        raise InvalidArgumentError(f"week_start needs whole weeks, not a width "
                                   f"of {width} seconds")
    day = _weekday(week_start if week_start is not None else "monday")
    # local midnight of that weekday: a UTC Monday, plus days, minus offset
    return _A_MONDAY + day * 86400 - utc_offset


def _new_with_options(width: int, buckets: int, origin: int,
                      scale: Optional[Scale], what: str) -> c_void_p:
    opts = _native.CTimelineOptions()
    opts.version = _native.STRUCT_VERSION
    opts.unit, opts.width, opts.buckets = 0, width, buckets
    opts.origin, opts.utc_offset, opts.horizon = origin, 0, 0
    keep = None
    if scale is not None:
        _scale_ptr(scale)  # type check
        keep = scale._c()
        opts.scale = ctypes.pointer(keep)
    opts.allocator = None
    h = c_void_p()
    check(C.nps_timeline_new_with_options(byref(h), byref(opts)), what)
    del keep
    return h


class Timeline:
    """A fixed ring of ``buckets`` time buckets.

    ``Timeline(3600, 168)``: hourly buckets aligned to the epoch (UTC), one
    week retained. The width is int seconds, a ``timedelta``, or a name:
    "minute", "hour", "day", or the calendar units "month", "quarter",
    "year" (``unit="month"`` with an int width also works). ``utc_offset``
    (seconds or a timedelta, within one day) shifts bucket boundaries to
    local midnight of a fixed offset. Fixed-width buckets may start at any
    ``origin`` (an aware datetime or epoch seconds); "week" buckets start
    on ``week_start`` ("monday", the default, ... "sunday"; local midnight
    with ``utc_offset``). Such timelines need libnps 1.1 and serialize as
    format version 2 when no 1.0 offset expresses them. Times are int epoch seconds (other
    integer units with ``unit=`` in add_many), aware datetimes, numpy
    datetime64 or pandas timestamps.

    Thread-safe like Accumulator (one lock per object).
    """

    __slots__ = ("_h", "_lock", "__weakref__")
    _h: Any
    _lock: threading.Lock

    def __init__(self, width: Union[DurationLike, str, None] = None,
                 buckets: Optional[int] = None, scale: Optional[Scale] = None, *,
                 unit: str = "second", utc_offset: DurationLike = 0,
                 bucket_seconds: Optional[int] = None,
                 origin: Optional[TimeLike] = None,
                 week_start: Union[str, int, None] = None):
        if bucket_seconds is not None:  # the 1.0 keyword
            if width is not None:
                raise TypeError("give width or bucket_seconds, not both")
            width = bucket_seconds
        if width is None or buckets is None:
            raise TypeError("Timeline(width, buckets) needs both")
        if isinstance(width, str):
            if width not in WIDTHS:
                raise InvalidArgumentError(f"unknown width {width!r} (expected "
                                           f"seconds, a timedelta or one of "
                                           f"{', '.join(WIDTHS)})")
            unit, w = WIDTHS[width]
        else:
            w = duration_seconds(width, "width")
        if unit not in _UNIT_CODES:
            raise InvalidArgumentError(f"unit={unit!r}: 'second' or 'month'")
        off = duration_seconds(utc_offset, "utc_offset")
        if isinstance(buckets, bool) or not isinstance(buckets, numbers.Integral):
            raise TypeError("buckets must be an int")
        if not 1 <= w <= _I64_MAX or not 1 <= buckets <= _U32_MAX \
                or not -86400 <= off <= 86400:
            raise InvalidArgumentError(
                f"Timeline({width!r}, {buckets!r}, utc_offset={utc_offset!r}): "
                f"width >= 1, 1 <= buckets <= 2**24 and |utc_offset| <= 1 day "
                f"required")
        h = c_void_p()
        if origin is not None or week_start is not None or width == "week":
            start = _origin(unit, int(w), int(off), origin, week_start)
            self._h = _new_with_options(int(w), int(buckets), start, scale,
                                        f"Timeline({width!r}, {buckets!r})")
            self._lock = threading.Lock()
            return
        check(C.nps_timeline_new_advanced(byref(h), _UNIT_CODES[unit], int(w),
                                          int(off), int(buckets),
                                          _scale_ptr(scale), None),
              f"Timeline({width!r}, {buckets!r})")
        self._h = h
        self._lock = threading.Lock()

    @classmethod
    def _adopt(cls, handle: c_void_p) -> "Timeline":
        obj = cls.__new__(cls)
        obj._h = handle
        obj._lock = threading.Lock()
        return obj

    def __del__(self, _free: Any = C.nps_timeline_free) -> None:
        h = getattr(self, "_h", None)
        if h:
            self._h = None
            _free(h)

    # -- adding --------------------------------------------------------------
    def add(self, t: TimeLike, score: ScoreLike) -> None:
        """Record one answer at ``t`` (int epoch seconds, aware datetime,
        numpy datetime64 or pandas Timestamp)."""
        secs = seconds(t)
        s = _score_int(score)
        with self._lock:
            st = C.nps_timeline_add(self._h, secs, s)
        if st == -2:
            err = ScoreRangeError(f"score {s} is outside the timeline's scale")
            err.value = s
            raise err
        check(st, f"add(t={secs}, score={s})")

    def add_n(self, t: TimeLike, score: ScoreLike, n: int) -> None:
        secs, s, c = seconds(t), _score_int(score), _count_int(n)
        with self._lock:
            st = C.nps_timeline_add_n(self._h, secs, s, c)
        check(st, f"add_n(t={secs}, score={s}, n={n})")

    def add_many(self, times: Any, scores: Any, *, unit: str = "s",
                 skipna: bool = False) -> int:
        """Record a batch of (time, answer) events, all validated first.

        ``times``: a numpy datetime64 array (any unit), a pandas datetime
        column (naive ones are taken as UTC, tz-aware ones converted), aware
        datetimes, or integers counted in ``unit`` ("s", "ms", "us", "ns").
        ``scores``: as Accumulator.add_many. A bad score, a missing value
        (unless ``skipna``), or a time beyond the horizon guard raises with
        the ``index`` of the first bad event and records nothing. Returns
        how many events were dropped as older than the retained window.
        """
        secs, tmiss = seconds_column(times, unit)
        np = numpy_or_none()
        lo, hi = self.scale.min, self.scale.max
        if np is not None and not isinstance(secs, list):
            buf, keep = score_column(scores, lo, hi, bool(skipna), tmiss)
            if keep is not None:
                secs = secs[keep]
            tarr = np.ascontiguousarray(secs, dtype=np.int64)
            if len(tarr) != len(buf):
                raise ValueError(f"{len(tarr)} times but {len(buf)} scores")
            index = (None if keep is None else
                     (np.flatnonzero(keep) if keep.dtype == bool else keep))
            tptr = tarr.ctypes.data if len(tarr) else None
        else:
            tmask = [v is None for v in secs]
            buf, kept = score_column(scores, lo, hi, bool(skipna),
                                     tmask if any(tmask) else None)
            if kept is not None and getattr(kept, "dtype", None) == bool:
                kept = [int(i) for i in np.flatnonzero(kept)]  # a numpy mask
            svals = secs if kept is None else [secs[int(i)] for i in kept]
            if len(svals) != len(buf):
                raise ValueError(f"{len(secs)} times but a different number "
                                 f"of scores")
            tarr = array.array("q", svals)
            index = kept
            tptr = tarr.buffer_info()[0] if len(tarr) else None
        bad, dropped = c_size_t(), c_uint64()
        with byte_buffer(buf) as (sptr, n):
            with self._lock:
                st = C.nps_timeline_add_batch(self._h, tptr, sptr, n, byref(bad),
                                              byref(dropped))
        if st in (-2, -11):
            i = bad.value
            orig = int(index[i]) if index is not None else i
            err = error_for(st, f"event at index {orig} (t={int(tarr[i])})")
            if isinstance(err, ScoreRangeError):
                err.index, err.value = orig, int(bytes(memoryview(buf)[i:i + 1])[0])
            else:
                err.index, err.value = orig, int(tarr[i])  # type: ignore[attr-defined]
            raise err
        check(st, f"add_many({n} events)")
        return int(dropped.value)

    def advance(self, now: TimeLike) -> None:
        """Move the ring forward to the bucket holding ``now`` (evicting
        older buckets) and set the clock the horizon guard compares with."""
        secs = seconds(now)
        with self._lock:
            st = C.nps_timeline_advance(self._h, secs)
        check(st, f"advance({secs})")

    def set_horizon(self, max_ahead: Optional[DurationLike]) -> None:
        """Guard against far-future times (milliseconds passed as seconds):
        once a clock was given with advance(), an event later than clock +
        ``max_ahead`` raises TooNewError and changes nothing. None or 0
        turns the guard off."""
        secs = 0 if max_ahead is None else duration_seconds(max_ahead, "max_ahead")
        if not 0 <= secs <= _I64_MAX:
            raise InvalidArgumentError(f"set_horizon({max_ahead!r}): >= 0 required")
        with self._lock:
            st = C.nps_timeline_set_horizon(self._h, secs)
        check(st, f"set_horizon({max_ahead!r})")

    def reset(self) -> None:
        """Forget every event (geometry, scale and guard stay)."""
        with self._lock:
            C.nps_timeline_reset(self._h)

    # -- reading ---------------------------------------------------------------
    def range(self, start: TimeLike, end: TimeLike) -> Accumulator:
        """Sum of the retained buckets whose start is in [start, end)."""
        a, b = seconds(start), seconds(end)
        out = Accumulator(self.scale)
        with self._lock:
            st = C.nps_timeline_range(self._h, a, b, out._h)
        check(st, "range")
        return out

    def rolling(self, k: int) -> Accumulator:
        """Sum of the newest ``k`` buckets."""
        kk = _u32("k", k)
        out = Accumulator(self.scale)
        with self._lock:
            st = C.nps_timeline_rolling(self._h, kk, out._h)
        check(st, f"rolling({k})")
        return out

    def trend(self, start: TimeLike, end: TimeLike) -> Trend:
        """OLS trend of the NPS over buckets starting in [start, end)."""
        slope, se, p = c_double(), c_double(), c_double()
        a, b = seconds(start), seconds(end)
        with self._lock:
            st = C.nps_timeline_trend(self._h, a, b, byref(slope), byref(se),
                                      byref(p))
        check(st, "trend")
        return Trend(slope.value, se.value, p.value)

    def _periods(self) -> "Tuple[List[Accumulator], List[float]]":
        """Retained buckets oldest first and their positions (0 = the
        oldest retained bucket), empty ones included."""
        accs: List[Accumulator] = []
        pos: List[float] = []
        n = self.buckets
        for b in self:
            accs.append(b.acc)
        # __iter__ skips only never-filled buckets at the old end
        first = n - len(accs)
        pos = [float(first + i) for i in range(len(accs))]
        return accs, pos

    def trend_fit(self, method: Union[str, int] = "random_effects") -> "TrendFit":
        """libnps.trend() over the retained buckets, oldest first: the slope
        is points per bucket. Returns a TrendFit."""
        from ._inference import trend
        accs, pos = self._periods()
        return trend(accs, pos, method)

    def alerts(self, window: int = 12, limit: float = 3.0) -> "List[Tuple[int, Alert]]":
        """libnps.alerts() over the retained buckets, oldest first: a list
        of (bucket start, Alert)."""
        from ._inference import alerts
        starts = [b.start for b in self]
        accs, _ = self._periods()
        return list(zip(starts, alerts(accs, window, limit)))

    def compare_periods(self, k: int, level: float = 0.95,
                        method: MethodLike = DEFAULT_METHOD) -> Comparison:
        """The newest ``k`` buckets against the ``k`` before them (recent
        minus previous), as compare()."""
        kk, m, lv = _u32("k", k), _method(method), _level(level)
        d, lo, hi, p = c_double(), c_double(), c_double(), c_double()
        with self._lock:
            st = C.nps_timeline_compare_periods(self._h, kk, m, lv, byref(d),
                                                byref(lo), byref(hi), byref(p))
        check(st, f"compare_periods({k})")
        return Comparison(d.value, lo.value, hi.value, p.value)

    def bucket_start(self, t: TimeLike) -> int:
        """Start (epoch seconds) of the bucket that holds ``t``."""
        secs = seconds(t)
        out = c_int64()
        with self._lock:
            st = C.nps_timeline_bucket_start(self._h, secs, byref(out))
        check(st, f"bucket_start({secs})")
        return out.value

    def bucket(self, age: int) -> Bucket:
        """Retained bucket ``age`` (0 = newest); EmptyError before any event."""
        a = _u32("age", age)
        start = c_int64()
        out = Accumulator(self.scale)
        with self._lock:
            st = C.nps_timeline_bucket(self._h, a, byref(start), out._h)
        check(st, f"bucket({age})")
        return Bucket(start.value, out)

    def __iter__(self) -> Iterator[Bucket]:
        """Every retained bucket, oldest first (empty ones included);
        nothing before the first event."""
        if self.newest is None:
            return
        for age in range(self.buckets - 1, -1, -1):
            try:
                yield self.bucket(age)
            except CountOverflowError:  # start before int64: never filled
                continue

    def to_pandas(self, level: float = 0.95, method: MethodLike = DEFAULT_METHOD,
                  *, skip_empty: bool = False) -> Any:
        """A DataFrame, one row per retained bucket (oldest first), indexed
        by the bucket start (UTC Timestamps): n, detractors, passives,
        promoters, nps, lo, hi (NaN for an empty bucket). Needs pandas."""
        try:
            import pandas as pd  # type: ignore[import]
        except ImportError as e:
            raise ImportError("Timeline.to_pandas() needs pandas") from e
        rows, index = [], []
        for b in self:
            if skip_empty and b.acc.total == 0:
                continue
            s = b.acc.summary(level, method).to_dict()
            del s["level"], s["method"]
            rows.append(s)
            index.append(b.start)
        frame = pd.DataFrame(rows, index=pd.to_datetime(index, unit="s", utc=True),
                             columns=["n", "detractors", "passives", "promoters",
                                      "nps", "lo", "hi"])
        frame.index.name = "start"
        return frame

    def merge(self, other: "Timeline") -> None:
        if not isinstance(other, Timeline):
            raise TypeError("expected a Timeline")
        with _both(self, other):
            st = C.nps_timeline_merge(self._h, other._h)
        check(st, "merging timelines")

    def copy(self) -> "Timeline":
        h = c_void_p()
        with self._lock:
            st = C.nps_timeline_clone(byref(h), self._h)
        check(st)
        return Timeline._adopt(h)

    __copy__ = copy

    def __deepcopy__(self, memo: Any) -> "Timeline":
        return self.copy()

    # -- geometry --------------------------------------------------------------
    def _geo(self) -> _Geometry:
        return _geometry(self.to_bytes())

    # The 1.1 getters; a 1.0 library is read from the serialized header.
    @property
    def unit(self) -> str:
        """"second" (fixed width) or "month" (calendar months)."""
        if not _native.has("nps_timeline_unit"):
            return self._geo().unit
        out = c_int()
        with self._lock:
            st = C.nps_timeline_unit(self._h, byref(out))
        check(st, "unit")
        return "month" if out.value == _UNIT_CODES["month"] else "second"

    @property
    def width(self) -> int:
        """Bucket width in the unit: seconds, or months (3 = quarters)."""
        if not _native.has("nps_timeline_width"):
            return self._geo().width
        with self._lock:
            return int(C.nps_timeline_width(self._h))

    @property
    def bucket_width(self) -> Optional[_dt.timedelta]:
        """Fixed bucket width as a timedelta; None for calendar months."""
        return _dt.timedelta(seconds=self.width) if self.unit == "second" else None

    @property
    def utc_offset(self) -> int:
        """Seconds added to every time before bucketing: buckets start at
        the times t with (t + utc_offset) % width == 0 (fixed width)."""
        if not _native.has("nps_timeline_offset"):
            return self._geo().utc_offset
        out = c_int64()
        with self._lock:
            st = C.nps_timeline_offset(self._h, byref(out))
        check(st, "utc_offset")
        return int(out.value)

    @property
    def horizon(self) -> Optional[int]:
        """The guard's max_ahead in seconds, None when off."""
        if not _native.has("nps_timeline_horizon"):
            return self._geo().horizon or None
        with self._lock:
            return int(C.nps_timeline_horizon(self._h)) or None

    @property
    def clock(self) -> Optional[int]:
        """The last ``now`` given to advance(), None before."""
        return self._geo().clock

    @property
    def scale(self) -> Scale:
        c = CScale()
        with self._lock:
            st = C.nps_timeline_scale(self._h, byref(c))
        check(st)
        return Scale._from_c(c)

    @property
    def buckets(self) -> int:
        with self._lock:
            return int(C.nps_timeline_buckets(self._h))

    @property
    def dropped(self) -> int:
        """Events refused as too old."""
        with self._lock:
            return int(C.nps_timeline_dropped(self._h))

    @property
    def newest(self) -> Optional[int]:
        """Start of the newest bucket seen, or None before the first event."""
        out = c_int64()
        with self._lock:
            st = C.nps_timeline_newest(self._h, byref(out))
        if st == -10:
            return None
        check(st)
        return out.value

    def to_bytes(self) -> bytes:
        with self._lock:
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
        with _both(self, other):
            return bool(C.nps_timeline_equal(self._h, other._h))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        try:
            unit, width, offset = self.unit, self.width, self.utc_offset
            scale = self.scale
            sc = "" if scale == Scale.STANDARD else f" scale={scale!r}"
            off = f" utc_offset={offset}" if offset else ""
            try:
                newest: Any = self.newest
            except NpsError:
                newest = "?"
            return (f"<Timeline {unit}s={width} buckets={self.buckets}{off}{sc} "
                    f"newest={newest} dropped={self.dropped}>")
        except Exception as e:  # repr never raises
            return f"<Timeline ({type(e).__name__})>"


def _u32(name: str, v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {type(v).__name__}")
    if not 0 <= int(v) <= _U32_MAX:
        raise InvalidArgumentError(f"{name}={v!r} is out of range")
    return int(v)


def _timeline_from_bytes(data: bytes) -> Timeline:
    return Timeline.from_bytes(data)
