package nps

/*
#cgo pkg-config: libnps
#include <nps.h>
*/
import "C"

import (
	"math"
	"runtime"
)

// Share is the share of answers in category c, in [0, 1]; NaN when empty
// or closed.
func (a *Accumulator) Share(c Category) float64 {
	if !a.ok() {
		return math.NaN()
	}
	r := float64(C.nps_acc_share(a.h.p, C.nps_category(c)))
	runtime.KeepAlive(a)
	return r
}

// Footprint is the number of bytes of C memory the accumulator owns.
func (a *Accumulator) Footprint() int {
	if !a.ok() {
		return 0
	}
	r := int(C.nps_acc_footprint(a.h.p))
	runtime.KeepAlive(a)
	return r
}

// Footprint is the number of bytes of C memory the timeline owns.
func (t *Timeline) Footprint() int {
	if !t.ok() {
		return 0
	}
	r := int(C.nps_timeline_footprint(t.h.p))
	runtime.KeepAlive(t)
	return r
}

// Unknown is the share to pass to SampleSize and SampleSizeCompare when
// the expected shares are not known: the worst case (both 0.5) is used.
const Unknown = -1.0

// SampleSize is the number of answers needed for an interval of half-width
// margin points at level, given the expected promoter and detractor
// shares (or Unknown). ErrInvalid for out-of-range arguments.
func SampleSize(margin, level, promoterShare, detractorShare float64) (uint64, error) {
	var out C.uint64_t
	st := C.nps_sample_size(C.double(margin), C.double(level), C.double(promoterShare),
		C.double(detractorShare), &out)
	return uint64(out), check("SampleSize", st)
}

// SampleSizeCompare is the number of answers per group needed to detect a
// difference of diff points between two equal groups (two-sided test at
// level, with the given power), from each group's expected shares (or
// Unknown).
func SampleSizeCompare(diff, level, power, promoterA, detractorA, promoterB, detractorB float64) (uint64, error) {
	var out C.uint64_t
	st := C.nps_sample_size_compare(C.double(diff), C.double(level), C.double(power),
		C.double(promoterA), C.double(detractorA), C.double(promoterB),
		C.double(detractorB), &out)
	return uint64(out), check("SampleSizeCompare", st)
}
