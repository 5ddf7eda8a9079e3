package sim

import "fmt"

// inject applies a fault step and records it in the run's schedule.
func (c *Cluster) inject(s FaultStep) {
	if c.nem.healing {
		return
	}
	s.At = c.now
	if s.Kind == FaultReplay {
		// A replayed message must have been delivered: a script cannot know that in advance.
		for _, p := range s.Replays {
			if _, ok := c.net.delivered(p.Age); !ok {
				c.scriptErr = fmt.Errorf("replay of the message delivered %d deliveries ago at %v, when only %d had been delivered", p.Age, c.now, len(c.net.recent))
				return
			}
		}
	}
	c.nem.st.apply(s)
	c.nem.executed = append(c.nem.executed, s)
	switch s.Kind {
	case FaultDrop, FaultDuplicate, FaultReorder, FaultDelay:
		c.net.configure(s)
		c.logf("%s", s)
	case FaultSkew, FaultDrift:
		c.configureClock(s)
		c.logf("%s", s)
	case FaultPartition:
		c.counts.Partitions++
		c.logf("partition %s", s.Shape)
		c.net.cut(s.Links)
	case FaultHealLinks:
		c.HealLinks()
	case FaultCrash:
		c.counts.Crashes++
		c.Crash(s.Node)
	case FaultArmCrash:
		if sl := c.nodes.get(s.Node); sl.node != nil {
			c.logf("arm-crash n%d %s", s.Node, s.Damage)
			sl.disk.ArmCrash(s.Damage)
		}
	case FaultRestart:
		c.counts.Restarts++
		c.restart(c.nodes.get(s.Node))
	case FaultPause:
		c.counts.Pauses++
		c.Pause(s.Node)
	case FaultResume:
		c.resume(c.nodes.get(s.Node))
	case FaultReplay:
		for _, p := range s.Replays {
			m, _ := c.net.delivered(p.Age)
			c.counts.Replayed++
			c.net.logMsg("replay", m)
			if pos, ok := c.net.position(p.Age); ok {
				c.trace.replayed(pos, m)
			}
			c.schedule(p.Delay, event{kind: evDeliver, env: m})
		}
	}
}

// configureClock sets a node's first tick late (skew) or its tick length (drift), as it starts.
func (c *Cluster) configureClock(s FaultStep) {
	sl := c.nodes.get(s.Node)
	if s.Kind == FaultSkew {
		c.counts.SkewedClocks++
		sl.firstTick = c.opts.Tick + s.Skew
	} else {
		c.counts.DriftingClocks++
		sl.tickGap = s.TickGap
	}
}

// configure applies a network step: a drop, duplicate or reorder probability, or a delay
// distribution, from now on.
func (nw *network) configure(s FaultStep) {
	switch s.Kind {
	case FaultDrop:
		nw.faults.Drop = s.Prob
	case FaultDuplicate:
		nw.faults.Duplicate = s.Prob
	case FaultReorder:
		nw.faults.Reorder, nw.faults.ReorderFor = s.Prob, s.HoldBack
	case FaultDelay:
		nw.faults.Delay, nw.faults.BaseDelay, nw.faults.Jitter = s.DelayKind, s.BaseDelay, s.Jitter
	}
}

// Partition cuts the network into the given shape, replacing any current partition.
func (c *Cluster) Partition(shape PartitionShape) {
	c.logf("partition %s", shape)
	c.net.cut(MakePartition(shape, c.n, c.rng))
}

// SetLinks installs an explicit connectivity matrix (scenario tests use it).
func (c *Cluster) SetLinks(l Links) { c.net.cut(l) }

// HealLinks reconnects every node.
func (c *Cluster) HealLinks() { c.net.cut(NewLinks(c.n)) }

// Crash kills node id now; its disk keeps only what was synced.
func (c *Cluster) Crash(id int) {
	s := c.nodes.get(id)
	if s.node == nil {
		return
	}
	c.logf("crash n%d", id)
	c.nodes.kill(s)
}

// Restart boots a crashed node from its disk; a live node is crashed first.
func (c *Cluster) Restart(id int) { c.restart(c.nodes.get(id)) }

func (c *Cluster) restart(s *slot) {
	if s.node != nil {
		c.Crash(s.id)
	}
	records, discarded, err := s.disk.Records()
	if err != nil {
		c.fail(FailError, fmt.Errorf("node %d: reading disk: %w", s.id, err))
		return
	}
	c.logf("restart n%d records=%d discarded-bytes=%d", s.id, len(records), discarded)
	if err := c.start(s, s.tickGap); err != nil {
		c.fail(FailError, err)
	}
}

// Pause stops node id from processing ticks and messages; messages sent to it wait.
func (c *Cluster) Pause(id int) {
	s := c.nodes.get(id)
	if s.node == nil || s.paused {
		return
	}
	c.logf("pause n%d", id)
	s.paused = true
}

// Resume lets a paused node go on, first handing it the messages that waited.
func (c *Cluster) Resume(id int) { c.resume(c.nodes.get(id)) }

func (c *Cluster) resume(s *slot) {
	if s.node == nil || !s.paused {
		return
	}
	c.logf("resume n%d held=%d", s.id, len(s.held))
	s.paused = false
	missed := s.missed
	s.missed = 0
	if tc, ok := s.node.(TickCatcher); ok && tc.CatchesUpTicks() {
		// Its clock ran on during the pause: the ticks come before anything else.
		for ; missed > 0; missed-- {
			c.tickNode(s)
			if s.node == nil || s.paused {
				return
			}
		}
	}
	held := s.held
	s.held = nil
	for _, m := range held {
		c.deliver(m)
		if s.node == nil || s.paused {
			return
		}
	}
}

// heal ends the fault phase: links come back, the network becomes reliable, paused nodes resume and
// crashed nodes restart (a node armed to crash in its next fsync is crashed and restarted now).
func (c *Cluster) heal() {
	c.nem.healing = true
	c.logf("heal")
	f := c.net.faults
	c.net.faults = Faults{Delay: DelayConstant, BaseDelay: f.BaseDelay, ClockSkew: f.ClockSkew, Drift: f.Drift}
	c.HealLinks()
	for _, s := range c.nodes.slots[1:] {
		switch {
		case s.node == nil || s.disk.armed:
			c.restart(s)
		case s.paused:
			c.resume(s)
		}
	}
}
