package sim

import (
	"errors"
	"fmt"
	"time"
)

// RunOptions configure one seeded two-phase run.
type RunOptions struct {
	Options
	// FaultPhase is the simulated length of the fault phase; zero draws it from the seed in
	// [3s, 6s]. At most MaxFaultPhase.
	FaultPhase time.Duration
	// HealTimeouts bounds the heal phase: a fresh operation must commit within this many
	// election timeouts after the heal. Default 10.
	HealTimeouts int
	// CheckBudget is porcupine's time budget; default 10s. Running out of it fails the run.
	CheckBudget time.Duration
	// TailLines, when positive, keeps that many of the last event log lines for the report.
	TailLines int
	// Progress, if set, is called about every ProgressEvery of wall-clock time (default 5s)
	// with how far the run got, and once before the linearizability check.
	Progress      func(Progress)
	ProgressEvery time.Duration
	// Script, when non-nil, replaces the faults the seed would draw (the network's, the clocks',
	// and every partition, crash, pause and replay) by these steps: the run then has these
	// faults and no others (an empty, non-nil Script: none at all). Everything else (clients,
	// nodes' randomness) still follows the seed. Run refuses a script ValidateSchedule refuses.
	Script []FaultStep
}

// MaxFaultPhase bounds RunOptions.FaultPhase. A run's memory grows with its simulated time (the
// client history, the nodes' logs: about 170 MB for 50 minutes of Raft), and so does, where the
// adapter does not compact (paxos, and the raft seeds whose variant never compacts), the cost of
// each restart, which recovers the node's whole log from its disk (a compacting raft node
// recovers its snapshot and the tail after it); an unbounded fault phase would end in an
// out-of-memory crash rather than a verdict.
// Longer soaks run more seeds.
const MaxFaultPhase = time.Hour

// Result is the outcome of a run.
type Result struct {
	Protocol string
	Nodes    int
	Seed     uint64
	Mutation string
	// FaultPhase is the fault phase length the caller fixed (zero when drawn from the seed), and
	// PhaseLength the length the run used.
	FaultPhase  time.Duration
	PhaseLength time.Duration
	// Faults is the fault mix the fault phase started with, Applied counts what struck, and
	// Faults.Struck(Applied) is the mix of the faults that did.
	Faults   Faults
	Applied  FaultCounts
	Steps    int
	SimTime  time.Duration
	Hash     uint64 // FNV-1a of the event log
	Ops      int    // client operations in the history
	Failure  *Failure
	Schedule []FaultStep // the faults injected, in order
	// Script is RunOptions.Script: non-nil when the run replayed a given fault schedule.
	Script []FaultStep
	// Shrunk, set by Shrink, is a minimal sub-schedule of Schedule that still fails, and
	// ShrunkFailure how the seed fails with only those faults.
	Shrunk        []FaultStep
	ShrunkFailure *Failure
	ShrunkPhase   time.Duration // the fault phase the shrunk schedule's replays ran with
	Tail          string        // the last TailLines lines of the event log
	// Related, for a linearizability failure, are the event log lines of the operations of the
	// smallest failing sub-history, and of the faults that struck while they were in flight.
	Related string
}

// Run simulates one seed: a fault phase in which invariants are checked after every event, then a
// heal phase in which a fresh client operation must commit within HealTimeouts election timeouts,
// then a linearizability check of the whole client history. The Result is a pure function of p,
// the options and the code.
func Run(p Protocol, o RunOptions) (*Result, error) { return run(p, o, true) }

// run is Run; explain says whether to replay a run that fails its linearizability check to
// collect the events of the failing operations.
func run(p Protocol, o RunOptions, explain bool) (*Result, error) {
	var tail *tailRing
	if o.TailLines > 0 {
		tail = newTailRing(o.TailLines)
	}
	if o.FaultPhase < 0 || o.FaultPhase > MaxFaultPhase {
		return nil, fmt.Errorf("sim: fault phase %v is outside 0..%v", o.FaultPhase, MaxFaultPhase)
	}
	if o.Script != nil {
		if err := ValidateSchedule(o.Script, o.Nodes, MaxFaultPhase); err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
	}
	c, err := newCluster(p, o.Options, o.Script)
	if err != nil {
		return nil, err
	}
	c.log.tail = tail
	if o.HealTimeouts == 0 {
		o.HealTimeouts = 10
	}
	if o.CheckBudget == 0 {
		o.CheckBudget = 10 * time.Second
	}
	// The phase is drawn even when it is given, so that fixing it to the length the seed draws
	// replays the seed.
	faultPhase := 3*time.Second + time.Duration(c.rng.Int64N(int64(3*time.Second)))
	if o.FaultPhase != 0 {
		faultPhase = o.FaultPhase
	}
	if o.Script != nil {
		if err := ValidateSchedule(o.Script, o.Nodes, faultPhase); err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
	}
	if o.Progress != nil {
		c.progress = newProgress(o.Progress, o.ProgressEvery)
		c.progress.phaseLen = faultPhase
	}
	faults := c.net.faults // the fault phase's mix, for the report
	c.runPhases(faultPhase, o.HealTimeouts, o.CheckBudget, o.Script)
	if c.scriptErr != nil {
		return nil, fmt.Errorf("sim: %w", c.scriptErr)
	}
	if err := c.FlushTrace(); err != nil {
		return nil, fmt.Errorf("sim: writing the trace: %w", err)
	}
	r := &Result{
		Protocol: p.Name(), Nodes: c.n, Seed: o.Seed, Mutation: o.Mutation, FaultPhase: o.FaultPhase, PhaseLength: faultPhase,
		Faults: faults, Applied: c.counts,
		Steps: c.steps, SimTime: c.now, Hash: c.log.hash, Ops: len(c.clients.history),
		Failure: c.failure, Schedule: c.nem.executed, Script: o.Script,
	}
	if tail != nil {
		r.Tail = tail.String()
	}
	var lerr *LinearizabilityError
	if explain && c.failure != nil && errors.As(c.failure.Err, &lerr) {
		lerr.annotate(c.nem.executed)
		r.Related = relatedEvents(p, o, lerr.Minimal)
	}
	return r, nil
}

func (c *Cluster) runPhases(faultPhase time.Duration, healTimeouts int, budget time.Duration, script []FaultStep) {
	c.clients.start()
	c.nem.start(script)
	c.startOperating()
	if !c.RunUntil(faultPhase) {
		return
	}
	c.heal()
	if c.progress != nil {
		c.progress.phase = "heal phase"
	}
	c.clients.issuing = false
	electionTimeout := c.opts.electionTimeout()
	deadline := c.now + time.Duration(healTimeouts)*electionTimeout
	probe := c.clients.add()
	probeDone := func() bool { return probe.op >= 0 && c.clients.history[probe.op].done }
	for !probeDone() && c.now <= deadline {
		if !probe.pending {
			// The first probe, or one whose session expired before it ran (outcome unknown).
			c.newOp(probe, Command{Client: probe.id, Seq: probe.seq + 1, Kind: OpAppend, Key: "a", Value: "probe;"})
			continue
		}
		if c.agenda.Len() == 0 || c.agenda.peekTime() > deadline {
			c.now = deadline + 1
			break
		}
		if !c.Step() {
			return
		}
	}
	if !probeDone() {
		c.fail(FailLiveness, fmt.Errorf("no client operation committed within %d election timeouts (%v) after the heal at t=%v",
			healTimeouts, time.Duration(healTimeouts)*electionTimeout, deadline-time.Duration(healTimeouts)*electionTimeout))
		return
	}
	if !c.nodes.hasLeader() {
		c.fail(FailLiveness, fmt.Errorf("an operation committed after the heal but no node believes it leads"))
		return
	}
	// Give the other clients' outstanding operations a chance to complete, so that fewer
	// open-ended operations reach the linearizability checker.
	if !c.RunUntil(c.now + 2*electionTimeout) {
		return
	}
	c.logf("check linearizability of %d operations", len(c.clients.history))
	if c.progress != nil {
		c.progress.phase = "linearizability check"
		c.progress.now(c)
	}
	if err := checkLinearizable(c.clients.history, budget); err != nil {
		c.fail(FailLinearizability, err)
	}
}
