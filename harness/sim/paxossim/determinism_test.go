package paxossim

import (
	"bytes"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/paxos"
)

// TestSameSeedSameEventLog runs seeds twice and requires byte-identical event logs.
func TestSameSeedSameEventLog(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		var a, b bytes.Buffer
		ra, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: seed, Log: &a}})
		if err != nil {
			t.Fatal(err)
		}
		rb, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: seed, Log: &b}})
		if err != nil {
			t.Fatal(err)
		}
		if ra.Hash != rb.Hash || !bytes.Equal(a.Bytes(), b.Bytes()) || ra.Steps < 100 {
			t.Fatalf("seed %d: runs differ or are trivial (hashes %016x, %016x; %d steps)", seed, ra.Hash, rb.Hash, ra.Steps)
		}
	}
}

// TestRecoverState checks the disk encoding: the highest promise wins, the newest accepted entry
// per slot wins, decided entries come back sorted, and malformed records are refused.
//
// Tests PAXOS-6.
func TestRecoverState(t *testing.T) {
	b1, b2 := paxos.MakeBallot(1, 1), paxos.MakeBallot(2, 2)
	recs := [][]byte{
		encodePromise(b2),
		encodePromise(b1), // a stale record cannot lower the promise
		encodeEntries(recAccepted, []paxos.Entry{{Slot: 1, Ballot: b1, Data: []byte("x")}}),
		encodeEntries(recAccepted, []paxos.Entry{{Slot: 1, Ballot: b2, Data: []byte("y")}, {Slot: 2, Ballot: b2, Noop: true}}),
		encodeEntries(recDecided, []paxos.Entry{{Slot: 2, Ballot: b2, Noop: true}, {Slot: 1, Ballot: b2, Data: []byte("y")}}),
	}
	st, err := recoverState(recs)
	if err != nil {
		t.Fatal(err)
	}
	if st.Promised != b2 || len(st.Accepted) != 2 || string(st.Accepted[0].Data) != "y" || !st.Accepted[1].Noop ||
		len(st.Decided) != 2 || st.Decided[0].Slot != 1 || st.Applied != 0 {
		t.Fatalf("recovered %+v", st)
	}
	if _, err := recoverState([][]byte{encodeEntries(recAccepted, []paxos.Entry{{Slot: 0}})}); err == nil {
		t.Fatal("an entry for slot 0 was accepted")
	}
	if _, err := recoverState([][]byte{{7}}); err == nil {
		t.Fatal("an unknown record kind was accepted")
	}
}
