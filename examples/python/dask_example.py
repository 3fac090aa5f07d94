#!/usr/bin/env python3
"""NPS per plan and per region with Dask, equal to the one-process answer.

    python3 examples/python/dask_example.py [examples/data/responses.csv]

Reads the bundled survey export with pandas, drops the answers that are not
an integer from 0 to 10 (the file has a few on purpose: "N/A", "ten",
"7.5", 11, a blank), splits the rest into 8 partitions and computes, on a
local cluster of two worker processes, each plan's NPS with its interval
(libnps.dask.summarize) and each region's NPS (a Dask groupby aggregation).
Each partition is counted into a libnps state of a few bytes where it
lives; only the states travel and are merged, so the result equals
libnps.summarize on the whole frame in one process exactly: the script
asserts it and exits non-zero otherwise.

Needs Debian's python3-pandas, python3-dask and python3-distributed.
"""
import os
import sys

import pandas as pd

try:
    import dask.dataframe as dd
    import distributed
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"SKIP: dask/distributed not importable: {e}")
    sys.exit(77)

import libnps
import libnps.dask as npsd

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "data", "responses.csv")


def load(path):
    df = pd.read_csv(path, usecols=["id", "submitted_at", "score", "plan",
                                    "region"], dtype=str,
                     keep_default_na=False)  # "NA" is North America
    score = pd.to_numeric(df["score"], errors="coerce")
    ok = score.notna() & (score % 1 == 0) & score.between(0, 10)
    print(f"{len(df)} rows, {int((~ok).sum())} without a 0-10 answer dropped")
    df = df[ok].copy()
    df["score"] = score[ok].astype("int64")
    return df


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    pdf = load(path)
    ddf = dd.from_pandas(pdf, npartitions=8)

    # One process: the reference.
    want_plan = libnps.summarize(pdf.groupby("plan")["score"])
    want_region = pdf.groupby("region")["score"].agg(libnps.nps)

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                  processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        got_plan = npsd.summarize(ddf.groupby("plan")["score"])
        got_region = ddf.groupby("region")["score"].agg(
            npsd.aggregation()).compute().sort_index()

    print(f"{'plan':<10} {'n':>5} {'NPS':>6}  95% CI ({want_plan['method'].iloc[0]})")
    for plan, row in got_plan.iterrows():
        print(f"{plan:<10} {row['n']:>5} {row['nps']:>6.1f}  "
              f"{row['lo']:.1f} to {row['hi']:.1f}")
    for region, value in got_region.items():
        print(f"region {region:<6} NPS {value:.1f}")

    # Counting is exact: the cluster's answer is the one-process answer.
    pd.testing.assert_frame_equal(got_plan, want_plan.sort_index(),
                                  check_exact=True, check_dtype=False)
    assert got_region.to_dict() == want_region.sort_index().to_dict(), \
        (got_region, want_region)
    assert int(got_plan["n"].sum()) == len(pdf)
    # And both equal plain counting: 100 (promoters - detractors) / n.
    plain = pdf.groupby("plan")["score"].agg(
        lambda s: 100.0 * ((s >= 9).sum() - (s <= 6).sum()) / len(s))
    for plan, value in plain.items():
        assert abs(got_plan.loc[plan, "nps"] - value) < 1e-9, (plan, value)
    print("dask (8 partitions, 2 worker processes) == one process: yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
