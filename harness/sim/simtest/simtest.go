// Package simtest holds the seed-sweep test and benchmark that every protocol adapter of the
// simulator runs, so that raftsim, paxossim and any later adapter assert the same bar.
package simtest

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
)

// SeedCount is the number of seeds per configuration: 2,000 by default (the CI bar), or
// DSREF_SIM_SEEDS for a soak.
func SeedCount(t testing.TB) int {
	if s := os.Getenv("DSREF_SIM_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("DSREF_SIM_SEEDS=%q is not a positive number", s)
		}
		return n
	}
	return 2000
}

// RequireSeedsPass runs SeedCount seeds of p on clusters of 3 and 5 nodes, in parallel subtests,
// with every fault kind drawn per seed, and fails on any safety, linearizability or liveness
// violation, printing the first three failure reports.
func RequireSeedsPass(t *testing.T, p sim.Protocol) {
	for _, nodes := range []int{3, 5} {
		t.Run(fmt.Sprintf("nodes=%d", nodes), func(t *testing.T) {
			t.Parallel()
			n := SeedCount(t)
			failures := 0
			for seed := uint64(1); seed <= uint64(n); seed++ {
				res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}, TailLines: 30})
				if err != nil {
					t.Fatal(err)
				}
				if res.Failure != nil {
					failures++
					if failures <= 3 {
						t.Errorf("%s", res.Report())
					}
				}
			}
			if failures > 0 {
				t.Errorf("%d of %d seeds failed", failures, n)
			}
		})
	}
}

// BenchmarkSeeds runs whole seeds of p (fault phase, heal phase, linearizability check) on 3 and
// 5 nodes and reports the simulated-to-real time ratio and seeds per minute, against wall time
// (sim-x, seeds/min) and, where the platform reports it, against CPU time (sim-x-cpu,
// seeds/core-min): on a shared, loaded machine wall time measures the neighbours.
func BenchmarkSeeds(b *testing.B, p sim.Protocol) {
	for _, nodes := range []int{3, 5} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			var simulated time.Duration
			start, cpu0 := time.Now(), cpuTime()
			for i := 0; i < b.N; i++ {
				res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: uint64(i + 1)}})
				if err != nil {
					b.Fatal(err)
				}
				if res.Failure != nil {
					b.Fatal(res.Report())
				}
				simulated += res.SimTime
			}
			wall, cpu := time.Since(start), cpuTime()-cpu0
			b.ReportMetric(float64(simulated)/float64(wall), "sim-x")
			b.ReportMetric(float64(b.N)/wall.Minutes(), "seeds/min")
			if cpu > 0 {
				b.ReportMetric(float64(simulated)/float64(cpu), "sim-x-cpu")
				b.ReportMetric(float64(b.N)/cpu.Minutes(), "seeds/core-min")
			}
		})
	}
}
