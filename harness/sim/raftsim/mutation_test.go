//go:build dsref_mutations

package raftsim

import (
	"flag"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"pgregory.net/rapid"
)

// The tests in this file need raft's planted bugs (-tags dsref_mutations): they show that the
// simulator's checkers, its shrinker and its replay commands work on real failures.

func TestMutationNamesComeFromTheCore(t *testing.T) {
	names := Protocol{}.Mutations()
	if len(names) < 7 {
		t.Fatalf("only %d mutations: %v", len(names), names)
	}
	for _, name := range names {
		if _, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: 1, Mutation: name, MaxSteps: 10}}); err != nil {
			t.Errorf("mutation %q: %v", name, err)
		}
	}
	if _, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: 1, Mutation: "nope"}}); err == nil || !strings.Contains(err.Error(), "minority-quorum") {
		t.Fatalf("unknown mutation: %v (the error should list the catalogue)", err)
	}
}

// recordingTB is a rapid.TB that records a failure instead of failing the test, so a test can
// assert that rapid finds a bug.
type recordingTB struct {
	testing.TB
	failed bool
	msg    string
	log    []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
}
func (r *recordingTB) Error(args ...any) { r.failed, r.msg = true, fmt.Sprint(args...) }
func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
}
func (r *recordingTB) Fatal(args ...any) { r.failed, r.msg = true, fmt.Sprint(args...) }
func (r *recordingTB) Fail()             { r.failed = true }
func (r *recordingTB) FailNow()          { r.failed = true }
func (r *recordingTB) Failed() bool      { return r.failed }
func (r *recordingTB) Logf(format string, args ...any) {
	r.log = append(r.log, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Log(args ...any) { r.log = append(r.log, fmt.Sprint(args...)) }

// TestMutationSchedulePropertyCatchesMinorityQuorum checks that the rapid driver can fail: with quorums
// of N/2 a 3-node cluster elects two leaders, and rapid finds (and shrinks) such a schedule. Which
// safety property breaks first depends on rapid's random schedules: two leaders of one term
// (ElectionSafety), or leaders of successive terms that each commit with a minority and so apply
// different entries at one index (StateMachineSafety, or committed entries that disagree). Any of
// them is the planted bug caught; a failure of anything else (a crash, a liveness timeout) is not.
func TestMutationSchedulePropertyCatchesMinorityQuorum(t *testing.T) {
	t.Parallel()
	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		t.Fatal(err)
	}
	rec := &recordingTB{TB: t}
	rapid.Check(rec, sim.ScheduleProperty(Protocol{}, 3, "minority-quorum"))
	caught := false
	for _, property := range []string{"ElectionSafety", "StateMachineSafety", "committed entries disagree", "LogMatching"} {
		caught = caught || strings.Contains(rec.msg, property)
	}
	if !rec.failed || !caught {
		t.Fatalf("rapid found no safety violation for MutationMinorityQuorum: %q", rec.msg)
	}
	t.Logf("rapid's failure and minimal schedule:\n%s\n%s", rec.msg, strings.Join(rec.log, "\n"))
}

// TestMutationShrinkFindsSmallerSchedule shrinks the fault schedule of a seed that catches a planted
// bug: the shrunk schedule is a sub-list of the original and still fails.
func TestMutationShrinkFindsSmallerSchedule(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		opts := sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: seed, Mutation: "forget-vote"}}
		res, err := sim.Run(Protocol{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Failure == nil || len(res.Schedule) < 2 {
			continue
		}
		shrunk, err := sim.Shrink(Protocol{}, opts, res, 200)
		if err != nil {
			t.Fatal(err)
		}
		if shrunk.ShrunkFailure == nil || len(shrunk.Shrunk) >= len(res.Schedule) {
			t.Fatalf("seed %d: shrinking %d faults gave %d, failure %v", seed, len(res.Schedule), len(shrunk.Shrunk), shrunk.ShrunkFailure)
		}
		opts.Script = shrunk.Shrunk
		check, err := sim.Run(Protocol{}, opts)
		if err != nil || check.Failure == nil {
			t.Fatalf("seed %d: the shrunk schedule does not fail on replay (%v)", seed, err)
		}
		t.Logf("seed %d: %d faults shrunk to %d:\n%s", seed, len(res.Schedule), len(shrunk.Shrunk), shrunk.Report())
		return
	}
	t.Fatal("no seed in 1..200 caught MutationForgetVote with at least two faults")
}

// TestMutationShrunkScheduleReplays checks that the fault schedule a failure report prints as text is
// the schedule itself: the first seed that catches a planted bug (the Figure 8 bug) is shrunk,
// the shrunk schedule is formatted and parsed back unchanged, and replaying the seed with the
// parsed schedule reproduces the shrunk run's failure at the same step with the same event log.
func TestMutationShrunkScheduleReplays(t *testing.T) {
	o := sim.RunOptions{Options: sim.Options{Nodes: 3, Mutation: "commit-previous-term"}}
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
		t.Fatal("no seed in 1..400 catches commit-previous-term")
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
