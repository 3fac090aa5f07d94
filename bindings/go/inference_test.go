package nps

import (
	"errors"
	"math"
	"testing"
	"time"
)

// Expected values are worked from the published formulas (see the C
// header), as in the Python binding's test_inference.py.

func TestParseMethodThroughC(t *testing.T) {
	cases := map[string]Method{"wald": MethodWald, " WALD ": MethodWald,
		"adjusted_wald": MethodAdjustedWald, "Adjusted-Wald": MethodAdjustedWald,
		"aw": MethodAdjustedWald, "score": MethodScore, "tango": MethodScore,
		"": MethodDefault, "default": MethodDefault}
	for s, want := range cases {
		if got, err := ParseMethod(s); err != nil || got != want {
			t.Errorf("ParseMethod(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, bad := range []string{"wal", "wald\x00", "adjusted wald x"} {
		if _, err := ParseMethod(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseMethod(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	if MethodScore.String() != "score" || MethodDefault.String() != "adjusted_wald" {
		t.Errorf("names %q %q", MethodScore, MethodDefault)
	}
}

func TestTimelineWeekStartAndGetters(t *testing.T) {
	tl, err := NewTimelineWith(TimelineOptions{Every: 7 * 24 * time.Hour, Buckets: 52, WeekStart: Weekday(time.Monday)})
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	start, err := tl.BucketStart(time.Date(2024, 3, 6, 12, 0, 0, 0, time.UTC))
	if err != nil || !start.Equal(time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("BucketStart = %v, %v; want Monday 2024-03-04", start, err)
	}
	same, err := NewTimelineWith(TimelineOptions{Every: 7 * 24 * time.Hour, Buckets: 52,
		Origin: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer same.Close()
	if !tl.Equal(same) {
		t.Error("WeekStart Monday and a Monday Origin differ")
	}
	off, err := tl.Offset()
	months, err2 := tl.Months()
	if err != nil || err2 != nil || off != 3*86400 || months || tl.Width() != 604800 || tl.Horizon() != 0 {
		t.Errorf("geometry: offset %d months %v width %d horizon %v (%v %v)", off, months, tl.Width(), tl.Horizon(), err, err2)
	}
	q, err := NewTimelineWith(TimelineOptions{Months: 3, Buckets: 4, UTCOffset: -time.Hour, Horizon: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	off, _ = q.Offset()
	months, _ = q.Months()
	if !months || q.Width() != 3 || off != -3600 || q.Horizon() != 2*time.Hour {
		t.Errorf("quarters: months %v width %d offset %d horizon %v", months, q.Width(), off, q.Horizon())
	}
	// Sunday at local midnight of +01:00
	plus1 := time.FixedZone("+01", 3600)
	sun, err := NewTimelineWith(TimelineOptions{Every: 7 * 24 * time.Hour, Buckets: 4, UTCOffset: time.Hour, WeekStart: Weekday(time.Sunday)})
	if err != nil {
		t.Fatal(err)
	}
	defer sun.Close()
	s, _ := sun.BucketStart(time.Date(2024, 3, 6, 12, 0, 0, 0, time.UTC))
	if !s.Equal(time.Date(2024, 3, 3, 0, 0, 0, 0, plus1)) {
		t.Errorf("Sunday start %v", s)
	}
	for _, o := range []TimelineOptions{
		{Months: 1, Buckets: 4, WeekStart: Weekday(time.Monday)},
		{Every: 24 * time.Hour, Buckets: 4, WeekStart: Weekday(time.Monday)},
		{Every: 7 * 24 * time.Hour, Buckets: 4, WeekStart: Weekday(time.Weekday(7))},
		{Every: 7 * 24 * time.Hour, Buckets: 4, WeekStart: Weekday(time.Monday), Origin: time.Unix(0, 0)},
		{Every: 24 * time.Hour, Buckets: 4, UTCOffset: time.Hour, Origin: time.Unix(5, 0)},
	} {
		if tl, err := NewTimelineWith(o); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", o, err)
			tl.Close()
		}
	}
}

func TestAdjustPValuesHandWorked(t *testing.T) {
	p := []float64{0.01, 0.02, 0.03, 0.04, 0.05}
	holm, err := AdjustPValues(p, AdjustHolm)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{0.05, 0.08, 0.09, 0.09, 0.09} {
		if math.Abs(holm[i]-want) > 1e-12 {
			t.Errorf("Holm[%d] = %v, want %v", i, holm[i], want)
		}
	}
	bh, _ := AdjustPValues(p, AdjustBH)
	for i := range bh {
		if math.Abs(bh[i]-0.05) > 1e-12 {
			t.Errorf("BH[%d] = %v, want 0.05", i, bh[i])
		}
	}
	if got, err := AdjustPValues(nil, AdjustHolm); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range [][]float64{{0.1, math.NaN()}, {1.5}, {-0.1}} {
		if _, err := AdjustPValues(bad, AdjustHolm); !errors.Is(err, ErrInvalid) {
			t.Errorf("%v: %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := AdjustPValues(p, Adjust(9)); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown adjustment: %v", err)
	}
}

var trendCounts = [][3]uint64{{5, 2, 3}, {4, 3, 3}, {3, 3, 4}, {1, 4, 6}, {2, 2, 7}}

func TestTrendFitAnswersIsOLS(t *testing.T) {
	var xs, ys []float64
	var ps []*Accumulator
	for i, c := range trendCounts {
		ps = append(ps, sample(t, c[0], c[1], c[2]))
		for j, v := range []float64{-100, 0, 100} {
			for k := uint64(0); k < c[j]; k++ {
				xs, ys = append(xs, float64(i)), append(ys, v)
			}
		}
	}
	n := float64(len(xs))
	var xb, yb, sxx, sxy, rss float64
	for i := range xs {
		xb, yb = xb+xs[i]/n, yb+ys[i]/n
	}
	for i := range xs {
		sxx += (xs[i] - xb) * (xs[i] - xb)
		sxy += (xs[i] - xb) * (ys[i] - yb)
	}
	b := sxy / sxx
	for i := range xs {
		e := ys[i] - yb - b*(xs[i]-xb)
		rss += e * e
	}
	got, err := TrendFit(ps, nil, TrendAnswers)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.Slope-b) > 1e-9 || math.Abs(got.SE-math.Sqrt(rss/(n-2)/sxx)) > 1e-9 ||
		got.DF != n-2 || got.Periods != 5 || got.Answers != 52 {
		t.Errorf("answers trend %+v, want slope %v", got, b)
	}
	re, err := TrendFit(ps, nil, TrendRandomEffects)
	if err != nil || re.DF != 3 || re.Tau < 0 {
		t.Errorf("random effects %+v %v", re, err)
	}
	if _, err := TrendFit(ps, []float64{0, 1}, TrendAnswers); !errors.Is(err, ErrInvalid) {
		t.Errorf("length mismatch: %v", err)
	}
	if _, err := TrendFit(ps, []float64{0, 1, math.NaN(), 3, 4}, TrendAnswers); !errors.Is(err, ErrInvalid) {
		t.Errorf("NaN position: %v", err)
	}
	if _, err := TrendFit(nil, nil, TrendAnswers); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := TrendFit(ps, nil, TrendMethod(7)); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown method: %v", err)
	}
	// a timeline feeds its buckets: same slope as the accumulators
	tl, _ := NewTimeline(86400, 10)
	defer tl.Close()
	for i, c := range trendCounts {
		at := int64(86400 * (20000 + 2*i))
		for j, s := range []int{0, 7, 10} {
			_ = tl.AddNUnix(at, s, c[j])
		}
	}
	viaTl, err := tl.TrendFit(TrendAnswers)
	if err != nil || math.Abs(viaTl.Slope-b/2) > 1e-9 {
		t.Errorf("Timeline.TrendFit %+v %v, want slope %v per bucket", viaTl, err, b/2)
	}
	for _, p := range ps {
		p.Close()
	}
	if _, err := TrendFit(ps, nil, TrendAnswers); !errors.Is(err, ErrClosed) {
		t.Errorf("closed: %v", err)
	}
}

// pseudoVar is nps_trend_fit's per-period sampling variance (points^2).
func pseudoVar(d, p, r float64) float64 {
	n := d + p + r
	m := n + 3
	pr, pd := (r+0.75)/m, (d+0.75)/m
	return 1e4 * (pr + pd - (pr-pd)*(pr-pd)) / n
}

func TestHeterogeneityTwoGroups(t *testing.T) {
	a, b := sample(t, 3, 2, 5), sample(t, 6, 2, 2)
	defer a.Close()
	defer b.Close()
	stat := 3600 / (pseudoVar(3, 2, 5) + pseudoVar(6, 2, 2))
	got, err := Heterogeneity([]*Accumulator{a, b})
	if err != nil || math.Abs(got.Statistic-stat) > 1e-9 || got.DF != 1 || got.Groups != 2 ||
		math.Abs(got.PValue-math.Erfc(math.Sqrt(stat/2))) > 1e-9 {
		t.Errorf("%+v %v, want statistic %v", got, err, stat)
	}
	if _, err := Heterogeneity([]*Accumulator{a, nil}); !errors.Is(err, ErrClosed) {
		t.Errorf("nil group: %v", err)
	}
	if _, err := Heterogeneity([]*Accumulator{a}); !errors.Is(err, ErrEmpty) {
		t.Errorf("one group: %v", err)
	}
}

func TestCompareScoreMOVER(t *testing.T) {
	a, b := sample(t, 3, 2, 5), sample(t, 1, 0, 0)
	defer a.Close()
	defer b.Close()
	la, ua, _ := a.Interval(0.9, MethodScore)
	lb, ub, _ := b.Interval(0.9, MethodScore)
	ta, tb := a.Score(), b.Score()
	got, err := CompareScore(a, b, 0.9)
	if err != nil || got.Diff != ta-tb ||
		math.Abs(got.Lo-(ta-tb-math.Hypot(ta-la, ub-tb))) > 1e-9 ||
		math.Abs(got.Hi-(ta-tb+math.Hypot(ua-ta, tb-lb))) > 1e-9 {
		t.Errorf("%+v %v", got, err)
	}
	e := mustAcc(t, nil)
	defer e.Close()
	if _, err := CompareScore(a, e, 0.95); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
}

func TestSampleSizeMarginByMethod(t *testing.T) {
	w, _ := SampleSize(5, 0.95, Unknown, Unknown)
	if got, err := SampleSizeMargin(MethodWald, 5, 0.95, Unknown, Unknown); err != nil || got != w || w != 1537 {
		t.Errorf("Wald %d %v, SampleSize %d", got, err, w)
	}
	pr, pd := 0.5, 0.2
	margin := func(n float64) float64 {
		m := n + 3
		r, d := (n*pr+0.75)/m, (n*pd+0.75)/m
		return z95 * 100 * math.Sqrt((r+d-(r-d)*(r-d))/m)
	}
	n, err := SampleSizeMargin(MethodAdjustedWald, 5, 0.95, pr, pd)
	if err != nil || margin(float64(n)) > 5 || margin(float64(n-1)) <= 5 {
		t.Errorf("adjusted Wald n=%d %v", n, err)
	}
	if _, err := SampleSizeMargin(MethodScore, 5, 0.95, Unknown, Unknown); !errors.Is(err, ErrInvalid) {
		t.Errorf("score with unknown shares: %v", err)
	}
}

func TestAlertsLimits(t *testing.T) {
	var ps []*Accumulator
	for i := 0; i < 4; i++ {
		ps = append(ps, sample(t, 20, 30, 50))
	}
	ps = append(ps, mustAcc(t, nil), sample(t, 60, 20, 20))
	got, err := Alerts(ps, 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []AlertKind{AlertUndecided, AlertUndecided, AlertUndecided, AlertNone, AlertUndecided, AlertLow}
	for i, k := range want {
		if got[i].Kind != k {
			t.Errorf("period %d: %v, want %v", i, got[i].Kind, k)
		}
	}
	half := 300 * math.Sqrt(0.61*(1.0/100+1.0/300))
	last := got[5]
	if last.Center != 30 || last.SigmaZ != 1 || last.Baseline != 3 ||
		math.Abs(last.Lo-(30-half)) > 1e-9 || math.Abs(last.Hi-(30+half)) > 1e-9 {
		t.Errorf("last %+v, want limits 30 -+ %v", last, half)
	}
	for _, c := range []struct {
		w int
		l float64
	}{{2, 3}, {12, 0}, {12, math.NaN()}, {12, math.Inf(1)}} {
		if _, err := Alerts(ps, c.w, c.l); !errors.Is(err, ErrInvalid) {
			t.Errorf("window %d limit %v: %v", c.w, c.l, err)
		}
	}
	for _, p := range ps {
		p.Close()
	}
}
