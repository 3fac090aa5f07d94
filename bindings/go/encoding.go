package nps

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// accJSON is the readable JSON form of an Accumulator: the scale and one
// count per scale point, lowest score first.
type accJSON struct {
	Scale  *scaleJSON `json:"scale"`
	Counts []uint64   `json:"counts"`
}

type scaleJSON struct {
	Min         int `json:"min"`
	Max         int `json:"max"`
	PassiveMin  int `json:"passive_min"`
	PromoterMin int `json:"promoter_min"`
}

// MarshalJSON writes {"scale":{"min":0,"max":10,"passive_min":7,
// "promoter_min":9},"counts":[...]} (json.Marshaler). It has a value
// receiver, so a struct holding an Accumulator by value or by pointer
// encodes it; a closed or zero Accumulator is ErrClosed, never "{}".
func (a Accumulator) MarshalJSON() ([]byte, error) {
	if !a.ok() {
		return nil, &Error{Op: "MarshalJSON", Status: ErrInvalid, Index: -1,
			cause: ErrClosed}
	}
	s, err := a.Scale()
	if err != nil {
		return nil, err
	}
	counts, err := a.Counts()
	if err != nil {
		return nil, err
	}
	return json.Marshal(accJSON{
		Scale:  &scaleJSON{s.Min, s.Max, s.PassiveMin, s.PromoterMin},
		Counts: counts,
	})
}

// UnmarshalJSON replaces the accumulator with the scale and counts read
// (json.Unmarshaler); it also works on a zero Accumulator{} (e.g. a field
// json allocates). Missing fields, an invalid scale, a wrong number of
// counts, counts adding up past 2^64-1 or unknown fields are errors, and
// nothing changes.
func (a *Accumulator) UnmarshalJSON(b []byte) error {
	if a == nil {
		return ErrClosed
	}
	var v accJSON
	if err := strictJSON(b, &v); err != nil {
		return fmt.Errorf("nps: Accumulator.UnmarshalJSON: %w", err)
	}
	if v.Scale == nil || v.Counts == nil {
		return &Error{Op: "UnmarshalJSON: \"scale\" and \"counts\" are required",
			Status: ErrFormat, Index: -1}
	}
	s := Scale{v.Scale.Min, v.Scale.Max, v.Scale.PassiveMin, v.Scale.PromoterMin}
	fresh, err := NewAccumulatorScale(s)
	if err != nil {
		return err
	}
	if len(v.Counts) != s.Max-s.Min+1 {
		fresh.Close()
		return &Error{Op: fmt.Sprintf("UnmarshalJSON: %d counts for the scale %d-%d",
			len(v.Counts), s.Min, s.Max), Status: ErrFormat, Index: -1}
	}
	for i, n := range v.Counts {
		if err := fresh.AddN(s.Min+i, n); err != nil {
			fresh.Close()
			return err
		}
	}
	a.adopt(fresh)
	return nil
}

// adopt moves src's C object into a (src is left closed).
func (a *Accumulator) adopt(src *Accumulator) {
	p := src.h.p
	src.h.p = nil
	if a.ok() {
		a.h.free()
		a.h.p = p
	} else {
		a.h = newAccHandle(p)
	}
}

func strictJSON(b []byte, v interface{}) error {
	dec := json.NewDecoder(bytesReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON object")
	}
	return nil
}

// MarshalText is the binary format (MarshalBinary) in standard base64
// (encoding.TextMarshaler), for text encoders other than JSON.
func (a Accumulator) MarshalText() ([]byte, error) {
	bin, err := a.MarshalBinary()
	if err != nil {
		return nil, err
	}
	out := make([]byte, base64.StdEncoding.EncodedLen(len(bin)))
	base64.StdEncoding.Encode(out, bin)
	return out, nil
}

// UnmarshalText reads MarshalText's output; nothing changes on error.
func (a *Accumulator) UnmarshalText(text []byte) error {
	bin, err := decodeBase64(text)
	if err != nil {
		return &Error{Op: "Accumulator.UnmarshalText: " + err.Error(), Status: ErrFormat, Index: -1}
	}
	return a.UnmarshalBinary(bin)
}

// MarshalText is the binary format of the timeline in standard base64
// (encoding.TextMarshaler); JSON encodes it as a string. A closed
// timeline is an error.
func (t Timeline) MarshalText() ([]byte, error) {
	bin, err := t.MarshalBinary()
	if err != nil {
		return nil, err
	}
	out := make([]byte, base64.StdEncoding.EncodedLen(len(bin)))
	base64.StdEncoding.Encode(out, bin)
	return out, nil
}

// UnmarshalText reads MarshalText's output (also from a JSON string);
// it works on a zero Timeline{} and changes nothing on error.
func (t *Timeline) UnmarshalText(text []byte) error {
	bin, err := decodeBase64(text)
	if err != nil {
		return &Error{Op: "Timeline.UnmarshalText: " + err.Error(), Status: ErrFormat, Index: -1}
	}
	return t.UnmarshalBinary(bin)
}

func decodeBase64(text []byte) ([]byte, error) {
	out := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
	n, err := base64.StdEncoding.Decode(out, text)
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}

// Write adds raw answers, one byte each, all or nothing (io.Writer): so
// io.Copy(acc, file) counts a file of score bytes. On a bad byte it returns
// 0 and an *Error with the index within p.
func (a *Accumulator) Write(p []byte) (int, error) {
	if err := a.AddScores(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
