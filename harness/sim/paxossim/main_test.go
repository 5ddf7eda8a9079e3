package paxossim

import (
	"testing"

	"github.com/dsref/dsref/harness/sim/simtest"
)

// TestMain collects garbage less often (simtest.Main), as raftsim does: the sweeps' runs, traced
// runs and validations allocate at a high rate beside a small live heap. BenchmarkSweepValidation
// and BenchmarkSynodSweepValidation, 20 seeds x 3/5 nodes, GOGC=100 and 400 interleaved, two
// rounds (06:11-06:12 UTC 2026-12-07, load 32), cpu-µs per run, plain / traced / validation /
// session-validation: Multi-Paxos 1559 1976 -> 1207 1233 / 3065 2534 -> 2540 2492 / 17955 16350
// -> 12391 12813 / 6718 6402 -> 3716 3801; synod 7305 7748 -> 5213 4833 / 12284 11478 -> 7555
// 8548 / 23249 24700 -> 16702 17217 / 10995 10494 -> 9329 8219: every part about 30% cheaper.
// The whole package took 34.6 s of CPU against 51.0 s before (with the denser paces of
// ValidateEvery, side by side at load 41-58), peak RSS 471 MB against 143 MB.
func TestMain(m *testing.M) { simtest.Main(m) }
