package paxos_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/dsref/dsref/paxos"
)

// Tests FPAXOS-1, FPAXOS-2.
func TestConfigErrors(t *testing.T) {
	three := []paxos.NodeID{1, 2, 3}
	for _, tc := range []struct {
		cfg  paxos.Config
		want string
	}{
		{paxos.Config{ID: 0, Peers: three}, "node ID 0 out of range"},
		{paxos.Config{ID: 4, Peers: three}, "node 4 is not in Peers"},
		{paxos.Config{ID: 1}, "no peers"},
		{paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 2}}, "peer 2 listed twice"},
		{paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 70000}}, "peer ID 70000 out of range"},
		{paxos.Config{ID: 1, Peers: three, Quorums: paxos.Quorums{Phase1: 1, Phase2: 2}}, "phase-1 1 + phase-2 2 <= 3"},
		{paxos.Config{ID: 1, Peers: three, Quorums: paxos.Quorums{Phase2: 4}}, "phase-2 quorum 4 out of range 1..3"},
		{paxos.Config{ID: 1, Peers: three, Quorums: paxos.Quorums{Phase1: -1}}, "phase-1 quorum -1 out of range"},
		{paxos.Config{ID: 1, Peers: three, ElectionTicks: 2, HeartbeatTicks: 2}, "HeartbeatTicks 2 must be below ElectionTicks 2"},
		{paxos.Config{ID: 1, Peers: three, Window: -3}, "Window is negative"},
	} {
		_, err := paxos.NewNode(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewNode(%+v) = %v, want error containing %q", tc.cfg, err, tc.want)
		}
		_, err = paxos.NewSynod(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewSynod(%+v) = %v, want error containing %q", tc.cfg, err, tc.want)
		}
	}
	// Every intersecting pair over 4 acceptors is accepted; majority is the default.
	for q1 := 1; q1 <= 4; q1++ {
		for q2 := 1; q2 <= 4; q2++ {
			_, err := paxos.NewNode(paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3, 4}, Quorums: paxos.Quorums{Phase1: q1, Phase2: q2}})
			if (err == nil) != (q1+q2 > 4) {
				t.Errorf("Q1=%d Q2=%d over 4: err=%v", q1, q2, err)
			}
		}
	}
	if paxos.Majority(4) != 3 || paxos.Majority(5) != 3 || paxos.Majority(1) != 1 {
		t.Error("Majority is wrong")
	}
}

// Tests PAXOS-10.
func TestStepRefusesMalformed(t *testing.T) {
	b11 := paxos.MakeBallot(1, 1)
	for _, tc := range []struct {
		m    paxos.Message
		want string
	}{
		{paxos.Message{Type: 0, From: 1, To: 2, Ballot: b11}, "unknown message type 0 from 1"},
		{paxos.Message{Type: 42, From: 1, To: 2, Ballot: b11}, "unknown message type 42"},
		{paxos.Message{Type: paxos.MsgPrepare, From: 1, To: 3, Ballot: b11}, "bad Prepare message from 1: addressed to 3"},
		{paxos.Message{Type: paxos.MsgPrepare, From: 2, To: 2, Ballot: paxos.MakeBallot(1, 2)}, "sender is this node itself"},
		{paxos.Message{Type: paxos.MsgPrepare, From: 9, To: 2, Ballot: paxos.MakeBallot(1, 9)}, "sender 9 is not a peer"},
		{paxos.Message{Type: paxos.MsgPrepare, From: 1, To: 2}, "bad Prepare message from 1: zero ballot"},
		{paxos.Message{Type: paxos.MsgPrepare, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 3)}, "ballot 1.3 is not the sender's"},
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 7)}, "ballot 1.7 owned by 7, not a peer"},
		{paxos.Message{Type: paxos.MsgPromise, From: 1, To: 2, Ballot: b11}, "ballot 1.1 is not the recipient's"},
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b11, Entries: []paxos.Entry{{Slot: 0}}}, "entry 0 has slot 0"},
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b11, Entries: []paxos.Entry{{Slot: 1}, {Slot: 1}}}, "entry 1 has slot 1, not after slot 1"},
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b11, Entries: []paxos.Entry{{Slot: 1, Noop: true, Data: []byte("x")}}}, "no-op with data"},
		{paxos.Message{Type: paxos.MsgPromise, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 2), Entries: []paxos.Entry{{Slot: 1, Ballot: paxos.MakeBallot(2, 1)}}}, "has ballot 2.1 outside 1..1.2"},
		{paxos.Message{Type: paxos.MsgPromise, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 2), Entries: []paxos.Entry{{Slot: 1 << 40, Ballot: b11}}}, "more than 65536 slots past commit 0"},
		{paxos.Message{Type: paxos.MsgAccepted, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 2), Entries: []paxos.Entry{{Slot: 1, Ballot: b11}}}, "message ballot 1.2"},
		{paxos.Message{Type: paxos.MsgCatchUp, From: 1, To: 2, Slot: 5, Commit: 4}, "empty slot range 5..4"},
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b11, Entries: []paxos.Entry{{Slot: 1 << 50}}}, "entry 0 has slot 1125899906842624, beyond the largest slot 281474976710656"},
		{paxos.Message{Type: paxos.MsgDecide, From: 1, To: 2}, "carries no entries"},
		{paxos.Message{Type: paxos.MsgReject, From: 1, To: 2, Ballot: b11, Entries: []paxos.Entry{{Slot: 1}}}, "carries 1 entries, expected none"},
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b11, Slot: 1, Last: 2}, "a range of slots on a message that carries none"},
		{paxos.Message{Type: paxos.MsgAccepted, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 2), Slot: 3, Last: 2}, "range 3..2 is not within 1..281474976710656"},
		{paxos.Message{Type: paxos.MsgAccepted, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 2), Slot: 0, Last: 2}, "range 0..2 is not within"},
		{paxos.Message{Type: paxos.MsgAccepted, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 2), Slot: 1, Last: 1 << 60}, "is not within"},
		{paxos.Message{Type: paxos.MsgAccepted, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 2), Slot: 1, Last: 1 << 17}, "range 1..131072 of more than 65536 slots"},
		{paxos.Message{Type: paxos.MsgAccepted, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 2), Slot: 1, Last: 2, Entries: []paxos.Entry{{Slot: 1, Ballot: paxos.MakeBallot(1, 2)}}}, "a range of slots and 1 entries"},
	} {
		n, err := paxos.NewNode(paxos.Config{ID: 2, Peers: []paxos.NodeID{1, 2, 3}})
		if err != nil {
			t.Fatal(err)
		}
		before := n.Status()
		err = n.Step(tc.m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Step(%v) = %v, want error containing %q", tc.m, err, tc.want)
		}
		if after := n.Status(); after != before || n.HasReady() {
			t.Errorf("Step(%v) changed the node: %+v -> %+v", tc.m, before, after)
		}
	}
	// Single-decree rules.
	s, err := paxos.NewSynod(paxos.Config{ID: 2, Peers: []paxos.NodeID{1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		m    paxos.Message
		want string
	}{
		{paxos.Message{Type: paxos.MsgPrepare, From: 1, To: 2, Ballot: b11, Slot: 3}, "slot 3 in a single-decree message"},
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b11}, "carries no value"},
		{paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b11, Entries: []paxos.Entry{{}, {}}}, "2 entries in a single-decree message"},
		{paxos.Message{Type: paxos.MsgCatchUp, From: 1, To: 2, Slot: 1, Commit: 1}, "catch-up is a Multi-Paxos message"},
		{paxos.Message{Type: paxos.MsgAccepted, From: 1, To: 2, Ballot: b11, Last: 1, Entries: []paxos.Entry{{}}}, "a range of slots on a message that carries none"},
	} {
		if err := s.Step(tc.m); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Synod.Step(%v) = %v, want error containing %q", tc.m, err, tc.want)
		}
	}
	if s.HasReady() || s.Promised() != 0 {
		t.Error("refused messages changed the synod")
	}
}

// zeroRand makes election timeouts exactly ElectionTicks*backoff.
type zeroRand struct{}

func (zeroRand) IntN(int) int { return 0 }

// Tests MPAXOS-8.
func TestElectionBackoffDoubles(t *testing.T) {
	var campaigns []int
	tick := 0
	tracer := paxos.TracerFunc(func(ev paxos.TraceEvent) {
		if ev.Action == paxos.TracePhase1a {
			campaigns = append(campaigns, tick)
		}
	})
	n, err := paxos.NewNode(paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3}, Rand: zeroRand{}, Tracer: tracer})
	if err != nil {
		t.Fatal(err)
	}
	// Isolated: no promise ever arrives, so every phase 1 times out.
	for tick = 1; tick <= 400; tick++ {
		n.Tick()
		n.Ready()
	}
	// Timeouts 10 (follower), then 10, 20, 40, 80, 80, ... (capped at MaxBackoff 8).
	want := []int{10, 20, 40, 80, 160, 240, 320, 400}
	if !reflect.DeepEqual(campaigns, want) {
		t.Fatalf("phase 1 started at ticks %v, want %v", campaigns, want)
	}
	// A leader's heartbeat resets the backoff.
	must(t, n.Step(paxos.Message{Type: paxos.MsgAccept, From: 2, To: 1, Ballot: paxos.MakeBallot(100, 2)}))
	campaigns = nil
	for tick = 1; tick <= 10; tick++ {
		n.Tick()
	}
	if !reflect.DeepEqual(campaigns, []int{10}) {
		t.Fatalf("after hearing a leader, phase 1 started at ticks %v, want [10]", campaigns)
	}
}

// Tests PAXOS-11.
func TestTracerNamesTLAActions(t *testing.T) {
	var got []string
	trace := func(id paxos.NodeID) paxos.Tracer {
		return paxos.TracerFunc(func(ev paxos.TraceEvent) {
			if ev.Node != id {
				t.Errorf("event from node %d reported by node %d's tracer", ev.Node, id)
			}
			got = append(got, fmt.Sprintf("%d:%s:%v:%d p=%v c=%d", ev.Node, ev.Action, ev.Ballot, ev.Slot, ev.Promised, ev.Commit))
		})
	}
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.Tracer = trace(cfg.ID) })
	elect(t, c, 1)
	must(t, c.Propose(1, []byte("x")))
	deliver(t, c, all)
	want := []string{
		"1:Phase1a:1.1:1 p=0 c=0", "1:Phase1b:1.1:0 p=1.1 c=0", // the proposer's own acceptor promises first
		"2:Phase1b:1.1:0 p=1.1 c=0", "3:Phase1b:1.1:0 p=1.1 c=0",
		"1:BecomeLeader:1.1:0 p=1.1 c=0",
		"1:Submit:0:0 p=1.1 c=0",
		"1:Phase2a:1.1:1 p=1.1 c=0", "1:Phase2b:1.1:1 p=1.1 c=0",
		"2:Phase2b:1.1:1 p=1.1 c=0", "3:Phase2b:1.1:1 p=1.1 c=0",
		"1:Learn:1.1:1 p=1.1 c=1",
		"1:Compact:0:1 p=1.1 c=1",                            // a decided slot's vote is dropped at the next Ready
		"2:Learn:1.1:1 p=1.1 c=1", "2:Compact:0:1 p=1.1 c=1", // from the commit notice
		"3:Learn:1.1:1 p=1.1 c=1", "3:Compact:0:1 p=1.1 c=1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("trace\n got %v\nwant %v", got, want)
	}
}

// Tests MPAXOS-7, PAXOS-6.
func TestRestartHandsOutEachSlotOnce(t *testing.T) {
	c := newCluster(t, 3, nil)
	elect(t, c, 1)
	for _, v := range []string{"a", "b", "c"} {
		must(t, c.Propose(1, []byte(v)))
		deliver(t, c, all)
	}
	for i := 0; i < 2; i++ {
		must(t, c.Tick(1))
	}
	deliver(t, c, all)
	if len(c.Log[2]) != 3 {
		t.Fatalf("node 2 applied %d entries before the crash, want 3", len(c.Log[2]))
	}
	c.Crash(2)
	must(t, c.Restart(2)) // Storage says Applied=3
	must(t, c.Propose(1, []byte("d")))
	deliver(t, c, all)
	for i := 0; i < 2; i++ {
		must(t, c.Tick(1))
	}
	deliver(t, c, all)
	var got []string
	for _, e := range c.Log[2] {
		got = append(got, fmt.Sprintf("%d:%s", e.Slot, e.Data))
	}
	if want := "[1:a 2:b 3:c 4:d]"; fmt.Sprint(got) != want {
		t.Fatalf("node 2 applied %v, want %s", got, want)
	}
	st := c.Nodes[2].Status()
	if st.Promised != paxos.MakeBallot(1, 1) || st.Applied != 4 {
		t.Fatalf("restarted node status %+v", st)
	}
	if _, err := paxos.RestartNode(paxos.Config{ID: 1, Peers: []paxos.NodeID{1}}, paxos.PersistentState{Accepted: []paxos.Entry{{Slot: 0}}}); err == nil {
		t.Fatal("RestartNode accepted an entry for slot 0")
	}
}

// Tests MPAXOS-9.
func TestCatchUpPagesThroughLongGaps(t *testing.T) {
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.MaxCatchUp = 2 })
	elect(t, c, 1)
	c.Partition([]paxos.NodeID{1, 2}, []paxos.NodeID{3})
	for i := 0; i < 7; i++ {
		must(t, c.Propose(1, []byte(fmt.Sprint(i))))
		deliver(t, c, all)
	}
	c.Heal()
	for i := 0; i < 2; i++ {
		must(t, c.Tick(1))
	}
	msgs, err := c.DeliverAll()
	must(t, err)
	var pages []string
	for _, m := range msgs {
		if m.Type == paxos.MsgDecide {
			pages = append(pages, fmt.Sprintf("%d..%d", m.Entries[0].Slot, m.Entries[len(m.Entries)-1].Slot))
		}
	}
	if want := "[1..2 3..4 5..6 7..7]"; fmt.Sprint(pages) != want {
		t.Fatalf("catch-up pages %v, want %s", pages, want)
	}
	if got := c.Nodes[3].Status().Applied; got != 7 {
		t.Fatalf("node 3 applied up to %d, want 7", got)
	}
}

// Tests MPAXOS-1.
func TestOnlyLeaderTakesProposals(t *testing.T) {
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.MaxPending = 2; cfg.Window = 1 })
	if err := c.Propose(1, []byte("x")); err != paxos.ErrNotLeader {
		t.Fatalf("follower Propose = %v, want ErrNotLeader", err)
	}
	elect(t, c, 1)
	if got := c.Nodes[2].Status().Leader; got != 1 {
		t.Fatalf("node 2 believes %d leads, want 1", got)
	}
	// Window 1 keeps one slot in flight; MaxPending bounds the queue behind it.
	must(t, c.Propose(1, []byte("a")))
	must(t, c.Propose(1, []byte("b")))
	must(t, c.Propose(1, []byte("c")))
	if err := c.Propose(1, []byte("d")); err != paxos.ErrTooManyQueued {
		t.Fatalf("Propose beyond MaxPending = %v, want ErrTooManyQueued", err)
	}
	deliver(t, c, all)
	if got := c.Nodes[1].Status().Commit; got != 3 {
		t.Fatalf("leader decided %d slots, want 3", got)
	}
}

// A node whose votes reach far past its decided prefix catches up instead of leading, so
// that a new leader never has to fill an enormous range of slots.
//
// Tests MPAXOS-9, PAXOS-10.
func TestFarBehindNodeCatchesUpBeforeLeading(t *testing.T) {
	n, err := paxos.NewNode(paxos.Config{ID: 2, Peers: []paxos.NodeID{1, 2, 3}})
	must(t, err)
	far := uint64(1<<16 + 10)
	must(t, n.Step(paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: paxos.MakeBallot(1, 1),
		Entries: []paxos.Entry{{Slot: far, Data: []byte("x")}}}))
	n.Ready()
	if err := n.Campaign(); !errors.Is(err, paxos.ErrBehind) {
		t.Fatalf("Campaign of a far-behind node = %v, want ErrBehind", err)
	}
	rd := n.Ready()
	if st := n.Status(); st.Role != paxos.Follower {
		t.Fatalf("far-behind node became %v", st.Role)
	}
	if len(rd.Messages) != 1 || rd.Messages[0].Type != paxos.MsgCatchUp || rd.Messages[0].To != 1 || rd.Messages[0].Slot != 1 {
		t.Fatalf("far-behind node sent %v, want one CatchUp from slot 1 to node 1", rd.Messages)
	}
}

// Each event carries the message whose handling took the step and the messages the step sent.
//
// Tests PAXOS-11.
func TestTraceEventsCarryMessages(t *testing.T) {
	var got []string
	c := newCluster(t, 3, func(cfg *paxos.Config) {
		cfg.Tracer = paxos.TracerFunc(func(ev paxos.TraceEvent) {
			in := "-"
			if ev.Message != nil {
				in = ev.Message.String()
			}
			var sent []string
			for _, m := range ev.Sent {
				sent = append(sent, m.String())
			}
			got = append(got, fmt.Sprintf("%d %s in=[%s] sent=%v", ev.Node, ev.Action, in, sent))
		})
	})
	must(t, c.Campaign(1))
	_, err := c.DeliverWhere(func(m paxos.Message) bool { return m.To == 2 || m.From == 2 }, 10)
	must(t, err)
	want := []string{
		"1 Phase1a in=[-] sent=[1->2 Prepare b=1.1 slot=1 1->3 Prepare b=1.1 slot=1]",
		"1 Phase1b in=[-] sent=[]",
		"2 Phase1b in=[1->2 Prepare b=1.1 slot=1] sent=[2->1 Promise b=1.1]",
		// The promise completes a phase-1 quorum: the new leader announces its ballot.
		"1 BecomeLeader in=[2->1 Promise b=1.1] sent=[1->2 Accept b=1.1 1->3 Accept b=1.1]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
