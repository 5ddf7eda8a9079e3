package raft

import (
	"errors"
	"reflect"
	"testing"
)

// leaderOf3 returns node 1 as the leader of term 1 in a cluster of three, configured by opts.
func leaderOf3(t *testing.T, opts ...func(*Config)) *RawNode {
	t.Helper()
	rn := newTestRawNode(t, 1, []uint64{1, 2, 3}, opts...)
	rn.raft.becomeCandidate(nil)
	rn.raft.becomeLeader()
	persistAndAdvance(t, rn, rn.Ready())
	return rn
}

// A leader refuses proposals that would pass MaxUncommittedEntriesSize, with an error that is
// ErrProposalDropped and says which limit; once entries commit and are handed out, it takes
// proposals again. A single proposal larger than the limit is taken when nothing is pending.
//
// Tests RAFT-FLOW-1.
func TestMaxUncommittedEntriesSize(t *testing.T) {
	rn := leaderOf3(t, func(c *Config) { c.MaxUncommittedEntriesSize = 10 })
	if err := rn.Propose(make([]byte, 25)); err != nil {
		t.Fatalf("one large proposal with nothing uncommitted: %v", err)
	}
	err := rn.Propose([]byte("x"))
	var le *ProposalLimitError
	if !errors.As(err, &le) || !errors.Is(err, ErrProposalDropped) || le.Limit != "MaxUncommittedEntriesSize" || le.Size != 26 || le.Max != 10 {
		t.Fatalf("second proposal: %v", err)
	}
	last := rn.BasicStatus().LastIndex
	persistAndAdvance(t, rn, rn.Ready())
	// The followers acknowledge; the entry commits and is handed out.
	for _, id := range []uint64{2, 3} {
		if err := rn.Step(Message{Type: MsgAppResp, From: id, To: 1, Term: 1, Index: last}); err != nil {
			t.Fatal(err)
		}
	}
	rd := rn.Ready()
	if len(rd.CommittedEntries) == 0 {
		t.Fatal("nothing committed")
	}
	persistAndAdvance(t, rn, rd)
	if err := rn.Propose(make([]byte, 6)); err != nil {
		t.Fatalf("after the commit: %v", err)
	}
	if err := rn.Propose(make([]byte, 5)); !errors.Is(err, ErrProposalDropped) {
		t.Fatalf("6+5 bytes under a limit of 10: %v", err)
	}
}

// A proposal forwarded by a follower may carry at most MaxSizePerMsg bytes: the follower does
// not forward a larger one, and a leader does not take one from a peer (a local one is fine).
//
// Tests RAFT-FLOW-2.
func TestForwardedProposalsAreBounded(t *testing.T) {
	small := func(c *Config) { c.MaxSizePerMsg = 64 }
	rn := leaderOf3(t, small)
	big := []Entry{{Data: make([]byte, 40)}, {Data: make([]byte, 40)}}
	err := rn.Step(Message{Type: MsgProp, From: 2, To: 1, Entries: big})
	var le *ProposalLimitError
	if !errors.As(err, &le) || le.Limit != "MaxSizePerMsg" || le.From != 2 {
		t.Fatalf("a remote MsgProp of 2x40 bytes under MaxSizePerMsg 64: %v", err)
	}
	if err := rn.Step(Message{Type: MsgProp, From: 2, To: 1, Entries: big[:1]}); err != nil {
		t.Fatalf("a remote MsgProp of one 40-byte entry: %v", err)
	}
	if err := rn.ProposeBatch(make([]byte, 40), make([]byte, 40)); err != nil {
		t.Fatalf("a local batch is not bounded by MaxSizePerMsg: %v", err)
	}
	f := newTestRawNode(t, 2, []uint64{1, 2, 3}, small)
	if err := f.Step(Message{Type: MsgHeartbeat, From: 1, To: 2, Term: 1}); err != nil {
		t.Fatal(err)
	}
	if err := f.ProposeBatch(make([]byte, 40), make([]byte, 40)); !errors.As(err, &le) {
		t.Fatalf("a follower forwarding 2x40 bytes: %v", err)
	}
	if err := f.Propose(make([]byte, 40)); err != nil {
		t.Fatal(err)
	}
}

// MaxInflightBytes pauses pipelining once the unacknowledged bytes reach it; an
// acknowledgement frees the window; ReportUnreachable falls back to probing.
//
// Tests RAFT-FLOW-3.
func TestInflightBytesAndUnreachable(t *testing.T) {
	rn := leaderOf3(t, func(c *Config) { c.MaxInflightBytes = 100; c.MaxSizePerMsg = 1 })
	r := rn.raft
	for _, id := range []uint64{2, 3} {
		// The followers acknowledge the no-op: they are pipelining.
		if err := rn.Step(Message{Type: MsgAppResp, From: id, To: 1, Term: 1, Index: 1}); err != nil {
			t.Fatal(err)
		}
	}
	persistAndAdvance(t, rn, rn.Ready())
	for i := 0; i < 5; i++ {
		if err := rn.Propose(make([]byte, 30)); err != nil {
			t.Fatal(err)
		}
	}
	rd := rn.Ready()
	sent := 0
	for _, m := range rd.Messages {
		if m.To == 2 && m.Type == MsgApp && len(m.Entries) > 0 {
			sent++
		}
	}
	// Each MsgApp carries one 46-byte entry (MaxSizePerMsg 1): the third reaches 138 >= 100.
	if pr := r.prs[2]; sent != 3 || !pr.isPaused() || pr.inflight.bytes != 3*(30+entryOverhead) {
		t.Fatalf("sent %d MsgApp, paused %v, inflight %+v", sent, pr.isPaused(), pr.inflight)
	}
	persistAndAdvance(t, rn, rd)
	if err := rn.Step(Message{Type: MsgAppResp, From: 2, To: 1, Term: 1, Index: 2}); err != nil {
		t.Fatal(err)
	}
	if pr := r.prs[2]; pr.inflight.count != 3 || pr.inflight.bytes != 3*(30+entryOverhead) {
		t.Fatalf("after acknowledging one: %+v (one freed, one more sent)", pr.inflight)
	}
	rn.ReportUnreachable(2)
	if pr := r.prs[2]; pr.state != progressProbe || pr.next != pr.match+1 || pr.inflight.count != 0 {
		t.Fatalf("after ReportUnreachable: state %v next %d match %d", pr.state, pr.next, pr.match)
	}
}

// A Ready hands out at most MaxCommittedSizePerReady bytes of committed entries (at least
// one), and the rest in the next Readies, in order.
//
// Tests RAFT-FLOW-4.
func TestMaxCommittedSizePerReady(t *testing.T) {
	rn := newTestRawNode(t, 1, []uint64{1}, func(c *Config) { c.MaxCommittedSizePerReady = 2 * (10 + entryOverhead) })
	if err := rn.Campaign(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if err := rn.Propose(make([]byte, 10)); err != nil {
			t.Fatal(err)
		}
	}
	var batches []int
	var applied []uint64
	for i := 0; i < 10 && rn.HasReady(); i++ {
		rd := rn.Ready()
		if n := len(rd.CommittedEntries); n > 0 {
			batches = append(batches, n)
			for _, e := range rd.CommittedEntries {
				applied = append(applied, e.Index)
			}
		}
		persistAndAdvance(t, rn, rd)
	}
	// The no-op (16 bytes) and the first entry (26) fit in 52; then two and two.
	if !reflect.DeepEqual(batches, []int{2, 2, 2}) || !reflect.DeepEqual(applied, []uint64{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("batches %v, applied %v", batches, applied)
	}
}

// Entries handed out in a Ready are never modified afterwards: a follower truncating a
// conflicting suffix and appending new entries leaves the earlier Ready's entries (and the
// MsgApp the leader sent) as they were.
//
// Tests RAFT-PERSIST-4.
func TestReadyEntriesAreNeverModified(t *testing.T) {
	f := newTestRawNode(t, 2, []uint64{1, 2, 3})
	app := Message{Type: MsgApp, From: 1, To: 2, Term: 1, Entries: []Entry{{Term: 1, Index: 1, Data: []byte("a")}, {Term: 1, Index: 2, Data: []byte("b")}}}
	if err := f.Step(app); err != nil {
		t.Fatal(err)
	}
	rd := f.Ready()
	kept := append([]Entry(nil), rd.Entries...)
	// Before Advance, the leader of term 2 overwrites entry 2, and more arrives.
	for _, m := range []Message{
		{Type: MsgApp, From: 3, To: 2, Term: 2, Index: 1, LogTerm: 1, Entries: []Entry{{Term: 2, Index: 2, Data: []byte("B")}}},
		{Type: MsgApp, From: 3, To: 2, Term: 2, Index: 2, LogTerm: 2, Entries: []Entry{{Term: 2, Index: 3, Data: []byte("C")}}},
	} {
		if err := f.Step(m); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(rd.Entries, kept) || string(app.Entries[1].Data) != "b" || app.Entries[1].Term != 1 {
		t.Fatalf("entries handed out changed: %v (was %v)", rd.Entries, kept)
	}
	// The persisted entry 2 is no longer the log's (its term changed), so nothing of the tail
	// counts as persisted: the next Ready hands out the whole new tail.
	persistAndAdvance(t, f, rd)
	rd = f.Ready()
	if len(rd.Entries) != 3 || rd.Entries[1].Term != 2 || string(rd.Entries[2].Data) != "C" {
		t.Fatalf("the next Ready's entries %v", rd.Entries)
	}
}
