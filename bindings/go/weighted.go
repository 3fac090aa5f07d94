package nps

/*
#cgo pkg-config: libnps
#include <stdint.h>
#include <nps.h>

// The one C entry point for weighted batches. `seen`, when not NULL,
// receives the addresses C was given: tests use them to show the Go slices
// are not copied.
static nps_status gonps_wacc_add_scores(nps_wacc *w, const uint8_t *scores,
                                        const double *weights, size_t n,
                                        size_t *bad, uintptr_t *seen)
{
	if (seen) {
		seen[0] = (uintptr_t)scores;
		seen[1] = (uintptr_t)weights;
	}
	return nps_wacc_add_scores(w, scores, weights, n, bad);
}
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"unsafe"
)

// WeightedAccumulator holds weighted answers on one scale: survey
// (post-stratification, raking) or revenue weights. Per category it keeps
// the number of answers, the sum of their weights and the sum of their
// squared weights, so it merges and serializes like an Accumulator.
// Create it with NewWeightedAccumulator or NewWeightedAccumulatorScale and
// release it with Close. The concurrency rule of the package applies: one
// writer at a time.
//
// A weight is a finite number > 0 (within [2^-448, 2^448]); anything else
// is refused with ErrInvalid and changes nothing.
type WeightedAccumulator struct {
	h *waccHandle
}

type waccHandle struct {
	p *C.nps_wacc
}

func (h *waccHandle) free() {
	if h.p != nil {
		C.nps_wacc_free(h.p)
		h.p = nil
	}
}

func newWaccHandle(p *C.nps_wacc) *waccHandle {
	h := &waccHandle{p: p}
	runtime.SetFinalizer(h, (*waccHandle).free)
	return h
}

func newWacc(p *C.nps_wacc) *WeightedAccumulator {
	return &WeightedAccumulator{h: newWaccHandle(p)}
}

// NewWeightedAccumulator returns an empty weighted accumulator on the
// standard 0-10 scale.
func NewWeightedAccumulator() (*WeightedAccumulator, error) {
	var p *C.nps_wacc
	if err := check("NewWeightedAccumulator", C.nps_wacc_new(&p, nil)); err != nil {
		return nil, err
	}
	return newWacc(p), nil
}

// NewWeightedAccumulatorScale returns an empty weighted accumulator on
// scale s (ErrInvalid for an impossible scale).
func NewWeightedAccumulatorScale(s Scale) (*WeightedAccumulator, error) {
	cs, ok := s.c()
	if !ok {
		return nil, &Error{Op: "NewWeightedAccumulatorScale", Status: ErrInvalid, Index: -1}
	}
	var p *C.nps_wacc
	if err := check("NewWeightedAccumulatorScale", C.nps_wacc_new(&p, &cs)); err != nil {
		return nil, err
	}
	return newWacc(p), nil
}

// Close releases the C object. Later calls return ErrClosed (as does a
// second Close).
func (w *WeightedAccumulator) Close() error {
	if !w.ok() {
		return ErrClosed
	}
	runtime.SetFinalizer(w.h, nil)
	w.h.free()
	return nil
}

func (w *WeightedAccumulator) ok() bool { return w != nil && w.h != nil && w.h.p != nil }

func weightErr(op string, index int, weight float64) error {
	return &Error{Op: op, Status: ErrInvalid, Index: index, Weight: weight, badWeight: true}
}

// Add adds one answer with its weight. A score off the scale is ErrRange
// (checked first), a weight that is not a finite number > 0 is ErrInvalid
// (an *Error with Weight set); nothing is added on error.
func (w *WeightedAccumulator) Add(score int, weight float64) error {
	if !w.ok() {
		return ErrClosed
	}
	if score < cIntMin || score > cIntMax {
		return rangeErr("WeightedAccumulator.Add", score)
	}
	st := C.nps_wacc_add(w.h.p, C.int(score), C.double(weight))
	runtime.KeepAlive(w)
	switch st {
	case C.NPS_E_RANGE:
		return rangeErr("WeightedAccumulator.Add", score)
	case C.NPS_E_INVALID:
		return weightErr("WeightedAccumulator.Add", -1, weight)
	}
	return check("WeightedAccumulator.Add", st)
}

// AddScores adds a batch of answers (one byte each) with their weights,
// all or nothing. The C library reads both slices in place (no copy).
// Slices of different lengths are ErrInvalid. On the first bad answer the
// error is an *Error with its Index: Status ErrRange and Value for a score
// off the scale, ErrInvalid and Weight for a bad weight. Nothing is added
// on error.
func (w *WeightedAccumulator) AddScores(scores []byte, weights []float64) error {
	return w.addScores(scores, weights, nil)
}

func (w *WeightedAccumulator) addScores(scores []byte, weights []float64, seen *[2]uintptr) error {
	const op = "WeightedAccumulator.AddScores"
	if !w.ok() {
		return ErrClosed
	}
	if len(scores) != len(weights) {
		return &Error{Op: fmt.Sprintf("%s: %d scores and %d weights", op, len(scores), len(weights)),
			Status: ErrInvalid, Index: -1}
	}
	if len(scores) == 0 {
		return nil
	}
	var bad C.size_t
	var addr [2]C.uintptr_t
	var addrp *C.uintptr_t
	if seen != nil {
		addrp = &addr[0]
	}
	// Neither slice holds Go pointers, so both may be passed for the call.
	st := C.gonps_wacc_add_scores(w.h.p, (*C.uint8_t)(unsafe.Pointer(&scores[0])),
		(*C.double)(unsafe.Pointer(&weights[0])), C.size_t(len(scores)), &bad, addrp)
	runtime.KeepAlive(w)
	if seen != nil {
		seen[0], seen[1] = uintptr(addr[0]), uintptr(addr[1])
	}
	i := int(bad)
	switch st {
	case C.NPS_E_RANGE:
		return &Error{Op: op, Status: ErrRange, Index: i, Value: int(scores[i])}
	case C.NPS_E_INVALID:
		return weightErr(op, i, weights[i])
	}
	return check(op, st)
}

// Merge adds the state of b (same scale; ErrMismatch otherwise). b may be
// w itself.
func (w *WeightedAccumulator) Merge(b *WeightedAccumulator) error {
	if !w.ok() || !b.ok() {
		return ErrClosed
	}
	st := C.nps_wacc_merge(w.h.p, b.h.p)
	runtime.KeepAlive(w)
	runtime.KeepAlive(b)
	return check("WeightedAccumulator.Merge", st)
}

// Reset forgets every answer; the scale stays.
func (w *WeightedAccumulator) Reset() error {
	if !w.ok() {
		return ErrClosed
	}
	C.nps_wacc_reset(w.h.p)
	runtime.KeepAlive(w)
	return nil
}

// Clone returns an independent copy.
func (w *WeightedAccumulator) Clone() (*WeightedAccumulator, error) {
	if !w.ok() {
		return nil, ErrClosed
	}
	var p *C.nps_wacc
	st := C.nps_wacc_clone(&p, w.h.p)
	runtime.KeepAlive(w)
	if err := check("WeightedAccumulator.Clone", st); err != nil {
		return nil, err
	}
	return newWacc(p), nil
}

// Equal reports whether both hold the same state: scale, counts and
// weight sums to the last bit (false if either is closed). The same
// answers added in another order may differ in the last bits.
func (w *WeightedAccumulator) Equal(b *WeightedAccumulator) bool {
	if !w.ok() || !b.ok() {
		return false
	}
	r := C.nps_wacc_equal(w.h.p, b.h.p)
	runtime.KeepAlive(w)
	runtime.KeepAlive(b)
	return r != 0
}

// Score is the weighted NPS in points, 100 (W_promoters - W_detractors) /
// W; NaN when empty or closed.
func (w *WeightedAccumulator) Score() float64 {
	if !w.ok() {
		return math.NaN()
	}
	r := float64(C.nps_wacc_score(w.h.p))
	runtime.KeepAlive(w)
	return r
}

// Total is the number of answers, not their weight (0 when closed).
func (w *WeightedAccumulator) Total() uint64 {
	if !w.ok() {
		return 0
	}
	r := uint64(C.nps_wacc_total(w.h.p))
	runtime.KeepAlive(w)
	return r
}

// TotalWeight is the sum of the weights (0 when empty; NaN when closed).
func (w *WeightedAccumulator) TotalWeight() float64 {
	if !w.ok() {
		return math.NaN()
	}
	r := float64(C.nps_wacc_total_weight(w.h.p))
	runtime.KeepAlive(w)
	return r
}

// Count is the number of answers in category c (0 when closed).
func (w *WeightedAccumulator) Count(c Category) uint64 {
	if !w.ok() {
		return 0
	}
	r := uint64(C.nps_wacc_category_count(w.h.p, C.nps_category(c)))
	runtime.KeepAlive(w)
	return r
}

// Weight is the sum of the weights of category c's answers (NaN when
// closed or for an unknown category).
func (w *WeightedAccumulator) Weight(c Category) float64 {
	if !w.ok() {
		return math.NaN()
	}
	r := float64(C.nps_wacc_category_weight(w.h.p, C.nps_category(c)))
	runtime.KeepAlive(w)
	return r
}

// WeightSq is the sum of the squared weights of category c's answers (NaN
// when closed or for an unknown category).
func (w *WeightedAccumulator) WeightSq(c Category) float64 {
	if !w.ok() {
		return math.NaN()
	}
	r := float64(C.nps_wacc_category_weight_sq(w.h.p, C.nps_category(c)))
	runtime.KeepAlive(w)
	return r
}

// EffectiveN is Kish's effective sample size (sum w)^2 / sum w^2, in
// [1, n]; ErrEmpty when there are no answers.
func (w *WeightedAccumulator) EffectiveN() (float64, error) {
	if !w.ok() {
		return 0, ErrClosed
	}
	var v C.double
	st := C.nps_wacc_effective_n(w.h.p, &v)
	runtime.KeepAlive(w)
	return float64(v), check("WeightedAccumulator.EffectiveN", st)
}

// StdErr is the Taylor-linearisation standard error of the weighted NPS in
// points (what R's survey::svymean reports for x = +100/0/-100); ErrEmpty
// with fewer than two answers.
func (w *WeightedAccumulator) StdErr() (float64, error) {
	if !w.ok() {
		return 0, ErrClosed
	}
	var v C.double
	st := C.nps_wacc_stderr(w.h.p, &v)
	runtime.KeepAlive(w)
	return float64(v), check("WeightedAccumulator.StdErr", st)
}

// Interval is the confidence interval of the weighted NPS in points at
// level. MethodWald uses StdErr; MethodDefault (adjusted Wald) and
// MethodScore apply the unweighted method to the pseudo-counts
// n_eff * W_c / W. ErrInvalid for a bad level or method, ErrEmpty when
// there are no answers (for Wald, fewer than two).
func (w *WeightedAccumulator) Interval(level float64, m Method) (lo, hi float64, err error) {
	if !w.ok() {
		return 0, 0, ErrClosed
	}
	var l, h C.double
	st := C.nps_wacc_interval(w.h.p, m.c(), C.double(level), &l, &h)
	runtime.KeepAlive(w)
	if err := check("WeightedAccumulator.Interval", st); err != nil {
		return 0, 0, err
	}
	return float64(l), float64(h), nil
}

// Test is the two-sided p-value of H0: weighted NPS == benchmark (points),
// by the same methods as Interval.
func (w *WeightedAccumulator) Test(benchmark float64, m Method) (float64, error) {
	if !w.ok() {
		return 0, ErrClosed
	}
	var p C.double
	st := C.nps_wacc_test(w.h.p, C.double(benchmark), m.c(), &p)
	runtime.KeepAlive(w)
	return float64(p), check("WeightedAccumulator.Test", st)
}

// CompareWeighted compares two independent weighted samples on the same
// scale (unpooled): NPS(a) - NPS(b). MethodWald combines the Taylor
// standard errors; MethodDefault (adjusted Wald) works on each sample's
// pseudo-counts; MethodScore is ErrInvalid; different scales are
// ErrMismatch.
func CompareWeighted(a, b *WeightedAccumulator, level float64, m Method) (Comparison, error) {
	if !a.ok() || !b.ok() {
		return Comparison{}, ErrClosed
	}
	var d, lo, hi, p C.double
	st := C.nps_wacc_compare(a.h.p, b.h.p, m.c(), C.double(level), &d, &lo, &hi, &p)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	if err := check("CompareWeighted", st); err != nil {
		return Comparison{}, err
	}
	return Comparison{float64(d), float64(lo), float64(hi), float64(p)}, nil
}

// Scale returns the accumulator's scale.
func (w *WeightedAccumulator) Scale() (Scale, error) {
	if !w.ok() {
		return Scale{}, ErrClosed
	}
	var cs C.nps_scale
	st := C.nps_wacc_scale(w.h.p, &cs)
	runtime.KeepAlive(w)
	return scaleFromC(cs), check("WeightedAccumulator.Scale", st)
}

// Footprint is the number of bytes of C memory the accumulator owns.
func (w *WeightedAccumulator) Footprint() int {
	if !w.ok() {
		return 0
	}
	r := int(C.nps_wacc_footprint(w.h.p))
	runtime.KeepAlive(w)
	return r
}

// MarshalBinary encodes the state in the portable format (docs/format.md,
// kind W; encoding.BinaryMarshaler).
func (w *WeightedAccumulator) MarshalBinary() ([]byte, error) {
	if !w.ok() {
		return nil, ErrClosed
	}
	var n C.size_t
	st := C.nps_wacc_serialize(w.h.p, nil, 0, &n)
	if st != C.NPS_OK && st != C.NPS_E_BUFSIZE {
		runtime.KeepAlive(w)
		return nil, check("WeightedAccumulator.MarshalBinary", st)
	}
	buf := make([]byte, int(n))
	st = C.nps_wacc_serialize(w.h.p, unsafe.Pointer(&buf[0]), n, &n)
	runtime.KeepAlive(w)
	if err := check("WeightedAccumulator.MarshalBinary", st); err != nil {
		return nil, err
	}
	return buf[:int(n)], nil
}

// UnmarshalBinary replaces the state with decoded bytes
// (encoding.BinaryUnmarshaler); it also works on a zero
// WeightedAccumulator{}. On error (ErrFormat, ErrVersion) nothing changes.
func (w *WeightedAccumulator) UnmarshalBinary(data []byte) error {
	if w == nil {
		return ErrClosed
	}
	var p *C.nps_wacc
	ptr := unsafe.Pointer(&emptyInput[0]) // not NULL: empty input is ErrFormat
	if len(data) > 0 {
		ptr = unsafe.Pointer(&data[0])
	}
	if err := check("WeightedAccumulator.UnmarshalBinary",
		C.nps_wacc_deserialize(&p, ptr, C.size_t(len(data)))); err != nil {
		return err
	}
	if w.ok() {
		C.nps_wacc_free(w.h.p)
		w.h.p = p
	} else {
		w.h = newWaccHandle(p)
	}
	return nil
}

// waccJSON is the JSON form: readable fields for people and tools, plus
// the exact state (the binary format, base64) that UnmarshalJSON reads.
// Weight sums are kept double-double inside, so the readable doubles alone
// could not restore the state to the bit.
type waccJSON struct {
	Scale      *scaleJSON `json:"scale"`
	Counts     []uint64   `json:"counts"`      // detractors, passives, promoters
	Weights    []float64  `json:"weights"`     // their weight sums
	WeightsSq  []float64  `json:"weights_sq"`  // their squared-weight sums
	Score      *float64   `json:"score"`       // null when empty
	EffectiveN *float64   `json:"effective_n"` // null when empty
	State      []byte     `json:"state"`
}

func (w *WeightedAccumulator) jsonView() (waccJSON, error) {
	s, err := w.Scale()
	if err != nil {
		return waccJSON{}, err
	}
	state, err := w.MarshalBinary()
	if err != nil {
		return waccJSON{}, err
	}
	v := waccJSON{Scale: &scaleJSON{s.Min, s.Max, s.PassiveMin, s.PromoterMin}, State: state}
	for _, c := range [...]Category{Detractor, Passive, Promoter} {
		v.Counts = append(v.Counts, w.Count(c))
		v.Weights = append(v.Weights, w.Weight(c))
		v.WeightsSq = append(v.WeightsSq, w.WeightSq(c))
	}
	if w.Total() > 0 {
		score := w.Score()
		neff, err := w.EffectiveN()
		if err != nil {
			return waccJSON{}, err
		}
		v.Score, v.EffectiveN = &score, &neff
	}
	return v, nil
}

// MarshalJSON writes {"scale":{...},"counts":[d,p,r],"weights":[...],
// "weights_sq":[...],"score":...,"effective_n":...,"state":"<base64>"}
// (json.Marshaler): the category counts and weight sums are readable,
// "state" is the exact binary state. A closed or zero value is an error,
// never "{}".
func (w WeightedAccumulator) MarshalJSON() ([]byte, error) {
	if !w.ok() {
		return nil, &Error{Op: "WeightedAccumulator.MarshalJSON", Status: ErrInvalid,
			Index: -1, cause: ErrClosed}
	}
	v, err := w.jsonView()
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads MarshalJSON's output (json.Unmarshaler); it also
// works on a zero WeightedAccumulator{}. The state is restored from
// "state"; every readable field present must agree with it exactly (an
// edited count or weight is ErrFormat, never silently dropped). Unknown
// fields and a missing "state" are errors; nothing changes on error.
func (w *WeightedAccumulator) UnmarshalJSON(b []byte) error {
	if w == nil {
		return ErrClosed
	}
	var v waccJSON
	if err := strictJSON(b, &v); err != nil {
		return fmt.Errorf("nps: WeightedAccumulator.UnmarshalJSON: %w", err)
	}
	if v.State == nil {
		return &Error{Op: "WeightedAccumulator.UnmarshalJSON: \"state\" is required",
			Status: ErrFormat, Index: -1}
	}
	fresh := &WeightedAccumulator{}
	if err := fresh.UnmarshalBinary(v.State); err != nil {
		return err
	}
	want, err := fresh.jsonView()
	if err != nil {
		fresh.Close()
		return err
	}
	if field := disagreement(v, want); field != "" {
		fresh.Close()
		return &Error{Op: fmt.Sprintf("WeightedAccumulator.UnmarshalJSON: %q disagrees with \"state\"", field),
			Status: ErrFormat, Index: -1}
	}
	p := fresh.h.p
	runtime.SetFinalizer(fresh.h, nil)
	fresh.h.p = nil
	if w.ok() {
		w.h.free()
		w.h.p = p
	} else {
		w.h = newWaccHandle(p)
	}
	return nil
}

// disagreement names the first readable field that is present in got and
// differs from the state's own value.
func disagreement(got, want waccJSON) string {
	same := func(a, b interface{}) bool {
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(b)
		return bytes.Equal(x, y)
	}
	switch {
	case got.Scale != nil && *got.Scale != *want.Scale:
		return "scale"
	case got.Counts != nil && !same(got.Counts, want.Counts):
		return "counts"
	case got.Weights != nil && !same(got.Weights, want.Weights):
		return "weights"
	case got.WeightsSq != nil && !same(got.WeightsSq, want.WeightsSq):
		return "weights_sq"
	case got.Score != nil && !same(got.Score, want.Score):
		return "score"
	case got.EffectiveN != nil && !same(got.EffectiveN, want.EffectiveN):
		return "effective_n"
	}
	return ""
}

// String shows the counts, the weight and the score, e.g.
// "nps.WeightedAccumulator{total=3 weight=6 effective_n=2.57 score=-33.33}".
func (w *WeightedAccumulator) String() string {
	if !w.ok() {
		return "nps.WeightedAccumulator{closed}"
	}
	neff, err := w.EffectiveN()
	if err != nil {
		neff = math.NaN()
	}
	return fmt.Sprintf("nps.WeightedAccumulator{total=%d weight=%g effective_n=%.2f score=%.2f}",
		w.Total(), w.TotalWeight(), neff, w.Score())
}
