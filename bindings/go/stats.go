package nps

/*
#cgo pkg-config: libnps
#include <nps.h>
*/
import "C"

import "runtime"

// Variance is the per-answer variance in points squared (ErrEmpty when empty).
func (a *Accumulator) Variance() (float64, error) {
	if !a.ok() {
		return 0, ErrClosed
	}
	var v C.double
	st := C.nps_acc_variance(a.h.p, &v)
	runtime.KeepAlive(a)
	return float64(v), check("Variance", st)
}

// StdErr is the standard error of the NPS in points (ErrEmpty when empty).
func (a *Accumulator) StdErr() (float64, error) {
	if !a.ok() {
		return 0, ErrClosed
	}
	var v C.double
	st := C.nps_acc_stderr(a.h.p, &v)
	runtime.KeepAlive(a)
	return float64(v), check("StdErr", st)
}

// Interval is the confidence interval of the NPS in points at level (e.g.
// 0.95). ErrInvalid for a level outside (0, 1) or an unknown method,
// ErrEmpty when there are no answers.
func (a *Accumulator) Interval(level float64, m Method) (lo, hi float64, err error) {
	if !a.ok() {
		return 0, 0, ErrClosed
	}
	var l, h C.double
	st := C.nps_acc_interval(a.h.p, m.c(), C.double(level), &l, &h)
	runtime.KeepAlive(a)
	if err := check("Interval", st); err != nil {
		return 0, 0, err
	}
	return float64(l), float64(h), nil
}

// Margin is half the interval's width, in points.
func (a *Accumulator) Margin(level float64, m Method) (float64, error) {
	if !a.ok() {
		return 0, ErrClosed
	}
	var v C.double
	st := C.nps_acc_margin(a.h.p, m.c(), C.double(level), &v)
	runtime.KeepAlive(a)
	return float64(v), check("Margin", st)
}

// Test is the two-sided p-value of H0: NPS == benchmark (points).
func (a *Accumulator) Test(benchmark float64, m Method) (float64, error) {
	if !a.ok() {
		return 0, ErrClosed
	}
	var p C.double
	st := C.nps_acc_test(a.h.p, C.double(benchmark), m.c(), &p)
	runtime.KeepAlive(a)
	return float64(p), check("Test", st)
}

// Comparison is NPS(a) - NPS(b): the method's estimate of the difference,
// the interval centred on it and the two-sided p-value of no difference.
type Comparison struct {
	Diff, Lo, Hi, PValue float64
}

// Compare compares two independent samples on the same scale (unpooled).
// MethodScore is ErrInvalid; different scales are ErrMismatch.
func Compare(a, b *Accumulator, level float64, m Method) (Comparison, error) {
	if !a.ok() || !b.ok() {
		return Comparison{}, ErrClosed
	}
	var d, lo, hi, p C.double
	st := C.nps_compare(a.h.p, b.h.p, m.c(), C.double(level), &d, &lo, &hi, &p)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	if err := check("Compare", st); err != nil {
		return Comparison{}, err
	}
	return Comparison{float64(d), float64(lo), float64(hi), float64(p)}, nil
}
