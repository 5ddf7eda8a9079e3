package raftsim

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim"
)

// TestShrunkScheduleReplays checks that the fault schedule a failure report prints as text is
// the schedule itself: the first seed that catches a planted bug (the Figure 8 bug) is shrunk,
// the shrunk schedule is formatted and parsed back unchanged, and replaying the seed with the
// parsed schedule reproduces the shrunk run's failure at the same step with the same event log.
func TestShrunkScheduleReplays(t *testing.T) {
	o := sim.RunOptions{Options: sim.Options{Nodes: 3, Mutation: "CommitPreviousTerm"}}
	var res *sim.Result
	for o.Seed = 1; o.Seed <= 400; o.Seed++ {
		r, err := sim.Run(Protocol{}, o)
		if err != nil {
			t.Fatal(err)
		}
		if r.Failure != nil && len(r.Schedule) > 1 {
			res = r
			break
		}
	}
	if res == nil {
		t.Fatal("no seed in 1..400 catches CommitPreviousTerm")
	}
	shrunk, err := sim.Shrink(Protocol{}, o, res, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(shrunk.Shrunk) == 0 || len(shrunk.Shrunk) >= len(res.Schedule) {
		t.Fatalf("shrinking kept %d of %d faults", len(shrunk.Shrunk), len(res.Schedule))
	}
	text := sim.FormatSchedule(shrunk.Shrunk)
	parsed, err := sim.ParseSchedule(text, 3)
	if err != nil {
		t.Fatalf("parsing %q: %v", text, err)
	}
	if !reflect.DeepEqual(parsed, shrunk.Shrunk) {
		t.Fatalf("schedule changed in the round trip:\n%v\n%v", shrunk.Shrunk, parsed)
	}
	o.Script, o.FaultPhase = parsed, shrunk.ShrunkPhase
	a, err := sim.Run(Protocol{}, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sim.Run(Protocol{}, o)
	if err != nil {
		t.Fatal(err)
	}
	if a.Failure == nil || a.Failure.Step != shrunk.ShrunkFailure.Step || a.Failure.Error() != shrunk.ShrunkFailure.Error() {
		t.Fatalf("replaying the parsed schedule gave %v, the shrunk run %v", a.Failure, shrunk.ShrunkFailure)
	}
	if a.Hash != b.Hash {
		t.Fatalf("two replays of the schedule differ: %016x, %016x", a.Hash, b.Hash)
	}
	if cmd := shrunk.ShrunkReplayCommand(); !strings.Contains(cmd, "-schedule '"+text+"'") {
		t.Fatalf("replay command %q does not carry the schedule", cmd)
	}
	if cmd := a.ReplayCommand(); !strings.Contains(cmd, "-schedule '"+text+"'") {
		t.Fatalf("a scripted run's replay command %q does not carry its schedule", cmd)
	}
}
