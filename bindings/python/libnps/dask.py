"""libnps on Dask: NPS per group and over a whole frame, past one machine.

The partial result of each partition is a libnps state (the portable bytes
of an Accumulator, docs/format.md); Dask moves these few bytes between
worker processes and machines, and merges them. Counting is exact, so the
result equals the single-process one exactly, whatever the partitioning.

    import dask.dataframe as dd
    import libnps.dask as npsd
    ddf = dd.read_csv("answers-*.csv")
    ddf.groupby("segment")["score"].agg(npsd.aggregation()).compute()   # NPS
    npsd.summarize(ddf.groupby("segment")["score"])     # pandas DataFrame
    npsd.accumulate(ddf["score"]).summary()             # the whole column
    npsd.accumulate_weighted(ddf["score"], ddf["w"]).summary()  # weighted

Needs dask[dataframe] (Debian: python3-dask); missing answers are skipped
(as Dask's own reductions do) and every other value is checked exactly as
Accumulator.add_many checks it.
"""
from __future__ import annotations

from typing import Any, List, Optional

from ._core import DEFAULT_METHOD, Accumulator, MethodLike, Method, Scale
from ._weighted import WeightedAccumulator

from dask.dataframe.groupby import Aggregation
from dask.delayed import delayed

__all__ = ["aggregation", "states", "summarize", "accumulate",
           "accumulate_weighted", "STATS"]

#: what aggregation() can finalize to
STATS = ("nps", "lo", "hi", "n", "state")


def _state(values: Any, scale: Optional[Scale]) -> bytes:
    return Accumulator(values, scale, skipna=True).to_bytes()


def _merge(blobs: Any) -> bytes:
    acc: Optional[Accumulator] = None
    for b in blobs:
        part = Accumulator.from_bytes(b)
        if acc is None:
            acc = part
        else:
            acc.merge(part)
    if acc is None:
        raise ValueError("no state to merge")
    return acc.to_bytes()


def _finish(blob: bytes, stat: str, level: float, method: Method) -> Any:
    acc = Accumulator.from_bytes(blob)
    if stat == "state":
        return blob
    if stat == "n":
        return acc.total
    if stat == "nps":
        return acc.score
    s = acc.summary(level, method)
    return s.lo if stat == "lo" else s.hi


def aggregation(stat: str = "nps", level: float = 0.95,
                method: MethodLike = DEFAULT_METHOD, *,
                scale: Optional[Scale] = None) -> Any:
    """A ``dd.Aggregation`` for ``ddf.groupby(...)[score].agg(...)``.

    chunk: one libnps state per group and partition; combine: merge the
    states of a group; finalize: ``stat``, one of "nps" (points), "lo",
    "hi" (the interval at ``level`` by ``method``), "n", or "state" (the
    merged bytes, for Accumulator.from_bytes).
    """
    if stat not in STATS:
        raise ValueError(f"stat={stat!r}: one of {', '.join(STATS)}")
    m = Method.parse(method)
    lv = float(level)
    if scale is not None and not isinstance(scale, Scale):
        raise TypeError("scale must be a libnps.Scale or None")

    def chunk(grouped: Any) -> Any:
        return grouped.apply(_state, scale)

    def combine(grouped: Any) -> Any:
        return grouped.apply(_merge)

    def finalize(merged: Any) -> Any:
        out = merged.map(lambda b: _finish(b, stat, lv, m))
        return out if stat == "state" else out.astype("int64" if stat == "n"
                                                      else "float64")

    name = "nps" if stat == "nps" else f"nps_{stat}"
    return Aggregation(name, chunk, combine, finalize)  # type: ignore[no-untyped-call]


def states(grouped: Any, *, scale: Optional[Scale] = None) -> Any:
    """Per group, the merged libnps state (bytes), as a lazy Dask Series."""
    return grouped.agg(aggregation("state", scale=scale))


def summarize(grouped: Any, level: float = 0.95,
              method: MethodLike = DEFAULT_METHOD, *,
              scale: Optional[Scale] = None) -> Any:
    """Compute, and return as a pandas DataFrame, what
    ``libnps.summarize`` gives for the same data in one process: one row
    per group (n, detractors, passives, promoters, nps, lo, hi, level,
    method), sorted by group."""
    import pandas as pd  # type: ignore[import]
    merged = states(grouped, scale=scale).compute()
    # each group's merged state is a pandas "group" of one answer set
    rows = {k: Accumulator.from_bytes(b).summary(level, method).to_dict()
            for k, b in merged.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["n", "detractors", "passives",
                                            "promoters", "nps", "lo", "hi",
                                            "level", "method"])
    frame.index.names = merged.index.names
    return frame.sort_index()


def _wstate(values: Any, weights: Any, scale: Optional[Scale]) -> bytes:
    return WeightedAccumulator(values, weights, scale, skipna=True).to_bytes()


def _wmerge(blobs: Any) -> bytes:
    acc: Optional[WeightedAccumulator] = None
    for b in blobs:
        part = WeightedAccumulator.from_bytes(b)
        if acc is None:
            acc = part
        else:
            acc.merge(part)
    if acc is None:
        raise ValueError("no state to merge")
    return acc.to_bytes()


def accumulate(series: Any, *, scale: Optional[Scale] = None) -> Accumulator:
    """Every answer of a Dask Series in one Accumulator: one state per
    partition (computed where the partition lives), merged in a tree."""
    parts: List[Any] = [delayed(_state)(p, scale) for p in series.to_delayed()]
    if not parts:
        return Accumulator(scale=scale)
    while len(parts) > 1:  # a tree: no single task holds every state
        parts = [delayed(_merge)(parts[i:i + 8]) for i in range(0, len(parts), 8)]
    return Accumulator.from_bytes(parts[0].compute())


def accumulate_weighted(series: Any, weights: Any, *,
                        scale: Optional[Scale] = None) -> WeightedAccumulator:
    """Every weighted answer of a Dask Series in one WeightedAccumulator,
    as accumulate() does: ``weights`` is a Dask Series partitioned like
    ``series`` (another column of the same frame); answers whose score or
    weight is missing are skipped, a weight that is not finite and > 0 is
    a WeightError. Weight sums are compensated, so the partitioning
    changes the result by a few ulps at most (counts stay exact)."""
    sp, wp = series.to_delayed(), weights.to_delayed()
    if len(sp) != len(wp):
        raise ValueError(f"scores and weights have {len(sp)} and {len(wp)} "
                         f"partitions: take both from one frame")
    parts: List[Any] = [delayed(_wstate)(s, w, scale) for s, w in zip(sp, wp)]
    if not parts:
        return WeightedAccumulator(scale=scale)
    while len(parts) > 1:  # a tree: no single task holds every state
        parts = [delayed(_wmerge)(parts[i:i + 8]) for i in range(0, len(parts), 8)]
    return WeightedAccumulator.from_bytes(parts[0].compute())
