//go:build dsref_mutations

package sim_test

import (
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// This test needs a planted bug to fail a run (-tags dsref_mutations); TestPlantedBugsAreCaught
// in harness/sim/catalogue runs it.

// TestMutationReportPrintsSchedulesInReplaySyntax checks that every schedule line a failure report
// prints parses back to the step it shows, so the lines replay from a file.
func TestMutationReportPrintsSchedulesInReplaySyntax(t *testing.T) {
	o := sim.RunOptions{Options: sim.Options{Nodes: 3, Mutation: "commit-previous-term"}}
	for o.Seed = 1; o.Seed <= 400; o.Seed++ {
		res, err := sim.Run(raftsim.Protocol{}, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Failure == nil || len(res.Schedule) < 3 {
			continue
		}
		shrunk, err := sim.Shrink(raftsim.Protocol{}, o, res, 30)
		if err != nil {
			t.Fatal(err)
		}
		report := shrunk.Report()
		_, after, _ := strings.Cut(report, "shrunk fault schedule")
		block, _, _ := strings.Cut(after, "with only these")
		lines := strings.Split(strings.TrimSpace(block), "\n")[1:]
		steps, err := sim.ParseSchedule(strings.Join(lines, "\n"), 3)
		if err != nil {
			t.Fatalf("the report's schedule lines do not parse: %v\n%s", err, report)
		}
		if sim.FormatSchedule(steps) != sim.FormatSchedule(shrunk.Shrunk) {
			t.Fatalf("the report's lines parse to\n%s\nnot\n%s", sim.FormatSchedule(steps), sim.FormatSchedule(shrunk.Shrunk))
		}
		if !strings.Contains(shrunk.ShrunkReplayCommand(), "-schedule '"+sim.FormatSchedule(steps)+"'") {
			t.Fatalf("the replay command %q does not carry the printed schedule", shrunk.ShrunkReplayCommand())
		}
		return
	}
	t.Fatal("no seed in 1..400 caught the planted bug with three fault steps")
}
