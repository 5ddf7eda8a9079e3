package sim

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Step processes the next event on the agenda, then checks the protocol's invariants. It returns
// false when there is nothing left to do, a violation was found, or the step limit was reached.
func (c *Cluster) Step() bool {
	if c.failure != nil || c.agenda.Len() == 0 || (c.opts.MaxSteps > 0 && c.steps >= c.opts.MaxSteps) {
		return false
	}
	e := c.agenda.pop()
	c.now = e.at
	c.steps++
	c.process(e)
	c.check()
	if c.failure == nil && (c.steps >= stepBudget || c.agenda.Len() >= inFlightBudget) {
		// A correct core sends a bounded number of messages per tick; an amplifying one
		// (a reject answered by several resends, multiplied by duplication) would otherwise
		// exhaust memory instead of failing.
		c.fail(FailLiveness, fmt.Errorf("message storm: %d events processed, %d pending at t=%v", c.steps, c.agenda.Len(), c.now))
	}
	return c.failure == nil
}

// Budgets that no healthy run comes near (a seed takes a few thousand steps).
const (
	stepBudget     = 2_000_000
	inFlightBudget = 200_000
)

// RunUntil processes every event due at or before t, then sets the clock to t.
func (c *Cluster) RunUntil(t time.Duration) bool {
	for c.agenda.Len() > 0 && c.agenda.peekTime() <= t {
		if !c.Step() {
			return false
		}
	}
	if c.now < t {
		c.now = t
	}
	return c.failure == nil && !(c.opts.MaxSteps > 0 && c.steps >= c.opts.MaxSteps)
}

func (c *Cluster) process(e event) {
	switch e.kind {
	case evTick:
		c.tick(e)
	case evDeliver:
		c.deliver(e.env)
	case evClient:
		c.clientEvent(e)
	case evPartition:
		c.partitionFault()
	case evHealLinks:
		if e.gen == c.partitionGen {
			c.inject(FaultStep{Kind: FaultHealLinks})
		}
	case evCrash:
		c.crashFault()
	case evRestart:
		c.inject(FaultStep{Kind: FaultRestart, Node: e.node})
	case evPause:
		c.pauseFault()
	case evResume:
		c.inject(FaultStep{Kind: FaultResume, Node: e.node})
	case evReplay:
		c.replayFault()
	case evScripted:
		c.inject(c.script[e.gen])
	}
}

func (c *Cluster) tick(e event) {
	s := c.slots[e.node]
	if e.gen != s.gen || s.node == nil {
		return // a tick of a crashed incarnation
	}
	c.agenda.push(event{at: c.now + s.tickGap, kind: evTick, node: s.id, gen: s.gen})
	if s.paused {
		return
	}
	b := c.log.begin(c.now)
	b = append(b, "tick n"...)
	b = strconv.AppendInt(b, int64(s.id), 10)
	c.log.end(b)
	if err := s.node.Tick(); err != nil {
		c.fail(FailError, err)
		return
	}
	c.drain(s)
}

// exp and scale draw from the fault source, which only fault injection uses: a run replaying a
// script of faults then consumes the other sources exactly as the original run did.

// exp draws an exponential delay for a Poisson process with the given rate per second.
func (c *Cluster) exp(ratePerSec float64) time.Duration {
	d := c.frng.ExpFloat64() / ratePerSec * float64(time.Second)
	if d > float64(math.MaxInt64/4) {
		d = float64(math.MaxInt64 / 4)
	}
	return time.Duration(d) + 1
}

// scale draws a duration uniformly in [d/2, 3d/2].
func (c *Cluster) scale(d time.Duration) time.Duration {
	return d/2 + time.Duration(c.frng.Int64N(int64(d)+1))
}
