package nps

/*
#cgo pkg-config: libnps
#include <stdint.h>
#include <nps.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"time"
	"unsafe"
)

// TimelineOptions describe a timeline for NewTimelineWith. Exactly one of
// Every (fixed width, whole seconds) and Months (calendar months: 1, 3 for
// quarters, 12 for years) is set. The zero Scale means the standard one.
type TimelineOptions struct {
	Every     time.Duration // fixed bucket width, >= 1s, whole seconds
	Months    int           // calendar months per bucket, 1..1200
	UTCOffset time.Duration // buckets start at local midnight of this fixed offset, |offset| <= 24h
	Buckets   uint32        // buckets retained, 1..2^24
	Scale     Scale         // zero value: StandardScale
	Horizon   time.Duration // > 0: the horizon guard (see SetHorizon)
	// Since 1.1, with Every only: buckets start at Origin (any instant),
	// or at local midnight (UTCOffset) of WeekStart when Every is whole
	// weeks: WeekStart: Weekday(time.Monday). Such timelines serialize as
	// format version 2 when no 1.0 offset expresses them.
	Origin    time.Time
	WeekStart *time.Weekday
}

func optErr(op string) error { return &Error{Op: op, Status: ErrInvalid, Index: -1} }

// wholeSeconds converts d, refusing a fraction of a second.
func wholeSeconds(d time.Duration) (int64, bool) {
	if d%time.Second != 0 {
		return 0, false
	}
	return int64(d / time.Second), true
}

// NewTimelineWith creates a timeline from options; ErrInvalid for
// inconsistent or out-of-range options.
func NewTimelineWith(o TimelineOptions) (*Timeline, error) {
	const op = "NewTimelineWith"
	var unit C.nps_unit
	var width int64
	switch {
	case o.Every != 0 && o.Months == 0:
		w, ok := wholeSeconds(o.Every)
		if !ok || w < 1 {
			return nil, optErr(op + ": Every must be whole seconds >= 1s")
		}
		unit, width = C.NPS_UNIT_SECOND, w
	case o.Months != 0 && o.Every == 0:
		unit, width = C.NPS_UNIT_MONTH, int64(o.Months)
	default:
		return nil, optErr(op + ": set exactly one of Every and Months")
	}
	off, ok := wholeSeconds(o.UTCOffset)
	if !ok || off < -86400 || off > 86400 {
		return nil, optErr(op + ": UTCOffset must be whole seconds within 24h")
	}
	var scale *C.nps_scale
	if o.Scale != (Scale{}) {
		cs, ok := o.Scale.c()
		if !ok {
			return nil, optErr(op)
		}
		scale = &cs
	}
	if !o.Origin.IsZero() || o.WeekStart != nil {
		return newTimelineOrigin(o, width, off, scale)
	}
	var p *C.nps_timeline
	st := C.nps_timeline_new_advanced(&p, unit, C.int64_t(width), C.int32_t(off),
		C.uint32_t(o.Buckets), scale, nil)
	if err := check(op, st); err != nil {
		return nil, err
	}
	t := newTimeline(p)
	if o.Horizon != 0 {
		if err := t.SetHorizon(o.Horizon); err != nil {
			t.Close()
			return nil, err
		}
	}
	return t, nil
}

// NewTimelineEvery is NewTimeline with a time.Duration width (whole
// seconds): NewTimelineEvery(time.Hour, 168) keeps one week of hours.
// NewTimeline(3600, 168) is the same; NewTimeline(int64(time.Hour), 168)
// is a mistake (3.6e12-second buckets) this form cannot make.
func NewTimelineEvery(width time.Duration, buckets uint32) (*Timeline, error) {
	return NewTimelineWith(TimelineOptions{Every: width, Buckets: buckets})
}

// AddTime records one answer at time at (its instant, whatever its
// location; sub-second parts are floored). The same as Add.
func (t *Timeline) AddTime(at time.Time, score int) error { return t.AddUnix(at.Unix(), score) }

// AddN records n copies of one answer at time at.
func (t *Timeline) AddN(at time.Time, score int, n uint64) error {
	return t.AddNUnix(at.Unix(), score, n)
}

// AddNUnix is AddN with Unix seconds.
func (t *Timeline) AddNUnix(sec int64, score int, n uint64) error {
	if !t.ok() {
		return ErrClosed
	}
	if score < cIntMin || score > cIntMax {
		return rangeErr("Timeline.AddN", score)
	}
	st := C.nps_timeline_add_n(t.h.p, C.int64_t(sec), C.int(score), C.uint64_t(n))
	runtime.KeepAlive(t)
	if st == C.NPS_E_RANGE {
		return rangeErr("Timeline.AddN", score)
	}
	return check("Timeline.AddN", st)
}

// AddBatchUnix records events (times in Unix seconds, one score byte each).
// Every score and, with the guard on, every time is validated first: one
// bad event (ErrRange, ErrTooNew, with Index) records nothing. Events too
// old when their turn comes are dropped and counted, and returned.
func (t *Timeline) AddBatchUnix(secs []int64, scores []byte) (dropped uint64, err error) {
	if !t.ok() {
		return 0, ErrClosed
	}
	if len(secs) != len(scores) {
		return 0, optErr(fmt.Sprintf("Timeline.AddBatch: %d times, %d scores", len(secs), len(scores)))
	}
	if len(secs) == 0 {
		return 0, nil
	}
	var bad C.size_t
	var drop C.uint64_t
	st := C.nps_timeline_add_batch(t.h.p, (*C.int64_t)(unsafe.Pointer(&secs[0])),
		(*C.uint8_t)(unsafe.Pointer(&scores[0])), C.size_t(len(secs)), &bad, &drop)
	runtime.KeepAlive(t)
	switch st {
	case C.NPS_OK:
		return uint64(drop), nil
	case C.NPS_E_RANGE:
		return 0, &Error{Op: "Timeline.AddBatch", Status: ErrRange, Index: int(bad),
			Value: int(scores[bad])}
	case C.NPS_E_TOO_NEW:
		return 0, &Error{Op: "Timeline.AddBatch", Status: ErrTooNew, Index: int(bad),
			Time: secs[bad]}
	}
	return 0, check("Timeline.AddBatch", st)
}

// AddBatch is AddBatchUnix with times.
func (t *Timeline) AddBatch(at []time.Time, scores []byte) (dropped uint64, err error) {
	secs := make([]int64, len(at))
	for i, x := range at {
		secs[i] = x.Unix()
	}
	return t.AddBatchUnix(secs, scores)
}

// SetHorizon turns on the guard against far-future times (milliseconds
// passed as seconds...): once a clock was given with Advance, an event
// later than clock + maxAhead is ErrTooNew and changes nothing. 0 turns
// it off. maxAhead is whole seconds, >= 0.
func (t *Timeline) SetHorizon(maxAhead time.Duration) error {
	if !t.ok() {
		return ErrClosed
	}
	s, ok := wholeSeconds(maxAhead)
	if !ok || s < 0 {
		return optErr("Timeline.SetHorizon: whole seconds >= 0")
	}
	st := C.nps_timeline_set_horizon(t.h.p, C.int64_t(s))
	runtime.KeepAlive(t)
	return check("Timeline.SetHorizon", st)
}

// Advance moves the ring to the bucket holding now (evicting older
// buckets) and sets the clock the horizon guard compares with.
func (t *Timeline) Advance(now time.Time) error { return t.AdvanceUnix(now.Unix()) }

// AdvanceUnix is Advance with Unix seconds.
func (t *Timeline) AdvanceUnix(now int64) error {
	if !t.ok() {
		return ErrClosed
	}
	st := C.nps_timeline_advance(t.h.p, C.int64_t(now))
	runtime.KeepAlive(t)
	return check("Timeline.Advance", st)
}

// Reset forgets every event; geometry, scale and guard stay.
func (t *Timeline) Reset() error {
	if !t.ok() {
		return ErrClosed
	}
	C.nps_timeline_reset(t.h.p)
	runtime.KeepAlive(t)
	return nil
}

// Len is the number of buckets the ring retains.
func (t *Timeline) Len() uint32 {
	if !t.ok() {
		return 0
	}
	r := uint32(C.nps_timeline_buckets(t.h.p))
	runtime.KeepAlive(t)
	return r
}

// NewestUnix is the start of the newest bucket seen; ErrEmpty before the
// first event.
func (t *Timeline) NewestUnix() (int64, error) {
	if !t.ok() {
		return 0, ErrClosed
	}
	var out C.int64_t
	st := C.nps_timeline_newest(t.h.p, &out)
	runtime.KeepAlive(t)
	return int64(out), check("Timeline.Newest", st)
}

// Newest is NewestUnix as a UTC time.
func (t *Timeline) Newest() (time.Time, error) {
	s, err := t.NewestUnix()
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(s, 0).UTC(), nil
}

// BucketStart is the start of the bucket that holds at.
func (t *Timeline) BucketStart(at time.Time) (time.Time, error) {
	if !t.ok() {
		return time.Time{}, ErrClosed
	}
	var out C.int64_t
	st := C.nps_timeline_bucket_start(t.h.p, C.int64_t(at.Unix()), &out)
	runtime.KeepAlive(t)
	if err := check("Timeline.BucketStart", st); err != nil {
		return time.Time{}, err
	}
	return time.Unix(int64(out), 0).UTC(), nil
}

// newAccLike returns an empty accumulator on the timeline's scale.
func (t *Timeline) newAccLike() (*Accumulator, error) {
	s, err := t.Scale()
	if err != nil {
		return nil, err
	}
	return NewAccumulatorScale(s)
}

// Rolling sums the newest k buckets.
func (t *Timeline) Rolling(k uint32) (*Accumulator, error) {
	acc, err := t.newAccLike()
	if err != nil {
		return nil, err
	}
	st := C.nps_timeline_rolling(t.h.p, C.uint32_t(k), acc.h.p)
	runtime.KeepAlive(t)
	runtime.KeepAlive(acc)
	if err := check("Timeline.Rolling", st); err != nil {
		acc.Close()
		return nil, err
	}
	return acc, nil
}

// Bucket is one retained bucket: its start and its answers (an
// Accumulator the caller closes).
type Bucket struct {
	Start time.Time
	Acc   *Accumulator
}

// BucketAt reads retained bucket age (0 = newest); ErrEmpty before the
// first event, ErrInvalid for age >= Len().
func (t *Timeline) BucketAt(age uint32) (Bucket, error) {
	acc, err := t.newAccLike()
	if err != nil {
		return Bucket{}, err
	}
	var start C.int64_t
	st := C.nps_timeline_bucket(t.h.p, C.uint32_t(age), &start, acc.h.p)
	runtime.KeepAlive(t)
	runtime.KeepAlive(acc)
	if err := check("Timeline.Bucket", st); err != nil {
		acc.Close()
		return Bucket{}, err
	}
	return Bucket{time.Unix(int64(start), 0).UTC(), acc}, nil
}

// Buckets returns every retained bucket, oldest first, empty ones
// included (nothing before the first event). Close each Acc when done.
func (t *Timeline) Buckets() ([]Bucket, error) {
	if _, err := t.NewestUnix(); err != nil {
		if err == ErrClosed {
			return nil, err
		}
		return nil, nil
	}
	n := t.Len()
	out := make([]Bucket, 0, n)
	for age := int64(n) - 1; age >= 0; age-- {
		b, err := t.BucketAt(uint32(age))
		if errors.Is(err, ErrOverflow) {
			continue // starts before the earliest representable time
		}
		if err != nil {
			for _, x := range out {
				x.Acc.Close()
			}
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// ComparePeriods compares the newest k buckets with the k before them
// (recent minus previous), as Compare; ErrInvalid when 2k > Len().
func (t *Timeline) ComparePeriods(k uint32, level float64, m Method) (Comparison, error) {
	if !t.ok() {
		return Comparison{}, ErrClosed
	}
	var d, lo, hi, p C.double
	st := C.nps_timeline_compare_periods(t.h.p, C.uint32_t(k), m.c(), C.double(level),
		&d, &lo, &hi, &p)
	runtime.KeepAlive(t)
	if err := check("Timeline.ComparePeriods", st); err != nil {
		return Comparison{}, err
	}
	return Comparison{float64(d), float64(lo), float64(hi), float64(p)}, nil
}
