package paxos_test

import (
	"testing"

	"github.com/dsref/dsref/paxos"
)

// byteReader turns fuzz input into message fields, returning zeros once exhausted.
type byteReader struct{ b []byte }

func (r *byteReader) next() byte {
	if len(r.b) == 0 {
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *byteReader) done() bool { return len(r.b) == 0 }

// decodeFuzzMessage builds a message for node `to` of a 3-node cluster. IDs are drawn
// from 0..4 so that non-peers and wrong addressees occur too.
func decodeFuzzMessage(r *byteReader, to paxos.NodeID) paxos.Message {
	m := paxos.Message{
		Type:   paxos.MsgType(r.next() % 9),
		From:   paxos.NodeID(r.next() % 5),
		To:     to,
		Ballot: paxos.MakeBallot(uint64(r.next()%4), paxos.NodeID(r.next()%5)),
		Slot:   uint64(r.next() % 6),
		Commit: uint64(r.next() % 8),
	}
	if r.next()%8 == 0 {
		m.To = paxos.NodeID(r.next() % 5)
	}
	for n := r.next() % 4; n > 0; n-- {
		e := paxos.Entry{Slot: uint64(r.next() % 6), Ballot: paxos.MakeBallot(uint64(r.next()%4), paxos.NodeID(r.next()%4)), Noop: r.next()%4 == 0}
		if e.Slot == 5 {
			e.Slot = 1 << (r.next() % 64) // far-away slots: recovery and catch-up must stay bounded
		}
		if l := r.next() % 3; l > 0 {
			e.Data = []byte{r.next()}[:1]
		}
		m.Entries = append(m.Entries, e)
	}
	return m
}

// FuzzStep feeds arbitrary message sequences, interleaved with ticks and proposals, to a
// Multi-Paxos node. It must never panic, and its acceptor must never vote below the
// promise it held when the message arrived.
//
// Tests PAXOS-10, PAXOS-4, MPAXOS-7.
func FuzzStep(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 1, 1, 1, 0, 0, 0})                         // Prepare from 1 in ballot 1.1
	f.Add([]byte{3, 1, 1, 1, 0, 2, 1, 1, 1, 1, 0, 1, 'x'})     // Accept with one entry
	f.Add([]byte{3, 1, 2, 1, 0, 0, 1, 2, 1, 1, 0, 1, 'y', 10}) // Accept in ballot 2.1
	f.Add([]byte{7, 3, 0, 0, 1, 5, 0})                         // CatchUp
	f.Add([]byte{6, 1, 0, 0, 0, 3, 0, 3, 1, 1, 1, 1, 0, 2, 1, 1, 0, 3, 1, 1, 1})
	f.Add([]byte{8, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})
	f.Add([]byte{3, 1, 1, 1, 0, 0, 0, 1, 5, 1, 1, 1, 0, 40, 210, 210, 210, 210, 210, 210, 210, 210, 210, 210, 210, 210}) // vote far ahead, then ticks
	f.Fuzz(func(t *testing.T, data []byte) {
		node, err := paxos.NewNode(paxos.Config{ID: 2, Peers: []paxos.NodeID{1, 2, 3}, ElectionTicks: 3, HeartbeatTicks: 1})
		if err != nil {
			t.Fatal(err)
		}
		r := &byteReader{b: data}
		var applied uint64
		for steps := 0; !r.done() && steps < 200; steps++ {
			before := node.Status().Promised
			switch op := r.next(); {
			case op < 200:
				m := decodeFuzzMessage(r, 2)
				_ = node.Step(m) // malformed messages are refused with an error
			case op < 230:
				node.Tick()
			default:
				_ = node.Propose([]byte{op})
			}
			rd := node.Ready()
			for _, e := range rd.Accepted {
				if e.Ballot < before {
					t.Fatalf("voted for slot %d in ballot %v below promise %v", e.Slot, e.Ballot, before)
				}
			}
			if rd.PersistPromised && rd.Promised < before {
				t.Fatalf("promise went back from %v to %v", before, rd.Promised)
			}
			for _, e := range rd.Decided {
				if e.Slot != applied+1 {
					t.Fatalf("decided slot %d handed out after %d", e.Slot, applied)
				}
				applied = e.Slot
			}
		}
	})
}

// FuzzSynodStep is FuzzStep for the single-decree core: no panic, no vote below the
// promise, and one decision at most.
//
// Tests PAXOS-10, PAXOS-4.
func FuzzSynodStep(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 1, 1, 1, 0, 0, 0})
	f.Add([]byte{3, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 'x'})
	f.Add([]byte{4, 1, 1, 2, 0, 0, 0, 1, 0, 1, 2, 0, 1, 'v', 4, 3, 1, 2, 0, 0, 0, 1, 0, 1, 2, 0, 1, 'v'})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := paxos.NewSynod(paxos.Config{ID: 2, Peers: []paxos.NodeID{1, 2, 3}, ElectionTicks: 3, HeartbeatTicks: 1})
		if err != nil {
			t.Fatal(err)
		}
		r := &byteReader{b: data}
		decisions := 0
		for steps := 0; !r.done() && steps < 200; steps++ {
			before := s.Promised()
			switch op := r.next(); {
			case op < 200:
				_ = s.Step(decodeFuzzMessage(r, 2))
			case op < 230:
				s.Tick()
			default:
				_ = s.Propose([]byte{op})
			}
			rd := s.Ready()
			for _, e := range rd.Accepted {
				if e.Ballot < before {
					t.Fatalf("voted in ballot %v below promise %v", e.Ballot, before)
				}
			}
			decisions += len(rd.Decided)
			if decisions > 1 {
				t.Fatalf("handed out %d decisions", decisions)
			}
		}
	})
}
