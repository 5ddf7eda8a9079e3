package sim

import (
	"fmt"
	"strings"
	"time"
)

// FaultStep is one fault the run injected: the unit of a fault schedule. A run records every
// step it takes; RunOptions.Script replays a list of steps instead of drawing new ones, which is
// how Shrink removes faults from a failing run.
type FaultStep struct {
	At      time.Duration
	Kind    FaultKind
	Node    int            // crash, arm-crash, restart, pause, resume
	Shape   PartitionShape // partition
	Links   Links          // partition: the cut installed
	Damage  DiskDamage     // arm-crash
	Replays []ReplayPick   // replay
}

// FaultKind names a fault step.
type FaultKind string

const (
	FaultPartition FaultKind = "partition"
	FaultHealLinks FaultKind = "heal-links"
	FaultCrash     FaultKind = "crash"
	FaultArmCrash  FaultKind = "arm-crash" // crash during the node's next fsync
	FaultRestart   FaultKind = "restart"
	FaultPause     FaultKind = "pause"
	FaultResume    FaultKind = "resume"
	FaultReplay    FaultKind = "replay"
)

// ReplayPick re-delivers the Index-th remembered message (modulo how many are remembered) after
// Delay.
type ReplayPick struct {
	Index int
	Delay time.Duration
}

func (s FaultStep) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "t=%v %s", s.At, s.Kind)
	switch s.Kind {
	case FaultPartition:
		fmt.Fprintf(&b, " %s %s", s.Shape, s.Links)
	case FaultArmCrash:
		fmt.Fprintf(&b, " n%d %s", s.Node, s.Damage)
	case FaultCrash, FaultRestart, FaultPause, FaultResume:
		fmt.Fprintf(&b, " n%d", s.Node)
	case FaultReplay:
		fmt.Fprintf(&b, " %d messages", len(s.Replays))
	}
	return b.String()
}

// scheduleFaults starts the Poisson processes of the seed's fault mix, or, for a scripted run,
// schedules the script's steps.
func (c *Cluster) scheduleFaults(script []FaultStep) {
	if script != nil {
		c.script = script
		for i, s := range script {
			c.agenda.push(event{at: s.At, kind: evScripted, gen: i})
		}
		return
	}
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

// inject applies a fault step and records it in the run's schedule.
func (c *Cluster) inject(s FaultStep) {
	if c.healing {
		return
	}
	s.At = c.now
	c.executed = append(c.executed, s)
	switch s.Kind {
	case FaultPartition:
		c.logf("partition %s", s.Shape)
		c.partitionGen++
		c.setLinks(s.Links)
	case FaultHealLinks:
		c.HealLinks()
	case FaultCrash:
		c.Crash(s.Node)
	case FaultArmCrash:
		if sl := c.slots[s.Node]; sl.node != nil {
			c.logf("arm-crash n%d %s", s.Node, s.Damage)
			sl.disk.ArmCrash(s.Damage)
		}
	case FaultRestart:
		c.restartNode(c.slots[s.Node])
	case FaultPause:
		c.Pause(s.Node)
	case FaultResume:
		c.resume(c.slots[s.Node])
	case FaultReplay:
		if len(c.recent) == 0 {
			return
		}
		for _, p := range s.Replays {
			m := c.recent[p.Index%len(c.recent)]
			c.logMsg("replay", m)
			c.agenda.push(event{at: c.now + p.Delay, kind: evDeliver, env: m})
		}
	}
}

func (c *Cluster) setLinks(l Links) {
	c.links = l
	c.logf("links %s", l)
}

func (c *Cluster) partitionFault() {
	if c.healing {
		return
	}
	shape := c.faults.Shapes[c.frng.IntN(len(c.faults.Shapes))]
	links := MakePartition(shape, c.n, c.frng)
	if shape == IsolateOne && c.frng.Float64() < c.faults.PartitionLeader {
		for _, s := range c.liveNodes() {
			if s.node.Status().Leader {
				links = NewLinks(c.n)
				for other := 1; other <= c.n; other++ {
					if other != s.id {
						links.set(s.id, other, true)
						links.set(other, s.id, true)
					}
				}
				break
			}
		}
	}
	c.inject(FaultStep{Kind: FaultPartition, Shape: shape, Links: links})
	c.agenda.push(event{at: c.now + c.scale(c.faults.PartitionFor), kind: evHealLinks, gen: c.partitionGen})
	c.agenda.push(event{at: c.now + c.exp(c.faults.Partition), kind: evPartition})
}

// Partition cuts the network into the given shape, replacing any current partition.
func (c *Cluster) Partition(shape PartitionShape) {
	c.partitionGen++
	c.logf("partition %s", shape)
	c.setLinks(MakePartition(shape, c.n, c.rng))
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
	s := live[c.frng.IntN(len(live))]
	if c.faults.CrashLeader > 0 && c.frng.Float64() < c.faults.CrashLeader {
		for _, l := range live {
			if l.node.Status().Leader {
				s = l
				break
			}
		}
	}
	if c.faults.CrashIO > 0 && c.frng.Float64() < c.faults.CrashIO {
		damage := c.faults.Damage[c.frng.IntN(len(c.faults.Damage))]
		c.inject(FaultStep{Kind: FaultArmCrash, Node: s.id, Damage: damage})
	} else {
		c.inject(FaultStep{Kind: FaultCrash, Node: s.id})
	}
	c.agenda.push(event{at: c.now + c.scale(c.faults.DownFor), kind: evRestart, node: s.id})
}

// Crash kills node id now; its disk keeps only what was synced.
func (c *Cluster) Crash(id int) {
	s := c.slots[id]
	if s.node == nil {
		return
	}
	c.logf("crash n%d", id)
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
	c.logf("restart n%d records=%d discarded-bytes=%d", s.id, len(records), discarded)
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
	s := cands[c.frng.IntN(len(cands))]
	c.inject(FaultStep{Kind: FaultPause, Node: s.id})
	c.agenda.push(event{at: c.now + c.scale(c.faults.PauseFor), kind: evResume, node: s.id})
}

// Pause stops node id from processing ticks and messages; messages sent to it wait.
func (c *Cluster) Pause(id int) {
	s := c.slots[id]
	if s.node == nil || s.paused {
		return
	}
	c.logf("pause n%d", id)
	s.paused = true
}

// Resume lets a paused node go on, first handing it the messages that waited.
func (c *Cluster) Resume(id int) { c.resume(c.slots[id]) }

func (c *Cluster) resume(s *slot) {
	if s.node == nil || !s.paused {
		return
	}
	c.logf("resume n%d held=%d", s.id, len(s.held))
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
	k := 1
	if c.frng.IntN(2) == 0 {
		// A burst: a stale queue somewhere on the path is flushed, re-delivering a run of
		// recent messages in a new order.
		k = 1 + c.frng.IntN(cap(c.recent))
	}
	step := FaultStep{Kind: FaultReplay}
	for i := 0; i < k; i++ {
		step.Replays = append(step.Replays, ReplayPick{Index: c.frng.IntN(cap(c.recent)), Delay: c.faults.delay(c.frng)})
	}
	c.inject(step)
}

// heal ends the fault phase: links come back, the network becomes reliable, paused nodes resume and
// crashed nodes restart (a node armed to crash in its next fsync is crashed and restarted now).
func (c *Cluster) heal() {
	c.healing = true
	c.logf("heal")
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
