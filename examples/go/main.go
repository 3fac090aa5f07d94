// Command npsfile prints the NPS of a file of answers (one integer per line)
// with its 95% adjusted-Wald confidence interval.
//
//	PKG_CONFIG_PATH=<build>/pkgconfig-uninstalled go run . ../data/scores.txt
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"libnps.dev/go/nps"
)

func run(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	// Read every answer into one byte slice, remembering each one's line,
	// then hand the slice to the library in a single zero-copy call.
	var scores []byte
	var lines []int
	sc := bufio.NewScanner(f)
	for lineno := 1; sc.Scan(); lineno++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		v, err := strconv.Atoi(text)
		if err != nil {
			return fmt.Errorf("%s:%d: not an integer: %q", path, lineno, text)
		}
		if v < 0 || v > 255 {
			return fmt.Errorf("%s:%d: score %d is off the scale", path, lineno, v)
		}
		scores = append(scores, byte(v))
		lines = append(lines, lineno)
	}
	if err := sc.Err(); err != nil {
		return err
	}

	acc, err := nps.NewAccumulator()
	if err != nil {
		return err
	}
	defer acc.Close()
	if err := acc.AddScores(scores); err != nil {
		var e *nps.Error
		if errors.As(err, &e) && e.Index >= 0 {
			return fmt.Errorf("%s:%d: score %d is off the scale 0-10", path, lines[e.Index], e.Value)
		}
		return err
	}
	fmt.Printf("answers: %d\n", acc.Total())
	fmt.Printf("promoters: %d passives: %d detractors: %d\n",
		acc.Promoters(), acc.Passives(), acc.Detractors())
	if acc.Total() == 0 {
		fmt.Println("NPS: undefined (no answers)")
		return nil
	}
	lo, hi, err := acc.Interval(0.95, nps.MethodAdjustedWald)
	if err != nil {
		return err
	}
	fmt.Printf("NPS: %.2f\n", acc.Score())
	fmt.Printf("95%% interval (adjusted Wald): %.2f %.2f\n", lo, hi)
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: npsfile FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "npsfile:", err)
		os.Exit(1)
	}
}
