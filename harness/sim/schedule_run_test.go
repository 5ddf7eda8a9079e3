package sim_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/paxossim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// faultLine matches the event log lines of a fault striking.
var faultLine = regexp.MustCompile(`(?m)^t=\d+ (drop|duplicate|replay|partition|lost-partition|crash|arm-crash|restart|pause|resume|held) `)

// TestScheduleNoneInjectsNoFault runs seeds with the empty schedule: no message is dropped,
// duplicated, held back or replayed, no node crashes or pauses, no clock drifts, and the report
// says so. Before, seed 1 still dropped 35 messages and duplicated 22, and listed the rates of
// faults it did not apply.
func TestScheduleNoneInjectsNoFault(t *testing.T) {
	for _, p := range []sim.Protocol{raftsim.Protocol{}, paxossim.Protocol{}} {
		for seed := uint64(1); seed <= 20; seed++ {
			var log bytes.Buffer
			res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: seed, Log: &log}, Script: []sim.FaultStep{}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Failure != nil {
				t.Fatalf("%s seed %d without faults: %v", p.Name(), seed, res.Failure)
			}
			if res.Applied != (sim.FaultCounts{}) || res.Faults.String() != "none" || len(res.Schedule) != 0 {
				t.Fatalf("%s seed %d: applied %v, faults %q, schedule %v; want none", p.Name(), seed, res.Applied, res.Faults, res.Schedule)
			}
			if m := faultLine.FindString(log.String()); m != "" {
				t.Fatalf("%s seed %d: the event log of a run without faults has %q", p.Name(), seed, m)
			}
		}
	}
}

// TestRecordedSchedulesAreValid checks that every schedule a seeded run records is one
// ValidateSchedule accepts, and that the run's counts of applied faults agree with it.
func TestRecordedSchedulesAreValid(t *testing.T) {
	for _, p := range []sim.Protocol{raftsim.Protocol{}, paxossim.Protocol{}, paxossim.SynodLog{}} {
		for seed := uint64(1); seed <= 150; seed++ {
			nodes := 3 + 2*int(seed%2)
			res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}})
			if err != nil {
				t.Fatal(err)
			}
			if err := sim.ValidateSchedule(res.Schedule, nodes, res.PhaseLength); err != nil {
				t.Fatalf("%s seed %d recorded an impossible schedule: %v\n%s", p.Name(), seed, err, sim.FormatSchedule(res.Schedule))
			}
			kinds := map[sim.FaultKind]int{}
			for _, s := range res.Schedule {
				kinds[s.Kind]++
			}
			if kinds[sim.FaultPartition] != res.Applied.Partitions || kinds[sim.FaultRestart] != res.Applied.Restarts || kinds[sim.FaultPause] != res.Applied.Pauses {
				t.Fatalf("%s seed %d: schedule %v disagrees with the counts %+v", p.Name(), seed, kinds, res.Applied)
			}
		}
	}
}

// TestRunRefusesImpossibleSchedules gives Run schedules whose steps cannot happen; it refuses
// each before running, naming the step.
func TestRunRefusesImpossibleSchedules(t *testing.T) {
	for text, want := range map[string]string{
		"1s restart n1":                         `schedule step 1 ("1s restart n1"): n1 is running`,
		"1s crash n1; 2s crash n1; 3s crash n1": `schedule step 2 ("2s crash n1"): n1 is already down`,
		"1s crash n2; 59s restart n2":           `schedule step 2 ("59s restart n2"): at 59s, after the fault phase ends at 5s`,
		"50ms replay 127@1ms":                   `schedule step 1 ("50ms replay 127@1ms"): replay of the message delivered 127 deliveries ago`,
	} {
		steps, err := sim.ParseSchedule(text, 3)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(raftsim.Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: 1}, FaultPhase: 5e9, Script: steps})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: Run = %v, %v; want an error containing %q", text, res, err, want)
		}
	}
}
