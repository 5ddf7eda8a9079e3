package main

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/dsref/dsref/clocks/clockstest"
)

func init() {
	registerConformStage(150, "clocks: random message histories", conformClocks)
}

// conformClocks draws seeded random message histories (2 to 6 processes, up to 40 local, send
// and receive events, with reordered and lost messages), computes happened-before from each
// history alone, and checks against it the Lamport clock condition (LC-7), the vector clock
// strong clock condition for the sparse and dense forms (VC-5), and the HLC properties (HLC-5
// to HLC-8) with physical clocks skewed by up to epsilon. It prints one summary line per clock.
func conformClocks(w io.Writer, opts conformOptions) error {
	histories := 3000
	if opts.Short {
		histories = 500
	}
	const seed = 20140101 // fixed, so every run checks the same histories
	rng := rand.New(rand.NewPCG(seed, 0))
	var events, ordered, concurrent int
	for i := range histories {
		procs := 2 + rng.IntN(5)
		h := clockstest.RandomHistory(rng, procs, rng.IntN(41))
		epsilon := rng.Uint64N(20)
		pt := clockstest.PhysicalTimes(rng, h, epsilon, 5)
		if err := clockstest.CheckLamport(h); err != nil {
			return fmt.Errorf("history %d (seed %d): %v", i, seed, err)
		}
		if err := clockstest.CheckVector(h); err != nil {
			return fmt.Errorf("history %d (seed %d): %v", i, seed, err)
		}
		if err := clockstest.CheckHLC(h, pt, epsilon); err != nil {
			return fmt.Errorf("history %d (seed %d): %v", i, seed, err)
		}
		hb := h.HappenedBefore()
		events += len(h.Events)
		for e := range hb {
			for f := e + 1; f < len(hb); f++ {
				if hb[e][f] {
					ordered++
				} else {
					concurrent++
				}
			}
		}
	}
	fmt.Fprintf(w, "%d histories, %d events, %d causally ordered and %d concurrent event pairs (seed %d)\n",
		histories, events, ordered, concurrent, seed)
	fmt.Fprintf(w, "lamport: C(e) < C(f) for all %d ordered pairs\n", ordered)
	fmt.Fprintf(w, "vector:  sparse and dense Compare matched happened-before on all %d pairs (both directions)\n", ordered+concurrent)
	fmt.Fprintf(w, "hlc:     ts(e) < ts(f) for all %d ordered pairs; l >= pt, l - pt <= epsilon and the c bound at all %d events\n", ordered, events)
	return nil
}
