//go:build unix

package paxossim

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
)

// cpuTime is the CPU time (user + system, all threads) this process has used. The benchmarks
// divide by it as well as by wall time, because on a shared, loaded machine wall time measures
// the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSeed runs whole seeds (fault phase, heal phase, linearizability check) and reports the
// simulated-to-real time ratio and seeds per core-minute, against wall time (sim-x,
// seeds/min) and against CPU time (sim-x-cpu, seeds/core-min).
func BenchmarkSeed(b *testing.B) {
	for _, nodes := range []int{3, 5} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			var simulated time.Duration
			start, cpu0 := time.Now(), cpuTime()
			for i := 0; i < b.N; i++ {
				res, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: uint64(i + 1)}})
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
