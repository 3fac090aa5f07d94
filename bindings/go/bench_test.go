package nps

import (
	"math/rand"
	"testing"
)

// Benchmarks report throughput (b.SetBytes: one byte per answer); compare
// AddScores with the plain Go loop in the same run for a ratio.

func benchScores(n int) []byte {
	r := rand.New(rand.NewSource(1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Intn(11))
	}
	return b
}

func BenchmarkAddScores1M(b *testing.B) {
	s := benchScores(1 << 20)
	a, _ := NewAccumulator()
	defer a.Close()
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := a.AddScores(s); err != nil {
			b.Fatal(err)
		}
		_ = a.Reset()
	}
}

// The same work in plain Go: validate, count per point, sum categories.
func BenchmarkPureGoCount1M(b *testing.B) {
	s := benchScores(1 << 20)
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var hist [11]uint64
		for _, v := range s {
			if v > 10 {
				b.Fatal("off scale")
			}
			hist[v]++
		}
		var d, r uint64
		for k := 0; k <= 6; k++ {
			d += hist[k]
		}
		r = hist[9] + hist[10]
		_ = float64(r-d) / float64(len(s))
	}
}

// Per-call cost of one cgo call.
func BenchmarkAdd(b *testing.B) {
	a, _ := NewAccumulator()
	defer a.Close()
	for i := 0; i < b.N; i++ {
		_ = a.Add(i & 7)
	}
}

func BenchmarkMarshalUnmarshal(b *testing.B) {
	a, _ := NewAccumulator()
	defer a.Close()
	_ = a.AddScores(benchScores(10000))
	var c Accumulator
	defer c.Close()
	for i := 0; i < b.N; i++ {
		data, err := a.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		if err := c.UnmarshalBinary(data); err != nil {
			b.Fatal(err)
		}
	}
}
