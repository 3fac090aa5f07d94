"""libnps.dask on a real two-process cluster equals the single-process result."""
import os
import shutil
import tempfile
import unittest

import libnps

try:
    import dask
    import dask.dataframe as dd
    import distributed
    import numpy
    import pandas
    import libnps.dask as npsd
except ImportError as e:  # pyenv's python has none of them
    dd = None
    WHY = f"dask/distributed/pandas not importable: {e}"


def write_csv(path, n=6000):
    rng = numpy.random.default_rng(11)
    seg = rng.choice(["north", "south", "east", "west"], size=n)
    score = rng.integers(0, 11, size=n).astype(float)
    score[rng.random(n) < 0.05] = numpy.nan  # blank cells
    month = rng.choice(["2024-01", "2024-02", "2024-03"], size=n)
    pandas.DataFrame({"segment": seg, "month": month, "score": score}).to_csv(
        path, index=False)


@unittest.skipIf(dd is None, "" if dd else WHY)
class DaskClusterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.csv = os.path.join(cls.tmp, "answers.csv")
        write_csv(cls.csv)
        # real worker processes; they inherit LIBNPS_LIBRARY and PYTHONPATH
        cls.cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                               processes=True, dashboard_address=None)
        cls.client = distributed.Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.tmp)

    def frames(self):
        ddf = dd.read_csv(self.csv, blocksize=25_000)
        self.assertGreaterEqual(ddf.npartitions, 4)
        return ddf, pandas.read_csv(self.csv)

    def test_dask__groupby_aggregation_equals_pandas_exactly(self):
        ddf, pdf = self.frames()
        got = ddf.groupby("segment")["score"].agg(npsd.aggregation()).compute()
        want = pdf.groupby("segment")["score"].agg(libnps.nps)
        self.assertEqual(got.sort_index().to_dict(), want.to_dict())
        lo = ddf.groupby("segment")["score"].agg(npsd.aggregation("lo", 0.9, "wald"))
        want_lo = {k: libnps.summary(g, 0.9, "wald").lo
                   for k, g in pdf.groupby("segment")["score"]}
        self.assertEqual(lo.compute().to_dict(), want_lo)
        # the tasks really ran in the worker processes
        workers = set(self.client.run(os.getpid).values())
        self.assertEqual(len(workers), 2)
        self.assertNotIn(os.getpid(), workers)

    def test_dask__summarize_two_keys_equals_pandas(self):
        ddf, pdf = self.frames()
        got = npsd.summarize(ddf.groupby(["segment", "month"])["score"])
        want = libnps.summarize(pdf.groupby(["segment", "month"])["score"])
        pandas.testing.assert_frame_equal(got, want, check_exact=True)

    def test_dask__whole_column_reduction(self):
        ddf, pdf = self.frames()
        acc = npsd.accumulate(ddf["score"])
        self.assertEqual(acc, libnps.Accumulator(pdf["score"], skipna=True))
        self.assertEqual(acc.summary(), libnps.summary(pdf["score"]))

    def test_dask__weighted_whole_column(self):
        rng = numpy.random.default_rng(12)
        n = 4000
        score = rng.integers(0, 11, size=n).astype(float)
        score[rng.random(n) < 0.05] = numpy.nan
        pdf = pandas.DataFrame({"score": score,
                                "w": rng.lognormal(0.0, 0.7, size=n)})
        ddf = dd.from_pandas(pdf, npartitions=5)
        got = npsd.accumulate_weighted(ddf["score"], ddf["w"])
        want = libnps.WeightedAccumulator(pdf["score"], pdf["w"], skipna=True)
        self.assertEqual(got.total, want.total)
        self.assertEqual((got.detractors, got.passives, got.promoters),
                         (want.detractors, want.passives, want.promoters))
        # compensated weight sums: partitioning moves the last bits at most
        for a, b in ((got.score, want.score), (got.total_weight, want.total_weight),
                     (got.effective_n, want.effective_n), (got.stderr(), want.stderr())):
            self.assertAlmostEqual(a, b, delta=1e-12 * abs(b))
        bad = dd.from_pandas(pandas.DataFrame({"score": [9] * 10,
                                               "w": [1.0] * 9 + [-1.0]}),
                             npartitions=2)
        with dask.config.set(scheduler="sync"), self.assertRaises(libnps.WeightError):
            npsd.accumulate_weighted(bad["score"], bad["w"])

    def test_dask__bad_values_fail_loudly(self):
        ddf = dd.from_pandas(pandas.DataFrame({"g": ["a", "b"] * 50,
                                               "score": [9] * 99 + [265]}),
                             npartitions=3)
        # in this process (scheduler="sync"): the workers would log the error
        with self.assertRaises(libnps.ScoreRangeError):
            ddf.groupby("g")["score"].agg(npsd.aggregation()).compute(scheduler="sync")
        with dask.config.set(scheduler="sync"), \
                self.assertRaises(libnps.ScoreRangeError):
            npsd.accumulate(ddf["score"])
        with self.assertRaises(ValueError):
            npsd.aggregation("median")


if __name__ == "__main__":
    unittest.main()
