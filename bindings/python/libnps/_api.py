"""One-call functions for columns of answers (pandas-friendly)."""
from __future__ import annotations

from typing import Any, Optional

from ._core import DEFAULT_METHOD, Accumulator, MethodLike, Scale, Summary
from ._ingest import score_column
from ._weighted import WeightedAccumulator

__all__ = ["nps", "summary", "summarize"]


def nps(values: Any, *, weights: Any = None, scale: Optional[Scale] = None,
        skipna: bool = True) -> float:
    """The NPS in points of a column of answers; NaN when there are none.

    Missing answers (NaN, None, pd.NA) are skipped by default, as pandas'
    own reductions do; every other value is checked against the scale (no
    wrap-around). Works as ``df.groupby(col)[score].agg(libnps.nps)``.
    With ``weights`` (a column of the same length, matched by position)
    the result is the weighted NPS (WeightedAccumulator); answers whose
    score or weight is missing are skipped, and a weight that is not a
    finite number > 0 raises WeightError.
    """
    if weights is not None:
        return WeightedAccumulator(values, weights, scale, skipna=skipna).score
    return Accumulator(values, scale, skipna=skipna).score


def summary(values: Any, level: float = 0.95, method: MethodLike = DEFAULT_METHOD,
            *, weights: Any = None, scale: Optional[Scale] = None,
            skipna: bool = True) -> Summary:
    """Counts, NPS and its confidence interval for a column of answers;
    with ``weights``, the weighted NPS, its interval and the effective n
    (as nps() takes them)."""
    if weights is not None:
        return WeightedAccumulator(values, weights, scale,
                                   skipna=skipna).summary(level, method)
    return Accumulator(values, scale, skipna=skipna).summary(level, method)


def summarize(grouped: Any, level: float = 0.95, method: MethodLike = DEFAULT_METHOD,
              *, scale: Optional[Scale] = None, skipna: bool = True) -> Any:
    """A pandas DataFrame of summaries: one row per group of a
    ``df.groupby(...)[score]`` (columns n, detractors, passives, promoters,
    nps, lo, hi, level, method), or one row for a plain Series."""
    import pandas as pd  # type: ignore[import]
    if isinstance(grouped, pd.Series):
        row = summary(grouped, level, method, scale=scale, skipna=skipna).to_dict()
        return pd.DataFrame([row], index=pd.Index([grouped.name], name=None))
    if not hasattr(type(grouped), "groups") or not hasattr(grouped, "__iter__"):
        raise TypeError(f"expected a pandas SeriesGroupBy or Series, not "
                        f"{type(grouped).__name__}")
    fast = _summarize_vectorised(grouped, level, method, scale, skipna)
    if fast is not None:
        return fast
    keys, rows = [], []
    for key, group in grouped:
        if isinstance(group, pd.DataFrame):
            raise TypeError("select the score column first: "
                            "df.groupby(...)[\"score\"]")
        keys.append(key)
        rows.append(summary(group, level, method, scale=scale, skipna=skipna).to_dict())
    names = getattr(getattr(grouped, "grouper", None), "names", None)
    if keys and isinstance(keys[0], tuple):
        index = pd.MultiIndex.from_tuples(keys, names=names)
    else:
        index = pd.Index(keys, name=names[0] if names else None)
    return pd.DataFrame(rows, index=index,
                        columns=["n", "detractors", "passives", "promoters",
                                 "nps", "lo", "hi", "level", "method"])


_COLUMNS = ["n", "detractors", "passives", "promoters", "nps", "lo", "hi",
            "level", "method"]


def _summarize_vectorised(grouped: Any, level: float, method: MethodLike,
                          scale: Optional[Scale], skipna: bool) -> Any:
    """The whole column checked once, then one bincount of (group, score):
    no per-group pandas split. None when the groupby is not a plain
    SeriesGroupBy (the caller then loops over the groups)."""
    import numpy as np
    import pandas as pd
    obj = getattr(grouped, "obj", None)
    if not isinstance(obj, pd.Series) or not hasattr(grouped, "ngroup"):
        return None
    sc = scale if scale is not None else Scale.STANDARD
    lo, hi = sc.min, sc.max
    buf, keep = score_column(obj, lo, hi, skipna)
    u8 = np.frombuffer(buf, dtype=np.uint8) if isinstance(buf, (bytes, bytearray)) \
        else np.asarray(buf)
    if u8.size and (u8.min() < lo or u8.max() > hi):
        Accumulator(u8, sc)  # raises ScoreRangeError for the first bad one
    codes = grouped.ngroup().to_numpy()
    if keep is not None:
        codes = codes[keep]
    valid = codes >= 0  # rows whose group key is missing belong to no group
    keys = grouped.size().index
    points = hi - lo + 1
    flat = codes[valid].astype(np.int64) * points + (u8[valid].astype(np.int64) - lo)
    table = np.bincount(flat, minlength=len(keys) * points).reshape(len(keys), points)
    rows = []
    for counts in table.tolist():
        acc = Accumulator(scale=scale)
        for j, c in enumerate(counts):
            if c:
                acc.add_n(lo + j, c)
        rows.append(acc.summary(level, method).to_dict())
    return pd.DataFrame(rows, index=keys, columns=_COLUMNS)
