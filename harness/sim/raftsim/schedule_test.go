package raftsim

import (
	"math/rand/v2"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"pgregory.net/rapid"
)

// TestScheduleProperty lets rapid explore scheduler decisions on a correct 3-node cluster.
func TestScheduleProperty(t *testing.T) {
	t.Parallel()
	rapid.Check(t, sim.ScheduleProperty(Protocol{}, 3, ""))
}

// FuzzSchedule exposes the same property to go test -fuzz. rapid reads the input as its stream
// of choices; the seeds are inputs long enough to drive a whole schedule (a shorter input runs
// out of choices and rapid discards it).
func FuzzSchedule(f *testing.F) {
	f.Add(make([]byte, 64))
	f.Add(make([]byte, 1024))
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{64, 256} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if n == 256 {
			f.Add(b)
		}
	}
	f.Fuzz(rapid.MakeFuzz(sim.ScheduleProperty(Protocol{}, 3, "")))
}
