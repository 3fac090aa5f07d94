#!/usr/bin/env python3
"""Ingest 10M answers (numpy uint8, int64 and float64 arrays) and per-segment
NPS of a pandas DataFrame: libnps against numpy/pandas, as ratios measured
in one run. Not a test.

    LIBNPS_LIBRARY=build/dev/src/libnps.so.1 PYTHONPATH=bindings/python \\
        /usr/bin/python3 bindings/python/bench_numpy.py [N]

Each contender turns the raw answers into the three category counts and
the NPS. numpy has two idiomatic ways: np.bincount (one pass, int64
histogram) and boolean sums (two comparisons, two passes). libnps's
Accumulator.add_many validates every byte against the scale as well, and
reads the array in place. Each timing is the best of several repetitions
(so the array is cache-warm where it fits). The last row is a floor: one
vectorised read of the same bytes.
"""
import sys
import time

import numpy as np

import libnps


def best(fn, reps=7):
    t = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        t = min(t, time.perf_counter() - t0)
    return t, out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    rng = np.random.default_rng(1)
    scores = rng.integers(0, 11, size=n, dtype=np.uint8)

    def with_libnps():
        acc = libnps.Accumulator()
        acc.add_many(scores)
        return acc.detractors, acc.passives, acc.promoters, acc.score

    def with_bincount():
        c = np.bincount(scores, minlength=11)
        if len(c) > 11:  # an off-scale answer: what add_many would reject
            raise ValueError("score out of range")
        d, p, r = int(c[:7].sum()), int(c[7:9].sum()), int(c[9:].sum())
        return d, p, r, 100.0 * (r - d) / n

    def with_boolean_sums():
        d = int(np.count_nonzero(scores <= 6))
        r = int(np.count_nonzero(scores >= 9))
        return d, n - d - r, r, 100.0 * (r - d) / n

    def with_checked_boolean_sums():
        if int(scores.max()) > 10:  # the validation add_many does
            raise ValueError("score out of range")
        return with_boolean_sums()

    words = scores[: n - n % 8].view(np.uint64)

    def with_memory_read():
        # near the memory-read limit: one vectorised pass over the same bytes
        return int(words.max())

    t_nps, res = best(with_libnps)
    t_bin, res_bin = best(with_bincount)
    t_bool, res_bool = best(with_boolean_sums)
    t_cbool, _ = best(with_checked_boolean_sums)
    t_read, _ = best(with_memory_read)
    assert res[:3] == res_bin[:3] == res_bool[:3], (res, res_bin, res_bool)
    assert abs(res[3] - res_bin[3]) < 1e-9

    mb = n / 1e6
    print(f"{n} answers, libnps {libnps.library_version}, numpy {np.__version__}")
    print("ratio = contender's time / libnps's time (> 1: libnps is faster)")
    rows = [("libnps Accumulator.add_many", t_nps),
            ("numpy bincount", t_bin),
            ("numpy boolean sums (no range check)", t_bool),
            ("numpy boolean sums + max() check", t_cbool),
            ("read limit: numpy max over uint64 view", t_read)]
    for name, t in rows:
        print(f"{name:38s} {mb / t:8.0f} M answers/s  ratio {t / t_nps:6.2f}")

    wider(scores, n)
    groupby(n)


def wider(scores, n):
    """int64 and float64 columns (what pandas gives): libnps checks every
    value against the scale, then counts; numpy's bincount is the
    reference (it checks nothing: a 265 just makes a longer histogram)."""
    print()
    print("ratio = numpy's time / libnps's time (> 1: libnps is faster)")
    for dtype in (np.int64, np.float64):
        col = scores.astype(dtype)

        def with_libnps(col=col):
            acc = libnps.Accumulator(col)
            return acc.counts

        if dtype == np.float64:
            def with_numpy(col=col):
                # the nearest numpy equivalent: whole-number check, then count
                ints = col.astype(np.int64)
                if (ints != col).any():
                    raise ValueError("not a whole number")
                return np.bincount(ints, minlength=11)
            label = "numpy astype+check+bincount"
        else:
            def with_numpy(col=col):
                return np.bincount(col, minlength=11)
            label = "numpy bincount (no check)"
        t_nps, counts = best(with_libnps)
        t_np, ref = best(with_numpy)
        assert counts == tuple(int(c) for c in ref), (counts, ref)
        print(f"{np.dtype(dtype).name:8s} libnps Accumulator(col) {n / 1e6 / t_nps:8.0f} "
              f"M answers/s; {label:28s} ratio {t_np / t_nps:6.2f}")


def groupby(n):
    """Per-segment NPS of a DataFrame: libnps.nps in groupby().agg against
    the pandas-only way (three boolean means)."""
    try:
        import pandas as pd
    except ImportError:
        print("pandas not importable: groupby case skipped")
        return
    rng = np.random.default_rng(2)
    for groups in (10, 10_000):
        df = pd.DataFrame({"seg": rng.integers(0, groups, size=n),
                           "score": rng.integers(0, 11, size=n)})

        def with_libnps():
            return df.groupby("seg")["score"].agg(libnps.nps)

        def with_pandas():
            s = df["score"]
            if s.min() < 0 or s.max() > 10:
                raise ValueError("score out of range")
            cat = (s >= 9).astype(np.int8) - (s <= 6).astype(np.int8)
            return cat.groupby(df["seg"]).mean() * 100

        def with_summarize():
            return libnps.summarize(df.groupby("seg")["score"])

        t_nps, a = best(with_libnps, reps=3)
        t_sum, c = best(with_summarize, reps=3)
        t_pd, b = best(with_pandas, reps=3)
        assert np.allclose(a.to_numpy(), b.to_numpy(), rtol=0, atol=1e-9)
        assert np.allclose(c["nps"].to_numpy(), b.to_numpy(), rtol=0, atol=1e-9)
        print(f"groupby {groups:6d} groups, pandas vectorised (NPS only) {t_pd * 1e3:7.1f} ms: "
              f"ratio to agg(libnps.nps) {t_pd / t_nps:5.2f}, "
              f"to libnps.summarize (+ intervals) {t_pd / t_sum:5.2f}")

if __name__ == "__main__":
    main()
