package sim

import (
	"fmt"
	"strconv"
	"time"
)

// Step processes the next event on the agenda, then checks the protocol's invariants. It returns
// false when there is nothing left to do, a violation was found, or the step limit was reached.
func (c *Cluster) Step() bool {
	if c.failure != nil || c.scriptErr != nil || c.agenda.Len() == 0 || c.limitReached() {
		return false
	}
	e := c.agenda.pop()
	c.now = e.at
	c.steps++
	c.process(e)
	c.nodes.check()
	if c.failure == nil && (c.steps >= stepBudget+int(c.now/time.Second)*stepsPerSecond || c.agenda.Len() >= inFlightBudget) {
		// A correct core sends a bounded number of messages per tick; an amplifying one
		// (a reject answered by several resends, multiplied by duplication) would otherwise
		// exhaust memory instead of failing.
		c.fail(FailLiveness, fmt.Errorf("message storm: %d events processed, %d pending at t=%v", c.steps, c.agenda.Len(), c.now))
	}
	if c.progress != nil && c.steps&1023 == 0 {
		c.progress.tick(c)
	}
	return c.failure == nil && c.scriptErr == nil
}

// Budgets that no healthy run comes near: a seed takes a few thousand steps, and no seed of 200
// per protocol and cluster size (3, 5, 9) takes more than 3,400 steps per simulated second.
const (
	stepBudget     = 2_000_000
	stepsPerSecond = 20_000
	inFlightBudget = 200_000
)

func (c *Cluster) limitReached() bool { return c.opts.MaxSteps > 0 && c.steps >= c.opts.MaxSteps }

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
	return c.failure == nil && c.scriptErr == nil && !c.limitReached()
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
		c.nem.partition()
	case evHealLinks:
		if e.gen == c.net.gen {
			c.inject(FaultStep{Kind: FaultHealLinks})
		}
	case evCrash:
		c.nem.crash()
	case evRestart:
		c.nem.due(FaultRestart, e.node)
	case evPause:
		c.nem.pause()
	case evResume:
		c.nem.due(FaultResume, e.node)
	case evReplay:
		c.nem.replay()
	case evOperate:
		c.operate()
	case evScripted:
		step := c.nem.script[e.gen]
		c.inject(step)
		if c.scriptErr != nil {
			c.scriptErr = fmt.Errorf("schedule step %d (%q): %w", e.gen+1, step.String(), c.scriptErr)
		}
	}
}

func (c *Cluster) tick(e event) {
	s := c.nodes.get(e.node)
	if e.gen != s.gen || s.node == nil {
		return // a tick of a crashed incarnation
	}
	c.schedule(s.tickGap, event{kind: evTick, node: s.id, gen: s.gen})
	if s.paused {
		s.missed++
		return
	}
	c.tickNode(s)
}

// tickNode gives node s one tick and processes its output.
func (c *Cluster) tickNode(s *slot) {
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
