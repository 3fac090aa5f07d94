package nps_test

import (
	"errors"
	"fmt"
	"time"

	"libnps.dev/go/nps"
)

func ExampleAccumulator() {
	acc, err := nps.NewAccumulator()
	if err != nil {
		panic(err)
	}
	defer acc.Close()
	_ = acc.AddScores([]byte{10, 9, 8, 3}) // read in place by the C library
	fmt.Printf("NPS %.1f from %d answers\n", acc.Score(), acc.Total())
	// Output: NPS 25.0 from 4 answers
}

// 3 detractors, 2 passives, 5 promoters. Adjusted Wald adds 3/4 detractor,
// 3/2 passive and 3/4 promoter: estimate 100 * 2/13 = 15.38, standard error
// 100 sqrt((9.5/13 - (2/13)^2) / 13) = 23.32, so 15.38 -+ 1.96 * 23.32.
func ExampleAccumulator_Interval() {
	acc, _ := nps.NewAccumulator()
	defer acc.Close()
	_ = acc.AddScores([]byte{0, 3, 6, 7, 8, 9, 9, 10, 10, 10})
	lo, hi, err := acc.Interval(0.95, nps.MethodAdjustedWald)
	if err != nil {
		panic(err)
	}
	fmt.Printf("NPS %.0f, 95%% interval [%.2f, %.2f]\n", acc.Score(), lo, hi)
	// Output: NPS 20, 95% interval [-30.33, 61.10]
}

func ExampleAccumulator_AddScores_error() {
	acc, _ := nps.NewAccumulator()
	defer acc.Close()
	err := acc.AddScores([]byte{9, 10, 11})
	var e *nps.Error
	if errors.Is(err, nps.ErrRange) && errors.As(err, &e) {
		fmt.Printf("answer %d is %d; %d answers added\n", e.Index, e.Value, acc.Total())
	}
	// Output: answer 2 is 11; 0 answers added
}

func ExampleCompare() {
	a, _ := nps.NewAccumulator()
	b, _ := nps.NewAccumulator()
	defer a.Close()
	defer b.Close()
	_ = a.AddN(0, 30) // detractors
	_ = a.AddN(7, 20) // passives
	_ = a.AddN(10, 50)
	_ = b.AddN(0, 45)
	_ = b.AddN(7, 25)
	_ = b.AddN(10, 30)
	c, err := nps.Compare(a, b, 0.95, nps.MethodAdjustedWald)
	if err != nil {
		panic(err)
	}
	fmt.Printf("A - B = %.2f [%.2f, %.2f], p = %.4f\n", c.Diff, c.Lo, c.Hi, c.PValue)
	// Output: A - B = 33.98 [10.53, 57.44], p = 0.0045
}

func ExampleTimeline() {
	tl, _ := nps.NewTimeline(86400, 30) // daily buckets, 30 days
	defer tl.Close()
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	_ = tl.Add(day.Add(9*time.Hour), 10)
	_ = tl.Add(day.Add(15*time.Hour), 4)
	_ = tl.Add(day.Add(24*time.Hour+time.Hour), 9)
	first, _ := tl.Range(day, day.Add(24*time.Hour))
	defer first.Close()
	fmt.Printf("first day: %d answers, NPS %.0f\n", first.Total(), first.Score())
	// Output: first day: 2 answers, NPS 0
}

func ExampleAccumulator_MarshalBinary() {
	acc, _ := nps.NewAccumulator()
	defer acc.Close()
	_ = acc.AddScores([]byte{10, 10, 2})
	data, _ := acc.MarshalBinary() // portable: another process or machine
	var back nps.Accumulator
	if err := back.UnmarshalBinary(data); err != nil {
		panic(err)
	}
	defer back.Close()
	fmt.Println(back.Equal(acc), back.Total())
	// Output: true 3
}
