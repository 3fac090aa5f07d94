"""Times to int64 seconds since the Unix epoch (UTC), units explicit.

The C timeline takes seconds. A millisecond or nanosecond count passed as
seconds lands thousands of years ahead and, unguarded, evicts every
retained bucket: so integer times carry an explicit ``unit`` ("s" by
default; "ms", "us", "ns" are divided, flooring), numpy ``datetime64`` of
any unit and pandas timestamps are converted from their own unit, and a
float, a bool, a string or a naive ``datetime`` is refused.
"""
from __future__ import annotations

import datetime as _dt
import numbers
from typing import Any, List, Optional, Tuple

from ._errors import InvalidArgumentError, MissingScoreError
from ._ingest import is_missing, numpy_or_none

__all__ = ["seconds", "seconds_column", "duration_seconds", "UNITS"]

_np = numpy_or_none()
_I64_MIN, _I64_MAX = -(2 ** 63), 2 ** 63 - 1
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
#: integer time units: how many make one second
UNITS = {"s": 1, "ms": 1000, "us": 1000_000, "ns": 1000_000_000}


def _unit(unit: str) -> int:
    per = UNITS.get(unit) if isinstance(unit, str) else None
    if per is None:
        raise InvalidArgumentError(f"unit={unit!r}: integer times are in 's', "
                                   f"'ms', 'us' or 'ns'")
    return per


def seconds(t: Any, unit: str = "s") -> int:
    """One time as int64 epoch seconds (floored)."""
    per = _unit(unit)
    if isinstance(t, _dt.datetime):
        if is_missing(t):
            raise MissingScoreError("a missing time (NaT)")
        if t.tzinfo is None and type(t).__module__.split(".", 1)[0] == "pandas":
            # a naive pandas Timestamp is UTC, as in a datetime64 column
            return seconds(_np.datetime64(getattr(t, "value"), "ns"))
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError("naive datetime: attach a timezone (e.g. "
                             "datetime.timezone.utc) so the instant is unambiguous")
        delta = t - _EPOCH
        return delta.days * 86400 + delta.seconds  # floor to the second
    if _np is not None and isinstance(t, _np.datetime64):
        if _np.isnat(t):
            raise MissingScoreError("a missing time (NaT)")
        return int(_datetime64_seconds(_np.asarray([t]))[0])
    if isinstance(t, bool) or not isinstance(t, numbers.Integral):
        if is_missing(t):
            raise MissingScoreError(f"a missing time ({t!r})")
        raise TypeError(f"a time is int epoch {unit} (see unit=), an aware "
                        f"datetime or a numpy datetime64, not {type(t).__name__}")
    v = int(t) // per
    if not _I64_MIN <= v <= _I64_MAX:
        raise InvalidArgumentError(f"time {t} does not fit in 64 bits")
    return v


def duration_seconds(d: Any, name: str) -> int:
    """Whole seconds from an int or a timedelta (numpy/pandas ones too)."""
    if _np is not None and isinstance(d, _np.timedelta64):
        d = d.astype("timedelta64[us]").item()
    if isinstance(d, _dt.timedelta):
        if d % _dt.timedelta(seconds=1):
            raise InvalidArgumentError(f"{name}={d!r} is not a whole number of seconds")
        return d // _dt.timedelta(seconds=1)
    if isinstance(d, bool) or not isinstance(d, numbers.Integral):
        raise TypeError(f"{name} is int seconds or a timedelta, not {type(d).__name__}")
    return int(d)


def _datetime64_seconds(arr: Any) -> Any:
    unit, count = _np.datetime_data(arr.dtype)
    if unit in ("Y", "M", "W", "D", "h", "m", "s"):
        return arr.astype("datetime64[s]").view(_np.int64)
    per = {"ms": 10 ** 3, "us": 10 ** 6, "ns": 10 ** 9, "ps": 10 ** 12,
           "fs": 10 ** 15, "as": 10 ** 18}[unit]
    return _np.floor_divide(arr.view(_np.int64) * count, per) if count != 1 \
        else _np.floor_divide(arr.view(_np.int64), per)


def seconds_column(times: Any, unit: str = "s") -> Tuple[Any, Any]:
    """(int64 seconds, missing mask or None) for a numpy/pandas column, or
    (list of int or None, None) for a plain iterable."""
    per = _unit(unit)
    if isinstance(times, (str, bytes)):
        raise TypeError("times must be a sequence, not a string")
    if _np is not None:
        arr = None
        if type(times).__module__.split(".", 1)[0] == "pandas":
            if type(times).__name__ == "DataFrame":
                raise TypeError("times must be one column, not a DataFrame")
            if getattr(getattr(times, "dtype", None), "tz", None) is not None:
                times = (times.dt if hasattr(times, "dt") else times).tz_convert(None)
            dt = getattr(times, "dtype", None)
            if dt is not None and getattr(dt, "kind", "") == "M":
                arr = times.to_numpy(dtype="datetime64[ns]")
            elif dt is not None and hasattr(dt, "numpy_dtype") and dt.kind in "iu":
                missing = _np.asarray(times.isna(), dtype=bool)
                ints = times.to_numpy(dtype=_np.int64, na_value=0)
                return _np.floor_divide(ints, per), (missing if missing.any() else None)
            else:
                arr = _np.asarray(times)
        elif isinstance(times, _np.ndarray):
            arr = times
        if arr is not None:
            return _numpy_seconds(arr.reshape(-1), per, unit)
    out: List[Optional[int]] = []
    for i, t in enumerate(times):
        if is_missing(t):
            out.append(None)
            continue
        try:
            out.append(seconds(t, unit))
        except (TypeError, ValueError) as e:
            raise type(e)(f"times[{i}]: {e}") from None
    return out, None


def _numpy_seconds(arr: Any, per: int, unit: str) -> Tuple[Any, Any]:
    kind = arr.dtype.kind
    if kind == "M":
        missing = _np.isnat(arr)
        secs = _datetime64_seconds(arr)
        return secs, (missing if missing.any() else None)
    if kind in "iu":
        if kind == "u" and arr.size and arr.max() > _I64_MAX:
            raise InvalidArgumentError("a time does not fit in 64 bits")
        return _np.floor_divide(arr.astype(_np.int64), per), None
    if kind == "O":
        vals, _ = seconds_column(arr.tolist(), unit)
        missing = _np.array([v is None for v in vals], dtype=bool)
        secs = _np.array([0 if v is None else v for v in vals], dtype=_np.int64)
        return secs, (missing if missing.any() else None)
    if kind == "m":
        raise TypeError("times are instants (datetime64), not durations (timedelta64)")
    raise TypeError(f"times must be datetime64, integers (with unit=) or aware "
                    f"datetimes, not dtype {arr.dtype}")
