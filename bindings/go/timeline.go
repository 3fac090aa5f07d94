package nps

/*
#cgo pkg-config: libnps
#include <nps.h>
*/
import "C"

import (
	"fmt"
	"runtime"
	"time"
	"unsafe"
)

// Timeline is a fixed ring of time buckets aligned to the Unix epoch (UTC).
// Create it with NewTimeline or NewTimelineScale and release it with Close.
type Timeline struct {
	h *tlHandle
}

// tlHandle owns the C object; see accHandle.
type tlHandle struct {
	p *C.nps_timeline
}

func (h *tlHandle) free() {
	if h.p != nil {
		C.nps_timeline_free(h.p)
		h.p = nil
	}
}

func newTlHandle(p *C.nps_timeline) *tlHandle {
	h := &tlHandle{p: p}
	runtime.SetFinalizer(h, (*tlHandle).free)
	return h
}

func newTimeline(p *C.nps_timeline) *Timeline { return &Timeline{h: newTlHandle(p)} }

func (t *Timeline) ok() bool { return t != nil && t.h != nil && t.h.p != nil }

// NewTimeline keeps the newest `buckets` buckets of bucketSeconds each, on
// the standard scale.
func NewTimeline(bucketSeconds int64, buckets uint32) (*Timeline, error) {
	var p *C.nps_timeline
	st := C.nps_timeline_new(&p, C.int64_t(bucketSeconds), C.uint32_t(buckets), nil)
	if err := check("NewTimeline", st); err != nil {
		return nil, err
	}
	return newTimeline(p), nil
}

// NewTimelineScale is NewTimeline on scale s.
func NewTimelineScale(bucketSeconds int64, buckets uint32, s Scale) (*Timeline, error) {
	cs, ok := s.c()
	if !ok {
		return nil, &Error{Op: "NewTimelineScale", Status: ErrInvalid, Index: -1}
	}
	var p *C.nps_timeline
	st := C.nps_timeline_new(&p, C.int64_t(bucketSeconds), C.uint32_t(buckets), &cs)
	if err := check("NewTimelineScale", st); err != nil {
		return nil, err
	}
	return newTimeline(p), nil
}

// Close releases the C object; later calls return ErrClosed.
func (t *Timeline) Close() error {
	if !t.ok() {
		return ErrClosed
	}
	runtime.SetFinalizer(t.h, nil)
	t.h.free()
	return nil
}

// AddUnix records one answer at sec seconds since the epoch. ErrRange for a
// score off the scale, ErrTooOld before the retained window (counted in
// Dropped); nothing changes on error.
func (t *Timeline) AddUnix(sec int64, score int) error {
	if !t.ok() {
		return ErrClosed
	}
	if score < cIntMin || score > cIntMax {
		return rangeErr("Timeline.Add", score)
	}
	st := C.nps_timeline_add(t.h.p, C.int64_t(sec), C.int(score))
	runtime.KeepAlive(t)
	if st == C.NPS_E_RANGE {
		return rangeErr("Timeline.Add", score)
	}
	return check("Timeline.Add", st)
}

// Add records one answer at time at (its instant, whatever its location;
// sub-second parts are dropped by flooring).
func (t *Timeline) Add(at time.Time, score int) error { return t.AddUnix(at.Unix(), score) }

// RangeUnix sums the retained buckets whose start is in [from, to) (Unix
// seconds) into a new Accumulator with the timeline's scale.
func (t *Timeline) RangeUnix(from, to int64) (*Accumulator, error) {
	s, err := t.Scale()
	if err != nil {
		return nil, err
	}
	acc, err := NewAccumulatorScale(s)
	if err != nil {
		return nil, err
	}
	st := C.nps_timeline_range(t.h.p, C.int64_t(from), C.int64_t(to), acc.h.p)
	runtime.KeepAlive(t)
	runtime.KeepAlive(acc)
	if err := check("Timeline.Range", st); err != nil {
		acc.Close()
		return nil, err
	}
	return acc, nil
}

// Range is RangeUnix with times.
func (t *Timeline) Range(from, to time.Time) (*Accumulator, error) {
	return t.RangeUnix(from.Unix(), to.Unix())
}

// Trend is a linear trend: points per bucket, its standard error and the
// two-sided p-value of no trend.
type Trend struct {
	Slope, StdErr, PValue float64
}

// TrendUnix fits the NPS trend over the buckets starting in [from, to).
// ErrEmpty with fewer than two non-empty buckets or three answers.
func (t *Timeline) TrendUnix(from, to int64) (Trend, error) {
	if !t.ok() {
		return Trend{}, ErrClosed
	}
	var slope, se, p C.double
	st := C.nps_timeline_trend(t.h.p, C.int64_t(from), C.int64_t(to), &slope, &se, &p)
	runtime.KeepAlive(t)
	if err := check("Timeline.Trend", st); err != nil {
		return Trend{}, err
	}
	return Trend{float64(slope), float64(se), float64(p)}, nil
}

// Trend is TrendUnix with times.
func (t *Timeline) Trend(from, to time.Time) (Trend, error) {
	return t.TrendUnix(from.Unix(), to.Unix())
}

// Merge adds src, aligned by absolute bucket (ErrMismatch for another
// scale or geometry).
func (t *Timeline) Merge(src *Timeline) error {
	if !t.ok() || !src.ok() {
		return ErrClosed
	}
	st := C.nps_timeline_merge(t.h.p, src.h.p)
	runtime.KeepAlive(t)
	runtime.KeepAlive(src)
	return check("Timeline.Merge", st)
}

// Clone returns an independent copy.
func (t *Timeline) Clone() (*Timeline, error) {
	if !t.ok() {
		return nil, ErrClosed
	}
	var p *C.nps_timeline
	st := C.nps_timeline_clone(&p, t.h.p)
	runtime.KeepAlive(t)
	if err := check("Timeline.Clone", st); err != nil {
		return nil, err
	}
	return newTimeline(p), nil
}

// Equal reports the same geometry, scale, retained counts and newest bucket.
func (t *Timeline) Equal(o *Timeline) bool {
	if !t.ok() || !o.ok() {
		return false
	}
	r := C.nps_timeline_equal(t.h.p, o.h.p)
	runtime.KeepAlive(t)
	runtime.KeepAlive(o)
	return r != 0
}

// Dropped counts events refused as too old.
func (t *Timeline) Dropped() uint64 {
	if !t.ok() {
		return 0
	}
	r := uint64(C.nps_timeline_dropped(t.h.p))
	runtime.KeepAlive(t)
	return r
}

// Scale returns the timeline's scale.
func (t *Timeline) Scale() (Scale, error) {
	if !t.ok() {
		return Scale{}, ErrClosed
	}
	var cs C.nps_scale
	st := C.nps_timeline_scale(t.h.p, &cs)
	runtime.KeepAlive(t)
	return scaleFromC(cs), check("Timeline.Scale", st)
}

// MarshalBinary encodes the timeline (encoding.BinaryMarshaler).
func (t *Timeline) MarshalBinary() ([]byte, error) {
	if !t.ok() {
		return nil, ErrClosed
	}
	var n C.size_t
	st := C.nps_timeline_serialize(t.h.p, nil, 0, &n)
	if st != C.NPS_OK && st != C.NPS_E_BUFSIZE {
		runtime.KeepAlive(t)
		return nil, check("Timeline.MarshalBinary", st)
	}
	buf := make([]byte, int(n))
	st = C.nps_timeline_serialize(t.h.p, unsafe.Pointer(&buf[0]), n, &n)
	runtime.KeepAlive(t)
	if err := check("Timeline.MarshalBinary", st); err != nil {
		return nil, err
	}
	return buf[:int(n)], nil
}

// UnmarshalBinary replaces the timeline with decoded bytes; it also works on
// a zero Timeline{}. On error nothing changes.
func (t *Timeline) UnmarshalBinary(data []byte) error {
	if t == nil {
		return ErrClosed
	}
	var p *C.nps_timeline
	ptr := unsafe.Pointer(&emptyInput[0]) // not NULL: empty input is ErrFormat
	if len(data) > 0 {
		ptr = unsafe.Pointer(&data[0])
	}
	st := C.nps_timeline_deserialize(&p, ptr, C.size_t(len(data)))
	if err := check("Timeline.UnmarshalBinary", st); err != nil {
		return err
	}
	if t.ok() {
		C.nps_timeline_free(t.h.p)
		t.h.p = p
	} else {
		t.h = newTlHandle(p)
	}
	return nil
}

func (t *Timeline) String() string {
	if !t.ok() {
		return "nps.Timeline{closed}"
	}
	return fmt.Sprintf("nps.Timeline{dropped=%d}", t.Dropped())
}
