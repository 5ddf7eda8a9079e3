package paxossim

import (
	"testing"

	"github.com/dsref/dsref/harness/sim/simtest"
)

// BenchmarkSeed reports the simulated-to-real time ratio and seeds per core-minute.
func BenchmarkSeed(b *testing.B) {
	simtest.BenchmarkSeeds(b, Protocol{})
}

// BenchmarkSweepValidation: what validating every Multi-Paxos seed's trace (TraceMultiPaxos.tla)
// adds to the sweep (simtest.BenchmarkSweepValidation).
func BenchmarkSweepValidation(b *testing.B) {
	simtest.BenchmarkSweepValidation(b, Protocol{})
}

// BenchmarkSynodSweepValidation: what validating every SynodLog seed's trace adds to the sweep
// (simtest.BenchmarkSweepValidation).
func BenchmarkSynodSweepValidation(b *testing.B) {
	simtest.BenchmarkSweepValidation(b, SynodLog{})
}

var (
	_ simtest.ValidationPacer = Protocol{}
	_ simtest.ValidationPacer = SynodLog{}
)
