#!/usr/bin/env python3
"""Ingest 10M answers (a numpy uint8 array): libnps against numpy, as ratios
measured in one run. Not a test.

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

if __name__ == "__main__":
    main()
