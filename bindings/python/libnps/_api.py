"""One-call functions for columns of answers (pandas-friendly)."""
from __future__ import annotations

from typing import Any, Optional

from ._core import DEFAULT_METHOD, Accumulator, MethodLike, Scale, Summary

__all__ = ["nps", "summary", "summarize"]


def nps(values: Any, *, scale: Optional[Scale] = None, skipna: bool = True) -> float:
    """The NPS in points of a column of answers; NaN when there are none.

    Missing answers (NaN, None, pd.NA) are skipped by default, as pandas'
    own reductions do; every other value is checked against the scale (no
    wrap-around). Works as ``df.groupby(col)[score].agg(libnps.nps)``.
    """
    return Accumulator(values, scale, skipna=skipna).score


def summary(values: Any, level: float = 0.95, method: MethodLike = DEFAULT_METHOD,
            *, scale: Optional[Scale] = None, skipna: bool = True) -> Summary:
    """Counts, NPS and its confidence interval for a column of answers."""
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
    if not hasattr(grouped, "groups") or not hasattr(grouped, "__iter__"):
        raise TypeError(f"expected a pandas SeriesGroupBy or Series, not "
                        f"{type(grouped).__name__}")
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
