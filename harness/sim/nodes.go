package sim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/dsref/dsref/raft/session"
)

// slot is one node position: its disk and clock survive crashes, its Node does not.
type slot struct {
	id      int
	node    Node // nil while crashed
	disk    *Disk
	kv      *KV
	gen     int // incarnation; ticks of earlier incarnations are stale
	paused  bool
	held    []Envelope // messages that arrived while paused
	missed  int        // ticks that came while paused
	applied uint64     // highest index applied to kv
	reads   []pendingRead
	tickGap time.Duration // simulated time between the node's ticks
	// firstTick is when, after the cluster starts, the node first ticks.
	firstTick time.Duration
	rng       *rand.Rand
}

// pendingRead is a read whose read point the node has answered; it is served once the node has
// applied that index.
type pendingRead struct {
	cmd   Command
	index uint64
}

// nodeSet is the cluster's nodes: it boots each on its slot's disk, kills it, and checks the
// protocol's invariants over the live ones. What a node's output does to the rest of the cluster
// (messages sent, commands applied) is the cluster's business, not the node set's.
type nodeSet struct {
	w       *world
	proto   Protocol
	slots   []*slot // index 1..n
	checker Checker
	view    []Node     // reused argument of Checker.Check
	base    NodeConfig // what every node is started with, but its ID, disk and source
	// sessions bounds every node's session table (see sessionConfig).
	sessions session.Config
	// tracer records the session trace; nil: none.
	tracer *sessionTracer
}

// newKV returns node id's empty store, its session table tracing to the session trace; the
// trace records the node restarting with it (Session.tla's Restart).
func (ns *nodeSet) newKV(id int) *KV {
	ns.tracer.event(id, "Restart", map[string]any{})
	return newKV(ns.tracer.tableConfig(ns.sessions, id))
}

// get returns node id's slot.
func (ns *nodeSet) get(id int) *slot { return ns.slots[id] }

func (ns *nodeSet) config(s *slot) NodeConfig {
	cfg := ns.base
	cfg.Peers = make([]int, len(ns.slots)-1)
	for i := range cfg.Peers {
		cfg.Peers[i] = i + 1
	}
	cfg.ID, cfg.Disk, cfg.Rand = s.id, s.disk, s.rng
	return cfg
}

// boot starts a node on its slot's disk and schedules its first tick after delay; the caller
// then drains its first output.
func (ns *nodeSet) boot(s *slot, delay time.Duration) error {
	s.gen++
	node, err := ns.proto.StartNode(ns.config(s))
	if err != nil {
		return fmt.Errorf("sim: starting node %d: %w", s.id, err)
	}
	s.node, s.kv, s.paused, s.held, s.missed, s.applied, s.reads = node, ns.newKV(s.id), false, nil, 0, 0, nil
	ns.w.schedule(delay, event{kind: evTick, node: s.id, gen: s.gen})
	return nil
}

// kill crashes a node: its volatile state is gone, its disk keeps only what was synced.
func (ns *nodeSet) kill(s *slot) {
	if s.node == nil {
		return
	}
	ns.w.trace.heldDropped(s.held)
	s.node, s.kv, s.held, s.paused, s.missed, s.reads = nil, nil, nil, false, 0, nil
	s.disk.Crash()
	s.gen++
}

// live returns the slots of the running nodes, in ID order.
func (ns *nodeSet) live() []*slot {
	var live []*slot
	for _, s := range ns.slots[1:] {
		if s.node != nil {
			live = append(live, s)
		}
	}
	return live
}

// hasLeader reports whether some running node believes it leads.
func (ns *nodeSet) hasLeader() bool {
	for _, s := range ns.slots[1:] {
		if s.node != nil && s.node.Status().Leader {
			return true
		}
	}
	return false
}

// check runs the protocol's invariants over the live nodes.
func (ns *nodeSet) check() {
	if ns.w.failure != nil {
		return
	}
	if ns.view == nil {
		ns.view = make([]Node, len(ns.slots)-1)
	}
	for id := 1; id < len(ns.slots); id++ {
		ns.view[id-1] = ns.slots[id].node
	}
	if err := ns.checker.Check(ns.view); err != nil {
		ns.w.fail(FailInvariant, err)
	}
}
