package sim

import (
	"fmt"
	"time"
)

// RunOptions configure one seeded two-phase run.
type RunOptions struct {
	Options
	// FaultPhase is the simulated length of the fault phase; zero draws it from the seed in
	// [3s, 6s].
	FaultPhase time.Duration
	// HealTimeouts bounds the heal phase: a fresh operation must commit within this many
	// election timeouts after the heal. Default 10.
	HealTimeouts int
	// CheckBudget is porcupine's time budget; default 10s. Running out of it fails the run.
	CheckBudget time.Duration
	// TailLines, when positive, keeps that many of the last event log lines for the report.
	TailLines int
	// Script, when non-nil, replaces the seed's randomly drawn fault injections (partitions,
	// crashes, pauses, replays) by these steps; everything else still follows the seed.
	Script []FaultStep
}

// Result is the outcome of a run.
type Result struct {
	Protocol string
	Nodes    int
	Seed     uint64
	Mutation string
	// FaultPhase is the fault phase length the caller fixed (zero when drawn from the seed).
	FaultPhase time.Duration
	Faults     Faults
	Steps      int
	SimTime    time.Duration
	Hash       uint64 // FNV-1a of the event log
	Ops        int    // client operations in the history
	Failure    *Failure
	Schedule   []FaultStep // the faults injected, in order
	// Script is RunOptions.Script: non-nil when the run replayed a given fault schedule.
	Script []FaultStep
	// Shrunk, set by Shrink, is a minimal sub-schedule of Schedule that still fails, and
	// ShrunkFailure how the seed fails with only those faults.
	Shrunk        []FaultStep
	ShrunkFailure *Failure
	Tail          string // the last TailLines lines of the event log
}

// Run simulates one seed: a fault phase in which invariants are checked after every event, then a
// heal phase in which a fresh client operation must commit within HealTimeouts election timeouts,
// then a linearizability check of the whole client history. The Result is a pure function of p,
// the options and the code.
func Run(p Protocol, o RunOptions) (*Result, error) {
	var tail *tailRing
	if o.TailLines > 0 {
		tail = newTailRing(o.TailLines)
	}
	c, err := NewCluster(p, o.Options)
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
	faultPhase := o.FaultPhase
	if faultPhase == 0 {
		faultPhase = 3*time.Second + time.Duration(c.rng.Int64N(int64(3*time.Second)))
	}
	faults := c.net.faults // the fault phase's mix, for the report
	c.runPhases(faultPhase, o.HealTimeouts, o.CheckBudget, o.Script)
	r := &Result{
		Protocol: p.Name(), Nodes: c.n, Seed: o.Seed, Mutation: o.Mutation, FaultPhase: o.FaultPhase, Faults: faults,
		Steps: c.steps, SimTime: c.now, Hash: c.log.hash, Ops: len(c.clients.history),
		Failure: c.failure, Schedule: c.nem.executed, Script: o.Script,
	}
	if tail != nil {
		r.Tail = tail.String()
	}
	return r, nil
}

func (c *Cluster) runPhases(faultPhase time.Duration, healTimeouts int, budget time.Duration, script []FaultStep) {
	c.logf("faults %s", c.net.faults)
	c.clients.start()
	c.nem.start(script)
	if !c.RunUntil(faultPhase) {
		return
	}
	c.heal()
	c.clients.issuing = false
	electionTimeout := c.opts.electionTimeout()
	deadline := c.now + time.Duration(healTimeouts)*electionTimeout
	probe := c.clients.add()
	c.newOp(probe, Command{Client: probe.id, Seq: 1, Kind: OpAppend, Key: "a", Value: "probe;"})
	for probe.pending && c.now <= deadline {
		if c.agenda.Len() == 0 || c.agenda.peekTime() > deadline {
			c.now = deadline + 1
			break
		}
		if !c.Step() {
			return
		}
	}
	if probe.pending {
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
	if err := checkLinearizable(c.clients.history, budget); err != nil {
		c.fail(FailLinearizability, err)
	}
}
