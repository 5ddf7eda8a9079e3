package paxossim

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/paxos"
)

// SynodLog runs a replicated log built from one single-decree paxos.Synod per slot, the
// "Basic Paxos per slot" design: there is no leader, every node proposes its clients' commands
// itself, so proposers duel for slots all the time, and every acceptor sends its phase-2b votes
// to every learner. That makes it the configuration in which learners see votes for one slot
// cast in several ballots with different values, which Multi-Paxos (one learner per ballot, the
// leader) never shows; the learner's rule that a quorum must vote in one ballot (PAXOS-7, the
// mixed-ballot-quorum mutation) is exercised only here.
type SynodLog struct{}

// maxSlotAhead bounds how far past its decided prefix a node accepts a slot number from the
// wire, so a corrupted message cannot make it allocate without bound.
const maxSlotAhead = 1 << 16

// gapTicks is how long a node waits before filling a hole in its decided prefix with a no-op
// proposal (which, if the slot is already decided, only teaches it the decided value).
const gapTicks = 3

// SlotMessage is a Synod message for one slot of the log.
type SlotMessage struct {
	Slot uint64
	Msg  paxos.Message
}

// Name implements sim.Protocol.
func (SynodLog) Name() string { return "synod" }

// StartNode implements sim.Protocol.
func (SynodLog) StartNode(cfg sim.NodeConfig) (sim.Node, error) {
	records, _, err := cfg.Disk.Records()
	if err != nil {
		return nil, err
	}
	states, err := recoverSlots(records)
	if err != nil {
		return nil, err
	}
	peers := make([]paxos.NodeID, len(cfg.Peers))
	for i, id := range cfg.Peers {
		peers[i] = paxos.NodeID(id)
	}
	n := &SynodNode{id: cfg.ID, disk: cfg.Disk, decided: map[uint64]paxos.Entry{}, proposing: map[uint64]bool{}}
	n.cfg = paxos.Config{
		ID: paxos.NodeID(cfg.ID), Peers: peers,
		ElectionTicks: cfg.ElectionTicks, HeartbeatTicks: cfg.HeartbeatTicks,
		Rand: cfg.Rand,
	}
	if cfg.Mutation != "" {
		if err := plantMutation(&n.cfg, cfg.Mutation); err != nil {
			return nil, err
		}
	}
	n.trace = cfg.Trace
	if _, err := paxos.NewSynod(n.cfg); err != nil {
		return nil, err // every slot's instance uses this config
	}
	for slot := uint64(1); slot < uint64(len(states)); slot++ {
		st := states[slot]
		if st == nil {
			continue
		}
		s, err := paxos.RestartSynod(n.config(slot), *st)
		if err != nil {
			return nil, fmt.Errorf("paxossim: synod node %d slot %d: %w", cfg.ID, slot, err)
		}
		n.setInstance(slot, s)
		if e, ok := s.Decision(); ok {
			// Handed out before the crash, so the core will not hand it out again; the
			// fresh state machine gets it from here.
			n.learn(slot, e)
		}
	}
	return n, nil
}

// SynodNode is one node of a SynodLog cluster.
type SynodNode struct {
	id        int
	cfg       paxos.Config // every instance's, but its tracer (config)
	trace     sim.TraceSink
	disk      *sim.Disk
	inst      []*paxos.Synod // by slot; index 0 unused
	decided   map[uint64]paxos.Entry
	applied   uint64 // decided prefix handed to the state machine
	queue     [][]byte
	pending   []byte // the command being proposed, nil if none
	slot      uint64 // where pending is proposed, 0 if not yet placed
	proposing map[uint64]bool
	stuck     int      // ticks the decided prefix has had a hole
	fresh     []uint64 // slots decided since the checker last looked
	highest   uint64   // highest ballot round seen
}

func (n *SynodNode) setInstance(slot uint64, s *paxos.Synod) {
	for uint64(len(n.inst)) <= slot {
		n.inst = append(n.inst, nil)
	}
	n.inst[slot] = s
}

func (n *SynodNode) instance(slot uint64) *paxos.Synod {
	if slot < uint64(len(n.inst)) && n.inst[slot] != nil {
		return n.inst[slot]
	}
	// StartNode built an instance with this config, so NewSynod cannot fail here.
	s, _ := paxos.NewSynod(n.config(slot))
	n.setInstance(slot, s)
	return s
}

// config is the configuration of slot's instance: the node's, with a tracer that names the
// slot.
func (n *SynodNode) config(slot uint64) paxos.Config {
	cfg := n.cfg
	if n.trace != nil {
		cfg.Tracer = tracer{sink: n.trace, id: n.id, slot: slot}
	}
	return cfg
}

// Tick implements sim.Node.
func (n *SynodNode) Tick() error {
	for _, s := range n.inst {
		if s != nil {
			s.Tick()
		}
	}
	if uint64(len(n.inst)) > n.applied+1 && !n.proposing[n.applied+1] {
		if _, ok := n.decided[n.applied+1]; !ok {
			n.stuck++
			if n.stuck >= gapTicks {
				n.stuck = 0
				n.propose(n.applied+1, []byte{})
			}
		}
	}
	return nil
}

func (n *SynodNode) propose(slot uint64, value []byte) {
	s := n.instance(slot)
	if err := s.Propose(value); err == nil {
		n.proposing[slot] = true
	} else if e, ok := s.Decision(); ok {
		n.learn(slot, e)
	}
}

// Step implements sim.Node.
func (n *SynodNode) Step(from int, payload any) error {
	m, ok := payload.(SlotMessage)
	if !ok {
		return fmt.Errorf("paxossim: synod node %d: payload %T from %d is not a SlotMessage", n.id, payload, from)
	}
	if m.Slot == 0 || m.Slot > n.applied+maxSlotAhead {
		return fmt.Errorf("paxossim: synod node %d: message from %d names slot %d (decided prefix %d)", n.id, from, m.Slot, n.applied)
	}
	n.highest = max(n.highest, m.Msg.Ballot.Round())
	return n.instance(m.Slot).Step(m.Msg)
}

// Propose implements sim.Node: every node accepts commands and proposes them one at a time.
func (n *SynodNode) Propose(cmd []byte) error {
	if len(n.queue) >= 64 {
		return sim.ErrNotLeader
	}
	n.queue = append(n.queue, bytes.Clone(cmd))
	return nil
}

// Drain implements sim.Node.
func (n *SynodNode) Drain() (sim.Output, error) {
	var out sim.Output
	for {
		n.placePending()
		progressed := false
		for slot := uint64(1); slot < uint64(len(n.inst)); slot++ {
			s := n.inst[slot]
			if s == nil || !s.HasReady() {
				continue
			}
			progressed = true
			rd := s.Ready()
			mustSync := false
			if rd.PersistPromised {
				if err := n.disk.Append(encodeSlotPromise(slot, rd.Promised)); err != nil {
					return out, err
				}
				mustSync = true
			}
			for _, e := range rd.Accepted {
				e.Slot = slot
				if err := n.disk.Append(encodeEntries(recAccepted, []paxos.Entry{e})); err != nil {
					return out, err
				}
				mustSync = true
			}
			if mustSync {
				if err := n.disk.Sync(); err != nil {
					return out, err
				}
			}
			for _, e := range rd.Decided {
				e.Slot = slot
				if err := n.disk.Append(encodeEntries(recDecided, []paxos.Entry{e})); err != nil {
					return out, err
				}
				n.learn(slot, e)
			}
			for _, m := range rd.Messages {
				if len(m.Entries) > 0 {
					m.Entries = append([]paxos.Entry(nil), m.Entries...)
				}
				out.Messages = append(out.Messages, sim.Envelope{From: n.id, To: int(m.To), Payload: SlotMessage{Slot: slot, Msg: m}})
			}
		}
		for {
			e, ok := n.decided[n.applied+1]
			if !ok {
				break
			}
			n.applied++
			n.stuck = 0
			var cmd []byte
			if len(e.Data) > 0 {
				cmd = e.Data
			}
			out.Applied = append(out.Applied, sim.Applied{Index: n.applied, Cmd: cmd})
		}
		if !progressed {
			return out, nil
		}
	}
}

func (n *SynodNode) learn(slot uint64, e paxos.Entry) {
	if _, ok := n.decided[slot]; ok {
		return
	}
	n.decided[slot] = e
	n.fresh = append(n.fresh, slot)
	delete(n.proposing, slot)
	if slot == n.slot && n.pending != nil {
		if bytes.Equal(e.Data, n.pending) {
			n.pending = nil
		}
		n.slot = 0 // chosen, or another value won: place it again
	}
}

// placePending starts proposing the next queued command in the first slot that is neither
// decided nor being proposed here.
func (n *SynodNode) placePending() {
	if n.pending == nil && len(n.queue) > 0 {
		n.pending, n.queue = n.queue[0], n.queue[1:]
		n.slot = 0
	}
	if n.pending == nil || n.slot != 0 {
		return
	}
	slot := n.applied + 1
	for {
		_, done := n.decided[slot]
		if !done && !n.proposing[slot] {
			break
		}
		slot++
	}
	n.slot = slot
	n.propose(slot, n.pending)
}

// Status implements sim.Node: every node takes proposals, so each one counts as a leader.
func (n *SynodNode) Status() sim.NodeStatus {
	return sim.NodeStatus{Term: n.highest, Leader: true, LeaderID: n.id, Commit: n.applied, Applied: n.applied}
}

// AppendMessage implements sim.Protocol.
func (SynodLog) AppendMessage(b []byte, payload any) []byte {
	m, ok := payload.(SlotMessage)
	if !ok {
		return fmt.Appendf(b, "%T", payload)
	}
	b = append(b, "slot="...)
	b = strconv.AppendUint(b, m.Slot, 10)
	b = append(b, ' ')
	return Protocol{}.AppendMessage(b, m.Msg)
}

// NewChecker implements sim.Protocol.
func (SynodLog) NewChecker(int) sim.Checker { return &synodChecker{decided: map[uint64]paxos.Entry{}} }

// synodChecker checks per-slot agreement over every value any learner decides, applied or not.
type synodChecker struct {
	decided map[uint64]paxos.Entry
}

// Check implements sim.Checker.
//
// Checks per-slot agreement (Consistency).
func (c *synodChecker) Check(nodes []sim.Node) error {
	for i, sn := range nodes {
		if sn == nil {
			continue
		}
		n := sn.(*SynodNode)
		for _, slot := range n.fresh {
			e := n.decided[slot]
			k, ok := c.decided[slot]
			if !ok {
				c.decided[slot] = e
				continue
			}
			if !bytes.Equal(k.Data, e.Data) {
				return fmt.Errorf("Agreement: node %d learned %q for slot %d in ballot %v, but %q was learned there in ballot %v",
					i+1, e.Data, slot, e.Ballot, k.Data, k.Ballot)
			}
		}
		n.fresh = n.fresh[:0]
	}
	return nil
}

const recSlotPromise byte = 4 // uvarint slot, uvarint ballot

func encodeSlotPromise(slot uint64, b paxos.Ballot) []byte {
	out := binary.AppendUvarint([]byte{recSlotPromise}, slot)
	return binary.AppendUvarint(out, uint64(b))
}

// recoverSlots rebuilds each slot's acceptor state from the disk: its promise, its newest vote
// and its decided value.
func recoverSlots(records [][]byte) ([]*paxos.PersistentState, error) {
	var states []*paxos.PersistentState
	at := func(slot uint64) *paxos.PersistentState {
		for uint64(len(states)) <= slot {
			states = append(states, nil)
		}
		if states[slot] == nil {
			states[slot] = &paxos.PersistentState{}
		}
		return states[slot]
	}
	for n, rec := range records {
		if len(rec) == 0 || rec[0] != recSlotPromise {
			st, err := recoverState([][]byte{rec})
			if err != nil {
				return nil, fmt.Errorf("paxossim: synod disk record %d: %w", n, err)
			}
			for _, e := range st.Accepted {
				slot := e.Slot
				e.Slot = 0
				at(slot).Accepted = []paxos.Entry{e}
			}
			for _, e := range st.Decided {
				slot := e.Slot
				e.Slot = 0
				at(slot).Decided = []paxos.Entry{e}
			}
			if st.Promised != 0 {
				return nil, fmt.Errorf("paxossim: synod disk record %d: a promise without a slot", n)
			}
			continue
		}
		slot, k := binary.Uvarint(rec[1:])
		if k <= 0 || slot == 0 || slot > maxSlotAhead*16 {
			return nil, fmt.Errorf("paxossim: synod disk record %d: bad slot", n)
		}
		b, k2 := binary.Uvarint(rec[1+k:])
		if k2 <= 0 {
			return nil, fmt.Errorf("paxossim: synod disk record %d: bad ballot", n)
		}
		st := at(slot)
		st.Promised = max(st.Promised, paxos.Ballot(b))
	}
	return states, nil
}
