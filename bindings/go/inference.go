package nps

/*
#cgo pkg-config: libnps
#include <stdint.h>
#include <stdlib.h>
#include <nps.h>
*/
import "C"

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"time"
	"unsafe"
)

// This file binds the 1.1 additions: method names, timeline origins and
// geometry getters, and inference across periods and groups.

// parseMethodC reads a method name through nps_method_parse (documented
// names and "adjusted-wald", "aw", "tango", any case).
func parseMethodC(s string) (Method, bool) {
	if strings.IndexByte(s, 0) >= 0 {
		return MethodDefault, false
	}
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	var m C.nps_method
	if C.nps_method_parse(cs, &m) != C.NPS_OK {
		return MethodDefault, false
	}
	return Method(int(m) + 1), true
}

// methodNameC is nps_method_name for a known method.
func methodNameC(m Method) string { return C.GoString(C.nps_method_name(m.c())) }

// Weekday returns a pointer to d, for TimelineOptions.WeekStart:
// WeekStart: nps.Weekday(time.Monday).
func Weekday(d time.Weekday) *time.Weekday { return &d }

const aMonday = 1704067200 // 2024-01-01T00:00:00Z
const week = 7 * 86400

// newTimelineOrigin creates a fixed-width timeline whose buckets start at
// Origin, or at local midnight (UTCOffset) of WeekStart.
func newTimelineOrigin(o TimelineOptions, width, off int64, scale *C.nps_scale) (*Timeline, error) {
	const op = "NewTimelineWith"
	if o.Months != 0 {
		return nil, optErr(op + ": Origin and WeekStart need Every (calendar months start on the 1st)")
	}
	var origin int64
	switch {
	case !o.Origin.IsZero() && o.WeekStart != nil:
		return nil, optErr(op + ": set Origin or WeekStart, not both")
	case !o.Origin.IsZero():
		if off != 0 {
			return nil, optErr(op + ": Origin is an instant; give it in its location instead of UTCOffset")
		}
		origin = o.Origin.Unix()
	default:
		if width%week != 0 {
			return nil, optErr(op + ": WeekStart needs Every in whole weeks")
		}
		d := *o.WeekStart
		if d < time.Sunday || d > time.Saturday {
			return nil, optErr(op + ": WeekStart is not a weekday")
		}
		origin = aMonday + int64((d+6)%7)*86400 - off
	}
	h, ok := wholeSeconds(o.Horizon)
	if !ok || h < 0 {
		return nil, optErr(op + ": Horizon must be whole seconds >= 0")
	}
	opts := C.nps_timeline_options{
		version:   C.NPS_TIMELINE_OPTIONS_VERSION,
		unit:      C.NPS_UNIT_SECOND,
		width:     C.int64_t(width),
		buckets:   C.uint32_t(o.Buckets),
		origin:    C.int64_t(origin),
		horizon:   C.int64_t(h),
		scale:     scale,
		allocator: nil,
	}
	var p *C.nps_timeline
	if err := check(op, C.nps_timeline_new_with_options(&p, &opts)); err != nil {
		return nil, err
	}
	return newTimeline(p), nil
}

// Months reports whether the timeline's buckets are calendar months
// (false: fixed-width buckets of Width() seconds).
func (t *Timeline) Months() (bool, error) {
	if !t.ok() {
		return false, ErrClosed
	}
	var u C.nps_unit
	st := C.nps_timeline_unit(t.h.p, &u)
	runtime.KeepAlive(t)
	return u == C.NPS_UNIT_MONTH, check("Timeline.Months", st)
}

// Width is the bucket width in the timeline's unit: seconds, or months
// (3 for quarters); 0 when closed.
func (t *Timeline) Width() int64 {
	if !t.ok() {
		return 0
	}
	r := int64(C.nps_timeline_width(t.h.p))
	runtime.KeepAlive(t)
	return r
}

// Offset is the number of seconds added to every time before bucketing:
// fixed-width buckets start at the times u with (u + Offset) mod Width = 0.
func (t *Timeline) Offset() (int64, error) {
	if !t.ok() {
		return 0, ErrClosed
	}
	var off C.int64_t
	st := C.nps_timeline_offset(t.h.p, &off)
	runtime.KeepAlive(t)
	return int64(off), check("Timeline.Offset", st)
}

// Horizon is the horizon guard's setting (SetHorizon); 0 when off.
func (t *Timeline) Horizon() time.Duration {
	if !t.ok() {
		return 0
	}
	r := int64(C.nps_timeline_horizon(t.h.p))
	runtime.KeepAlive(t)
	return time.Duration(r) * time.Second
}

// TrendMethod selects how TrendFit weighs periods.
type TrendMethod int

// Trend methods. The zero value is the recommended one.
const (
	// TrendRandomEffects: random-effects meta-regression of each period's
	// NPS on its position (DerSimonian-Laird tau^2, Knapp-Hartung SE on
	// K - 2 df).
	TrendRandomEffects TrendMethod = 0
	// TrendAnswers: OLS on every answer, as Timeline.Trend in 1.0; too
	// confident when periods differ by more than sampling noise.
	TrendAnswers TrendMethod = 1
)

// TrendResult is a trend across periods: slope in points per unit of
// position, its standard error, two-sided p-value and degrees of freedom,
// the between-period SD Tau (0 for TrendAnswers), Cochran's Q and its
// p-value, and the non-empty periods and answers used.
type TrendResult struct {
	Slope, SE, PValue, DF, Tau, Q, QPValue float64
	Periods, Answers                       uint64
}

// handles returns the C pointers of accs (ErrClosed for a closed or nil one).
func handles(accs []*Accumulator) ([]*C.nps_acc, error) {
	out := make([]*C.nps_acc, len(accs)+1) // never empty: &out[0] is valid
	for i, a := range accs {
		if !a.ok() {
			return nil, ErrClosed // a nil or closed accumulator
		}
		out[i] = a.h.p
	}
	return out, nil
}

// TrendFit fits the trend of the NPS across periods (oldest first) at
// positions (nil: 0, 1, 2...), never pooling answers of different periods
// into one sample. Empty periods are skipped; ErrEmpty with fewer than 3
// non-empty periods, ErrInvalid for a length mismatch or a non-finite
// position, ErrMismatch for different scales.
func TrendFit(periods []*Accumulator, positions []float64, m TrendMethod) (TrendResult, error) {
	const op = "TrendFit"
	if positions == nil {
		positions = make([]float64, len(periods))
		for i := range positions {
			positions[i] = float64(i)
		}
	}
	if len(positions) != len(periods) {
		return TrendResult{}, optErr(fmt.Sprintf("%s: %d periods but %d positions", op, len(periods), len(positions)))
	}
	hs, err := handles(periods)
	if err != nil {
		return TrendResult{}, err
	}
	xs := make([]C.double, len(positions)+1)
	for i, x := range positions {
		xs[i] = C.double(x)
	}
	out := C.nps_trend{version: C.NPS_TREND_VERSION}
	st := C.nps_trend_fit(&out, &hs[0], &xs[0], C.size_t(len(periods)), C.nps_trend_method(m))
	runtime.KeepAlive(periods)
	if err := check(op, st); err != nil {
		return TrendResult{}, err
	}
	return TrendResult{float64(out.slope), float64(out.se), float64(out.p_value),
		float64(out.df), float64(out.tau), float64(out.q), float64(out.q_p_value),
		uint64(out.periods), uint64(out.answers)}, nil
}

// TrendFit fits the trend over the retained buckets, oldest first: the
// slope is points per bucket.
func (t *Timeline) TrendFit(m TrendMethod) (TrendResult, error) {
	bs, err := t.Buckets()
	if err != nil {
		return TrendResult{}, err
	}
	defer closeBuckets(bs)
	accs, pos := bucketPeriods(t, bs)
	return TrendFit(accs, pos, m)
}

func closeBuckets(bs []Bucket) {
	for _, b := range bs {
		b.Acc.Close()
	}
}

// bucketPeriods returns the accumulators and positions of bs (0 = the
// oldest retained bucket; Buckets skips only never-filled ones at the old end).
func bucketPeriods(t *Timeline, bs []Bucket) ([]*Accumulator, []float64) {
	first := int(t.Len()) - len(bs)
	accs := make([]*Accumulator, len(bs))
	pos := make([]float64, len(bs))
	for i, b := range bs {
		accs[i], pos[i] = b.Acc, float64(first+i)
	}
	return accs, pos
}

// Adjust selects a multiplicity adjustment for AdjustPValues.
type Adjust int

// Adjustments (values of the C enum).
const (
	AdjustNone Adjust = 0 // each p-value as given
	AdjustHolm Adjust = 1 // Holm step-down: family-wise error rate
	AdjustBH   Adjust = 2 // Benjamini-Hochberg: false discovery rate
)

// AdjustPValues returns adjusted p-values, as R's p.adjust, each at the
// position of its input. ErrInvalid for NaN or a value outside [0, 1].
func AdjustPValues(p []float64, m Adjust) ([]float64, error) {
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return nil, &Error{Op: fmt.Sprintf("AdjustPValues: p[%d] = %v is not a p-value in [0, 1]", i, v), Status: ErrInvalid, Index: -1}
		}
	}
	if len(p) == 0 {
		return []float64{}, nil
	}
	in := make([]C.double, len(p))
	for i, v := range p {
		in[i] = C.double(v)
	}
	out := make([]C.double, len(p))
	if err := check("AdjustPValues", C.nps_pvalues_adjust(&out[0], &in[0], C.size_t(len(p)), C.nps_adjust(m), nil)); err != nil {
		return nil, err
	}
	res := make([]float64, len(p))
	for i, v := range out {
		res[i] = float64(v)
	}
	return res, nil
}

// HeterogeneityResult is the omnibus Wald test that every group has the
// same NPS: the chi-square statistic, its df, p-value, non-empty groups.
type HeterogeneityResult struct {
	Statistic, DF, PValue float64
	Groups                uint64
}

// Heterogeneity tests H0 "every group has the same NPS". Run it before
// per-group comparisons. ErrEmpty with fewer than 2 non-empty groups.
func Heterogeneity(groups []*Accumulator) (HeterogeneityResult, error) {
	hs, err := handles(groups)
	if err != nil {
		return HeterogeneityResult{}, err
	}
	out := C.nps_heterogeneity{version: C.NPS_HETEROGENEITY_VERSION}
	st := C.nps_heterogeneity_test(&out, &hs[0], C.size_t(len(groups)))
	runtime.KeepAlive(groups)
	if err := check("Heterogeneity", st); err != nil {
		return HeterogeneityResult{}, err
	}
	return HeterogeneityResult{float64(out.statistic), float64(out.df),
		float64(out.p_value), uint64(out.groups)}, nil
}

// CompareScore compares two samples: Diff is always NPS(a) - NPS(b) of
// the raw estimates, with a MOVER interval from each sample's score limits
// that always contains it. ErrEmpty when either sample is empty.
func CompareScore(a, b *Accumulator, level float64) (Comparison, error) {
	if !a.ok() || !b.ok() {
		return Comparison{}, ErrClosed
	}
	out := C.nps_comparison{version: C.NPS_COMPARISON_VERSION}
	st := C.nps_compare_score(&out, a.h.p, b.h.p, C.double(level))
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	if err := check("CompareScore", st); err != nil {
		return Comparison{}, err
	}
	return Comparison{float64(out.diff), float64(out.lo), float64(out.hi), float64(out.p_value)}, nil
}

// SampleSizeMargin is the number of answers for which method m's reported
// margin (half-width) is at most margin points at the expected shares (or
// Unknown: the worst case given the other; MethodScore needs both).
// SampleSizeMargin(MethodWald, ...) equals SampleSize.
func SampleSizeMargin(m Method, margin, level, promoterShare, detractorShare float64) (uint64, error) {
	var out C.uint64_t
	st := C.nps_sample_size_margin(&out, m.c(), C.double(margin), C.double(level),
		C.double(promoterShare), C.double(detractorShare))
	return uint64(out), check("SampleSizeMargin", st)
}

// AlertKind is one period's verdict.
type AlertKind int

// Alert kinds (values of the C enum).
const (
	AlertNone      AlertKind = 0 // within the limits
	AlertLow       AlertKind = 1 // below the lower limit: a drop
	AlertHigh      AlertKind = 2 // above the upper limit: a rise
	AlertUndecided AlertKind = 3 // empty period, or fewer than 3 baseline periods
)

func (k AlertKind) String() string {
	switch k {
	case AlertNone:
		return "none"
	case AlertLow:
		return "low"
	case AlertHigh:
		return "high"
	case AlertUndecided:
		return "undecided"
	}
	return fmt.Sprintf("AlertKind(%d)", int(k))
}

// Alert is one period's alert: the verdict, z, the baseline's pooled NPS
// (Center), this period's limits, Laney's widening factor and the number
// of non-empty baseline periods.
type Alert struct {
	Kind                      AlertKind
	Z, Center, Lo, Hi, SigmaZ float64
	Baseline                  uint64
}

// Alerts flags periods (oldest first) that depart from their trailing
// baseline of window periods by more than limit sigmas (Laney p'-style
// limits; window 12 and limit 3 are usual). ErrInvalid for window < 3 or
// limit not finite and > 0.
func Alerts(periods []*Accumulator, window int, limit float64) ([]Alert, error) {
	if window < 3 || math.IsNaN(limit) || math.IsInf(limit, 0) || limit <= 0 {
		return nil, optErr("Alerts: window >= 3 and a finite limit > 0 required")
	}
	hs, err := handles(periods)
	if err != nil {
		return nil, err
	}
	if len(periods) == 0 {
		return []Alert{}, nil
	}
	out := make([]C.nps_alert, len(periods))
	for i := range out {
		out[i].version = C.NPS_ALERT_VERSION
	}
	st := C.nps_alert_scan(&out[0], &hs[0], C.size_t(len(periods)), C.size_t(window), C.double(limit))
	runtime.KeepAlive(periods)
	if err := check("Alerts", st); err != nil {
		return nil, err
	}
	res := make([]Alert, len(out))
	for i, a := range out {
		res[i] = Alert{AlertKind(a.kind), float64(a.z), float64(a.center), float64(a.lo),
			float64(a.hi), float64(a.sigma_z), uint64(a.baseline)}
	}
	return res, nil
}
