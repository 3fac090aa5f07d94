package nps

import (
	"bytes"
	"errors"
	"math"
	"testing"
	"time"
)

const hour = 3600
const t0 = 1700000000 - 1700000000%hour // an hour boundary

// bucket k (hour t0 + k*hour) holds these answers: the NPS rises
var events = map[int64][]int{0: {0, 0, 5, 9, 7}, 1: {3, 8, 9, 10}, 2: {6, 9, 9, 10, 7, 10}, 4: {9, 10, 10, 8}}

func filled(t testing.TB, buckets uint32) *Timeline {
	t.Helper()
	tl, err := NewTimeline(hour, buckets)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tl.Close() })
	for k := int64(0); k <= 4; k++ {
		for i, s := range events[k] {
			if err := tl.AddUnix(t0+k*hour+int64(60*i), s); err != nil {
				t.Fatal(err)
			}
		}
	}
	return tl
}

func TestTimeline_RangeSumsHalfOpenWindow(t *testing.T) {
	tl := filled(t, 24)
	got, err := tl.RangeUnix(t0+hour, t0+4*hour) // buckets 1, 2 (3 is empty)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	want := mustAcc(t, nil)
	for _, s := range append(append([]int(nil), events[1]...), events[2]...) {
		_ = want.Add(s)
	}
	if !got.Equal(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	all, _ := tl.Range(time.Unix(t0, 0), time.Unix(t0+5*hour, 0))
	defer all.Close()
	if all.Total() != 19 {
		t.Fatal(all)
	}
}

func TestTimeline_TimesInAnyLocationAreInstants(t *testing.T) {
	a, _ := NewTimeline(hour, 24)
	b, _ := NewTimeline(hour, 24)
	defer a.Close()
	defer b.Close()
	_ = a.AddUnix(t0+90, 9)
	_ = b.Add(time.Unix(t0+90, 999999999).In(time.FixedZone("EST", -5*hour)), 9)
	if !a.Equal(b) {
		t.Fatal("same instant, different buckets")
	}
}

func TestTimeline_ErrorsChangeNothing(t *testing.T) {
	tl := filled(t, 3) // retains buckets 2..4
	twin, _ := tl.Clone()
	defer twin.Close()
	if err := tl.AddUnix(t0+4*hour, 11); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
	if err := tl.AddUnix(t0+4*hour, 1<<32+9); !errors.Is(err, ErrRange) {
		t.Fatal("not truncated to 9:", err)
	}
	if !tl.Equal(twin) {
		t.Fatal("changed")
	}
	if err := tl.AddUnix(t0+hour, 9); !errors.Is(err, ErrTooOld) {
		t.Fatal(err)
	}
	if tl.Dropped() != twin.Dropped()+1 {
		t.Fatal("drop not counted")
	}
	if _, err := NewTimeline(0, 24); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
	if _, err := NewTimeline(hour, 0); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
	other, _ := NewTimelineScale(hour, 24, Scale{1, 10, 7, 9})
	defer other.Close()
	if err := filled(t, 24).Merge(other); !errors.Is(err, ErrMismatch) {
		t.Fatal(err)
	}
}

func TestTimeline_ClosedReturnsErrors(t *testing.T) {
	tl, _ := NewTimeline(hour, 24)
	tl.Close()
	var zero Timeline
	for _, x := range []*Timeline{tl, &zero, nil} {
		if err := x.AddUnix(t0, 9); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if _, err := x.RangeUnix(t0, t0+hour); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if _, err := x.TrendUnix(t0, t0+hour); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if _, err := x.MarshalBinary(); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if err := x.Close(); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if x.Equal(x) || x.Dropped() != 0 {
			t.Fatal("reads on closed")
		}
	}
}

func TestTimeline_MergeEqualsOneStream(t *testing.T) {
	a, _ := NewTimeline(hour, 24)
	b, _ := NewTimeline(hour, 24)
	both, _ := NewTimeline(hour, 24)
	defer a.Close()
	defer b.Close()
	defer both.Close()
	for k, scores := range events {
		for i, s := range scores {
			x := a
			if i%2 == 0 {
				x = b
			}
			_ = x.AddUnix(t0+k*hour+int64(i), s)
			_ = both.AddUnix(t0+k*hour+int64(i), s)
		}
	}
	if err := a.Merge(b); err != nil || !a.Equal(both) {
		t.Fatal(err)
	}
}

// OLS of each answer's +100/0/-100 on its bucket index; SE from the residual
// variance with N-2 degrees of freedom; p-value from Student's t, here by
// Simpson integration of the density.
func TestTimeline_TrendMatchesOLS(t *testing.T) {
	var xs, ys []float64
	for k, scores := range events {
		for _, s := range scores {
			v := 0.0
			if s >= 9 {
				v = 100
			} else if s <= 6 {
				v = -100
			}
			xs, ys = append(xs, float64(k)), append(ys, v)
		}
	}
	n := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx, my = mx+xs[i]/n, my+ys[i]/n
	}
	var sxx, sxy float64
	for i := range xs {
		sxx += (xs[i] - mx) * (xs[i] - mx)
		sxy += (xs[i] - mx) * (ys[i] - my)
	}
	slope := sxy / sxx
	var ssr float64
	for i := range xs {
		r := ys[i] - (my + slope*(xs[i]-mx))
		ssr += r * r
	}
	se := math.Sqrt(ssr / (n - 2) / sxx)
	p := studentTwoSided(slope/se, n-2)

	got, err := filled(t, 24).TrendUnix(t0, t0+24*hour)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "slope", got.Slope, slope, 1e-9)
	near(t, "stderr", got.StdErr, se, 1e-9)
	near(t, "p", got.PValue, p, 1e-6)

	one, _ := NewTimeline(hour, 24)
	defer one.Close()
	for _, s := range []int{9, 0, 10} {
		_ = one.AddUnix(t0, s)
	}
	if _, err := one.TrendUnix(t0, t0+hour); !errors.Is(err, ErrEmpty) {
		t.Fatal(err)
	}
}

func studentTwoSided(tv, df float64) float64 {
	tv = math.Abs(tv)
	lg1, _ := math.Lgamma((df + 1) / 2)
	lg2, _ := math.Lgamma(df / 2)
	logc := lg1 - lg2 - 0.5*math.Log(df*math.Pi)
	f := func(x float64) float64 { return math.Exp(logc - (df+1)/2*math.Log1p(x*x/df)) }
	const steps = 20000
	h := tv / steps
	s := f(0) + f(tv)
	for i := 1; i < steps; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(float64(i)*h)
	}
	return 1 - 2*s*h/3
}

func TestTimeline_MarshalRoundTripAndCorruption(t *testing.T) {
	tl := filled(t, 24)
	data, err := tl.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Timeline
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if !back.Equal(tl) {
		t.Fatal("round trip")
	}
	for i := range data {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0x01
		if err := back.UnmarshalBinary(bad); !errors.Is(err, ErrFormat) && !errors.Is(err, ErrVersion) {
			t.Fatalf("byte %d: %v", i, err)
		}
	}
	if err := back.UnmarshalBinary(data[:len(data)-1]); !errors.Is(err, ErrFormat) {
		t.Fatal(err)
	}
	again, _ := back.MarshalBinary()
	if !bytes.Equal(again, data) {
		t.Fatal("a failed UnmarshalBinary changed the timeline")
	}
}
