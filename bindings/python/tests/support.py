"""Helpers shared by the libnps Python tests."""
import math

from libnps import _native


def needs(*names):
    """Fail a test, with a clear message, when the loaded C library lacks a
    function it uses: every function of the 1.0 API must be there, so a
    missing one is a broken build, never a reason to skip."""
    missing = [n for n in names if not _native.has(n)]

    def decorate(test):
        if not missing:
            return test

        def missing_symbols(self):
            self.fail(f"{', '.join(missing)} missing from {_native.path}")
        missing_symbols.__name__ = test.__name__
        return missing_symbols
    return decorate


Z95 = 1.959963984540054  # standard normal 0.975 quantile


def wald(d, p, r, pseudo=0.0):
    """Estimate and standard error of the NPS in points, from the formulas of
    Rocks (2016): each answer is +1/0/-1; with pseudo-answers (3/4 detractor,
    3/2 passive, 3/4 promoter for adjusted Wald) added before the Wald step.
    """
    dd, rr = d + pseudo, r + pseudo
    # pseudo: 3/4 + 3/2 + 3/4 = 3 answers in all
    n = d + p + r + (3.0 if pseudo else 0.0)
    pr, pd = rr / n, dd / n
    est = pr - pd
    var = (pr + pd) - est * est  # per-answer variance, divisor n
    return 100 * est, 100 * math.sqrt(var / n)


def two_sided_normal_p(z):
    return math.erfc(abs(z) / math.sqrt(2))


def student_t_two_sided_p(t, df, steps=20000):
    """P(|T| >= |t|) for Student's t with df degrees of freedom, by Simpson
    integration of the density over [0, |t|] (independent of any library)."""
    t = abs(t)
    logc = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)

    def f(x):
        return math.exp(logc - (df + 1) / 2 * math.log1p(x * x / df))
    h = t / steps
    s = f(0) + f(t)
    for i in range(1, steps):
        s += (4 if i % 2 else 2) * f(i * h)
    return 1.0 - 2.0 * (s * h / 3)
