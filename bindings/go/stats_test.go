package nps

import (
	"errors"
	"math"
	"testing"
)

const z95 = 1.959963984540054 // standard normal 0.975 quantile

func sample(t testing.TB, d, p, r uint64) *Accumulator {
	a := mustAcc(t, nil)
	_ = a.AddN(0, d)
	_ = a.AddN(7, p)
	_ = a.AddN(10, r)
	return a
}

// waldEst is the estimate and standard error in points from Rocks (2016):
// each answer is +1/0/-1, per-answer variance (pR + pD) - (pR - pD)^2 with
// divisor n; adjusted Wald first adds 3/4 detractor, 3/2 passive and 3/4
// promoter pseudo-answers (n' = n + 3).
func waldEst(d, p, r float64, adjusted bool) (est, se float64) {
	n := d + p + r
	if adjusted {
		d, r, n = d+0.75, r+0.75, n+3
	}
	pr, pd := r/n, d/n
	e := pr - pd
	return 100 * e, 100 * math.Sqrt(((pr+pd)-e*e)/n)
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Fatalf("%s = %.9f, want %.9f", what, got, want)
	}
}

// 3 detractors, 2 passives, 5 promoters: NPS 20. Wald SE = 100 sqrt(.76/10)
// = 27.568; 95% interval [-34.03, 74.03]. Adjusted Wald: estimate
// 100 * 2/13 = 15.385, SE 23.322, interval [-30.33, 61.10].
func TestStats_IntervalHandWorked(t *testing.T) {
	a := sample(t, 3, 2, 5)
	lo, hi, err := a.Interval(0.95, MethodWald)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "wald lo", lo, -34.0327, 1e-3)
	near(t, "wald hi", hi, 74.0327, 1e-3)
	lo, hi, _ = a.Interval(0.95, MethodAdjustedWald)
	near(t, "adjusted lo", lo, -30.326, 1e-2)
	near(t, "adjusted hi", hi, 61.097, 1e-2)
	v, _ := a.Variance()
	near(t, "variance", v, 7600, 1e-9)
	se, _ := a.StdErr()
	near(t, "stderr", se, math.Sqrt(760), 1e-9)
}

func TestStats_IntervalMatchesFormula(t *testing.T) {
	z := map[float64]float64{0.80: 1.2815515655446004, 0.90: 1.6448536269514722, 0.99: 2.5758293035489004}
	for _, c := range [][3]uint64{{30, 20, 50}, {1, 0, 1}, {400, 250, 350}} {
		a := sample(t, c[0], c[1], c[2])
		for level, zz := range z {
			for _, m := range []Method{MethodWald, MethodAdjustedWald} {
				est, se := waldEst(float64(c[0]), float64(c[1]), float64(c[2]), m == MethodAdjustedWald)
				lo, hi, err := a.Interval(level, m)
				if err != nil {
					t.Fatal(err)
				}
				near(t, "lo", lo, math.Max(-100, est-zz*se), 1e-6)
				near(t, "hi", hi, math.Min(100, est+zz*se), 1e-6)
			}
		}
	}
}

func TestStats_BadArguments(t *testing.T) {
	a := sample(t, 3, 2, 5)
	for _, level := range []float64{0, 1, -0.5, 1.5, math.NaN()} {
		if _, _, err := a.Interval(level, MethodWald); !errors.Is(err, ErrInvalid) {
			t.Fatal(level, err)
		}
	}
	if _, _, err := a.Interval(0.95, Method(9)); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
	if _, _, err := mustAcc(t, nil).Interval(0.95, MethodWald); !errors.Is(err, ErrEmpty) {
		t.Fatal(err)
	}
	if _, err := a.Test(150, MethodWald); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
}

func TestStats_TestAgainstBenchmark(t *testing.T) {
	a := sample(t, 300, 200, 500)
	for _, m := range []Method{MethodWald, MethodAdjustedWald} {
		est, se := waldEst(300, 200, 500, m == MethodAdjustedWald)
		for _, bench := range []float64{0, 15, 20, 30} {
			p, err := a.Test(bench, m)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "p", p, math.Erfc(math.Abs(est-bench)/se/math.Sqrt2), 1e-9)
		}
	}
}

func TestStats_CompareMatchesUnpooledFormula(t *testing.T) {
	a, b := sample(t, 30, 20, 50), sample(t, 45, 25, 30)
	for _, m := range []Method{MethodWald, MethodAdjustedWald} {
		ea, sa := waldEst(30, 20, 50, m == MethodAdjustedWald)
		eb, sb := waldEst(45, 25, 30, m == MethodAdjustedWald)
		diff, se := ea-eb, math.Hypot(sa, sb)
		c, err := Compare(a, b, 0.95, m)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "diff", c.Diff, diff, 1e-9)
		near(t, "lo", c.Lo, diff-z95*se, 1e-6)
		near(t, "hi", c.Hi, diff+z95*se, 1e-6)
		near(t, "p", c.PValue, math.Erfc(math.Abs(diff)/se/math.Sqrt2), 1e-9)
	}
	other := mustAcc(t, &Scale{0, 10, 8, 10})
	_ = other.Add(3)
	if _, err := Compare(a, other, 0.95, MethodWald); !errors.Is(err, ErrMismatch) {
		t.Fatal(err)
	}
	if _, err := Compare(a, mustAcc(t, nil), 0.95, MethodWald); !errors.Is(err, ErrEmpty) {
		t.Fatal(err)
	}
	if _, err := Compare(a, b, 0.95, MethodScore); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
}
