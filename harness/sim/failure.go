package sim

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// FailureKind classifies a failed run.
type FailureKind int

const (
	FailInvariant       FailureKind = iota + 1 // a protocol invariant or State Machine Safety broke
	FailLinearizability                        // the client history is not linearizable (or the check was inconclusive)
	FailLiveness                               // after healing, no operation committed in time
	FailError                                  // a node returned an unexpected error
)

func (k FailureKind) String() string {
	switch k {
	case FailInvariant:
		return "safety"
	case FailLinearizability:
		return "linearizability"
	case FailLiveness:
		return "liveness"
	case FailError:
		return "error"
	}
	return fmt.Sprintf("FailureKind(%d)", int(k))
}

// Failure is the first violation a run found: what broke, and the point of failure (simulated time
// and event number, so that a replay with -steps Step stops right there).
type Failure struct {
	Kind FailureKind
	Err  error
	At   time.Duration
	Step int
}

func (f *Failure) Error() string {
	return fmt.Sprintf("%s violation at step %d (t=%v): %v", f.Kind, f.Step, f.At, f.Err)
}

func (f *Failure) Unwrap() error { return f.Err }

// Report formats a failed run for a human: the seed, the command that replays it, the fault mix,
// the schedule of faults the run injected, the point of failure and the events leading to it.
func (r *Result) Report() string {
	if r.Failure == nil {
		return fmt.Sprintf("%s seed %d: ok (%d steps, %v simulated, hash %016x)\n", r.Protocol, r.Seed, r.Steps, r.SimTime, r.Hash)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "FAIL %s nodes=%d seed=%d mutation=%q\n", r.Protocol, r.Nodes, r.Seed, r.Mutation)
	fmt.Fprintf(&b, "  %v\n", r.Failure)
	fmt.Fprintf(&b, "  replay: %s\n", r.ReplayCommand())
	fmt.Fprintf(&b, "  faults: %s\n", r.Faults.Struck(r.Applied))
	fmt.Fprintf(&b, "  applied: %s\n", r.Applied)
	// Schedules are printed one step a line, in the syntax -schedule reads: the lines, saved to
	// a file, replay with -schedule @file.
	if r.Shrunk != nil {
		fmt.Fprintf(&b, "  shrunk fault schedule (%d of the %d fault steps still fail):\n", len(r.Shrunk), len(r.Schedule))
		for _, s := range r.Shrunk {
			fmt.Fprintf(&b, "    %s\n", s)
		}
		if len(r.Shrunk) == 0 {
			fmt.Fprintf(&b, "    none\n")
		}
		fmt.Fprintf(&b, "    with only these: %v\n", r.ShrunkFailure)
		fmt.Fprintf(&b, "  replay shrunk: %s\n", r.ShrunkReplayCommand())
	} else if len(r.Schedule) > 0 {
		fmt.Fprintf(&b, "  fault schedule (%d steps):\n", len(r.Schedule))
		for _, s := range r.Schedule {
			fmt.Fprintf(&b, "    %s\n", s)
		}
	}
	var lerr *LinearizabilityError
	if errors.As(r.Failure.Err, &lerr) {
		b.WriteString(lerr.Details("  "))
		if r.Related != "" {
			fmt.Fprintf(&b, "  events of these operations, and the faults that struck meanwhile:\n")
			for _, line := range strings.Split(strings.TrimRight(r.Related, "\n"), "\n") {
				fmt.Fprintf(&b, "    %s\n", line)
			}
		}
	} else if r.Tail != "" {
		fmt.Fprintf(&b, "  last events before the failure:\n")
		for _, line := range strings.Split(strings.TrimRight(r.Tail, "\n"), "\n") {
			fmt.Fprintf(&b, "    %s\n", line)
		}
	}
	return b.String()
}

// ShrunkReplayCommand is the dsref invocation that replays the seed with only the shrunk fault
// schedule (see FormatSchedule), or "" when the run was not shrunk.
func (r *Result) ShrunkReplayCommand() string {
	if r.Shrunk == nil || r.ShrunkFailure == nil {
		return ""
	}
	return r.replayCommand(r.Shrunk, r.ShrunkFailure, r.ShrunkPhase)
}

// ReplayCommand is the dsref invocation that replays this run up to its point of failure; a run
// that replayed a given fault schedule is replayed with the same schedule.
func (r *Result) ReplayCommand() string { return r.replayCommand(r.Script, r.Failure, r.FaultPhase) }

// replayCommand replays the seed with the given script (nil: the seed's own faults) and fault
// phase (zero: the seed's).
func (r *Result) replayCommand(script []FaultStep, failure *Failure, phase time.Duration) string {
	cmd := "go run ./cmd/dsref"
	if r.Mutation != "" {
		cmd = "go run -tags dsref_mutations ./cmd/dsref" // planted bugs compile only with the tag
	}
	cmd += fmt.Sprintf(" sim -protocol %s -nodes %d -seed %d", r.Protocol, r.Nodes, r.Seed)
	if r.Mutation != "" {
		cmd += " -mutation " + r.Mutation
	}
	if phase > 0 {
		cmd += " -fault-phase " + phase.String()
	}
	if script != nil {
		cmd += " -schedule '" + FormatSchedule(script) + "'"
	}
	if failure != nil && (failure.Kind == FailInvariant || failure.Kind == FailError) {
		// Safety failures happen at an event: stop the replay right there. Liveness and
		// linearizability are judged at the end, so those replays run to completion.
		cmd += fmt.Sprintf(" -steps %d", failure.Step)
	}
	return cmd
}
