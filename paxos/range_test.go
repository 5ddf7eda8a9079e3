package paxos_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/dsref/dsref/paxos"
)

// A batch of commands in one Accept costs each follower one vote step and one Accepted naming
// the range, and each replica one Learn step for the run of slots: the trace shows one
// Phase2b and one Learn per node, naming the run and carrying its values.
//
// Tests MPAXOS-14.
func TestBatchIsVotedAndLearnedAsOneRange(t *testing.T) {
	events := map[paxos.NodeID][]paxos.TraceEvent{}
	c := newCluster(t, 3, func(cfg *paxos.Config) {
		id := cfg.ID
		cfg.MaxBatch = 16
		cfg.Tracer = paxos.TracerFunc(func(ev paxos.TraceEvent) {
			ev.Entries = slices.Clone(ev.Entries)
			events[id] = append(events[id], ev)
		})
	})
	elect(t, c, 1)
	clear(events)
	for i := 1; i <= 5; i++ {
		must(t, c.Nodes[1].Propose([]byte(fmt.Sprint("c", i))))
	}
	must(t, c.Process(1))
	got, err := c.DeliverWhere(all, 1000)
	must(t, err)
	var accepted []paxos.Message
	for _, m := range got {
		if m.Type == paxos.MsgAccepted {
			accepted = append(accepted, m)
		}
	}
	if len(accepted) != 2 {
		t.Fatalf("%d Accepted messages for one batch, want one per follower: %v", len(accepted), accepted)
	}
	for _, m := range accepted {
		if m.Slot != 1 || m.Last != 5 || len(m.Entries) != 0 {
			t.Errorf("%v: want the range vote 1..5 without entries", m)
		}
	}
	for _, id := range c.IDs {
		if st := c.Nodes[id].Status(); st.Commit != 5 {
			t.Fatalf("node %d decided up to %d, want 5", id, st.Commit)
		}
		var votes, learns []paxos.TraceEvent
		for _, ev := range events[id] {
			switch ev.Action {
			case paxos.TracePhase2b:
				votes = append(votes, ev)
			case paxos.TraceLearn:
				learns = append(learns, ev)
			}
		}
		for _, run := range [][]paxos.TraceEvent{votes, learns} {
			if len(run) != 1 || run[0].Slot != 1 || run[0].Last != 5 || len(run[0].Entries) != 5 {
				t.Fatalf("node %d: %v events %+v, want one for the run 1..5 with its 5 values", id, run[0].Action, run)
			}
			for i, e := range run[0].Entries {
				if e.Slot != uint64(i+1) || string(e.Data) != fmt.Sprint("c", i+1) {
					t.Errorf("node %d: %v entry %d is %v, want c%d in slot %d", id, run[0].Action, i, e, i+1, i+1)
				}
			}
		}
	}
}

// Votes that do not form one run of slots are listed, and a leader counts both forms.
//
// Tests MPAXOS-14.
func TestVotesOutsideOneRunAreListed(t *testing.T) {
	n, err := paxos.NewNode(paxos.Config{ID: 2, Peers: []paxos.NodeID{1, 2, 3}})
	must(t, err)
	b := paxos.MakeBallot(1, 1)
	accept := paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b,
		Entries: []paxos.Entry{{Slot: 1, Ballot: b, Data: []byte("x")}, {Slot: 3, Ballot: b, Data: []byte("y")}}}
	must(t, n.Step(accept))
	rd := n.Ready()
	if len(rd.Messages) != 1 {
		t.Fatalf("messages %v, want one Accepted", rd.Messages)
	}
	if m := rd.Messages[0]; m.Type != paxos.MsgAccepted || m.Last != 0 || len(m.Entries) != 2 || m.Entries[0].Slot != 1 || m.Entries[1].Slot != 3 {
		t.Fatalf("%v: want an Accepted listing slots 1 and 3", m)
	}
	if len(rd.Accepted) != 2 {
		t.Fatalf("votes to persist %v, want slots 1 and 3", rd.Accepted)
	}

	// A leader with slots 1..4 open counts a range vote for 1..2 and a listed vote for 4:
	// with its own, a quorum of 3 for slots 1, 2 and 4; slot 3 waits.
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.MaxBatch = 16 })
	elect(t, c, 1)
	for i := 1; i <= 4; i++ {
		must(t, c.Nodes[1].Propose([]byte(fmt.Sprint("c", i))))
	}
	must(t, c.Process(1))
	c.DropWhere(all)
	lb := c.Nodes[1].Status().Ballot
	must(t, c.Nodes[1].Step(paxos.Message{Type: paxos.MsgAccepted, From: 2, To: 1, Ballot: lb, Slot: 1, Last: 2}))
	must(t, c.Nodes[1].Step(paxos.Message{Type: paxos.MsgAccepted, From: 3, To: 1, Ballot: lb, Entries: []paxos.Entry{{Slot: 4, Ballot: lb}}}))
	if st := c.Nodes[1].Status(); st.Commit != 2 {
		t.Fatalf("leader decided up to %d, want 2 (slot 3 has one vote, 4 is decided ahead)", st.Commit)
	}
	if _, ok := c.Nodes[1].Decided(4); !ok {
		t.Fatal("slot 4 not decided")
	}
	must(t, c.Nodes[1].Step(paxos.Message{Type: paxos.MsgAccepted, From: 3, To: 1, Ballot: lb, Slot: 3, Last: 3}))
	if st := c.Nodes[1].Status(); st.Commit != 4 {
		t.Fatalf("leader decided up to %d, want 4", st.Commit)
	}
}
