package nps

/*
#cgo pkg-config: libnps
#include <stdint.h>
#include <nps.h>

// The one C entry point for batches. `seen`, when not NULL, receives the
// address C was given: tests use it to show the Go slice is not copied.
static nps_status gonps_add_scores(nps_acc *acc, const uint8_t *scores,
                                   size_t n, size_t *bad, uintptr_t *seen)
{
	if (seen)
		*seen = (uintptr_t)scores;
	return nps_acc_add_scores(acc, scores, n, bad);
}
*/
import "C"

import (
	"fmt"
	"math"
	"runtime"
	"unsafe"
)

// Accumulator counts answers on one scale. Create it with NewAccumulator or
// NewAccumulatorScale and release it with Close.
type Accumulator struct {
	h *accHandle
}

// accHandle owns the C object. It is allocated here, so the safety-net
// finalizer can always be set on it, even when the Accumulator itself is a
// field or a global; copies of an Accumulator share it, so Close through
// any copy closes all of them instead of freeing twice.
type accHandle struct {
	p *C.nps_acc
}

func (h *accHandle) free() {
	if h.p != nil {
		C.nps_acc_free(h.p)
		h.p = nil
	}
}

func newAccHandle(p *C.nps_acc) *accHandle {
	h := &accHandle{p: p}
	runtime.SetFinalizer(h, (*accHandle).free)
	return h
}

func newAcc(p *C.nps_acc) *Accumulator { return &Accumulator{h: newAccHandle(p)} }

// NewAccumulator returns an empty accumulator on the standard 0-10 scale.
func NewAccumulator() (*Accumulator, error) {
	var p *C.nps_acc
	if err := check("NewAccumulator", C.nps_acc_new(&p, nil)); err != nil {
		return nil, err
	}
	return newAcc(p), nil
}

// NewAccumulatorScale returns an empty accumulator on scale s (ErrInvalid
// for an impossible scale).
func NewAccumulatorScale(s Scale) (*Accumulator, error) {
	cs, ok := s.c()
	if !ok {
		return nil, &Error{Op: "NewAccumulatorScale", Status: ErrInvalid, Index: -1}
	}
	var p *C.nps_acc
	if err := check("NewAccumulatorScale", C.nps_acc_new(&p, &cs)); err != nil {
		return nil, err
	}
	return newAcc(p), nil
}

// Close releases the C object. Later calls return ErrClosed (as does a
// second Close).
func (a *Accumulator) Close() error {
	if !a.ok() {
		return ErrClosed
	}
	runtime.SetFinalizer(a.h, nil)
	a.h.free()
	return nil
}

func (a *Accumulator) ok() bool { return a != nil && a.h != nil && a.h.p != nil }

func rangeErr(op string, score int) error {
	return &Error{Op: op, Status: ErrRange, Index: -1, Value: score}
}

// Add adds one answer. A score off the scale is ErrRange and adds nothing.
func (a *Accumulator) Add(score int) error {
	if !a.ok() {
		return ErrClosed
	}
	if score < cIntMin || score > cIntMax {
		return rangeErr("Add", score) // would be truncated by the C int
	}
	st := C.nps_acc_add(a.h.p, C.int(score))
	runtime.KeepAlive(a)
	if st == C.NPS_E_RANGE {
		return rangeErr("Add", score)
	}
	return check("Add", st)
}

// AddN adds n copies of one answer.
func (a *Accumulator) AddN(score int, n uint64) error {
	if !a.ok() {
		return ErrClosed
	}
	if score < cIntMin || score > cIntMax {
		return rangeErr("AddN", score)
	}
	st := C.nps_acc_add_n(a.h.p, C.int(score), C.uint64_t(n))
	runtime.KeepAlive(a)
	if st == C.NPS_E_RANGE {
		return rangeErr("AddN", score)
	}
	return check("AddN", st)
}

// RemoveN removes n copies of one answer (ErrOverflow if fewer are held).
func (a *Accumulator) RemoveN(score int, n uint64) error {
	if !a.ok() {
		return ErrClosed
	}
	if score < cIntMin || score > cIntMax {
		return rangeErr("RemoveN", score)
	}
	st := C.nps_acc_remove_n(a.h.p, C.int(score), C.uint64_t(n))
	runtime.KeepAlive(a)
	if st == C.NPS_E_RANGE {
		return rangeErr("RemoveN", score)
	}
	return check("RemoveN", st)
}

// AddScores adds a batch of answers, one byte each, all or nothing. The C
// library reads the slice in place (no copy). On a score off the scale the
// error is an *Error with Status ErrRange and the Index and Value of the
// first bad byte; nothing is added.
func (a *Accumulator) AddScores(scores []byte) error {
	return a.addScores(scores, nil)
}

func (a *Accumulator) addScores(scores []byte, seen *uintptr) error {
	if !a.ok() {
		return ErrClosed
	}
	if len(scores) == 0 {
		return nil
	}
	var bad C.size_t
	var addr C.uintptr_t
	var addrp *C.uintptr_t
	if seen != nil {
		addrp = &addr
	}
	// Go 1.19 has no unsafe.SliceData: &scores[0] after the length check.
	// A []byte holds no Go pointers, so it may be passed for the call.
	st := C.gonps_add_scores(a.h.p, (*C.uint8_t)(unsafe.Pointer(&scores[0])),
		C.size_t(len(scores)), &bad, addrp)
	runtime.KeepAlive(a)
	if seen != nil {
		*seen = uintptr(addr)
	}
	if st == C.NPS_E_RANGE {
		i := int(bad)
		return &Error{Op: "AddScores", Status: ErrRange, Index: i, Value: int(scores[i])}
	}
	return check("AddScores", st)
}

// Merge adds every count of b (same scale; ErrMismatch otherwise).
func (a *Accumulator) Merge(b *Accumulator) error {
	if !a.ok() || !b.ok() {
		return ErrClosed
	}
	st := C.nps_acc_merge(a.h.p, b.h.p)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	return check("Merge", st)
}

// Subtract removes every count of b (undoes a Merge).
func (a *Accumulator) Subtract(b *Accumulator) error {
	if !a.ok() || !b.ok() {
		return ErrClosed
	}
	st := C.nps_acc_subtract(a.h.p, b.h.p)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	return check("Subtract", st)
}

// Reset sets every count to zero; the scale stays.
func (a *Accumulator) Reset() error {
	if !a.ok() {
		return ErrClosed
	}
	C.nps_acc_reset(a.h.p)
	runtime.KeepAlive(a)
	return nil
}

// Clone returns an independent copy.
func (a *Accumulator) Clone() (*Accumulator, error) {
	if !a.ok() {
		return nil, ErrClosed
	}
	var p *C.nps_acc
	st := C.nps_acc_clone(&p, a.h.p)
	runtime.KeepAlive(a)
	if err := check("Clone", st); err != nil {
		return nil, err
	}
	return newAcc(p), nil
}

// Equal reports whether both have the same scale and counts (false if
// either is closed).
func (a *Accumulator) Equal(b *Accumulator) bool {
	if !a.ok() || !b.ok() {
		return false
	}
	r := C.nps_acc_equal(a.h.p, b.h.p)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	return r != 0
}

// Score is the NPS in points, -100..100; NaN when empty or closed.
func (a *Accumulator) Score() float64 {
	if !a.ok() {
		return math.NaN()
	}
	r := float64(C.nps_acc_score(a.h.p))
	runtime.KeepAlive(a)
	return r
}

// Mean is the mean raw answer; NaN when empty or closed.
func (a *Accumulator) Mean() float64 {
	if !a.ok() {
		return math.NaN()
	}
	r := float64(C.nps_acc_mean(a.h.p))
	runtime.KeepAlive(a)
	return r
}

// Total is the number of answers (0 when closed).
func (a *Accumulator) Total() uint64 {
	if !a.ok() {
		return 0
	}
	r := uint64(C.nps_acc_total(a.h.p))
	runtime.KeepAlive(a)
	return r
}

func (a *Accumulator) category(c C.nps_category) uint64 {
	if !a.ok() {
		return 0
	}
	r := uint64(C.nps_acc_category_count(a.h.p, c))
	runtime.KeepAlive(a)
	return r
}

// Promoters is the number of promoter answers.
func (a *Accumulator) Promoters() uint64 { return a.category(C.NPS_PROMOTER) }

// Passives is the number of passive answers.
func (a *Accumulator) Passives() uint64 { return a.category(C.NPS_PASSIVE) }

// Detractors is the number of detractor answers.
func (a *Accumulator) Detractors() uint64 { return a.category(C.NPS_DETRACTOR) }

// Count is the number of answers equal to score (0 off the scale).
func (a *Accumulator) Count(score int) uint64 {
	if !a.ok() || score < cIntMin || score > cIntMax {
		return 0
	}
	r := uint64(C.nps_acc_count(a.h.p, C.int(score)))
	runtime.KeepAlive(a)
	return r
}

// Counts returns every count, lowest score first.
func (a *Accumulator) Counts() ([]uint64, error) {
	if !a.ok() {
		return nil, ErrClosed
	}
	var n C.size_t
	st := C.nps_acc_counts(a.h.p, nil, 0, &n)
	if st != C.NPS_OK && st != C.NPS_E_BUFSIZE {
		runtime.KeepAlive(a)
		return nil, check("Counts", st)
	}
	out := make([]uint64, int(n))
	if n > 0 {
		st = C.nps_acc_counts(a.h.p, (*C.uint64_t)(unsafe.Pointer(&out[0])), n, &n)
	}
	runtime.KeepAlive(a)
	return out, check("Counts", st)
}

// Scale returns the accumulator's scale.
func (a *Accumulator) Scale() (Scale, error) {
	if !a.ok() {
		return Scale{}, ErrClosed
	}
	var cs C.nps_scale
	st := C.nps_acc_scale(a.h.p, &cs)
	runtime.KeepAlive(a)
	return scaleFromC(cs), check("Scale", st)
}

// MarshalBinary encodes the accumulator in the portable format
// (encoding.BinaryMarshaler).
func (a *Accumulator) MarshalBinary() ([]byte, error) {
	if !a.ok() {
		return nil, ErrClosed
	}
	var n C.size_t
	st := C.nps_acc_serialize(a.h.p, nil, 0, &n)
	if st != C.NPS_OK && st != C.NPS_E_BUFSIZE {
		runtime.KeepAlive(a)
		return nil, check("MarshalBinary", st)
	}
	buf := make([]byte, int(n))
	st = C.nps_acc_serialize(a.h.p, unsafe.Pointer(&buf[0]), n, &n)
	runtime.KeepAlive(a)
	if err := check("MarshalBinary", st); err != nil {
		return nil, err
	}
	return buf[:int(n)], nil
}

// UnmarshalBinary replaces the accumulator's state (scale and counts) with
// decoded bytes (encoding.BinaryUnmarshaler). It also works on a zero
// Accumulator{}. On error (ErrFormat, ErrVersion) nothing changes.
func (a *Accumulator) UnmarshalBinary(data []byte) error {
	if a == nil {
		return ErrClosed
	}
	var p *C.nps_acc
	ptr := unsafe.Pointer(&emptyInput[0]) // not NULL: empty input is ErrFormat
	if len(data) > 0 {
		ptr = unsafe.Pointer(&data[0])
	}
	if err := check("UnmarshalBinary", C.nps_acc_deserialize(&p, ptr, C.size_t(len(data)))); err != nil {
		return err
	}
	if a.ok() {
		C.nps_acc_free(a.h.p)
		a.h.p = p
	} else {
		a.h = newAccHandle(p)
	}
	return nil
}

// String shows the counts and the score, e.g.
// "nps.Accumulator{total=4 promoters=2 passives=1 detractors=1 score=25.00}".
func (a *Accumulator) String() string {
	if !a.ok() {
		return "nps.Accumulator{closed}"
	}
	return fmt.Sprintf("nps.Accumulator{total=%d promoters=%d passives=%d detractors=%d score=%.2f}",
		a.Total(), a.Promoters(), a.Passives(), a.Detractors(), a.Score())
}
