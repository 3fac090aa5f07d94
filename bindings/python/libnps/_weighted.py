"""WeightedAccumulator: weighted NPS over ``nps_wacc`` (C API since 1.1).

Each answer carries a weight (survey post-stratification or raking
weights, account revenue). Scores go through the same checked ingest as
Accumulator.add_many (every dtype, never a wrap-around); weights are
float64: a C-contiguous numpy float64 array is read in place, anything
else is converted once.
"""
from __future__ import annotations

import array
import ctypes
import math
import numbers
import threading
from ctypes import byref, c_double, c_size_t, c_void_p
from typing import Any, List, Optional, Tuple, Union

from ._buffer import byte_buffer
from ._core import (DEFAULT_METHOD, Category, Comparison, Method, MethodLike,
                    Scale, ScoreLike, Summary, _addr, _both, _level, _method,
                    _real, _scale_ptr, _score_int, _serialize)
from ._errors import ScoreRangeError, WeightError, check
from ._ingest import is_missing, numpy_or_none, pandas_column, score_column
from ._native import C, CScale

__all__ = ["WeightedAccumulator", "compare_weighted"]

_np = numpy_or_none()


def _weight_error(index: Optional[int], value: Any) -> WeightError:
    at = "" if index is None else f" at index {index}"
    err = WeightError(f"weight {value!r}{at} is not a finite number > 0 "
                      f"(within [2**-448, 2**448])")
    err.index, err.value = index, value
    return err


def _weight_float(v: Any, index: Optional[int]) -> float:
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        raise TypeError(f"a weight is a number, not a bool ({v!r})")
    if not isinstance(v, numbers.Real):
        where = "" if index is None else f"weights[{index}] is "
        raise TypeError(f"{where}a weight is a number, not {type(v).__name__}")
    return float(v)


def _weights(values: Any) -> Tuple[Any, Any]:
    """(float64 array or array('d'), mask/flags of missing weights or None).

    A 1-d C-contiguous numpy float64 array comes back as it is (no copy).
    """
    if isinstance(values, (str, bytes, bytearray)) or isinstance(values, numbers.Number):
        raise TypeError(f"weights must be a sequence of numbers, not "
                        f"{type(values).__name__}")
    if _np is not None:
        arr: Any = None
        if isinstance(values, _np.ndarray):
            arr = values
        elif type(values).__module__.split(".", 1)[0] == "pandas":
            raw, na = pandas_column(values)
            if na is not None:
                raw = raw.astype(_np.float64)
                raw[na] = _np.nan
            arr = raw
        if arr is not None:
            if arr.ndim != 1:
                arr = arr.reshape(-1)
            if arr.dtype.kind == "b":
                raise TypeError(f"weights are numbers, not booleans (dtype {arr.dtype})")
            if arr.dtype.kind == "O":
                arr = _np.asarray(_from_iterable(arr.tolist()), dtype=_np.float64)
            elif arr.dtype.kind not in "iuf":
                raise TypeError(f"weights must be numbers, not dtype {arr.dtype}")
            elif arr.dtype != _np.float64 or not arr.flags.c_contiguous:
                arr = _np.ascontiguousarray(arr, dtype=_np.float64)
            missing = _np.isnan(arr)
            return arr, (missing if missing.any() else None)
        return _weights(_np.asarray(_from_iterable(values), dtype=_np.float64))
    out = array.array("d", _from_iterable(values))
    flags = [math.isnan(w) for w in out]
    return out, (flags if any(flags) else None)


def _from_iterable(values: Any) -> List[float]:
    if isinstance(values, memoryview):
        values = values.tolist()
    if not hasattr(values, "__iter__"):
        raise TypeError(f"weights must be a sequence of numbers, not "
                        f"{type(values).__name__}")
    return [math.nan if is_missing(v) else _weight_float(v, i)
            for i, v in enumerate(values)]


def _address(weights: Any) -> int:
    if isinstance(weights, array.array):
        return int(weights.buffer_info()[0]) if len(weights) else 0
    return int(weights.ctypes.data)


class WeightedAccumulator:
    """Weighted answers on one scale: the weighted NPS, Kish's effective
    sample size and the Taylor-linearisation standard error.

    ``WeightedAccumulator(scores, weights)`` adds a batch at once (see
    add_many); ``WeightedAccumulator(scale=...)`` makes an empty one on
    another scale. Thread-safe like Accumulator: every method holds the
    object's lock for its C call.

    >>> w = WeightedAccumulator([10, 8, 3], [3.0, 2.0, 1.0])
    >>> round(w.score, 4)
    33.3333
    """

    __slots__ = ("_h", "_lock", "__weakref__")
    _h: Any
    _lock: threading.Lock

    def __init__(self, scores: Any = None, weights: Any = None,
                 scale: Optional[Scale] = None, *, skipna: bool = False):
        if (scores is None) != (weights is None):
            raise TypeError("pass both scores and weights, or neither")
        h = c_void_p()
        check(C.nps_wacc_new(byref(h), _scale_ptr(scale)))
        self._h = h
        self._lock = threading.Lock()
        if scores is not None:
            self.add_many(scores, weights, skipna=skipna)

    @classmethod
    def _adopt(cls, handle: c_void_p) -> "WeightedAccumulator":
        obj = cls.__new__(cls)
        obj._h = handle
        obj._lock = threading.Lock()
        return obj

    def __del__(self, _free: Any = C.nps_wacc_free) -> None:
        h = getattr(self, "_h", None)
        if h:
            self._h = None
            _free(h)

    # -- adding ----------------------------------------------------------
    def add(self, score: ScoreLike, weight: float) -> None:
        """Add one answer with its weight. ScoreRangeError (score off the
        scale, checked first) or WeightError (weight not finite and > 0);
        nothing is added on error."""
        s = _score_int(score)
        w = _weight_float(weight, None)
        with self._lock:
            st = C.nps_wacc_add(self._h, s, w)
        if st == -2:
            lo, hi = self._bounds()
            err = ScoreRangeError(f"score {s} is outside the scale {lo}-{hi}")
            err.value = s
            raise err
        if st == -1:
            raise _weight_error(None, weight)
        check(st, f"adding {s} with weight {w!r}")

    def add_many(self, scores: Any, weights: Any, *, skipna: bool = False) -> None:
        """Add a batch of weighted answers, all or nothing.

        ``scores`` are checked exactly as Accumulator.add_many checks them
        (byte buffers and numpy uint8 read in place). ``weights`` are
        float64: a 1-d C-contiguous numpy float64 array is read in place,
        any other sequence (lists, pandas Series, other dtypes) is converted
        once. Both must have the same length (ValueError otherwise).

        A bad score raises ScoreRangeError, a weight that is not a finite
        number > 0 raises WeightError (a ValueError), each with the
        ``index`` of the first bad answer in the caller's sequence and its
        ``value``; nothing is added. ``skipna=True`` skips the answers
        whose score or weight is missing (None, NaN, pd.NA); an infinite,
        zero or negative weight is always an error.
        """
        w, wmissing = _weights(weights)
        if not hasattr(scores, "__len__") and not isinstance(scores, str):
            scores = list(scores)  # a generator: its length is checked below
        if not skipna:
            wmissing = None  # C refuses a NaN weight and names its index
        if hasattr(scores, "__len__") and len(scores) != len(w):
            raise ValueError(f"scores and weights differ in length "
                             f"({len(scores)} and {len(w)})")
        lo, hi = self._bounds()
        buf, keep = score_column(scores, lo, hi, bool(skipna), wmissing)
        positions: Any = None
        if keep is not None:
            if _np is not None and not isinstance(keep, list):
                k = _np.asarray(keep)
                positions = _np.flatnonzero(k) if k.dtype == bool else k
                w = w[positions]
            else:
                positions = keep
                w = array.array("d", (w[i] for i in positions))
        with byte_buffer(buf) as (ptr, n):
            if n != len(w):
                raise ValueError(f"scores and weights differ in length "
                                 f"({n} and {len(w)})")
            bad = c_size_t()
            with self._lock:
                st = C.nps_wacc_add_scores(self._h, ptr, _address(w) if n else None,
                                           n, byref(bad))
            if st == -2 or (st == -1 and n):
                i = bad.value
                where = i if positions is None else int(positions[i])
                if st == -2:
                    value = ctypes.string_at(_addr(ptr) + i, 1)[0]
                    err = ScoreRangeError(f"score {value} at index {where} is "
                                          f"outside the scale {lo}-{hi}")
                    err.index, err.value = where, value
                    raise err
                raise _weight_error(where, float(w[i]))
            check(st, f"adding {n} weighted scores")

    def merge(self, other: "WeightedAccumulator") -> None:
        """Add the state of ``other`` (same scale) to this one."""
        o = _wacc(other)
        with _both(self, o):
            st = C.nps_wacc_merge(self._h, o._h)
        check(st, "merging weighted accumulators")

    def reset(self) -> None:
        """Forget every answer (the scale stays)."""
        with self._lock:
            C.nps_wacc_reset(self._h)

    def copy(self) -> "WeightedAccumulator":
        h = c_void_p()
        with self._lock:
            st = C.nps_wacc_clone(byref(h), self._h)
        check(st)
        return WeightedAccumulator._adopt(h)

    clone = copy
    __copy__ = copy

    def __deepcopy__(self, memo: Any) -> "WeightedAccumulator":
        return self.copy()

    def __add__(self, other: object) -> "WeightedAccumulator":
        if not isinstance(other, WeightedAccumulator):
            return NotImplemented
        out = self.copy()
        out.merge(other)
        return out

    def __radd__(self, other: object) -> "WeightedAccumulator":
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self.copy()  # sum(accumulators) starts from 0
        return NotImplemented

    def __iadd__(self, other: object) -> "WeightedAccumulator":
        if not isinstance(other, WeightedAccumulator):
            return NotImplemented
        self.merge(other)
        return self

    # -- reading ---------------------------------------------------------
    @property
    def scale(self) -> Scale:
        c = CScale()
        with self._lock:
            st = C.nps_wacc_scale(self._h, byref(c))
        check(st)
        return Scale._from_c(c)

    def _bounds(self) -> Tuple[int, int]:
        s = self.scale
        return s.min, s.max

    @property
    def total(self) -> int:
        """Number of answers (not their weight)."""
        with self._lock:
            return int(C.nps_wacc_total(self._h))

    @property
    def total_weight(self) -> float:
        """Sum of the weights (0.0 when empty)."""
        with self._lock:
            return float(C.nps_wacc_total_weight(self._h))

    @property
    def score(self) -> float:
        """Weighted NPS in points: 100 (W_promoters - W_detractors) / W;
        NaN when empty."""
        with self._lock:
            return float(C.nps_wacc_score(self._h))

    nps = score

    @property
    def effective_n(self) -> float:
        """Kish's effective sample size (sum w)^2 / sum w^2, in [1, n]; NaN
        when empty."""
        out = c_double()
        with self._lock:
            st = C.nps_wacc_effective_n(self._h, byref(out))
        if st == -10:
            return math.nan
        check(st)
        return out.value

    def count(self, category: Union[Category, int]) -> int:
        """Number of answers in a category."""
        c = int(Category(category))
        with self._lock:
            return int(C.nps_wacc_category_count(self._h, c))

    def weight(self, category: Union[Category, int]) -> float:
        """Sum of the weights of a category's answers."""
        c = int(Category(category))
        with self._lock:
            return float(C.nps_wacc_category_weight(self._h, c))

    def weight_sq(self, category: Union[Category, int]) -> float:
        """Sum of the squared weights of a category's answers."""
        c = int(Category(category))
        with self._lock:
            return float(C.nps_wacc_category_weight_sq(self._h, c))

    @property
    def promoters(self) -> int:
        return self.count(Category.PROMOTER)

    @property
    def passives(self) -> int:
        return self.count(Category.PASSIVE)

    @property
    def detractors(self) -> int:
        return self.count(Category.DETRACTOR)

    @property
    def promoter_weight(self) -> float:
        return self.weight(Category.PROMOTER)

    @property
    def passive_weight(self) -> float:
        return self.weight(Category.PASSIVE)

    @property
    def detractor_weight(self) -> float:
        return self.weight(Category.DETRACTOR)

    def stderr(self) -> float:
        """Taylor-linearisation standard error in points (R:
        ``SE(svymean(~x, svydesign(ids = ~1, weights = ~w)))``);
        EmptyError with fewer than two answers."""
        out = c_double()
        with self._lock:
            st = C.nps_wacc_stderr(self._h, byref(out))
        check(st, "stderr")
        return out.value

    def interval(self, level: float = 0.95,
                 method: MethodLike = DEFAULT_METHOD) -> Tuple[float, float]:
        """Confidence interval (lo, hi) in points. Wald uses stderr();
        adjusted Wald (the default) and score apply the unweighted method
        to the pseudo-counts n_eff * W_c / W."""
        lo, hi = c_double(), c_double()
        m, lv = _method(method), _level(level)
        with self._lock:
            st = C.nps_wacc_interval(self._h, m, lv, byref(lo), byref(hi))
        check(st, f"interval(level={level!r}, method={method!r})")
        return lo.value, hi.value

    def margin(self, level: float = 0.95, method: MethodLike = DEFAULT_METHOD) -> float:
        """Half the interval's width, in points."""
        lo, hi = self.interval(level, method)
        return (hi - lo) / 2

    def test(self, benchmark: float, method: MethodLike = DEFAULT_METHOD) -> float:
        """Two-sided p-value of H0: weighted NPS == benchmark (points)."""
        out = c_double()
        b, m = _real("benchmark", benchmark), _method(method)
        with self._lock:
            st = C.nps_wacc_test(self._h, b, m, byref(out))
        check(st, f"test(benchmark={benchmark!r})")
        return out.value

    def summary(self, level: float = 0.95,
                method: MethodLike = DEFAULT_METHOD) -> Summary:
        """Counts, weighted NPS, its interval and the effective n in one
        Summary (NaN bounds when empty). ``counts`` holds the three
        category counts (detractors, passives, promoters): a weighted state
        keeps no per-score counts."""
        m, lv = Method.parse(method), _level(level)
        snap = self.copy()  # one consistent state for every number below
        n = snap.total
        lo = hi = math.nan
        if n:
            lo, hi = snap.interval(lv, m)
        d, p, r = snap.detractors, snap.passives, snap.promoters
        neff = snap.effective_n if n else 0.0
        return Summary(n, d, p, r, snap.score, lo, hi, lv, m, (d, p, r),
                       snap.scale, effective_n=neff)

    # -- bytes -------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The portable, checksummed encoding (docs/format.md, kind W)."""
        with self._lock:
            return _serialize(C.nps_wacc_serialize, self._h)

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "WeightedAccumulator":
        """Decode ``to_bytes()`` output; FormatError / VersionError when bad."""
        h = c_void_p()
        with byte_buffer(data) as (ptr, n):
            check(C.nps_wacc_deserialize(byref(h), ptr, n),
                  "decoding a weighted accumulator")
        return cls._adopt(h)

    def __reduce__(self) -> Any:
        return (_wacc_from_bytes, (self.to_bytes(),))

    def __sizeof__(self) -> int:
        with self._lock:
            return object.__sizeof__(self) + int(C.nps_wacc_footprint(self._h))

    # -- comparison and display ---------------------------------------------
    def __eq__(self, other: object) -> bool:
        """Same scale, counts and weight sums to the last bit (the same
        answers added in another order may differ in the last bits)."""
        if not isinstance(other, WeightedAccumulator):
            return NotImplemented
        with _both(self, other):
            return bool(C.nps_wacc_equal(self._h, other._h))

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        try:
            scale = self.scale
            sc = "" if scale == Scale.STANDARD else f"scale={scale!r}, "
            score, neff = self.score, self.effective_n
            shown = "nan" if math.isnan(score) else f"{score:.2f}"
            ne = "nan" if math.isnan(neff) else f"{neff:.2f}"
            return (f"<WeightedAccumulator {sc}total={self.total} "
                    f"total_weight={self.total_weight:.6g} effective_n={ne} "
                    f"score={shown}>")
        except Exception as e:  # repr never raises
            return f"<WeightedAccumulator ({type(e).__name__})>"


def _wacc_from_bytes(data: bytes) -> WeightedAccumulator:
    return WeightedAccumulator.from_bytes(data)


def _wacc(obj: Any) -> WeightedAccumulator:
    if not isinstance(obj, WeightedAccumulator):
        raise TypeError(f"expected a WeightedAccumulator, not {type(obj).__name__}")
    return obj


def compare_weighted(a: WeightedAccumulator, b: WeightedAccumulator,
                     level: float = 0.95,
                     method: MethodLike = DEFAULT_METHOD) -> Comparison:
    """Compare two independent weighted samples (unpooled): NPS(a) - NPS(b).
    Wald combines the Taylor standard errors; adjusted Wald (the default)
    works on each sample's pseudo-counts; score is InvalidArgumentError."""
    d, lo, hi, p = c_double(), c_double(), c_double(), c_double()
    x, y = _wacc(a), _wacc(b)
    m, lv = _method(method), _level(level)
    with _both(x, y):
        st = C.nps_wacc_compare(x._h, y._h, m, lv, byref(d), byref(lo), byref(hi),
                                byref(p))
    check(st, "compare_weighted")
    return Comparison(d.value, lo.value, hi.value, p.value)
