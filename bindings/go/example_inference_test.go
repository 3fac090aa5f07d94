package nps_test

import (
	"fmt"
	"time"

	"libnps.dev/go/nps"
)

func counts(d, p, r uint64) *nps.Accumulator {
	a, err := nps.NewAccumulator()
	if err != nil {
		panic(err)
	}
	_ = a.AddN(0, d)
	_ = a.AddN(7, p)
	_ = a.AddN(10, r)
	return a
}

func ExampleTrendFit() {
	var months []*nps.Accumulator
	for _, c := range [][3]uint64{{50, 20, 30}, {45, 22, 33}, {40, 25, 35}, {35, 25, 40}} {
		months = append(months, counts(c[0], c[1], c[2]))
	}
	// NPS -20, -12, -5, +5: the unweighted OLS slope is 41 / 5 = 8.2
	tr, err := nps.TrendFit(months, nil, nps.TrendRandomEffects)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%+.1f points a month over %d months, %d answers\n", tr.Slope, tr.Periods, tr.Answers)
	// Output: +8.2 points a month over 4 months, 400 answers
}

func ExampleAdjustPValues() {
	p, _ := nps.AdjustPValues([]float64{0.01, 0.02, 0.03, 0.04, 0.05}, nps.AdjustHolm)
	fmt.Printf("%.2f\n", p)
	// Output: [0.05 0.08 0.09 0.09 0.09]
}

func ExampleCompareScore() {
	a, b := counts(0, 0, 1), counts(1, 0, 0) // one answer each
	c, _ := nps.CompareScore(a, b, 0.95)
	fmt.Printf("diff %.0f, interval contains it: %v\n", c.Diff, c.Lo <= c.Diff && c.Diff <= c.Hi)
	// Output: diff 200, interval contains it: true
}

func ExampleSampleSizeMargin() {
	n, _ := nps.SampleSizeMargin(nps.MethodWald, 5, 0.95, nps.Unknown, nps.Unknown)
	fmt.Println(n)
	// Output: 1537
}

func ExampleNewTimelineWith_weekStart() {
	tl, err := nps.NewTimelineWith(nps.TimelineOptions{
		Every: 7 * 24 * time.Hour, Buckets: 52, WeekStart: nps.Weekday(time.Monday)})
	if err != nil {
		panic(err)
	}
	defer tl.Close()
	start, _ := tl.BucketStart(time.Date(2024, 3, 6, 12, 0, 0, 0, time.UTC))
	fmt.Println(start.Weekday(), start.Format("2006-01-02"))
	// Output: Monday 2024-03-04
}

func ExampleAlerts() {
	var weeks []*nps.Accumulator
	for i := 0; i < 4; i++ {
		weeks = append(weeks, counts(20, 30, 50))
	}
	weeks = append(weeks, counts(60, 20, 20))
	alerts, _ := nps.Alerts(weeks, 12, 3)
	fmt.Println(alerts[4].Kind)
	// Output: low
}

func ExampleHeterogeneity() {
	h, _ := nps.Heterogeneity([]*nps.Accumulator{counts(3, 2, 5), counts(6, 2, 2)})
	fmt.Printf("chi2 %.2f on %.0f df\n", h.Statistic, h.DF)
	// Output: chi2 2.68 on 1 df
}
