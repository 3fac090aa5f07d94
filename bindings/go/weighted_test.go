package nps

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand"
	"strings"
	"testing"
	"unsafe"
)

// taylorSE is Var = n/(n-1) * sum w_i^2 (x_i - m)^2 / (sum w)^2 for
// x = +100/0/-100 on the standard scale, computed here independently.
func taylorSE(scores []byte, weights []float64) (m, se float64) {
	var sw, swx float64
	xs := make([]float64, len(scores))
	for i, s := range scores {
		switch {
		case s >= 9:
			xs[i] = 100
		case s >= 7:
			xs[i] = 0
		default:
			xs[i] = -100
		}
		sw += weights[i]
		swx += weights[i] * xs[i]
	}
	m = swx / sw
	var acc float64
	for i, x := range xs {
		acc += weights[i] * weights[i] * (x - m) * (x - m)
	}
	n := float64(len(scores))
	return m, math.Sqrt(n / (n - 1) * acc / (sw * sw))
}

func newW(t *testing.T, scores []byte, weights []float64) *WeightedAccumulator {
	t.Helper()
	w, err := NewWeightedAccumulator()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddScores(scores, weights); err != nil {
		t.Fatal(err)
	}
	return w
}

func wstate(t *testing.T, w *WeightedAccumulator) []byte {
	t.Helper()
	b, err := w.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wnear(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Max(1, math.Abs(b)) }

// A promoter of weight 1, a passive of weight 2, a detractor of weight 3:
// NPS = 100 (1 - 3) / 6 = -33.33; n_eff = 36 / 14; SE^2 = 560000 / 216.
func TestWeighted_HandWorked(t *testing.T) {
	w := newW(t, []byte{10, 8, 3}, []float64{1, 2, 3})
	defer w.Close()
	if !wnear(w.Score(), -100.0/3, 1e-12) || w.Total() != 3 || w.TotalWeight() != 6 {
		t.Fatalf("score %v total %d weight %v", w.Score(), w.Total(), w.TotalWeight())
	}
	neff, err := w.EffectiveN()
	if err != nil || !wnear(neff, 36.0/14, 1e-12) {
		t.Fatalf("n_eff %v %v", neff, err)
	}
	se, err := w.StdErr()
	if err != nil || !wnear(se, math.Sqrt(560000.0/216), 1e-10) {
		t.Fatalf("se %v %v", se, err)
	}
	if w.Count(Promoter) != 1 || w.Weight(Detractor) != 3 || w.WeightSq(Passive) != 4 {
		t.Fatal("category sums")
	}
	if !strings.Contains(w.String(), "score=-33.33") {
		t.Fatal(w.String())
	}
}

func TestWeighted_StdErrMatchesFormula(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for _, n := range []int{2, 3, 17, 1000} {
		scores := make([]byte, n)
		weights := make([]float64, n)
		for i := range scores {
			scores[i] = byte(rng.Intn(11))
			weights[i] = 0.05 + 20*rng.Float64()
		}
		w := newW(t, scores, weights)
		m, se := taylorSE(scores, weights)
		got, err := w.StdErr()
		if err != nil || !wnear(w.Score(), m, 1e-9) || !wnear(got, se, 1e-9) {
			t.Fatalf("n=%d: score %v want %v, se %v want %v (%v)", n, w.Score(), m, got, se, err)
		}
		lo, hi, err := w.Interval(0.95, MethodWald)
		z := 1.959963984540054
		if err != nil || !wnear(lo, math.Max(-100, m-z*se), 1e-9) || !wnear(hi, math.Min(100, m+z*se), 1e-9) {
			t.Fatalf("n=%d: wald [%v, %v] %v", n, lo, hi, err)
		}
		w.Close()
	}
}

func TestWeighted_AllOnesEqualsAccumulator(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	scores := make([]byte, 300)
	ones := make([]float64, 300)
	for i := range scores {
		scores[i] = byte(rng.Intn(11))
		ones[i] = 1
	}
	w := newW(t, scores, ones)
	defer w.Close()
	a, _ := NewAccumulator()
	defer a.Close()
	_ = a.AddScores(scores)
	if w.Score() != a.Score() {
		t.Fatalf("score %v vs %v", w.Score(), a.Score())
	}
	if neff, _ := w.EffectiveN(); neff != 300 {
		t.Fatalf("n_eff %v", neff)
	}
	for _, m := range []Method{MethodDefault, MethodAdjustedWald, MethodScore} {
		wl, wh, err1 := w.Interval(0.9, m)
		al, ah, err2 := a.Interval(0.9, m)
		if err1 != nil || err2 != nil || !wnear(wl, al, 1e-9) || !wnear(wh, ah, 1e-9) {
			t.Fatalf("%v: [%v, %v] vs [%v, %v]", m, wl, wh, al, ah)
		}
		wp, _ := w.Test(10, m)
		ap, _ := a.Test(10, m)
		if !wnear(wp, ap, 1e-9) {
			t.Fatalf("%v: p %v vs %v", m, wp, ap)
		}
	}
}

func TestWeighted_BadInputChangesNothing(t *testing.T) {
	w := newW(t, []byte{10, 8, 3}, []float64{1, 2, 3})
	defer w.Close()
	before := wstate(t, w)
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1), math.Inf(-1), math.Ldexp(1, 500), 1e-300} {
		err := w.Add(9, bad)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) || e.Index != -1 ||
			!strings.Contains(err.Error(), "weight") {
			t.Fatalf("weight %v: %v", bad, err)
		}
	}
	if err := w.Add(11, 1); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
	if err := w.Add(1<<40, 1); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
	cases := []struct {
		scores  []byte
		weights []float64
		status  Status
		index   int
	}{
		{[]byte{9, 9, 9, 9}, []float64{1, 2, 0, 1}, ErrInvalid, 2},
		{[]byte{9, 9, 9}, []float64{1, math.NaN(), 1}, ErrInvalid, 1},
		{[]byte{9, 12, 9}, []float64{1, 1, -1}, ErrRange, 1},
		{[]byte{9, 9, 12}, []float64{1, -1, 1}, ErrInvalid, 1},
	}
	for _, c := range cases {
		err := w.AddScores(c.scores, c.weights)
		var e *Error
		if !errors.As(err, &e) || e.Status != c.status || e.Index != c.index {
			t.Fatalf("%v %v: %v", c.scores, c.weights, err)
		}
		if c.status == ErrInvalid && (e.Weight != c.weights[c.index] && !math.IsNaN(e.Weight)) {
			t.Fatalf("weight %v", e.Weight)
		}
	}
	if err := w.AddScores([]byte{9, 9}, []float64{1}); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
	other, _ := NewWeightedAccumulatorScale(Scale{1, 10, 7, 9})
	defer other.Close()
	if err := w.Merge(other); !errors.Is(err, ErrMismatch) {
		t.Fatal(err)
	}
	if !bytes.Equal(wstate(t, w), before) {
		t.Fatal("state changed by refused input")
	}
	if _, err := NewWeightedAccumulatorScale(Scale{5, 1, 2, 3}); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
}

func TestWeighted_ZeroCopy(t *testing.T) {
	w, _ := NewWeightedAccumulator()
	defer w.Close()
	scores := []byte{10, 8, 3}
	weights := []float64{1, 2, 3}
	var seen [2]uintptr
	if err := w.addScores(scores, weights, &seen); err != nil {
		t.Fatal(err)
	}
	if seen[0] != uintptr(unsafe.Pointer(&scores[0])) || seen[1] != uintptr(unsafe.Pointer(&weights[0])) {
		t.Fatal("the slices were copied")
	}
}

func TestWeighted_MergeCloneEqualBytesJSON(t *testing.T) {
	a := newW(t, []byte{10, 9, 0}, []float64{1.5, 2.5, 4})
	b := newW(t, []byte{7, 6}, []float64{0.5, 3})
	both := newW(t, []byte{10, 9, 0, 7, 6}, []float64{1.5, 2.5, 4, 0.5, 3})
	defer a.Close()
	defer b.Close()
	defer both.Close()
	c, err := a.Clone()
	if err != nil || !c.Equal(a) {
		t.Fatal(err)
	}
	if err := c.Merge(b); err != nil || c.Total() != 5 || a.Total() != 3 {
		t.Fatal(err)
	}
	if !wnear(c.Score(), both.Score(), 1e-12) {
		t.Fatal(c.Score(), both.Score())
	}
	var d WeightedAccumulator
	if err := d.UnmarshalBinary(wstate(t, a)); err != nil || !d.Equal(a) {
		t.Fatal(err)
	}
	bin := wstate(t, a)
	if err := d.UnmarshalBinary(bin[:len(bin)-1]); !errors.Is(err, ErrFormat) || !d.Equal(a) {
		t.Fatal(err)
	}
	js, err := json.Marshal(struct{ W *WeightedAccumulator }{a})
	if err != nil || !strings.Contains(string(js), `"counts":[1,0,2]`) {
		t.Fatal(string(js), err)
	}
	var back struct{ W WeightedAccumulator }
	if err := json.Unmarshal(js, &back); err != nil || !back.W.Equal(a) {
		t.Fatal(err)
	}
	tampered := strings.Replace(string(js), `"counts":[1,0,2]`, `"counts":[1,0,3]`, 1)
	if err := json.Unmarshal([]byte(tampered), &back); !errors.Is(err, ErrFormat) || !back.W.Equal(a) {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"W":{"counts":[1,0,2]}}`), &back); !errors.Is(err, ErrFormat) {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"W":{"state":"","extra":1}}`), &back); err == nil {
		t.Fatal("unknown field accepted")
	}
	empty, _ := NewWeightedAccumulator()
	ej, err := json.Marshal(empty)
	if err != nil || !strings.Contains(string(ej), `"score":null`) {
		t.Fatal(string(ej), err)
	}
	var e2 WeightedAccumulator
	if err := json.Unmarshal(ej, &e2); err != nil || !e2.Equal(empty) {
		t.Fatal(err)
	}
	if err := c.Reset(); err != nil || c.Total() != 0 || !math.IsNaN(c.Score()) {
		t.Fatal(err)
	}
	if _, err := c.EffectiveN(); !errors.Is(err, ErrEmpty) {
		t.Fatal(err)
	}
	c.Close()
	if _, err := json.Marshal(c); !errors.Is(err, ErrClosed) {
		t.Fatal(err)
	}
}

func TestWeighted_CompareAndClosed(t *testing.T) {
	sa, wa := make([]byte, 40), make([]float64, 40)
	sb, wb := make([]byte, 40), make([]float64, 40)
	for i := range sa {
		sa[i], wa[i], sb[i], wb[i] = 10, 2, 3, 1
		if i >= 30 {
			sa[i], wa[i] = 3, 1
		}
		if i >= 30 {
			sb[i] = 10
		}
	}
	a, b := newW(t, sa, wa), newW(t, sb, wb)
	defer a.Close()
	defer b.Close()
	c, err := CompareWeighted(a, b, 0.95, MethodWald)
	if err != nil || !wnear(c.Diff, a.Score()-b.Score(), 1e-9) || c.PValue > 0.001 {
		t.Fatal(c, err)
	}
	sea, _ := a.StdErr()
	seb, _ := b.StdErr()
	if !wnear(c.Hi-c.Lo, 2*1.959963984540054*math.Hypot(sea, seb), 1e-9) {
		t.Fatal(c)
	}
	if _, err := CompareWeighted(a, b, 0.95, MethodDefault); err != nil {
		t.Fatal(err)
	}
	if _, err := CompareWeighted(a, b, 0.95, MethodScore); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
	one, _ := NewWeightedAccumulator()
	defer one.Close()
	_ = one.Add(9, 2)
	if _, err := one.StdErr(); !errors.Is(err, ErrEmpty) {
		t.Fatal(err)
	}
	if _, _, err := one.Interval(1.5, MethodDefault); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
	if _, err := one.Test(101, MethodDefault); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
	var z WeightedAccumulator
	if z.Add(9, 1) != ErrClosed || z.AddScores(nil, nil) != ErrClosed || z.Total() != 0 ||
		!math.IsNaN(z.Score()) || z.Equal(a) || z.Footprint() != 0 || z.Close() != ErrClosed ||
		z.String() != "nps.WeightedAccumulator{closed}" {
		t.Fatal("zero value")
	}
	if _, err := CompareWeighted(&z, a, 0.95, MethodDefault); err != ErrClosed {
		t.Fatal(err)
	}
	if a.Footprint() <= 0 {
		t.Fatal("footprint")
	}
}
