"""Checked conversion of score columns to the one-byte form libnps counts.

Every input ends as a buffer of uint8 answers that ``nps_acc_add_scores``
reads in place. Byte buffers (bytes, bytearray, array('B'), numpy uint8)
pass through untouched: C validates them against the scale. Anything else
is validated here first, against the scale's own bounds, so that a value
that does not fit in a byte can never wrap to a valid answer (265 -> 9):

- numpy integer and float arrays, pandas Series/Index/arrays (including
  the nullable ``Int64``/``Float64`` dtypes): vectorised min/max checks,
  then one ``astype(uint8)``;
- any other iterable: a Python loop (numpy is optional).

Missing values (NaN, None, ``pd.NA``, ``NaT``) are refused unless
``skipna``; booleans, strings, dates and non-integral floats are refused.
Errors carry the position in the caller's sequence (``index``) and the
offending ``value``, and are raised before anything is added.
"""
from __future__ import annotations

import math
import numbers
from typing import Any, List, Optional, Tuple

from ._errors import MissingScoreError, ScoreRangeError

try:  # numpy is optional
    import numpy as _np
except ImportError:  # pragma: no cover - exercised with pyenv's python
    _np = None  # type: ignore[assignment]

__all__ = ["score_buffer", "is_missing", "numpy_or_none"]

_BYTE_FORMATS = ("B", "c", "<B", ">B", "=B", "@B", "|B")


def numpy_or_none() -> Any:
    return _np


def is_missing(v: Any) -> bool:
    """None, a float NaN, pandas' NA/NaT or numpy's NaT."""
    if v is None:
        return True
    name = type(v).__name__
    if name in ("NAType", "NaTType"):
        return True
    if isinstance(v, float) or name in ("float16", "float32", "float64",
                                        "float128", "longdouble"):
        return math.isnan(v)
    if name in ("datetime64", "timedelta64") and _np is not None:
        return bool(_np.isnat(v))
    return False


def _range_error(index: int, value: Any, lo: int, hi: int,
                 why: str = "is outside the scale") -> ScoreRangeError:
    err = ScoreRangeError(f"score {value!r} at index {index} {why} {lo}-{hi}")
    err.index, err.value = index, value
    return err


def _missing_error(index: int, value: Any) -> MissingScoreError:
    err = MissingScoreError(f"missing answer ({value!r}) at index {index}; "
                            f"pass skipna=True to skip missing answers")
    err.index, err.value = index, value
    return err


def _is_byte_buffer(obj: Any) -> bool:
    try:
        mv = memoryview(obj)
    except TypeError:
        return False
    return mv.itemsize == 1 and mv.format in _BYTE_FORMATS


def _is_pandas(obj: Any) -> bool:
    return type(obj).__module__.split(".", 1)[0] == "pandas"


def score_buffer(values: Any, lo: int, hi: int, skipna: bool) -> Any:
    """A uint8 buffer holding ``values`` (validated, or a byte buffer that
    the caller passes to C unchanged). Raises TypeError for inputs that are
    not scores, ScoreRangeError / MissingScoreError with ``index``."""
    return score_column(values, lo, hi, skipna)[0]


def score_column(values: Any, lo: int, hi: int, skipna: bool,
                 missing: Any = None) -> Tuple[Any, Any]:
    """(uint8 buffer, kept positions or None). ``missing``: a mask of
    positions to treat as missing whatever their value (numpy bool array
    or list of bools)."""
    if isinstance(values, str):
        raise TypeError(f"scores must be bytes-like or a sequence of ints, "
                        f"not {type(values).__name__}")
    if missing is None and isinstance(values, (bytes, bytearray)):
        return values, None
    if _np is not None:
        arr = None
        own: Any = None
        if isinstance(values, _np.ndarray):
            arr = values
        elif _is_pandas(values):
            arr, own = pandas_column(values)
        elif isinstance(values, _np.generic):
            raise TypeError(f"scores must be a sequence, not the scalar "
                            f"{values!r}: use add() for one answer")
        elif _has_buffer(values) and not (missing is None and _is_byte_buffer(values)):
            arr = _np.asarray(memoryview(values))  # bytes give uint8, not "S"
        if arr is not None:
            if arr.dtype.kind == "b":
                raise TypeError(f"scores are numbers, not booleans (dtype {arr.dtype})")
            if missing is not None:
                m = _np.asarray(missing, dtype=bool)
                if m.shape != (len(arr),):
                    raise ValueError("times and scores differ in length")
                own = m if own is None else (own | m)
            return _from_numpy(arr, own, lo, hi, skipna)
    if missing is None and _is_byte_buffer(values):
        return values, None
    if isinstance(values, memoryview) or _has_buffer(values):
        # array('i'), memoryview of int64...: numbers, checked like any other
        values = memoryview(values).tolist()
    if isinstance(values, (numbers.Number, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"scores must be a sequence of ints, not "
                        f"{type(values).__name__}")
    return _from_iterable(values, lo, hi, skipna, missing)


def _has_buffer(obj: Any) -> bool:
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


def _from_iterable(items: Any, lo: int, hi: int, skipna: bool,
                   missing: Any = None) -> Tuple[bytearray, Optional[List[int]]]:
    """(bytes, positions kept, or None when nothing was skipped).
    ``missing``: optional per-position flags (e.g. a missing timestamp)."""
    out = bytearray()
    append = out.append
    skipped: List[int] = []
    for i, v in enumerate(items):
        if type(v) is int and (missing is None or not missing[i]):
            if lo <= v <= hi:  # the common case first
                append(v)
                continue
            raise _range_error(i, v, lo, hi)
        if (missing is not None and missing[i]) or is_missing(v):
            if skipna:
                skipped.append(i)
                continue
            raise _missing_error(i, v)
        append(check_score(i, v, lo, hi))
    if not skipped:
        return out, None
    gone = set(skipped)
    return out, [i for i in range(len(out) + len(skipped)) if i not in gone]


def check_score(i: int, v: Any, lo: int, hi: int) -> int:
    """One non-missing score as an int within [lo, hi], or an error."""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        raise TypeError(f"scores[{i}] is a bool ({v!r}), not a score")
    if isinstance(v, numbers.Integral):
        iv = int(v)
    elif isinstance(v, numbers.Real):
        f = float(v)
        if not f.is_integer():
            raise _range_error(i, v, lo, hi, "is not a whole number on the scale")
        iv = int(f)
    else:
        raise TypeError(f"scores[{i}] is {type(v).__name__} ({v!r}), not a score")
    if not lo <= iv <= hi:
        raise _range_error(i, v, lo, hi)
    return iv


def _first(mask: Any) -> int:
    return int(_np.flatnonzero(mask)[0])


def _from_numpy(arr: Any, missing: Optional[Any], lo: int, hi: int,
                skipna: bool) -> Tuple[Any, Any]:
    """``arr``: a numpy array; ``missing``: a bool mask of missing entries
    (pandas' nullable dtypes) or None."""
    if arr.ndim != 1:
        if arr.ndim == 0:
            raise TypeError("scores must be a sequence, not a 0-d array")
        arr = arr.reshape(-1)
        if missing is not None:
            missing = missing.reshape(-1)
    kind = arr.dtype.kind
    if kind == "b":
        raise TypeError("scores are numbers, not booleans (dtype bool)")
    if kind == "O":
        buf, kept = _from_iterable(arr.tolist(), lo, hi, skipna, missing)
        return buf, (None if kept is None else _np.asarray(kept, dtype=_np.intp))
    if kind not in "iuf":
        raise TypeError(f"scores must be integers or whole floats, not dtype "
                        f"{arr.dtype}")
    if arr.dtype == _np.uint8 and missing is None:
        return arr, None  # zero-copy: C validates against the scale
    if missing is not None and not missing.any():
        missing = None
    if kind == "f" and missing is None and arr.size:
        # NaN propagates through min(): one cheap pass finds out
        if _np.isnan(arr.min()):
            missing = _np.isnan(arr)
    elif kind == "f" and missing is not None:
        missing = missing | _np.isnan(arr)
    keep: Any = None
    vals = arr
    if missing is not None:
        if not skipna:
            i = _first(missing)
            raise _missing_error(i, _item(arr, i, missing))
        keep = ~missing
        vals = arr[keep]
    if vals.size == 0:
        return b"", keep
    # vectorised checks (no Python loop): bounds, then whole numbers
    if vals.min() < lo or vals.max() > hi:
        raise _locate(arr, keep, lo, hi)
    out = vals.astype(_np.uint8)
    if kind == "f" and (out != vals).any():
        raise _locate(arr, keep, lo, hi)
    return out, keep


def _item(arr: Any, i: int, missing: Any) -> Any:
    if missing is not None and missing[i] and arr.dtype.kind != "f":
        return None
    return arr[i].item()


def _locate(arr: Any, keep: Any, lo: int, hi: int) -> ScoreRangeError:
    """The first bad value of ``arr`` (slow path, only on error)."""
    with _np.errstate(invalid="ignore"):
        out = (arr < lo) | (arr > hi)
        if arr.dtype.kind == "f":
            out |= arr != _np.floor(arr)
    if keep is not None:
        out &= keep
    i = _first(out)
    v = arr[i].item()
    if arr.dtype.kind == "f" and lo <= v <= hi:
        return _range_error(i, v, lo, hi, "is not a whole number on the scale")
    return _range_error(i, v, lo, hi)


def pandas_column(obj: Any) -> Tuple[Any, Any]:
    """(numpy array, mask of pd.NA or None) for a pandas Series/Index/array."""
    name = type(obj).__name__
    if name == "DataFrame":
        raise TypeError("scores must be one column (a Series), not a DataFrame")
    dtype = getattr(obj, "dtype", None)
    if dtype is None:
        raise TypeError(f"scores must be a Series, Index or array, not {name}")
    kind = getattr(dtype, "kind", "O")
    if kind == "b" or str(dtype) == "boolean":
        raise TypeError(f"scores are numbers, not booleans (dtype {dtype})")
    if isinstance(dtype, _np.dtype):
        arr: Any = obj.to_numpy()
        return arr, None
    if kind in "iuf" and hasattr(dtype, "numpy_dtype"):
        # nullable Int64 / Float64...: values plus a mask of pd.NA
        missing = _np.asarray(obj.isna(), dtype=bool)
        return obj.to_numpy(dtype=dtype.numpy_dtype, na_value=0), missing
    # categorical, object-backed extension types...: one element at a time
    return _np.asarray(obj, dtype=object), None


def scale_bounds(scale: Any) -> Tuple[int, int]:
    return int(scale.min), int(scale.max)
