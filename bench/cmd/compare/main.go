// Command compare runs each bgpplay benchmark side by side with its anchor
// (GoBGP) in one process, alternating rounds so that machine noise hits
// both alike, and prints the median time per message, allocations per
// message and the speed ratio against the target.
//
//	go run ./cmd/compare [-rounds 5] [-benchtime 1s]
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/bgpplay/bgpplay/bench"
)

func main() {
	testing.Init()
	rounds := flag.Int("rounds", 5, "alternating rounds per implementation; the median is reported")
	flag.Parse()

	dir, err := bench.SharedMRTDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	corpus, err := bench.LoadCorpus(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("corpus: %d UPDATE messages from %s/updates.*.gz\n\n", len(corpus), dir)
	fmt.Printf("%-16s %14s %14s %12s %12s %8s %8s  %s\n",
		"benchmark", "bgpplay ns/msg", "anchor ns/msg", "bgpplay a/m", "anchor a/m", "speedup", "target", "")
	missed := false
	for _, p := range bench.Pairs {
		var ours, theirs []float64
		var ourAllocs, theirAllocs float64
		for range *rounds {
			ns, a := bench.PerMessage(testing.Benchmark(func(b *testing.B) { p.Ours(b, corpus) }), len(corpus))
			ours, ourAllocs = append(ours, ns), a
			ns, a = bench.PerMessage(testing.Benchmark(func(b *testing.B) { p.Anchor(b, corpus) }), len(corpus))
			theirs, theirAllocs = append(theirs, ns), a
		}
		o, t := median(ours), median(theirs)
		verdict := "ok"
		if t/o < p.TargetSpeedup {
			verdict, missed = "MISSED", true
		}
		fmt.Printf("%-16s %14.1f %14.1f %12.2f %12.2f %7.2fx %7.1fx  %s (vs %s)\n",
			p.Name, o, t, ourAllocs, theirAllocs, t/o, p.TargetSpeedup, verdict, p.AnchorName)
	}
	if missed {
		os.Exit(1)
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
