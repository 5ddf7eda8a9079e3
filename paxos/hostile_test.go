package paxos_test

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

// The tests in this file feed the cores values at the edges of their types: ballots in the
// last round, slots and commit indexes near and past 2^48 and 2^64, configurations whose timer
// arithmetic would overflow. Nothing may wrap, panic, hang or break a safety invariant.

const maxSlot = 1 << 48 // the largest slot a message may name (paxos.maxSlot)

// lastBallot is the highest ballot node can own.
func lastBallot(node paxos.NodeID) paxos.Ballot { return paxos.MakeBallot(paxos.MaxRound, node) }

// Tests PAXOS-1.
func TestMakeBallotSaturates(t *testing.T) {
	for _, round := range []uint64{paxos.MaxRound + 1, 1 << 60, math.MaxUint64} {
		if got := paxos.MakeBallot(round, 3); got != lastBallot(3) {
			t.Errorf("MakeBallot(%d, 3) = %v (%d), want the last ballot %v", round, got, uint64(got), lastBallot(3))
		}
	}
	if b := lastBallot(paxos.MaxNodeID); uint64(b) != math.MaxUint64 || b.Round() != paxos.MaxRound {
		t.Errorf("lastBallot(MaxNodeID) = %d, want 2^64-1", uint64(b))
	}
}

// A node that promised a ballot of the last round cannot start a higher one. Before the fix,
// campaign computed MakeBallot(MaxRound+1, id), which wrapped to round 0: the node's own
// acceptor then promised that tiny ballot, lowering its promise (PAXOS-2 broken), and sent
// Prepares below a ballot it had promised (PAXOS-1 broken).
//
// Tests PAXOS-1, PAXOS-2.
func TestCampaignInLastRoundKeepsPromise(t *testing.T) {
	n, err := paxos.NewNode(paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3}})
	must(t, err)
	top := lastBallot(2)
	must(t, n.Step(paxos.Message{Type: paxos.MsgPrepare, From: 2, To: 1, Ballot: top, Slot: 1}))
	n.Ready()
	err = n.Campaign()
	var exhausted *paxos.BallotExhaustedError
	if !errors.As(err, &exhausted) || !errors.Is(err, paxos.ErrBallotExhausted) || exhausted.Highest != top || exhausted.Node != 1 {
		t.Fatalf("Campaign after promising %v = %v, want a *BallotExhaustedError naming node 1 and %v", top, err, top)
	}
	if !strings.Contains(err.Error(), "node 1 cannot start a ballot") {
		t.Errorf("error text %q", err)
	}
	rd := n.Ready()
	if st := n.Status(); st.Promised != top || st.Role != paxos.Follower || len(rd.Messages) != 0 || rd.PersistPromised {
		t.Fatalf("after refused campaign: status %+v, ready %+v; want promise %v kept and nothing sent", st, rd, top)
	}
	// The election timer fires again and again: still nothing is lowered or sent.
	for i := 0; i < 200; i++ {
		n.Tick()
		rd := n.Ready()
		if st := n.Status(); st.Promised != top || len(rd.Messages) != 0 {
			t.Fatalf("tick %d: promise %v, sent %v", i, st.Promised, rd.Messages)
		}
	}
	// It still serves as an acceptor for the owner of the last ballot.
	must(t, n.Step(paxos.Message{Type: paxos.MsgAccept, From: 2, To: 1, Ballot: top, Entries: []paxos.Entry{{Slot: 1, Data: []byte("x")}}}))
	if rd := n.Ready(); len(rd.Accepted) != 1 || len(rd.Messages) != 1 || rd.Messages[0].Type != paxos.MsgAccepted {
		t.Fatalf("vote in the last ballot: %+v", rd)
	}
	// One round below the last, a campaign still works, and uses the last round.
	m, err := paxos.NewNode(paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3}})
	must(t, err)
	must(t, m.Step(paxos.Message{Type: paxos.MsgPrepare, From: 2, To: 1, Ballot: paxos.MakeBallot(paxos.MaxRound-1, 2), Slot: 1}))
	must(t, m.Campaign())
	if st := m.Status(); st.Ballot != lastBallot(1) || st.Promised != lastBallot(1) {
		t.Fatalf("campaign one round below the last: %+v, want ballot %v", st, lastBallot(1))
	}
}

// Tests PAXOS-1, PAXOS-2.
func TestSynodProposeInLastRoundKeepsPromise(t *testing.T) {
	s, err := paxos.NewSynod(paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3}})
	must(t, err)
	top := lastBallot(3)
	must(t, s.Step(paxos.Message{Type: paxos.MsgPrepare, From: 3, To: 1, Ballot: top}))
	s.Ready()
	if err := s.Propose([]byte("v")); !errors.Is(err, paxos.ErrBallotExhausted) {
		t.Fatalf("Propose after promising %v = %v, want ErrBallotExhausted", top, err)
	}
	for i := 0; i < 200; i++ {
		s.Tick()
		rd := s.Ready()
		if s.Promised() != top || len(rd.Messages) != 0 {
			t.Fatalf("tick %d: promise %v, sent %v", i, s.Promised(), rd.Messages)
		}
	}
	// A proposer whose timer fires in the last round keeps its value and waits.
	s2, err := paxos.NewSynod(paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3}, ElectionTicks: 2, HeartbeatTicks: 1})
	must(t, err)
	must(t, s2.Step(paxos.Message{Type: paxos.MsgPrepare, From: 3, To: 1, Ballot: paxos.MakeBallot(paxos.MaxRound-1, 3)}))
	must(t, s2.Propose([]byte("v")))
	if s2.Promised() != lastBallot(1) {
		t.Fatalf("proposal one round below the last promised %v, want %v", s2.Promised(), lastBallot(1))
	}
	for i := 0; i < 50; i++ {
		s2.Tick()
		s2.Ready()
		if s2.Promised() != lastBallot(1) {
			t.Fatalf("tick %d: promise went from %v to %v", i, lastBallot(1), s2.Promised())
		}
	}
}

// Tests PAXOS-10, PAXOS-6.
func TestRestartRefusesStateBeyondSlotRange(t *testing.T) {
	cfg := paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3}}
	for _, tc := range []struct {
		st   paxos.PersistentState
		want string
	}{
		// Before the fix, Applied = 2^64-1 made Ready hand out slots 0, 1, 2, ... forever.
		{paxos.PersistentState{Applied: math.MaxUint64}, "applied slot 18446744073709551615 is beyond the largest slot"},
		{paxos.PersistentState{Applied: maxSlot + 1}, "applied slot 281474976710657"},
		{paxos.PersistentState{Decided: []paxos.Entry{{Slot: math.MaxUint64, Ballot: 1}}}, "decided entry for slot 18446744073709551615 is beyond"},
		{paxos.PersistentState{Promised: 1, Accepted: []paxos.Entry{{Slot: math.MaxUint64, Ballot: 1}}}, "accepted entry for slot 18446744073709551615 is beyond"},
		{paxos.PersistentState{Accepted: []paxos.Entry{{Slot: 1}}}, "accepted entry for slot 1 has the zero ballot"},
		{paxos.PersistentState{Decided: []paxos.Entry{{Slot: 2, Ballot: 1}, {Slot: 2, Ballot: 1}}}, "two decided entries for slot 2"},
	} {
		_, err := paxos.RestartNode(cfg, tc.st)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "paxos: restart node 1: ") {
			t.Errorf("RestartNode(%+v) = %v, want error containing %q", tc.st, err, tc.want)
		}
	}
	// A durable vote is a promise, even if the promise record was lost.
	n, err := paxos.RestartNode(cfg, paxos.PersistentState{Promised: paxos.MakeBallot(1, 2), Accepted: []paxos.Entry{{Slot: 1, Ballot: paxos.MakeBallot(3, 2), Data: []byte("x")}}})
	must(t, err)
	if got := n.Status().Promised; got != paxos.MakeBallot(3, 2) {
		t.Errorf("restart with a vote in 3.2 and promise 1.2: promise %v, want 3.2", got)
	}
	for _, st := range []paxos.PersistentState{
		{Applied: 1},
		{Accepted: []paxos.Entry{{Ballot: 0}}},
		{Accepted: []paxos.Entry{{Ballot: 1, Noop: true, Data: []byte("x")}}},
	} {
		if _, err := paxos.RestartSynod(cfg, st); err == nil {
			t.Errorf("RestartSynod(%+v) succeeded", st)
		}
	}
}

// Tests PAXOS-10.
func TestConfigRefusesOverflowingTimers(t *testing.T) {
	three := []paxos.NodeID{1, 2, 3}
	for _, tc := range []struct {
		cfg  paxos.Config
		want string
	}{
		// Before the fix these built nodes whose election timeout wrapped negative, so they
		// campaigned on every tick.
		{paxos.Config{ID: 1, Peers: three, ElectionTicks: 1 << 40, MaxBackoff: 1 << 40}, "ElectionTicks 1099511627776 times MaxBackoff 1099511627776 overflows"},
		{paxos.Config{ID: 1, Peers: three, ElectionTicks: math.MaxInt}, "overflows the election timer"},
		{paxos.Config{ID: 1, Peers: three, MaxBackoff: math.MaxInt}, "overflows the election timer"},
		// Receivers refuse messages with more than 65536 entries.
		{paxos.Config{ID: 1, Peers: three, MaxBatch: 1<<16 + 1}, "MaxBatch 65537 is above the 65536 entries"},
		{paxos.Config{ID: 1, Peers: three, MaxCatchUp: math.MaxInt}, "MaxCatchUp 9223372036854775807 is above"},
	} {
		if _, err := paxos.NewNode(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewNode(%+v) = %v, want error containing %q", tc.cfg, err, tc.want)
		}
		if _, err := paxos.NewSynod(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewSynod(%+v) = %v, want error containing %q", tc.cfg, err, tc.want)
		}
	}
	// The largest accepted timer configuration still counts correctly.
	n, err := paxos.NewNode(paxos.Config{ID: 1, Peers: three, ElectionTicks: math.MaxInt / 9, MaxBackoff: 8})
	must(t, err)
	for i := 0; i < 1000; i++ {
		n.Tick()
	}
	if n.Status().Role != paxos.Follower || len(n.Ready().Messages) != 0 {
		t.Fatal("a node with a huge election timeout campaigned within 1000 ticks")
	}
}

// Tests PAXOS-10.
func TestStepRefusesExtremeIndexes(t *testing.T) {
	n, err := paxos.NewNode(paxos.Config{ID: 2, Peers: []paxos.NodeID{1, 2, 3}})
	must(t, err)
	b := paxos.MakeBallot(1, 1)
	for _, tc := range []struct {
		m    paxos.Message
		want string
	}{
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b, Commit: math.MaxUint64}, "commit 18446744073709551615 beyond the largest slot"},
		{paxos.Message{Type: paxos.MsgPrepare, From: 1, To: 2, Ballot: b, Slot: maxSlot + 1}, "slot 281474976710657 or commit 0 beyond"},
		{paxos.Message{Type: paxos.MsgCatchUp, From: 1, To: 2, Slot: 1, Commit: math.MaxUint64}, "beyond the largest slot"},
		{paxos.Message{Type: paxos.MsgDecide, From: 1, To: 2, Ballot: lastBallot(1), Entries: []paxos.Entry{{Slot: 1}}}, "on a message that carries none"},
		{paxos.Message{Type: paxos.MsgCatchUp, From: 1, To: 2, Ballot: b, Slot: 1, Commit: 1}, "on a message that carries none"},
	} {
		before := n.Status()
		err := n.Step(tc.m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Step(%v) = %v, want error containing %q", tc.m, err, tc.want)
		}
		if n.Status() != before || n.HasReady() {
			t.Errorf("Step(%v) changed the node", tc.m)
		}
	}
}

// extremes are the values at the edges of a uint64 field of a message.
var extremes = []uint64{0, 1, 2, 3, 1 << 16, 1<<16 + 1, maxSlot - 1, maxSlot, maxSlot + 1, 1<<63 - 1, 1 << 63, math.MaxUint64 - 1, math.MaxUint64}

func drawIndex(t *rapid.T, label string) uint64 {
	switch rapid.IntRange(0, 3).Draw(t, label+"-kind") {
	case 0:
		return rapid.SampledFrom(extremes).Draw(t, label)
	case 1:
		return rapid.Uint64().Draw(t, label)
	}
	return rapid.Uint64Range(0, 8).Draw(t, label)
}

func drawBallot(t *rapid.T, label string, owner paxos.NodeID) paxos.Ballot {
	switch rapid.IntRange(0, 5).Draw(t, label+"-kind") {
	case 0:
		return paxos.Ballot(rapid.SampledFrom(extremes).Draw(t, label))
	case 1:
		return paxos.Ballot(rapid.Uint64().Draw(t, label))
	case 2:
		return lastBallot(owner)
	case 3:
		return paxos.MakeBallot(paxos.MaxRound-rapid.Uint64Range(1, 2).Draw(t, label+"-below"), owner)
	}
	return paxos.MakeBallot(rapid.Uint64Range(0, 4).Draw(t, label+"-round"), owner)
}

// drawHostileMessage draws any message at all for node self of peers: most are shaped to get
// past validation (a peer's own ballot on Prepare and Accept, the recipient's on Promise and
// Accepted, consistent entry ballots), so that the handlers see the extreme values; the rest
// are arbitrary, to exercise validation itself.
func drawHostileMessage(t *rapid.T, self paxos.NodeID, peers []paxos.NodeID, synod bool) paxos.Message {
	nodes := append([]paxos.NodeID{0, paxos.MaxNodeID, 1 << 20}, peers...)
	shaped := rapid.IntRange(0, 3).Draw(t, "shaped") > 0
	m := paxos.Message{
		Type: paxos.MsgType(rapid.IntRange(0, 9).Draw(t, "type")),
		From: rapid.SampledFrom(nodes).Draw(t, "from"),
		To:   self,
	}
	if !shaped && rapid.Bool().Draw(t, "misaddressed") {
		m.To = rapid.SampledFrom(nodes).Draw(t, "to")
	}
	if shaped {
		m.Type = paxos.MsgType(rapid.IntRange(1, 7).Draw(t, "shaped-type"))
		var others []paxos.NodeID
		for _, p := range peers {
			if p != self {
				others = append(others, p)
			}
		}
		m.From = rapid.SampledFrom(others).Draw(t, "shaped-from")
	}
	owner := m.From
	if m.Type == paxos.MsgPromise || (m.Type == paxos.MsgAccepted && !synod) {
		owner = self
	}
	m.Ballot = drawBallot(t, "ballot", owner)
	if shaped && (m.Type == paxos.MsgDecide || m.Type == paxos.MsgCatchUp) {
		m.Ballot = 0
	}
	if !synod || !shaped {
		m.Slot = drawIndex(t, "slot")
		m.Commit = drawIndex(t, "commit")
	}
	if shaped && m.Type == paxos.MsgCatchUp {
		m.Slot = rapid.Uint64Range(1, 10).Draw(t, "catchup-from")
		m.Commit = m.Slot + rapid.Uint64Range(0, 10).Draw(t, "catchup-span")
	}
	k := rapid.IntRange(0, 3).Draw(t, "entries")
	if shaped && synod {
		k = min(k, 1)
		if m.Type == paxos.MsgAccept || m.Type == paxos.MsgAccepted || m.Type == paxos.MsgDecide {
			k = 1
		}
	}
	for i := 0; i < k; i++ {
		e := paxos.Entry{Slot: drawIndex(t, "entry-slot"), Ballot: drawBallot(t, "entry-ballot", owner)}
		if shaped {
			if synod {
				e.Slot = 0
			} else if e.Slot == 0 || e.Slot > maxSlot {
				e.Slot = 1 + e.Slot%maxSlot
			}
			switch m.Type {
			case paxos.MsgPromise:
				if m.Ballot != 0 {
					e.Ballot = paxos.Ballot(1 + (uint64(e.Ballot)-1)%uint64(m.Ballot))
				}
			case paxos.MsgAccepted:
				e.Ballot = m.Ballot
			}
		}
		if rapid.Bool().Draw(t, "noop") {
			e.Noop = true
		} else {
			e.Data = []byte(rapid.SampledFrom([]string{"", "x", "y", "zz"}).Draw(t, "data"))
		}
		m.Entries = append(m.Entries, e)
	}
	if shaped {
		slices.SortFunc(m.Entries, func(a, b paxos.Entry) int { return cmp.Compare(a.Slot, b.Slot) })
	}
	if shaped && !synod && m.Type == paxos.MsgAccepted && rapid.Bool().Draw(t, "range-vote") {
		// A range vote (MPAXOS-14): slots Slot..Last, no entries.
		m.Slot = rapid.Uint64Range(1, 10).Draw(t, "range-from")
		m.Last = m.Slot + rapid.Uint64Range(0, 10).Draw(t, "range-span")
		m.Entries = nil
	} else if !shaped && rapid.IntRange(0, 7).Draw(t, "with-last") == 0 {
		m.Last = drawIndex(t, "last")
	}
	return m
}

// nodeUnderAttack is one Multi-Paxos node, its storage and what has been observed of it.
type nodeUnderAttack struct {
	cfg      paxos.Config
	n        *paxos.Node
	storage  *paxos.Storage
	seen     paxos.Ballot           // highest ballot of a message it took, or its own promise
	decided  map[uint64]paxos.Entry // every decided value it ever reported
	applied  uint64
	phase1a  []paxos.Ballot // ballots it started since the last check
	restarts int
}

// check drains the node's Ready into its storage and checks it against everything observed
// before the step: the promise never falls, no vote is below the promise held before the step
// (PAXOS-4) and none above the promise after it, every ballot started is above every ballot
// seen (PAXOS-1), decided values never change and are applied in order without gaps
// (MPAXOS-7), and every message sent is well-formed for its recipient.
func (a *nodeUnderAttack) check(promisedBefore paxos.Ballot) error {
	rd := a.n.Ready()
	if err := a.storage.Save(rd); err != nil {
		return err // the promise went backwards, or decided values are out of order
	}
	st := a.n.Status()
	if st.Promised < promisedBefore {
		return fmt.Errorf("promise fell from %v to %v", promisedBefore, st.Promised)
	}
	for _, b := range a.phase1a {
		if b <= a.seen || b.Node() != a.cfg.ID {
			return fmt.Errorf("started ballot %v, but had seen %v (PAXOS-1)", b, a.seen)
		}
		a.seen = b
	}
	a.phase1a = nil
	a.seen = max(a.seen, st.Promised)
	for _, e := range rd.Accepted {
		if e.Ballot < promisedBefore || e.Ballot > st.Promised {
			return fmt.Errorf("voted in %v for slot %d with promise %v before and %v after (PAXOS-4)", e.Ballot, e.Slot, promisedBefore, st.Promised)
		}
	}
	for _, e := range rd.Decided {
		if e.Slot != a.applied+1 {
			return fmt.Errorf("applied slot %d after slot %d", e.Slot, a.applied)
		}
		a.applied = e.Slot
	}
	for s := uint64(1); s <= st.Commit; s++ {
		e, ok := a.n.Decided(s)
		if !ok {
			return fmt.Errorf("commit %d but slot %d has no decided value", st.Commit, s)
		}
		if prev, ok := a.decided[s]; ok && (prev.Noop != e.Noop || !bytes.Equal(prev.Data, e.Data)) {
			return fmt.Errorf("slot %d decided %v, then %v", s, prev, e)
		}
		a.decided[s] = e
	}
	for _, m := range rd.Messages {
		if err := receivable(a.cfg, m); err != nil {
			return fmt.Errorf("sent a message its recipient refuses: %v", err)
		}
	}
	return nil
}

// receivable reports whether a fresh node m.To would accept m. Promise entries more than
// 2^16 slots past the receiver's commit depend on the receiver's state and are let through.
func receivable(cfg paxos.Config, m paxos.Message) error {
	if m.From != cfg.ID || m.To == cfg.ID {
		return fmt.Errorf("%v: wrong sender or sent to itself", m)
	}
	cfg.ID, cfg.Tracer = m.To, nil
	r, err := paxos.NewNode(cfg)
	if err != nil {
		return err
	}
	if err := r.Step(m); err != nil && !strings.Contains(err.Error(), "slots past commit") {
		return err
	}
	return nil
}

// TestPropertyNodeSurvivesHostileMessages feeds one Multi-Paxos node arbitrary messages with
// extreme ballots, slots, commit indexes and entries, between ticks, proposals, campaigns and
// restarts from its storage, and inspects its state after every input. A refused message must
// leave the node unchanged.
//
// Tests PAXOS-1, PAXOS-2, PAXOS-4, PAXOS-10, MPAXOS-7.
func TestPropertyNodeSurvivesHostileMessages(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		peers := []paxos.NodeID{1, 2, 3}
		a := &nodeUnderAttack{storage: paxos.NewStorage(), decided: map[uint64]paxos.Entry{}}
		a.cfg = paxos.Config{ID: 1, Peers: peers, ElectionTicks: 3, HeartbeatTicks: 1, MaxBatch: 2,
			Rand: rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1)),
			Tracer: paxos.TracerFunc(func(ev paxos.TraceEvent) {
				if ev.Action == paxos.TracePhase1a {
					a.phase1a = append(a.phase1a, ev.Ballot)
				}
			})}
		var err error
		if a.n, err = paxos.NewNode(a.cfg); err != nil {
			t.Fatal(err)
		}
		for step := 0; step < 60; step++ {
			before := a.n.Status()
			switch rapid.IntRange(0, 9).Draw(t, "action") {
			case 0:
				a.n.Tick()
			case 1:
				if err := a.n.Propose([]byte("p")); err != nil && !errors.Is(err, paxos.ErrNotLeader) && !errors.Is(err, paxos.ErrTooManyQueued) {
					t.Fatal(err)
				}
			case 2:
				if err := a.n.Campaign(); err != nil && !errors.Is(err, paxos.ErrBallotExhausted) && !errors.Is(err, paxos.ErrBehind) {
					t.Fatal(err)
				}
			case 3:
				if a.n, err = paxos.RestartNode(a.cfg, a.storage.State()); err != nil {
					t.Fatalf("restart from the node's own storage: %v", err)
				}
				a.applied = a.storage.State().Applied
				// Ballots seen only in messages are volatile proposer state (PAXOS-6); its own
				// ballots are safe from reuse because each was promised durably first.
				a.seen = a.n.Status().Promised
			default:
				m := drawHostileMessage(t, 1, peers, false)
				if err := a.n.Step(m); err != nil {
					if a.n.Status() != before || a.n.HasReady() {
						t.Fatalf("step %d: refused %v (%v) but changed the node", step, m, err)
					}
				} else {
					a.seen = max(a.seen, m.Ballot)
				}
			}
			if err := a.check(before.Promised); err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
		}
	})
}

// TestPropertySynodSurvivesHostileMessages is the same for the single-decree core.
//
// Tests PAXOS-1, PAXOS-2, PAXOS-4, PAXOS-7, PAXOS-10.
func TestPropertySynodSurvivesHostileMessages(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		peers := []paxos.NodeID{1, 2, 3}
		var started []paxos.Ballot
		cfg := paxos.Config{ID: 1, Peers: peers, ElectionTicks: 3, HeartbeatTicks: 1,
			Rand: rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1)),
			Tracer: paxos.TracerFunc(func(ev paxos.TraceEvent) {
				if ev.Action == paxos.TracePhase1a {
					started = append(started, ev.Ballot)
				}
			})}
		s, err := paxos.NewSynod(cfg)
		if err != nil {
			t.Fatal(err)
		}
		storage := paxos.NewStorage()
		var seen paxos.Ballot
		var decision *paxos.Entry
		for step := 0; step < 60; step++ {
			before := s.Promised()
			switch rapid.IntRange(0, 7).Draw(t, "action") {
			case 0:
				s.Tick()
			case 1:
				if err := s.Propose([]byte("p")); err != nil && !errors.Is(err, paxos.ErrDecided) && !errors.Is(err, paxos.ErrBallotExhausted) {
					t.Fatal(err)
				}
			case 2:
				st := storage.State()
				st.Applied = 0
				if decision != nil {
					st.Decided = []paxos.Entry{*decision}
				}
				if s, err = paxos.RestartSynod(cfg, st); err != nil {
					t.Fatalf("restart from the node's own storage: %v", err)
				}
				seen = s.Promised()
			default:
				m := drawHostileMessage(t, 1, peers, true)
				if err := s.Step(m); err != nil {
					if s.Promised() != before || s.HasReady() {
						t.Fatalf("step %d: refused %v (%v) but changed the node", step, m, err)
					}
				} else {
					seen = max(seen, m.Ballot)
				}
			}
			rd := s.Ready()
			if err := storage.Save(paxos.Ready{PersistPromised: rd.PersistPromised, Promised: rd.Promised, Accepted: rd.Accepted}); err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			if s.Promised() < before {
				t.Fatalf("step %d: promise fell from %v to %v", step, before, s.Promised())
			}
			for _, b := range started {
				if b <= seen || b.Node() != 1 {
					t.Fatalf("step %d: started ballot %v, but had seen %v (PAXOS-1)", step, b, seen)
				}
				seen = b
			}
			started = nil
			seen = max(seen, s.Promised())
			for _, e := range rd.Accepted {
				if e.Ballot < before || e.Ballot > s.Promised() {
					t.Fatalf("step %d: voted in %v with promise %v before and %v after (PAXOS-4)", step, e.Ballot, before, s.Promised())
				}
			}
			if d, ok := s.Decision(); ok {
				if decision != nil && (d.Noop != decision.Noop || !bytes.Equal(d.Data, decision.Data)) {
					t.Fatalf("step %d: decided %v, then %v", step, *decision, d)
				}
				decision = &d
			}
			for _, m := range rd.Messages {
				if m.From != 1 || m.To == 1 || m.Ballot.Round() > paxos.MaxRound {
					t.Fatalf("step %d: sent %v", step, m)
				}
				// Its proposer gives up a ballot its own acceptor has promised to outbid, so
				// it never asks in a ballot below the promise it held before the step.
				if m.Type == paxos.MsgPrepare || m.Type == paxos.MsgAccept {
					if m.Ballot.Node() != 1 || m.Ballot < before {
						t.Fatalf("step %d: sent %v with promise %v", step, m, before)
					}
				}
			}
		}
	})
}

// TestPropertyClusterSafeUnderForgedBallots runs the chaos schedule of
// TestPropertyMultiPaxosSafeUnderChaos on clusters that start with promises near the last
// round, while the network also carries forged messages with extreme ballots and slots: a
// Prepare in any ballot of its sender (the last one included), a Reject with any ballot, a
// CatchUp for any range. These are the messages whose forgery Paxos tolerates (they can make
// nodes promise higher or give up, never choose a value), so agreement must hold; the
// nodes may run out of ballots and stop making progress.
//
// Tests PAXOS-1, PAXOS-2, PAXOS-9, MPAXOS-10.
func TestPropertyClusterSafeUnderForgedBallots(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		c, err := paxostest.NewCluster(3, func(cfg *paxos.Config) {
			cfg.ElectionTicks = 4
			cfg.HeartbeatTicks = 1
			cfg.Rand = rand.New(rand.NewPCG(seed, uint64(cfg.ID)))
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range c.IDs {
			below := rapid.Uint64Range(0, 3).Draw(t, "rounds-left")
			if err := c.Storage[id].Save(paxos.Ready{PersistPromised: true, Promised: paxos.MakeBallot(paxos.MaxRound-below, id)}); err != nil {
				t.Fatal(err)
			}
			if err := c.Restart(id); err != nil {
				t.Fatal(err)
			}
		}
		forge := func(d draw) {
			from := c.IDs[d("forged-from", len(c.IDs))]
			to := c.IDs[d("forged-to", len(c.IDs))]
			if from == to {
				return
			}
			m := paxos.Message{From: from, To: to}
			switch d("forged-type", 3) {
			case 0:
				m.Type = paxos.MsgPrepare
				m.Ballot = paxos.MakeBallot(paxos.MaxRound-uint64(d("forged-round", 4)), from)
				m.Slot = 1 + uint64(d("forged-slot", 4))
			case 1:
				m.Type = paxos.MsgReject
				m.Ballot = paxos.MakeBallot(paxos.MaxRound-uint64(d("forged-round", 4)), c.IDs[d("forged-owner", len(c.IDs))])
			default:
				m.Type = paxos.MsgCatchUp
				m.Slot = 1 + uint64(d("forged-slot", 4))
				m.Commit = []uint64{m.Slot, m.Slot + 3, maxSlot}[d("forged-commit", 3)]
			}
			c.InFlight = append(c.InFlight, m)
		}
		if err := chaosWith(rapidDraw(t), c, 200, chaosOptions{compact: true, forge: forge}); err != nil {
			t.Fatal(err)
		}
	})
}
