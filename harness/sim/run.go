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
	c.runPhases(faultPhase, o.HealTimeouts, o.CheckBudget, o.Script)
	r := &Result{
		Protocol: p.Name(), Nodes: c.n, Seed: o.Seed, Mutation: o.Mutation, FaultPhase: o.FaultPhase, Faults: c.faults0,
		Steps: c.steps, SimTime: c.now, Hash: c.log.hash, Ops: len(c.history),
		Failure: c.failure, Schedule: c.executed, Script: o.Script,
	}
	if tail != nil {
		r.Tail = tail.String()
	}
	return r, nil
}

func (c *Cluster) limitReached() bool { return c.opts.MaxSteps > 0 && c.steps >= c.opts.MaxSteps }

func (c *Cluster) runPhases(faultPhase time.Duration, healTimeouts int, budget time.Duration, script []FaultStep) {
	c.logf("faults %s", c.faults)
	c.faults0 = c.faults
	c.StartClients()
	c.scheduleFaults(script)
	if !c.RunUntil(faultPhase) {
		return
	}
	c.heal()
	c.issuing = false
	electionTimeout := time.Duration(c.opts.ElectionTicks) * c.opts.Tick
	deadline := c.now + time.Duration(healTimeouts)*electionTimeout
	probe := c.addClient()
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
	if !c.hasLeader() {
		c.fail(FailLiveness, fmt.Errorf("an operation committed after the heal but no node believes it leads"))
		return
	}
	// Give the other clients' outstanding operations a chance to complete, so that fewer
	// open-ended operations reach the linearizability checker.
	if !c.RunUntil(c.now + 2*electionTimeout) {
		return
	}
	c.logf("check linearizability of %d operations", len(c.history))
	if err := checkLinearizable(c.history, budget); err != nil {
		c.fail(FailLinearizability, err)
	}
}

// StartClients schedules every client's first operation.
func (c *Cluster) StartClients() {
	c.issuing = true
	for _, cl := range c.clients {
		cl.op = -1
		c.clientTimer(cl, c.thinkTime())
	}
}

func (c *Cluster) addClient() *client {
	cl := &client{id: len(c.clients) + 1, target: 1 + c.rng.IntN(c.n), op: -1}
	c.clients = append(c.clients, cl)
	return cl
}

func (c *Cluster) hasLeader() bool {
	for _, s := range c.slots[1:] {
		if s.node != nil && s.node.Status().Leader {
			return true
		}
	}
	return false
}

// Shrink looks for a minimal fault schedule that still makes a failed run fail: it replays the
// seed with subsets of the faults the run injected (removing halves, then quarters, down to single
// steps, as delta debugging does) and keeps every removal after which the run still fails. It
// returns failed with Shrunk and ShrunkFailure set, after at most maxRuns replays.
func Shrink(p Protocol, o RunOptions, failed *Result, maxRuns int) (*Result, error) {
	if failed.Failure == nil {
		return failed, nil
	}
	best := failed
	schedule := append([]FaultStep(nil), failed.Schedule...)
	runs := 0
	for chunk := (len(schedule) + 1) / 2; chunk >= 1 && runs < maxRuns; chunk /= 2 {
		for start := 0; start < len(schedule) && runs < maxRuns; {
			end := min(start+chunk, len(schedule))
			candidate := append(append([]FaultStep{}, schedule[:start]...), schedule[end:]...)
			o.Script = candidate
			runs++
			res, err := Run(p, o)
			if err != nil {
				return nil, err
			}
			if res.Failure != nil {
				schedule, best = candidate, res
				continue // the same start now names the next chunk
			}
			start = end
		}
		if chunk == 1 {
			break
		}
	}
	out := *failed
	out.Shrunk = schedule
	out.ShrunkFailure = best.Failure
	return &out, nil
}
