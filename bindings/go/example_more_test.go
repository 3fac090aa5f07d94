package nps_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"libnps.dev/go/nps"
)

// The default method: a Method left unset is adjusted Wald.
func ExampleMethod() {
	acc, _ := nps.NewAccumulator()
	defer acc.Close()
	_ = acc.AddScores([]byte{0, 3, 6, 7, 8, 9, 9, 10, 10, 10})
	var m nps.Method // zero value: MethodDefault
	lo, hi, _ := acc.Interval(0.95, m)
	fmt.Printf("%s [%.2f, %.2f]\n", m, lo, hi)
	// Output: adjusted_wald [-30.33, 61.10]
}

func ExampleNewAccumulatorScale() {
	acc, err := nps.NewAccumulatorScale(nps.Scale{Min: 1, Max: 10, PassiveMin: 7, PromoterMin: 9})
	if err != nil {
		panic(err)
	}
	defer acc.Close()
	_ = acc.AddScores([]byte{1, 10, 10})
	fmt.Printf("%.1f\n", acc.Score())
	// Output: 33.3
}

// An Accumulator in a struct encodes as its scale and counts.
func ExampleAccumulator_MarshalJSON() {
	acc, _ := nps.NewAccumulator()
	defer acc.Close()
	_ = acc.AddScores([]byte{10, 9, 3})
	out, _ := json.Marshal(struct {
		Segment string
		Acc     *nps.Accumulator
	}{"north", acc})
	fmt.Println(string(out))

	var back struct {
		Segment string
		Acc     *nps.Accumulator
	}
	if err := json.Unmarshal(out, &back); err != nil {
		panic(err)
	}
	defer back.Acc.Close()
	fmt.Println(back.Acc.Equal(acc))
	// Output:
	// {"Segment":"north","Acc":{"scale":{"min":0,"max":10,"passive_min":7,"promoter_min":9},"counts":[0,0,0,1,0,0,0,0,0,1,1]}}
	// true
}

// Raw score bytes from any io.Reader.
func ExampleAccumulator_Write() {
	acc, _ := nps.NewAccumulator()
	defer acc.Close()
	if _, err := io.Copy(acc, strings.NewReader("\x0a\x09\x08\x03")); err != nil {
		panic(err)
	}
	fmt.Println(acc.Total(), acc.Score())
	// Output: 4 25
}

// A timeline of hours, guarded against times in the wrong unit.
func ExampleNewTimelineWith() {
	tl, err := nps.NewTimelineWith(nps.TimelineOptions{
		Every:   time.Hour,
		Buckets: 24 * 7,
		Horizon: 24 * time.Hour,
	})
	if err != nil {
		panic(err)
	}
	defer tl.Close()
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	_ = tl.Advance(now) // the clock the guard compares with
	_ = tl.AddTime(now.Add(-time.Hour), 9)
	err = tl.AddUnix(now.UnixMilli(), 9) // milliseconds passed as seconds
	fmt.Println(errors.Is(err, nps.ErrTooNew))
	last, _ := tl.Rolling(24)
	defer last.Close()
	fmt.Println(last.Total())
	// Output:
	// true
	// 1
}

// Calendar months at a fixed UTC offset, and per-bucket access.
func ExampleTimeline_Buckets() {
	tl, _ := nps.NewTimelineWith(nps.TimelineOptions{Months: 1, Buckets: 3})
	defer tl.Close()
	_ = tl.AddTime(time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), 10)
	_ = tl.AddTime(time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), 3)
	buckets, _ := tl.Buckets()
	for _, b := range buckets {
		fmt.Println(b.Start.Format("2006-01"), b.Acc.Total())
		b.Acc.Close()
	}
	// Output:
	// 2024-01 1
	// 2024-02 0
	// 2024-03 1
}

// Period over period: the newest 7 days against the 7 before.
func ExampleTimeline_ComparePeriods() {
	tl, _ := nps.NewTimelineEvery(24*time.Hour, 14)
	defer tl.Close()
	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	times := make([]time.Time, 0, 28)
	scores := make([]byte, 0, 28)
	for d := 0; d < 14; d++ {
		s := byte(3)
		if d >= 7 {
			s = 10
		}
		times = append(times, start.AddDate(0, 0, d), start.AddDate(0, 0, d))
		scores = append(scores, s, 9)
	}
	if _, err := tl.AddBatch(times, scores); err != nil {
		panic(err)
	}
	c, _ := tl.ComparePeriods(7, 0.95, nps.MethodDefault)
	fmt.Printf("diff %.1f, p < 0.05: %v\n", c.Diff, c.PValue < 0.05)
	// Output: diff 82.4, p < 0.05: true
}

// Sharing one accumulator between goroutines: one writer at a time.
func Example_mutex() {
	acc, _ := nps.NewAccumulator()
	defer acc.Close()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				_ = acc.Add(9)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Println(acc.Total())
	// Output: 4000
}

func ExampleSampleSize() {
	n, _ := nps.SampleSize(5, 0.95, nps.Unknown, nps.Unknown)
	fmt.Println(n)
	// Output: 1537
}
