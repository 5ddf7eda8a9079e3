package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// TestProgressDoesNotChangeTheRun asks for a progress report at every chance: the reports come
// in order through the phases, and the run is the run without them.
func TestProgressDoesNotChangeTheRun(t *testing.T) {
	o := sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: 4}, FaultPhase: 20 * time.Second}
	plain, err := sim.Run(raftsim.Protocol{}, o)
	if err != nil {
		t.Fatal(err)
	}
	var reports []sim.Progress
	o.Progress, o.ProgressEvery = func(p sim.Progress) { reports = append(reports, p) }, time.Nanosecond
	watched, err := sim.Run(raftsim.Protocol{}, o)
	if err != nil {
		t.Fatal(err)
	}
	if watched.Hash != plain.Hash {
		t.Fatal("progress reports changed the run")
	}
	if len(reports) < 3 || reports[0].Phase != "fault phase" || reports[len(reports)-1].Phase != "linearizability check" {
		t.Fatalf("%d reports, first %v, last %v", len(reports), reports[0], reports[len(reports)-1])
	}
	for i := 1; i < len(reports); i++ {
		if reports[i].SimTime < reports[i-1].SimTime || reports[i].Steps < reports[i-1].Steps {
			t.Fatalf("report %d went back: %v after %v", i, reports[i], reports[i-1])
		}
	}
	if s := reports[0].String(); !strings.Contains(s, "of 20s simulated") {
		t.Fatalf("a fault phase report says %q", s)
	}
}

// TestFaultPhaseIsBounded: a fault phase beyond MaxFaultPhase is refused before anything runs.
// Before, -fault-phase 1000h ran with no bound on its memory.
func TestFaultPhaseIsBounded(t *testing.T) {
	_, err := sim.Run(raftsim.Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: 1}, FaultPhase: 1000 * time.Hour})
	if err == nil || !strings.Contains(err.Error(), "fault phase 1000h0m0s is outside 0..1h0m0s") {
		t.Fatalf("Run with a 1000h fault phase: %v", err)
	}
}
