package paxossim

import (
	"testing"

	"github.com/dsref/dsref/harness/sim/simtest"
)

// BenchmarkSeed reports the simulated-to-real time ratio and seeds per core-minute.
func BenchmarkSeed(b *testing.B) {
	simtest.BenchmarkSeeds(b, Protocol{})
}
