// Package nps is the Go binding of libnps, the Net Promoter Score library:
// accumulators of 0-10 answers, confidence intervals, comparisons between
// groups, time-bucketed trends and a portable, checksummed byte format.
//
// The package uses cgo and finds the C library through pkg-config
// ("libnps"). Objects own C memory: call Close when done. A finalizer frees
// a forgotten object, but only as a safety net. Using an object after
// Close returns ErrClosed rather than crashing.
//
// # One writer at a time
//
// An object may be used by one goroutine at a time; methods that only read
// may run concurrently with each other, never with a writer or Close. The
// package does not lock for you (a lock per call would tax the common
// single-goroutine case). Goroutines that share an accumulator wrap it:
//
//	type SafeAcc struct {
//		mu  sync.Mutex
//		acc *nps.Accumulator
//	}
//
//	func (s *SafeAcc) Add(score int) error {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		return s.acc.Add(score)
//	}
//
// or, faster, give each producer its own Accumulator and Merge them at the
// end. The race detector cannot see a data race inside C, so an unlocked
// shared writer loses counts silently: follow this rule.
//
// # Methods, JSON and time
//
// The zero Method is MethodDefault (adjusted Wald, the recommended one).
// Accumulators encode to readable JSON (scale and counts); timelines encode
// as base64 text of the binary format. Timelines take time.Time and
// time.Duration (NewTimelineEvery, NewTimelineWith); a time in the wrong
// unit (UnixMilli) is caught by the horizon guard (SetHorizon + Advance).
package nps

/*
#cgo pkg-config: libnps
#include <nps.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"strings"
)

// Status is a libnps status code. The non-zero values are the sentinel
// errors below; an *Error wraps one of them.
type Status int

// Sentinel errors, usable with errors.Is.
const (
	ErrInvalid  Status = C.NPS_E_INVALID  // bad argument: bad level, scale, method...
	ErrRange    Status = C.NPS_E_RANGE    // a score outside the object's scale
	ErrNoMem    Status = C.NPS_E_NOMEM    // the allocator failed
	ErrOverflow Status = C.NPS_E_OVERFLOW // a count would leave [0, 2^64-1]
	ErrMismatch Status = C.NPS_E_MISMATCH // different scales or bucket geometry
	ErrTooOld   Status = C.NPS_E_TOO_OLD  // timestamp before the retained window
	ErrFormat   Status = C.NPS_E_FORMAT   // malformed, truncated or corrupted bytes
	ErrVersion  Status = C.NPS_E_VERSION  // bytes from a newer format version
	ErrBufSize  Status = C.NPS_E_BUFSIZE  // output buffer too small
	ErrEmpty    Status = C.NPS_E_EMPTY    // statistic undefined for this data
	ErrTooNew   Status = C.NPS_E_TOO_NEW  // timestamp beyond the horizon guard
)

// ErrClosed is returned when an object is used after Close (or was never
// created by a constructor).
var ErrClosed = errors.New("nps: use of closed or uninitialised object")

// Error returns the library's description of the status.
func (s Status) Error() string {
	return "nps: " + C.GoString(C.nps_strerror(C.nps_status(s)))
}

// Error is a failed call: the operation, the status and, for a score off the
// scale in a batch, the index and value of the first bad answer.
type Error struct {
	Op     string
	Status Status
	Index  int   // first bad answer of a batch; -1 when not applicable
	Value  int   // the bad score when Status is ErrRange
	Time   int64 // the bad time (Unix seconds) when Status is ErrTooNew
	// Weight is the refused weight when a WeightedAccumulator rejected
	// one (Status ErrInvalid).
	Weight    float64
	badWeight bool
	cause     error // a non-status cause (ErrClosed), also matched by errors.Is
}

func (e *Error) Error() string {
	msg := C.GoString(C.nps_strerror(C.nps_status(e.Status)))
	if e.Status == ErrRange && e.Index >= 0 {
		return fmt.Sprintf("nps: %s: score %d at index %d: %s", e.Op, e.Value, e.Index, msg)
	}
	if e.Status == ErrRange {
		return fmt.Sprintf("nps: %s: score %d: %s", e.Op, e.Value, msg)
	}
	if e.badWeight && e.Index >= 0 {
		return fmt.Sprintf("nps: %s: weight %g at index %d: not a finite number > 0: %s", e.Op, e.Weight, e.Index, msg)
	}
	if e.badWeight {
		return fmt.Sprintf("nps: %s: weight %g: not a finite number > 0: %s", e.Op, e.Weight, msg)
	}
	if e.Status == ErrTooNew && e.Index >= 0 {
		return fmt.Sprintf("nps: %s: time %d at index %d: %s", e.Op, e.Time, e.Index, msg)
	}
	if e.cause != nil {
		return fmt.Sprintf("nps: %s: %v", e.Op, e.cause)
	}
	return fmt.Sprintf("nps: %s: %s", e.Op, msg)
}

// Unwrap returns the Status, so errors.Is(err, nps.ErrRange) works.
func (e *Error) Unwrap() error { return e.Status }

// Is also matches the non-status cause (ErrClosed).
func (e *Error) Is(target error) bool { return e.cause != nil && target == e.cause }

func check(op string, st C.nps_status) error {
	if st == C.NPS_OK {
		return nil
	}
	return &Error{Op: op, Status: Status(st), Index: -1}
}

// emptyInput gives C a valid address for a zero-length input, where NULL
// would mean a caller error rather than truncated bytes.
var emptyInput [1]byte

// Version is the version of the loaded C library, e.g. "1.0.0".
func Version() string { return C.GoString(C.nps_version_string()) }

// VersionNumber is the loaded library's major*10000 + minor*100 + patch.
func VersionNumber() int { return int(C.nps_version_number()) }

// HeaderVersionNumber is the version of the nps.h this package was built
// with; compare it with VersionNumber to detect a mismatched library.
const HeaderVersionNumber = int(C.NPS_VERSION_NUMBER)

// Category of an answer.
type Category int

// Categories; the values are those of the C library.
const (
	Detractor Category = C.NPS_DETRACTOR
	Passive   Category = C.NPS_PASSIVE
	Promoter  Category = C.NPS_PROMOTER
)

func (c Category) String() string { return C.GoString(C.nps_category_name(C.nps_category(c))) }

// Method selects how intervals and tests are computed. The zero value,
// MethodDefault, is the recommended method (adjusted Wald, Rocks 2016), so
// a Method left unset in a struct or config means the right thing.
//
// Since 1.1 the Go values are no longer the C enum values (MethodWald was
// 0): use the names, or ParseMethod for text.
type Method int

// Methods.
const (
	MethodDefault      Method = iota // adjusted Wald
	MethodWald                       // C NPS_METHOD_WALD
	MethodAdjustedWald               // C NPS_METHOD_ADJUSTED_WALD
	MethodScore                      // C NPS_METHOD_SCORE
)

// c maps the Go value to the C enum; an unknown one stays invalid in C.
func (m Method) c() C.nps_method {
	switch {
	case m == MethodDefault:
		return C.NPS_METHOD_ADJUSTED_WALD
	case m > 0 && int64(m) <= 0x7fffffff:
		return C.nps_method(int(m) - 1)
	}
	return C.nps_method(0x7fffffff) // rejected by the C library: ErrInvalid
}

var methodNames = map[Method]string{
	MethodWald: "wald", MethodAdjustedWald: "adjusted_wald", MethodScore: "score",
}

// String is the method's name as ParseMethod reads it; the default prints
// as "adjusted_wald".
func (m Method) String() string {
	if m == MethodDefault {
		m = MethodAdjustedWald
	}
	if _, ok := methodNames[m]; ok {
		return methodNameC(m)
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod reads "wald", "adjusted_wald" (also "adjusted-wald" and
// "aw"), "score" (also "tango") or "" (the default), in any case, through
// the C library's nps_method_parse. ErrInvalid otherwise.
func ParseMethod(s string) (Method, error) {
	key := strings.TrimSpace(s)
	if key == "" || strings.EqualFold(key, "default") {
		return MethodDefault, nil
	}
	if m, ok := parseMethodC(key); ok {
		return m, nil
	}
	return MethodDefault, &Error{Op: fmt.Sprintf("ParseMethod(%q)", s), Status: ErrInvalid, Index: -1}
}

// MarshalText writes the method's name (encoding.TextMarshaler).
func (m Method) MarshalText() ([]byte, error) {
	if _, ok := methodNames[m]; !ok && m != MethodDefault {
		return nil, &Error{Op: "Method.MarshalText", Status: ErrInvalid, Index: -1}
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads a name, as ParseMethod.
func (m *Method) UnmarshalText(b []byte) error {
	v, err := ParseMethod(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Scale says which integer answers exist and where the passive and
// promoter bands start.
type Scale struct {
	Min, Max, PassiveMin, PromoterMin int
}

// StandardScale is 0-10 with detractors 0-6, passives 7-8, promoters 9-10.
var StandardScale = Scale{0, 10, 7, 9}

const (
	cIntMin = -1 << 31
	cIntMax = 1<<31 - 1
)

func (s Scale) c() (C.nps_scale, bool) {
	for _, v := range [...]int{s.Min, s.Max, s.PassiveMin, s.PromoterMin} {
		if v < cIntMin || v > cIntMax {
			return C.nps_scale{}, false
		}
	}
	return C.nps_scale{min: C.int(s.Min), max: C.int(s.Max),
		passive_min: C.int(s.PassiveMin), promoter_min: C.int(s.PromoterMin)}, true
}

func scaleFromC(c C.nps_scale) Scale {
	return Scale{int(c.min), int(c.max), int(c.passive_min), int(c.promoter_min)}
}

// Validate reports ErrInvalid for an impossible scale.
func (s Scale) Validate() error {
	cs, ok := s.c()
	if !ok {
		return &Error{Op: "Scale.Validate", Status: ErrInvalid, Index: -1}
	}
	return check("Scale.Validate", C.nps_scale_validate(&cs))
}

// Classify returns the category of one answer (ErrRange when off the scale).
func (s Scale) Classify(score int) (Category, error) {
	cs, ok := s.c()
	if !ok {
		return 0, &Error{Op: "Scale.Classify", Status: ErrInvalid, Index: -1}
	}
	if score < cIntMin || score > cIntMax {
		return 0, &Error{Op: "Scale.Classify", Status: ErrRange, Index: -1, Value: score}
	}
	var out C.nps_category
	if st := C.nps_classify(&cs, C.int(score), &out); st != C.NPS_OK {
		err := check("Scale.Classify", st).(*Error)
		err.Value = score
		return 0, err
	}
	return Category(out), nil
}

func (s Scale) String() string {
	return fmt.Sprintf("%d-%d (passives from %d, promoters from %d)",
		s.Min, s.Max, s.PassiveMin, s.PromoterMin)
}
