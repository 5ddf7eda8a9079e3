package paxossim

import (
	"bytes"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/simtest"
	"github.com/dsref/dsref/paxos"
)

// TestSynodLogSeeds runs the per-slot single-decree log on as many seeds as TestSeeds runs
// Multi-Paxos, on 3- and 5-node clusters with every fault kind drawn per seed, and requires zero
// violations: learners that see votes from many ballots (every node proposes, every acceptor
// tells every learner) must still only decide on a quorum in one ballot.
//
// Tests PAXOS-7.
func TestSynodLogSeeds(t *testing.T) {
	simtest.RequireSeedsPass(t, SynodLog{})
}

// TestSynodLogSameSeedSameEventLog runs seeds twice and requires byte-identical event logs.
func TestSynodLogSameSeedSameEventLog(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		var a, b bytes.Buffer
		ra, err := sim.Run(SynodLog{}, sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: seed, Log: &a}})
		if err != nil {
			t.Fatal(err)
		}
		rb, err := sim.Run(SynodLog{}, sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: seed, Log: &b}})
		if err != nil {
			t.Fatal(err)
		}
		if ra.Hash != rb.Hash || !bytes.Equal(a.Bytes(), b.Bytes()) || ra.Steps < 100 || ra.Ops < 5 {
			t.Fatalf("seed %d: runs differ or are trivial (hashes %016x, %016x; %d steps, %d ops)", seed, ra.Hash, rb.Hash, ra.Steps, ra.Ops)
		}
	}
}

// TestRecoverSlots checks the per-slot disk encoding: each slot keeps its highest promise, its
// newest vote and its decided value, and malformed records are refused.
func TestRecoverSlots(t *testing.T) {
	b1, b2 := paxos.MakeBallot(1, 1), paxos.MakeBallot(2, 2)
	recs := [][]byte{
		encodeSlotPromise(2, b2),
		encodeSlotPromise(2, b1), // a stale record cannot lower the promise
		encodeEntries(recAccepted, []paxos.Entry{{Slot: 2, Ballot: b1, Data: []byte("x")}}),
		encodeEntries(recAccepted, []paxos.Entry{{Slot: 2, Ballot: b2, Data: []byte("y")}}),
		encodeEntries(recDecided, []paxos.Entry{{Slot: 1, Ballot: b1, Data: []byte("z")}}),
	}
	states, err := recoverSlots(recs)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 3 || states[1] == nil || states[2] == nil {
		t.Fatalf("recovered %d slots: %+v", len(states), states)
	}
	if s := states[2]; s.Promised != b2 || len(s.Accepted) != 1 || string(s.Accepted[0].Data) != "y" || s.Accepted[0].Slot != 0 || len(s.Decided) != 0 {
		t.Fatalf("slot 2 recovered as %+v", *s)
	}
	if s := states[1]; s.Promised != 0 || len(s.Decided) != 1 || string(s.Decided[0].Data) != "z" {
		t.Fatalf("slot 1 recovered as %+v", *s)
	}
	for name, rec := range map[string][]byte{
		"promise without slot": encodePromise(b1),
		"slot 0 promise":       encodeSlotPromise(0, b1),
		"truncated promise":    {recSlotPromise, 3},
		"unknown kind":         {9},
	} {
		if _, err := recoverSlots([][]byte{rec}); err == nil {
			t.Errorf("%s: record accepted", name)
		}
	}
}

// TestSynodNodeRejectsBadMessages checks that a wire message of the wrong type or for a slot
// out of range is refused with an error instead of allocating or panicking.
func TestSynodNodeRejectsBadMessages(t *testing.T) {
	sn, err := SynodLog{}.StartNode(sim.NodeConfig{ID: 1, Peers: []int{1, 2, 3}, Disk: &sim.Disk{}, ElectionTicks: 10, HeartbeatTicks: 1})
	if err != nil {
		t.Fatal(err)
	}
	for name, payload := range map[string]any{
		"foreign payload": paxos.Message{Type: paxos.MsgPrepare, From: 2, To: 1, Ballot: paxos.MakeBallot(1, 2)},
		"slot 0":          SlotMessage{Slot: 0, Msg: paxos.Message{Type: paxos.MsgPrepare, From: 2, To: 1, Ballot: paxos.MakeBallot(1, 2)}},
		"slot too far":    SlotMessage{Slot: maxSlotAhead + 1, Msg: paxos.Message{Type: paxos.MsgPrepare, From: 2, To: 1, Ballot: paxos.MakeBallot(1, 2)}},
	} {
		if err := sn.Step(2, payload); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := sn.Step(2, SlotMessage{Slot: 1, Msg: paxos.Message{Type: paxos.MsgPrepare, From: 2, To: 1, Ballot: paxos.MakeBallot(1, 2)}}); err != nil {
		t.Fatalf("a valid prepare was refused: %v", err)
	}
	out, err := sn.Drain()
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 1 || out.Messages[0].To != 2 {
		t.Fatalf("a prepare got %d replies: %+v", len(out.Messages), out.Messages)
	}
	if m := out.Messages[0].Payload.(SlotMessage); m.Slot != 1 || m.Msg.Type != paxos.MsgPromise {
		t.Fatalf("reply %+v, want a promise for slot 1", m)
	}
}
