package nps

import (
	"bytes"
	"encoding"
	"errors"
	"math"
	"runtime"
	"testing"
	"unsafe"
)

var (
	_ encoding.BinaryMarshaler   = (*Accumulator)(nil)
	_ encoding.BinaryUnmarshaler = (*Accumulator)(nil)
	_ encoding.BinaryMarshaler   = (*Timeline)(nil)
	_ encoding.BinaryUnmarshaler = (*Timeline)(nil)
)

func mustAcc(t testing.TB, s *Scale) *Accumulator {
	t.Helper()
	var a *Accumulator
	var err error
	if s == nil {
		a, err = NewAccumulator()
	} else {
		a, err = NewAccumulatorScale(*s)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func counts(t testing.TB, a *Accumulator) []uint64 {
	t.Helper()
	c, err := a.Counts()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sameCounts(x, y []uint64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func TestAcc_AddCountsByCategory(t *testing.T) {
	a := mustAcc(t, nil)
	for _, s := range []int{0, 6, 7, 8, 9, 10, 10} {
		if err := a.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	if a.Detractors() != 2 || a.Passives() != 2 || a.Promoters() != 3 || a.Total() != 7 {
		t.Fatalf("got %v", a)
	}
	// (3 promoters - 2 detractors) / 7
	if got, want := a.Score(), 100.0/7; math.Abs(got-want) > 1e-12 {
		t.Fatalf("score %v, want %v", got, want)
	}
	if got, want := a.Mean(), 50.0/7; math.Abs(got-want) > 1e-12 {
		t.Fatalf("mean %v, want %v", got, want)
	}
	if a.Count(10) != 2 || a.Count(11) != 0 || a.Count(1<<40) != 0 {
		t.Fatal("Count")
	}
	want := []uint64{1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2}
	if c := counts(t, a); !sameCounts(c, want) {
		t.Fatalf("counts %v, want %v", c, want)
	}
	if got := a.String(); got != "nps.Accumulator{total=7 promoters=3 passives=2 detractors=2 score=14.29}" {
		t.Fatalf("String() = %q", got)
	}
}

func TestAcc_EmptyScoreIsNaN(t *testing.T) {
	a := mustAcc(t, nil)
	if !math.IsNaN(a.Score()) || !math.IsNaN(a.Mean()) || a.Total() != 0 {
		t.Fatal("empty accumulator")
	}
}

// The address the C library receives is the address of the caller's slice:
// the cgo wrapper records the `scores` pointer on the C side, and the real
// nps_acc_add_scores then counts the bytes it read there.
func TestAcc_AddScoresIsZeroCopy(t *testing.T) {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i % 11)
	}
	for _, sub := range [][]byte{b, b[100:], b[5:6]} {
		a := mustAcc(t, nil)
		var seen uintptr
		if err := a.addScores(sub, &seen); err != nil {
			t.Fatal(err)
		}
		if want := uintptr(unsafe.Pointer(&sub[0])); seen != want {
			t.Fatalf("C saw %#x, slice is at %#x", seen, want)
		}
		want := make([]uint64, 11)
		for _, s := range sub {
			want[s]++
		}
		if c := counts(t, a); !sameCounts(c, want) {
			t.Fatalf("counts %v, want %v", c, want)
		}
	}
	// control: a copy is seen at another address, so the check can fail
	a := mustAcc(t, nil)
	cp := append([]byte(nil), b...)
	var seen uintptr
	if err := a.addScores(cp, &seen); err != nil {
		t.Fatal(err)
	}
	if seen == uintptr(unsafe.Pointer(&b[0])) {
		t.Fatal("a copy cannot share the original's address")
	}
}

func TestAcc_AddScoresBadByteAddsNothing(t *testing.T) {
	a := mustAcc(t, &Scale{1, 10, 7, 9})
	if err := a.Add(10); err != nil {
		t.Fatal(err)
	}
	before := counts(t, a)
	twin, _ := a.Clone()
	defer twin.Close()
	err := a.AddScores([]byte{5, 9, 10, 0, 3})
	var e *Error
	if !errors.Is(err, ErrRange) || !errors.As(err, &e) || e.Index != 3 || e.Value != 0 {
		t.Fatalf("got %v", err)
	}
	if !a.Equal(twin) || !sameCounts(counts(t, a), before) {
		t.Fatal("a failed batch changed the accumulator")
	}
	if err := a.AddScores(nil); err != nil {
		t.Fatal("an empty batch is fine:", err)
	}
}

func TestAcc_AddOffScaleChangesNothing(t *testing.T) {
	a := mustAcc(t, nil)
	_ = a.AddScores([]byte{1, 9, 10})
	twin, _ := a.Clone()
	defer twin.Close()
	for _, s := range []int{11, -1, 255, 1<<32 + 9, -(1 << 40)} {
		err := a.Add(s)
		var e *Error
		if !errors.Is(err, ErrRange) || !errors.As(err, &e) || e.Value != s {
			t.Fatalf("Add(%d): %v", s, err)
		}
		if err := a.AddN(s, 3); !errors.Is(err, ErrRange) {
			t.Fatalf("AddN(%d): %v", s, err)
		}
	}
	if !a.Equal(twin) {
		t.Fatal("changed")
	}
}

func TestAcc_OverflowChangesNothing(t *testing.T) {
	a := mustAcc(t, nil)
	if err := a.AddN(10, math.MaxUint64); err != nil {
		t.Fatal(err)
	}
	twin, _ := a.Clone()
	defer twin.Close()
	if err := a.Add(0); !errors.Is(err, ErrOverflow) {
		t.Fatal(err)
	}
	if err := a.AddScores([]byte{0}); !errors.Is(err, ErrOverflow) {
		t.Fatal(err)
	}
	if err := a.Merge(a); !errors.Is(err, ErrOverflow) {
		t.Fatal(err)
	}
	if err := a.RemoveN(9, 1); !errors.Is(err, ErrOverflow) {
		t.Fatal("removing more than held:", err)
	}
	if !a.Equal(twin) {
		t.Fatal("changed")
	}
}

func TestAcc_MergeAndMismatchedScales(t *testing.T) {
	a, b := mustAcc(t, nil), mustAcc(t, nil)
	_ = a.AddScores([]byte{10, 0})
	_ = b.AddScores([]byte{9, 8, 7})
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if want := []uint64{1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1}; !sameCounts(counts(t, a), want) {
		t.Fatal(counts(t, a))
	}
	if err := a.Subtract(b); err != nil || a.Total() != 2 {
		t.Fatal(err)
	}
	other := mustAcc(t, &Scale{1, 10, 7, 9})
	_ = other.Add(1)
	twin, _ := a.Clone()
	defer twin.Close()
	if err := a.Merge(other); !errors.Is(err, ErrMismatch) {
		t.Fatal(err)
	}
	if err := a.Subtract(other); !errors.Is(err, ErrMismatch) {
		t.Fatal(err)
	}
	if !a.Equal(twin) || a.Equal(other) {
		t.Fatal("changed")
	}
}

func TestAcc_BadScaleIsInvalid(t *testing.T) {
	for _, s := range []Scale{{5, 1, 2, 3}, {0, 10, 11, 11}, {0, 101, 7, 9}, {-1, 10, 7, 9}, {0, 1 << 40, 7, 9}} {
		if _, err := NewAccumulatorScale(s); !errors.Is(err, ErrInvalid) {
			t.Fatalf("%v: %v", s, err)
		}
		if err := s.Validate(); !errors.Is(err, ErrInvalid) {
			t.Fatalf("%v: %v", s, err)
		}
	}
	c, err := Scale{1, 10, 7, 9}.Classify(8)
	if err != nil || c != Passive || c.String() != "passive" {
		t.Fatal(c, err)
	}
	if _, err := StandardScale.Classify(11); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
}

func TestAcc_ClosedObjectsReturnErrors(t *testing.T) {
	a, _ := NewAccumulator()
	b := mustAcc(t, nil)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	var zero Accumulator
	for _, x := range []*Accumulator{a, &zero, nil} {
		for name, err := range map[string]error{
			"Add": x.Add(9), "AddN": x.AddN(9, 1), "RemoveN": x.RemoveN(9, 1),
			"AddScores": x.AddScores([]byte{9}), "Merge": x.Merge(b), "MergeInto": b.Merge(x),
			"Subtract": x.Subtract(b), "Reset": x.Reset(), "Close": x.Close(),
		} {
			if !errors.Is(err, ErrClosed) {
				t.Fatalf("%s on closed: %v", name, err)
			}
		}
		if _, err := x.Clone(); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if _, err := x.MarshalBinary(); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if _, _, err := x.Interval(0.95, MethodAdjustedWald); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if _, err := Compare(b, x, 0.95, MethodWald); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if !math.IsNaN(x.Score()) || x.Total() != 0 || x.Equal(b) || x.String() != "nps.Accumulator{closed}" {
			t.Fatal("reads on a closed object")
		}
	}
}

func TestAcc_FinalizerIsASafetyNet(t *testing.T) {
	for i := 0; i < 1000; i++ {
		a, err := NewAccumulator()
		if err != nil {
			t.Fatal(err)
		}
		_ = a.Add(i % 11) // never closed: the finalizer frees it
	}
	runtime.GC()
	runtime.GC()
}

func TestAcc_MarshalRoundTrip(t *testing.T) {
	a := mustAcc(t, &Scale{1, 10, 7, 9})
	_ = a.AddScores([]byte{1, 5, 7, 9, 10, 10})
	data, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var b Accumulator // zero value: UnmarshalBinary initialises it
	if err := b.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !b.Equal(a) {
		t.Fatal("round trip")
	}
	if s, _ := b.Scale(); s != (Scale{1, 10, 7, 9}) {
		t.Fatal(s)
	}
	data2, _ := b.MarshalBinary()
	if !bytes.Equal(data, data2) {
		t.Fatal("not canonical")
	}
}

func TestAcc_CorruptedBytesAreFormatErrors(t *testing.T) {
	a := mustAcc(t, nil)
	for s := 0; s <= 10; s++ {
		_ = a.AddN(s, uint64(3*s+1))
	}
	good, _ := a.MarshalBinary()
	target := mustAcc(t, nil)
	_ = target.Add(7)
	before, _ := target.MarshalBinary()
	for _, bad := range [][]byte{nil, []byte("hello"), good[:len(good)-1], append(append([]byte(nil), good...), 0)} {
		if err := target.UnmarshalBinary(bad); !errors.Is(err, ErrFormat) {
			t.Fatalf("%q: %v", bad, err)
		}
	}
	for i := range good {
		bad := append([]byte(nil), good...)
		bad[i] ^= 0x40
		err := target.UnmarshalBinary(bad)
		if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrVersion) {
			t.Fatalf("byte %d changed: %v", i, err)
		}
	}
	after, _ := target.MarshalBinary()
	if !bytes.Equal(before, after) {
		t.Fatal("a failed UnmarshalBinary changed the object")
	}
}

func TestAcc_ErrorsCarryStatusAndText(t *testing.T) {
	a := mustAcc(t, nil)
	err := a.AddScores([]byte{9, 42})
	if err == nil || err.Error() != "nps: AddScores: score 42 at index 1: score outside the scale" {
		t.Fatalf("%v", err)
	}
	if ErrRange.Error() != "nps: score outside the scale" || errors.Is(err, ErrOverflow) {
		t.Fatal(ErrRange.Error())
	}
}

func TestVersion_MatchesHeader(t *testing.T) {
	if VersionNumber() != HeaderVersionNumber {
		t.Fatalf("library %d, header %d", VersionNumber(), HeaderVersionNumber)
	}
	if VersionNumber()/10000 != 1 || Version() == "" {
		t.Fatal(Version())
	}
}

var globalAcc Accumulator // a zero value that is not a heap allocation

func TestAcc_ZeroValueFieldsAndCopiesAreSafe(t *testing.T) {
	src := mustAcc(t, nil)
	_ = src.AddScores([]byte{10, 3})
	data, _ := src.MarshalBinary()

	type report struct {
		name string
		acc  Accumulator // a field: the finalizer must not need its address
	}
	var r report
	for _, dst := range []*Accumulator{&r.acc, &globalAcc} {
		if err := dst.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
		if !dst.Equal(src) {
			t.Fatal("UnmarshalBinary into a zero value")
		}
		cp := *dst // copies share the C object...
		if err := dst.Close(); err != nil {
			t.Fatal(err)
		}
		// ...so closing one closes both: no double free, no use after free
		if err := cp.Add(9); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
		if err := cp.Close(); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
	}
}
