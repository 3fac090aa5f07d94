package nps_test

import (
	"errors"
	"fmt"
	"math"

	"libnps.dev/go/nps"
)

// A promoter of weight 1, a passive of weight 2 and a detractor of weight
// 3: NPS = 100 (1 - 3) / 6 = -33.33, effective n = 6^2 / (1 + 4 + 9).
func ExampleWeightedAccumulator() {
	w, err := nps.NewWeightedAccumulator()
	if err != nil {
		panic(err)
	}
	defer w.Close()
	// both slices are read in place by the C library
	if err := w.AddScores([]byte{10, 8, 3}, []float64{1, 2, 3}); err != nil {
		panic(err)
	}
	neff, _ := w.EffectiveN()
	se, _ := w.StdErr()
	fmt.Printf("weighted NPS %.2f from %d answers (weight %g, effective n %.2f)\n",
		w.Score(), w.Total(), w.TotalWeight(), neff)
	fmt.Printf("standard error %.2f = sqrt(560000/216) = %.2f\n", se, math.Sqrt(560000.0/216))
	// Output:
	// weighted NPS -33.33 from 3 answers (weight 6, effective n 2.57)
	// standard error 50.92 = sqrt(560000/216) = 50.92
}

func ExampleWeightedAccumulator_AddScores_error() {
	w, _ := nps.NewWeightedAccumulator()
	defer w.Close()
	err := w.AddScores([]byte{9, 10, 7}, []float64{1.5, 0, 2})
	var e *nps.Error
	if errors.As(err, &e) {
		fmt.Println(errors.Is(err, nps.ErrInvalid), e.Index, e.Weight, w.Total())
	}
	// Output: true 1 0 0
}

func ExampleCompareWeighted() {
	a, _ := nps.NewWeightedAccumulator()
	b, _ := nps.NewWeightedAccumulator()
	defer a.Close()
	defer b.Close()
	for i := 0; i < 50; i++ {
		_ = a.Add(10, 2) // a: promoters weigh more
		_ = a.Add(2, 1)
		_ = b.Add(10, 1)
		_ = b.Add(2, 1)
	}
	c, err := nps.CompareWeighted(a, b, 0.95, nps.MethodWald)
	if err != nil {
		panic(err)
	}
	fmt.Printf("difference %.2f points, p %.4f\n", c.Diff, c.PValue)
	// Output: difference 33.33 points, p 0.0132
}
