package paxossim

import (
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"pgregory.net/rapid"
)

// TestScheduleProperty lets rapid explore scheduler decisions on a correct 3-node Multi-Paxos
// cluster.
func TestScheduleProperty(t *testing.T) {
	t.Parallel()
	rapid.Check(t, sim.ScheduleProperty(Protocol{}, 3, ""))
}

// FuzzSchedule exposes the same property to go test -fuzz (see raftsim.FuzzSchedule for the
// seeds).
func FuzzSchedule(f *testing.F) {
	f.Add(make([]byte, 64))
	f.Add(make([]byte, 1024))
	f.Fuzz(rapid.MakeFuzz(sim.ScheduleProperty(Protocol{}, 3, "")))
}
