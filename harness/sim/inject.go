package sim

import "fmt"

// scheduleFaults starts the Poisson processes of the seed's fault mix.
func (c *Cluster) scheduleFaults() {
	f := &c.faults
	for _, p := range []struct {
		rate float64
		kind eventKind
	}{{f.Partition, evPartition}, {f.Crash, evCrash}, {f.Pause, evPause}, {f.Replay, evReplay}} {
		if p.rate > 0 {
			c.agenda.push(event{at: c.now + c.exp(p.rate), kind: p.kind})
		}
	}
}

func (c *Cluster) setLinks(l Links) {
	c.links = l
	c.faultf("links %s", l)
}

func (c *Cluster) partitionFault(e event) {
	if c.healing {
		return
	}
	shape := c.faults.Shapes[c.rng.IntN(len(c.faults.Shapes))]
	c.Partition(shape)
	c.agenda.push(event{at: c.now + c.scale(c.faults.PartitionFor), kind: evHealLinks, gen: c.partitionGen})
	c.agenda.push(event{at: c.now + c.exp(c.faults.Partition), kind: evPartition})
}

// Partition cuts the network into the given shape, replacing any current partition.
func (c *Cluster) Partition(shape PartitionShape) {
	c.partitionGen++
	l := MakePartition(shape, c.n, c.rng)
	c.faultf("partition %s", shape)
	c.setLinks(l)
}

// SetLinks installs an explicit connectivity matrix (scenario tests use it).
func (c *Cluster) SetLinks(l Links) {
	c.partitionGen++
	c.setLinks(l)
}

// HealLinks reconnects every node.
func (c *Cluster) HealLinks() {
	c.partitionGen++
	c.setLinks(NewLinks(c.n))
}

func (c *Cluster) liveNodes() []*slot {
	var live []*slot
	for _, s := range c.slots[1:] {
		if s.node != nil {
			live = append(live, s)
		}
	}
	return live
}

func (c *Cluster) crashFault() {
	if c.healing {
		return
	}
	c.agenda.push(event{at: c.now + c.exp(c.faults.Crash), kind: evCrash})
	live := c.liveNodes()
	if len(live) == 0 {
		return
	}
	s := live[c.rng.IntN(len(live))]
	if c.faults.CrashLeader > 0 && c.rng.Float64() < c.faults.CrashLeader {
		for _, l := range live {
			if l.node.Status().Leader {
				s = l
				break
			}
		}
	}
	if c.faults.CrashIO > 0 && c.rng.Float64() < c.faults.CrashIO {
		damage := c.faults.Damage[c.rng.IntN(len(c.faults.Damage))]
		c.faultf("arm-crash n%d %s", s.id, damage)
		s.disk.ArmCrash(damage)
	} else {
		c.Crash(s.id)
	}
	c.agenda.push(event{at: c.now + c.scale(c.faults.DownFor), kind: evRestart, node: s.id})
}

// Crash kills node id now; its disk keeps only what was synced.
func (c *Cluster) Crash(id int) {
	s := c.slots[id]
	if s.node == nil {
		return
	}
	c.faultf("crash n%d", id)
	c.crash(s)
}

// Restart boots a crashed node from its disk; a live node is crashed first.
func (c *Cluster) Restart(id int) { c.restartNode(c.slots[id]) }

func (c *Cluster) restartNode(s *slot) {
	if s.node != nil {
		c.Crash(s.id)
	}
	records, discarded, err := s.disk.Records()
	if err != nil {
		c.fail(FailError, fmt.Errorf("node %d: reading disk: %w", s.id, err))
		return
	}
	c.faultf("restart n%d records=%d discarded-bytes=%d", s.id, len(records), discarded)
	if err := c.start(s, s.tickGap); err != nil {
		c.fail(FailError, err)
	}
}

func (c *Cluster) pauseFault() {
	if c.healing {
		return
	}
	c.agenda.push(event{at: c.now + c.exp(c.faults.Pause), kind: evPause})
	var cands []*slot
	for _, s := range c.liveNodes() {
		if !s.paused {
			cands = append(cands, s)
		}
	}
	if len(cands) == 0 {
		return
	}
	s := cands[c.rng.IntN(len(cands))]
	c.Pause(s.id)
	c.agenda.push(event{at: c.now + c.scale(c.faults.PauseFor), kind: evResume, node: s.id})
}

// Pause stops node id from processing ticks and messages; messages sent to it wait.
func (c *Cluster) Pause(id int) {
	s := c.slots[id]
	if s.node == nil || s.paused {
		return
	}
	c.faultf("pause n%d", id)
	s.paused = true
}

// Resume lets a paused node go on, first handing it the messages that waited.
func (c *Cluster) Resume(id int) { c.resume(c.slots[id]) }

func (c *Cluster) resume(s *slot) {
	if s.node == nil || !s.paused {
		return
	}
	c.faultf("resume n%d held=%d", s.id, len(s.held))
	s.paused = false
	held := s.held
	s.held = nil
	for _, m := range held {
		c.deliver(m)
		if s.node == nil || s.paused {
			return
		}
	}
}

func (c *Cluster) replayFault() {
	if c.healing {
		return
	}
	c.agenda.push(event{at: c.now + c.exp(c.faults.Replay), kind: evReplay})
	if len(c.recent) == 0 {
		return
	}
	if c.rng.IntN(2) == 0 {
		m := c.recent[c.rng.IntN(len(c.recent))]
		c.logMsg("replay", m)
		c.schedule = append(c.schedule, fmt.Sprintf("t=%v replay %d->%d", c.now, m.From, m.To))
		c.agenda.push(event{at: c.now + c.faults.delay(c.rng), kind: evDeliver, env: m})
		return
	}
	// A burst: a stale queue somewhere on the path is flushed, re-delivering a run of recent
	// messages in a new order.
	k := 1 + c.rng.IntN(len(c.recent))
	c.faultf("replay-burst %d", k)
	for i := 0; i < k; i++ {
		m := c.recent[c.rng.IntN(len(c.recent))]
		c.logMsg("replay", m)
		c.agenda.push(event{at: c.now + c.faults.delay(c.rng), kind: evDeliver, env: m})
	}
}

// heal ends the fault phase: links come back, the network becomes reliable, paused nodes resume and
// crashed nodes restart (a node armed to crash in its next fsync is crashed and restarted now).
func (c *Cluster) heal() {
	c.healing = true
	c.faultf("heal")
	c.faults = Faults{Delay: DelayConstant, BaseDelay: c.faults.BaseDelay, ClockSkew: c.faults.ClockSkew, Drift: c.faults.Drift}
	c.HealLinks()
	for _, s := range c.slots[1:] {
		switch {
		case s.node == nil || s.disk.armed:
			c.restartNode(s)
		case s.paused:
			c.resume(s)
		}
	}
}
