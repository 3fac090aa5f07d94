"""Inference across periods and groups (libnps 1.1): trends, adjusted
p-values, the omnibus test, the score comparison, planning on a method's
margin, alerts. Each function checks its input, then calls the C library
once; methods and formulas are those of docs/statistics.md."""
from __future__ import annotations

import enum
import math
import numbers
from ctypes import byref, c_double, c_uint64, c_void_p
from typing import Any, List, NamedTuple, Optional, Sequence, Tuple, Union

from . import _native
from ._core import (Accumulator, Comparison, MethodLike, Method, _level, _real,
                    _share)
from ._errors import InvalidArgumentError, check
from ._native import C

__all__ = ["TrendFit", "Heterogeneity", "AlertKind", "Alert", "trend",
           "p_adjust", "heterogeneity", "compare_score", "sample_size_margin",
           "alerts", "TREND_METHODS", "ADJUST_METHODS"]

#: trend method names: nps_trend_method values
TREND_METHODS = {"random_effects": 0, "answers": 1}
#: p_adjust method names (R's p.adjust spellings too): nps_adjust values
ADJUST_METHODS = {"none": 0, "holm": 1, "bh": 2, "fdr": 2,
                  "benjamini_hochberg": 2}


class TrendFit(NamedTuple):
    """A trend across periods (``nps_trend``): the slope in points per unit
    of position, its standard error, two-sided p-value and degrees of
    freedom, the between-period SD ``tau`` (0 for "answers"), Cochran's Q
    and its p-value, and the non-empty periods and answers used."""
    slope: float
    se: float
    p_value: float
    df: float
    tau: float
    q: float
    q_p_value: float
    periods: int
    answers: int


class Heterogeneity(NamedTuple):
    """Omnibus Wald test that every group has the same NPS: chi-square
    statistic, its degrees of freedom, p-value, non-empty groups used."""
    statistic: float
    df: float
    p_value: float
    groups: int


class AlertKind(enum.IntEnum):
    """One period's verdict (``nps_alert_kind``)."""
    NONE = 0
    LOW = 1
    HIGH = 2
    UNDECIDED = 3


class Alert(NamedTuple):
    """One period's alert: the verdict, z, the baseline's pooled NPS
    (``center``), this period's limits, Laney's widening factor and the
    number of non-empty baseline periods."""
    kind: AlertKind
    z: float
    center: float
    lo: float
    hi: float
    sigma_z: float
    baseline: int


def _name(kind: str, value: Union[str, int], names: "dict[str, int]") -> int:
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key in names:
            return names[key]
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool) \
            and int(value) in names.values():
        return int(value)
    else:
        raise TypeError(f"{kind} must be a str or int, not {type(value).__name__}")
    raise InvalidArgumentError(f"unknown {kind} {value!r} (expected one of "
                               f"{', '.join(repr(n) for n in names)})")


class _locked:
    """Hold the locks of many accumulators, each once, in a fixed order."""

    __slots__ = ("_locks",)

    def __init__(self, accs: Sequence[Accumulator]):
        unique = {id(a): a for a in accs}
        self._locks = [unique[k]._lock for k in sorted(unique)]

    def __enter__(self) -> None:
        for lk in self._locks:
            lk.acquire()

    def __exit__(self, *exc: Any) -> None:
        for lk in reversed(self._locks):
            lk.release()


def _accumulators(what: str, items: Any) -> Tuple[List[Accumulator], Any]:
    """A list of Accumulators and the C array of their handles."""
    if isinstance(items, (str, bytes, Accumulator)) or not hasattr(items, "__iter__"):
        raise TypeError(f"{what} must be a sequence of Accumulators")
    accs = list(items)
    for i, a in enumerate(accs):
        if not isinstance(a, Accumulator):
            raise TypeError(f"{what}[{i}] is a {type(a).__name__}, not an "
                            f"Accumulator")
    handles = (c_void_p * max(len(accs), 1))(*[a._h for a in accs])
    return accs, handles


def _finite(what: str, values: Any) -> List[float]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{what} must be a sequence of numbers")
    out: List[float] = []
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{what}[{i}] must be a number, not {type(v).__name__}")
        f = float(v)
        if not math.isfinite(f):
            raise InvalidArgumentError(f"{what}[{i}] = {v!r} is not finite")
        out.append(f)
    return out


def trend(periods: Sequence[Accumulator], positions: Optional[Sequence[float]] = None,
          method: Union[str, int] = "random_effects") -> TrendFit:
    """Trend of the NPS across periods (oldest first), never pooling
    answers of different periods into one sample.

    ``positions`` default to 0, 1, 2...: the slope is then points per
    period. "random_effects" (the default) is a DerSimonian-Laird /
    Knapp-Hartung meta-regression of each period's NPS; "answers" is the
    1.0 OLS on every answer, too confident when periods differ by more
    than sampling noise. Empty periods are skipped; EmptyError with fewer
    than 3 non-empty periods.
    """
    m = _name("trend method", method, TREND_METHODS)
    accs, handles = _accumulators("periods", periods)
    if positions is None:
        pos = [float(i) for i in range(len(accs))]
    else:
        pos = _finite("positions", positions)
        if len(pos) != len(accs):
            raise InvalidArgumentError(f"{len(accs)} periods but {len(pos)} "
                                       f"positions")
    xs = (c_double * max(len(pos), 1))(*pos)
    out = _native.CTrend()
    out.version = _native.STRUCT_VERSION
    with _locked(accs):
        st = C.nps_trend_fit(byref(out), handles, xs, len(accs), m)
    check(st, f"trend over {len(accs)} periods (needs 3 non-empty periods at "
              f"2 or more positions, on one scale)")
    return TrendFit(out.slope, out.se, out.p_value, out.df, out.tau, out.q,
                    out.q_p_value, int(out.periods), int(out.answers))


def p_adjust(p_values: Sequence[float], method: Union[str, int] = "holm") -> List[float]:
    """Adjusted p-values as R's ``p.adjust``: "holm" (family-wise error
    rate, the default), "bh" (also "fdr": false discovery rate) or "none".
    Each comes back at the position of its input; NaN or a value outside
    [0, 1] raises InvalidArgumentError."""
    m = _name("adjustment", method, ADJUST_METHODS)
    ps: List[float] = []
    for i, v in enumerate(p_values):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"p_values[{i}] must be a number, not {type(v).__name__}")
        f = float(v)
        if not 0.0 <= f <= 1.0:  # also NaN
            raise InvalidArgumentError(f"p_values[{i}] = {v!r} is not a "
                                       f"p-value in [0, 1]")
        ps.append(f)
    n = len(ps)
    if n == 0:
        return []
    arr = (c_double * n)(*ps)
    out = (c_double * n)()
    check(C.nps_pvalues_adjust(out, arr, n, m, None), "p_adjust")
    return list(out)


def heterogeneity(groups: Sequence[Accumulator]) -> Heterogeneity:
    """Omnibus test of H0 "every group has the same NPS" (Wald chi-square
    on non-empty groups - 1 df). Run it before per-group comparisons: when
    it is not significant, no group differs. EmptyError with fewer than 2
    non-empty groups."""
    accs, handles = _accumulators("groups", groups)
    out = _native.CHeterogeneity()
    out.version = _native.STRUCT_VERSION
    with _locked(accs):
        st = C.nps_heterogeneity_test(byref(out), handles, len(accs))
    check(st, f"heterogeneity over {len(accs)} groups (needs 2 non-empty "
              f"groups on one scale)")
    return Heterogeneity(out.statistic, out.df, out.p_value, int(out.groups))


def compare_score(a: Accumulator, b: Accumulator, level: float = 0.95) -> Comparison:
    """NPS(a) - NPS(b) of the raw estimates, with a MOVER interval built
    from each sample's score limits: it always contains the raw
    difference, even for one answer per group. Unlike compare(), ``diff``
    is always the raw difference. EmptyError when either sample is empty."""
    for name, x in (("a", a), ("b", b)):
        if not isinstance(x, Accumulator):
            raise TypeError(f"{name} must be an Accumulator, not {type(x).__name__}")
    lv = _level(level)
    out = _native.CComparison()
    out.version = _native.STRUCT_VERSION
    with _locked([a, b]):
        st = C.nps_compare_score(byref(out), a._h, b._h, lv)
    check(st, "compare_score")
    return Comparison(out.diff, out.lo, out.hi, out.p_value)


def sample_size_margin(margin: float, level: float = 0.95,
                       method: MethodLike = Method.ADJUSTED_WALD, *,
                       promoter_share: Optional[float] = None,
                       detractor_share: Optional[float] = None) -> int:
    """Answers needed so that ``method``'s reported margin (half-width) is
    at most ``margin`` points at the expected shares. Unknown shares (None)
    take the worst case given the other (Wald and adjusted Wald only: the
    score method needs both)."""
    m = Method.parse(method)
    p = _share("promoter_share", promoter_share)
    d = _share("detractor_share", detractor_share)
    if m == Method.SCORE and (p < 0 or d < 0):
        raise InvalidArgumentError("the score method plans on known shares: "
                                   "give promoter_share and detractor_share")
    out = c_uint64()
    check(C.nps_sample_size_margin(byref(out), int(m), _real("margin", margin),
                                   _level(level), p, d),
          f"sample_size(margin={margin!r}, level={level!r}, method={m.text!r})")
    return int(out.value)


def alerts(periods: Sequence[Accumulator], window: int = 12,
           limit: float = 3.0) -> List[Alert]:
    """One Alert per period (oldest first): LOW or HIGH when the period
    departs from its trailing baseline of ``window`` periods by more than
    ``limit`` sigmas (Laney p'-style limits, widened by the observed
    period-to-period variation); UNDECIDED for an empty period or a
    baseline of fewer than 3 non-empty periods."""
    if isinstance(window, bool) or not isinstance(window, numbers.Integral):
        raise TypeError(f"window must be an int, not {type(window).__name__}")
    if int(window) < 3:
        raise InvalidArgumentError(f"window={window!r}: at least 3 periods")
    lim = _real("limit", limit)
    if not (math.isfinite(lim) and lim > 0):
        raise InvalidArgumentError(f"limit={limit!r} must be finite and > 0")
    accs, handles = _accumulators("periods", periods)
    k = len(accs)
    if k == 0:
        return []
    out = (_native.CAlert * k)()
    for a in out:
        a.version = _native.STRUCT_VERSION
    with _locked(accs):
        # a window beyond the periods is the same as all of them (and ctypes
        # would wrap a window beyond size_t)
        st = C.nps_alert_scan(out, handles, k, min(int(window), k + 3), lim)
    check(st, f"alerts over {k} periods")
    return [Alert(AlertKind(a.kind), a.z, a.center, a.lo, a.hi, a.sigma_z,
                  int(a.baseline)) for a in out]
