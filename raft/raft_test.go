package raft

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func newTestRawNode(t testing.TB, id uint64, peers []uint64, opts ...func(*Config)) *RawNode {
	t.Helper()
	cfg := &Config{ID: id, Peers: peers}
	for _, o := range opts {
		o(cfg)
	}
	rn, err := NewRawNode(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rn
}

// Tests RAFT-ELECT-6.
func TestRandomizedElectionTimeoutRangeAndDeterminism(t *testing.T) {
	seen := map[int]bool{}
	for seed := uint64(0); seed < 200; seed++ {
		rn := newTestRawNode(t, 1, []uint64{1, 2, 3}, func(c *Config) { c.Rand = rand.NewPCG(seed, 7) })
		rto := rn.raft.randomizedElectionTimeout
		if rto < 10 || rto >= 20 {
			t.Fatalf("seed %d: randomized timeout %d outside [10, 20)", seed, rto)
		}
		seen[rto] = true
		again := newTestRawNode(t, 1, []uint64{1, 2, 3}, func(c *Config) { c.Rand = rand.NewPCG(seed, 7) })
		if again.raft.randomizedElectionTimeout != rto {
			t.Fatalf("seed %d: same seed gave timeouts %d and %d", seed, rto, again.raft.randomizedElectionTimeout)
		}
		// The node campaigns exactly when the timeout elapses, not a tick earlier.
		for i := 1; i < rto; i++ {
			rn.Tick()
		}
		if rn.raft.state != StateFollower {
			t.Fatalf("seed %d: campaigned after %d ticks, timeout %d", seed, rto-1, rto)
		}
		rn.Tick()
		if rn.raft.state != StatePreCandidate {
			t.Fatalf("seed %d: state %v after %d ticks", seed, rn.raft.state, rto)
		}
	}
	if len(seen) < 8 {
		t.Fatalf("only %d distinct timeouts over 200 seeds: %v", len(seen), seen)
	}
}

// A granted vote and the HardState recording it leave in the same Ready; the caller persists
// the HardState before sending the response.
//
// Tests RAFT-PERSIST-1, RAFT-ELECT-3.
func TestVoteIsInTheSameReadyAsItsResponse(t *testing.T) {
	rn := newTestRawNode(t, 2, []uint64{1, 2, 3})
	if err := rn.Step(Message{Type: MsgVote, From: 1, To: 2, Term: 1}); err != nil {
		t.Fatal(err)
	}
	rd := rn.Ready()
	if len(rd.Messages) != 1 || rd.Messages[0].Type != MsgVoteResp || rd.Messages[0].Reject {
		t.Fatalf("messages %v", rd.Messages)
	}
	if rd.HardState != (HardState{Term: 1, Vote: 1}) || !rd.MustSync {
		t.Fatalf("hard state %+v must sync %v", rd.HardState, rd.MustSync)
	}
	persistAndAdvance(t, rn, rd)
	// A second candidate of the same term is refused.
	if err := rn.Step(Message{Type: MsgVote, From: 3, To: 2, Term: 1}); err != nil {
		t.Fatal(err)
	}
	rd = rn.Ready()
	if len(rd.Messages) != 1 || !rd.Messages[0].Reject {
		t.Fatalf("second vote in term 1 granted: %v", rd.Messages)
	}
	// The first candidate asking again is granted again (a duplicate request).
	persistAndAdvance(t, rn, rd)
	if err := rn.Step(Message{Type: MsgVote, From: 1, To: 2, Term: 1}); err != nil {
		t.Fatal(err)
	}
	if rd = rn.Ready(); rd.Messages[0].Reject {
		t.Fatalf("repeated vote for the same candidate refused: %v", rd.Messages)
	}
}

// Tests RAFT-PERSIST-2.
func TestReadyContainsOnlyChanges(t *testing.T) {
	rn := newTestRawNode(t, 1, []uint64{1})
	if rn.HasReady() {
		t.Fatal("a new node has work to do")
	}
	if err := rn.Campaign(); err != nil {
		t.Fatal(err)
	}
	rd := rn.Ready()
	if rd.SoftState == nil || rd.SoftState.RaftState != StateLeader || len(rd.Entries) != 1 || len(rd.CommittedEntries) != 0 {
		t.Fatalf("first ready %+v", rd)
	}
	if rn.HasReady() {
		t.Fatal("HasReady before Advance")
	}
	persistAndAdvance(t, rn, rd)
	rd = rn.Ready()
	// Only the commit index changed: no soft state, no entries to persist, one to apply.
	if rd.SoftState != nil || len(rd.Entries) != 0 || len(rd.CommittedEntries) != 1 || rd.HardState.Commit != 1 || rd.MustSync {
		t.Fatalf("second ready %+v", rd)
	}
	persistAndAdvance(t, rn, rd)
	if rn.HasReady() {
		t.Fatalf("third ready %+v", rn.Ready())
	}
}

// Tests RAFT-COMMIT-1.
func TestLeaderCountsItsOwnLogOnlyOncePersisted(t *testing.T) {
	rn := newTestRawNode(t, 1, []uint64{1})
	if err := rn.Campaign(); err != nil {
		t.Fatal(err)
	}
	if rn.raft.log.committed != 0 {
		t.Fatal("committed before the entry was persisted")
	}
	rd := rn.Ready()
	persistAndAdvance(t, rn, rd)
	if rn.raft.log.committed != 1 {
		t.Fatalf("commit %d after persisting, want 1", rn.raft.log.committed)
	}
}

// Tests RAFT-TRACE-1.
func TestTraceEventsNameTLAActions(t *testing.T) {
	var evs []TraceEvent
	rn := newTestRawNode(t, 1, []uint64{1, 2, 3}, func(c *Config) { c.Tracer = TracerFunc(func(ev TraceEvent) { evs = append(evs, ev) }) })
	if err := rn.Campaign(); err != nil {
		t.Fatal(err)
	}
	if err := rn.Step(Message{Type: MsgPreVoteResp, From: 2, To: 1, Term: 1}); err != nil {
		t.Fatal(err)
	}
	if err := rn.Step(Message{Type: MsgVoteResp, From: 2, To: 1, Term: 1}); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range evs {
		actions = append(actions, string(ev.Action))
	}
	want := "Restart Timeout RequestVote RequestVote HandlePreVoteResponse " +
		"BecomeCandidate RequestVote RequestVote HandleRequestVoteResponse BecomeLeader AppendEntries AppendEntries"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("actions\n got %s\nwant %s", got, want)
	}
	last := evs[len(evs)-1]
	if last.Node != 1 || last.Term != 1 || last.Vote != 1 || last.Role != StateLeader || last.Lead != 1 ||
		last.LastIndex != 1 || last.LastTerm != 1 || last.Commit != 0 || last.Message == nil ||
		last.Message.Type != MsgApp || last.Message.To != 3 {
		t.Fatalf("last event %+v", last)
	}
	// Without a tracer, stepping a heartbeat allocates nothing for tracing.
	quiet := newTestRawNode(t, 2, []uint64{1, 2, 3})
	hb := Message{Type: MsgHeartbeat, From: 1, To: 2, Term: 1}
	allocs := testing.AllocsPerRun(100, func() {
		_ = quiet.Step(hb)
		quiet.raft.msgs = quiet.raft.msgs[:0]
	})
	if allocs > 0 {
		t.Fatalf("heartbeat without tracer allocates %.1f times", allocs)
	}
}

// Tests RAFT-ROBUST-1.
func TestStepRejectsMalformedMessages(t *testing.T) {
	cases := []struct {
		m    Message
		want string
	}{
		{Message{Type: 0, From: 2, To: 1, Term: 1}, "unknown type 0"},
		{Message{Type: 99, From: 2, To: 1, Term: 1}, "unknown type 99"},
		{Message{Type: MsgApp, To: 1, Term: 1}, "has no sender"},
		{Message{Type: MsgApp, From: 2, To: 1}, "has term 0"},
		{Message{Type: MsgApp, From: 2, To: 1, Term: 1, Entries: []Entry{{Term: 1, Index: 1, Type: EntryConfChange, Data: MarshalConfChange(ConfChange{})}}}, "carries no configuration"},
		{Message{Type: MsgApp, From: 2, To: 1, Term: 1, Entries: []Entry{{Term: 1, Index: 1, Type: EntryConfChange, Data: []byte{1, 0, 1, 9, 2, 0, 0}}}}, "unknown change type 9"},
		{Message{Type: MsgApp, From: 2, To: 1, Term: 1, Entries: []Entry{{Term: 1, Index: 1, Type: EntryConfChange,
			Data: appendConfEntry(nil, ConfChange{}, &ConfState{Voters: []uint64{1}, Learners: []uint64{1}})}}}, "node 1 is both voter and learner"},
		{Message{Type: MsgProp, From: 2, To: 1, Entries: []Entry{{Type: EntryConfChange, Data: appendConfEntry(nil, ConfChange{}, &ConfState{Voters: []uint64{1}})}}}, "comes alone and carries no configuration"},
		{Message{Type: MsgProp, From: 2, To: 1, Entries: []Entry{{}, {Type: EntryConfChange, Data: MarshalConfChange(ConfChange{})}}}, "comes alone"},
		{Message{Type: MsgApp, From: 2, To: 1, Term: 1, Entries: []Entry{{Term: 1, Index: 3}}}, "entry 0 has index 3, want 1"},
		{Message{Type: MsgApp, From: 2, To: 1, Term: 1, Entries: []Entry{{Term: 2, Index: 1}}}, "term 2 outside [0, 1]"},
		{Message{Type: MsgApp, From: 2, To: 1, Term: 1, LogTerm: 4}, "prevLogTerm 4 above message term 1"},
		{Message{Type: MsgVote, From: 2, To: 1, Term: 1, LogTerm: 3}, "last log term 3 above message term 1"},
		{Message{Type: MsgProp, From: 2, To: 1}, "carries no entries"},
		{Message{Type: MsgProp, From: 2, To: 1, Term: 3, Entries: []Entry{{}}}, "carries term 3; requests carry none"},
		{Message{Type: MsgTransferLeader, From: 2, To: 1, Term: 3}, "carries term 3"},
		{Message{Type: MsgProp, From: 2, To: 1, Entries: []Entry{{Type: 5}}}, "entry 0 has unknown type 5"},
		{Message{Type: MsgReadIndex, From: 2, To: 1}, "empty request context"},
		{Message{Type: MsgTransferLeader, From: 7, To: 1}, "transfer target 7 is not a voter"},
		{Message{Type: MsgHup, From: 2, To: 1}, "local message"},
		{Message{Type: MsgApp, From: 2, To: 5, Term: 1}, "addressed to 5"},
	}
	for _, c := range cases {
		rn := newTestRawNode(t, 1, []uint64{1, 2, 3})
		before := rn.Status()
		err := rn.Step(c.m)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Step(%v) = %v, want error containing %q", c.m, err, c.want)
		}
		if !reflect.DeepEqual(rn.Status(), before) {
			t.Errorf("Step(%v) changed the state", c.m)
		}
	}
	// An acknowledgement beyond the leader's log is refused.
	rn := newTestRawNode(t, 1, []uint64{1, 2, 3})
	rn.raft.becomeCandidate(nil)
	rn.raft.becomeLeader()
	err := rn.Step(Message{Type: MsgAppResp, From: 2, To: 1, Term: 1, Index: 50})
	if err == nil || !strings.Contains(err.Error(), "acknowledges index 50 beyond the last index 1") {
		t.Fatalf("bogus ack: %v", err)
	}
	if rn.raft.prs[2].match != 0 {
		t.Fatal("bogus ack recorded")
	}
}

// Tests RAFT-ROBUST-1, RAFT-PERSIST-3.
func TestInvalidConfigAndStorageAreRejected(t *testing.T) {
	withLog := func(hs HardState, terms ...uint64) *MemoryStorage {
		st := NewMemoryStorage()
		st.SetHardState(hs)
		for i, tm := range terms {
			if err := st.Append([]Entry{{Term: tm, Index: uint64(i + 1)}}); err != nil {
				t.Fatal(err)
			}
		}
		return st
	}
	withConf := func(cs ConfState) *MemoryStorage {
		st := NewMemoryStorage()
		st.SetConfState(cs)
		return st
	}
	withConfEntry := func(data []byte) *MemoryStorage {
		st := withLog(HardState{Term: 1})
		if err := st.Append([]Entry{{Term: 1, Index: 1, Type: EntryConfChange, Data: data[:len(data)-1]}}); err != nil {
			t.Fatal(err)
		}
		return st
	}
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{Peers: []uint64{1}}, "Config.ID must not be 0"},
		{Config{ID: 1, Storage: withConf(ConfState{Voters: []uint64{1, 2, 2}})}, "stored configuration voters=[1 2 2]: voter 2 listed twice"},
		{Config{ID: 1, Storage: withConf(ConfState{Voters: []uint64{1}, LearnersNext: []uint64{2}})}, "next learner 2 is not an outgoing voter"},
		{Config{ID: 1, Storage: withConfEntry(appendConfEntry(nil, ConfChange{}, &ConfState{}))}, "stored configuration entry 1 is malformed"},
		{Config{ID: 4, Peers: []uint64{1, 2}}, "node 4 is not among the voters"},
		{Config{ID: 1, Peers: []uint64{1, 1}}, "voter 1 listed twice"},
		{Config{ID: 1, Peers: []uint64{1, 0}}, "voter ID 0 is reserved"},
		{Config{ID: 1, Peers: []uint64{1}, ElectionTick: 2, HeartbeatTick: 2}, "HeartbeatTick (2) must be smaller than ElectionTick (2)"},
		{Config{ID: 1, Peers: []uint64{1}, ElectionTick: -1}, "must be positive"},
		{Config{ID: 1, Peers: []uint64{1}, MaxInflightMsgs: -3}, "MaxInflightMsgs (-3) must be positive"},
		{Config{ID: 1, Peers: []uint64{1}, Storage: withLog(HardState{Term: 1, Commit: 3}, 1, 1)}, "stored commit index 3 is beyond the last stored index 2"},
		{Config{ID: 1, Peers: []uint64{1}, Storage: withLog(HardState{Term: 1}, 1, 2)}, "stored entry 2 has term 2 above the stored term 1"},
		{Config{ID: 1, Peers: []uint64{1}, Storage: &badStorage{MemoryStorage: NewMemoryStorage(), first: 0}}, "storage first index is 0"},
		{Config{ID: 1, Peers: []uint64{1}, Storage: &badStorage{MemoryStorage: NewMemoryStorage(), first: 5, last: 2}}, "storage last index 2 is below its first index 5 minus one"},
		{Config{ID: 1, Peers: []uint64{1}, Storage: &badStorage{MemoryStorage: NewMemoryStorage(), first: 1, last: MaxIndex + 1}}, "beyond the last usable index"},
		{Config{ID: 1, Peers: []uint64{1}, Applied: 2, Storage: withLog(HardState{Term: 1, Commit: 1}, 1, 1)}, "Config.Applied 2 is beyond the stored commit index 1"},
	}
	for _, c := range cases {
		_, err := NewRawNode(&c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewRawNode(%+v) = %v, want error containing %q", c.cfg, err, c.want)
		}
	}
	if err := NewMemoryStorage().Append([]Entry{{Index: 3}}); err == nil || !strings.Contains(err.Error(), "leaves a gap") {
		t.Errorf("gap append: %v", err)
	}
	if _, err := NewMemoryStorage().Entries(1, 5, noLimit); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Entries out of range: %v", err)
	}
}

// Tests RAFT-PERSIST-3.
func TestRestartRestoresExactState(t *testing.T) {
	st := NewMemoryStorage()
	st.SetHardState(HardState{Term: 5, Vote: 3, Commit: 2})
	if err := st.Append([]Entry{{Term: 1, Index: 1}, {Term: 4, Index: 2, Data: []byte("x")}, {Term: 5, Index: 3}}); err != nil {
		t.Fatal(err)
	}
	rn := newTestRawNode(t, 1, []uint64{1, 2, 3}, func(c *Config) { c.Storage = st; c.Applied = 1 })
	s := rn.Status()
	want := Status{ID: 1, HardState: HardState{Term: 5, Vote: 3, Commit: 2}, SoftState: SoftState{RaftState: StateFollower},
		Applied: 1, LastIndex: 3, LastTerm: 5, Config: ConfState{Voters: []uint64{1, 2, 3}}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("restarted status\n got %+v\nwant %+v", s, want)
	}
	rd := rn.Ready()
	if len(rd.Entries) != 0 || !rd.HardState.IsEmpty() || len(rd.CommittedEntries) != 1 || string(rd.CommittedEntries[0].Data) != "x" {
		t.Fatalf("restart ready %+v", rd)
	}
	// The restored vote still binds: another candidate of term 5 is refused.
	persistAndAdvance(t, rn, rd)
	if err := rn.Step(Message{Type: MsgVote, From: 2, To: 1, Term: 5, Index: 9, LogTerm: 5}); err != nil {
		t.Fatal(err)
	}
	if rd := rn.Ready(); len(rd.Messages) != 1 || !rd.Messages[0].Reject {
		t.Fatalf("vote after restart: %v", rd.Messages)
	}
}

// Tests RAFT-LOG-5.
func TestInflightWindowPausesPipelining(t *testing.T) {
	p := newProgress(1, 2, 0)
	p.becomeReplicate()
	p.sentEntries(1, 10)
	if p.isPaused() {
		t.Fatal("paused with one of two in flight")
	}
	p.sentEntries(2, 10)
	if !p.isPaused() || p.next != 3 {
		t.Fatalf("window full: paused=%v next=%d", p.isPaused(), p.next)
	}
	p.maybeUpdate(1)
	if p.isPaused() || p.inflight.count != 1 {
		t.Fatalf("ack of 1 did not free a slot: %+v", p.inflight)
	}
	// A probe sends one message at a time.
	q := newProgress(5, 2, 0)
	q.sentEntries(7, 10)
	if !q.isPaused() || q.next != 5 {
		t.Fatalf("probe: paused=%v next=%d", q.isPaused(), q.next)
	}
	// Backtracking never goes below match+1 nor above the rejected index.
	q.match = 2
	if !q.maybeDecrTo(4, 1) || q.next != 3 {
		t.Fatalf("decr to hint 1 with match 2: next=%d", q.next)
	}
	if q.maybeDecrTo(9, 1) {
		t.Fatal("stale rejection accepted")
	}
}

// Tests RAFT-LOG-3, RAFT-LOG-4, RAFT-ELECT-4, RAFT-LOG-6.
func TestLogRules(t *testing.T) {
	// The entries are persisted: the log reads them from its storage.
	mk := func(terms ...uint64) *raftLog {
		st := NewMemoryStorage()
		for i, tm := range terms {
			if err := st.Append([]Entry{{Term: tm, Index: uint64(i + 1)}}); err != nil {
				t.Fatal(err)
			}
		}
		l, err := newLog(st, noLimit)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	l := mk(1, 1, 2, 3, 3)
	if !l.isUpToDate(5, 3) || !l.isUpToDate(1, 4) || l.isUpToDate(9, 2) || l.isUpToDate(4, 3) {
		t.Fatal("isUpToDate")
	}
	// Matching entries are kept even if the message is shorter than the log.
	if last, ok, err := l.maybeAppend(1, 1, []Entry{{Term: 1, Index: 2}}); !ok || err != nil || last != 2 || l.lastIndex() != 5 {
		t.Fatalf("short matching append truncated: last=%d ok=%v err=%v len=%d", last, ok, err, l.lastIndex())
	}
	// A conflict at index 4 truncates from there.
	if last, ok, _ := l.maybeAppend(3, 2, []Entry{{Term: 4, Index: 4}}); !ok || last != 4 || l.lastIndex() != 4 || l.stable() != 3 {
		t.Fatalf("conflict: last=%d ok=%v len=%d stable=%d", last, ok, l.lastIndex(), l.stable())
	}
	// A committed entry is never overwritten.
	l.committed = 4
	if _, _, err := l.maybeAppend(3, 2, []Entry{{Term: 5, Index: 4}}); err == nil {
		t.Fatal("conflict with a committed entry accepted")
	}
	if _, ok, _ := l.maybeAppend(4, 9, nil); ok {
		t.Fatal("consistency check passed with a wrong prevLogTerm")
	}
	hl := mk(1, 2, 2, 2, 5)
	if i, tm := hl.conflictHint(4); i != 2 || tm != 2 {
		t.Fatalf("hint(4) = %d/%d, want 2/2", i, tm)
	}
	if i, tm := hl.conflictHint(9); i != 6 || tm != 0 {
		t.Fatalf("hint(9) = %d/%d, want 6/0", i, tm)
	}
	if hl.lastIndexOfTerm(2) != 4 || hl.lastIndexOfTerm(3) != 0 {
		t.Fatal("lastIndexOfTerm")
	}
	// The size bound keeps at least one entry.
	big := mk()
	for i := 1; i <= 4; i++ {
		big.append(Entry{Term: 1, Index: uint64(i), Data: make([]byte, 100)})
	}
	if ents, err := big.slice(1, 5, 10); len(ents) != 1 || err != nil {
		t.Fatalf("slice under a tiny limit returned %d entries, %v", len(ents), err)
	}
	if ents, err := big.slice(1, 5, 2*(100+entryOverhead)); len(ents) != 2 || err != nil {
		t.Fatalf("slice under a two-entry limit returned %d entries, %v", len(ents), err)
	}
}

// A follower's acknowledgement of entries leaves in the same Ready as the entries and the term
// it learned from the leader, so a caller that persists before sending never acknowledges
// what it could lose in a crash; the entries are not handed out again once persisted.
//
// Tests RAFT-PERSIST-1, RAFT-PERSIST-2.
func TestAppendAckIsInTheSameReadyAsItsEntries(t *testing.T) {
	rn := newTestRawNode(t, 2, []uint64{1, 2, 3})
	app := Message{Type: MsgApp, From: 1, To: 2, Term: 3, Entries: []Entry{{Term: 2, Index: 1}, {Term: 3, Index: 2, Data: []byte("a")}}, Commit: 1}
	if err := rn.Step(app); err != nil {
		t.Fatal(err)
	}
	rd := rn.Ready()
	if len(rd.Messages) != 1 || rd.Messages[0].Type != MsgAppResp || rd.Messages[0].Reject || rd.Messages[0].Index != 2 {
		t.Fatalf("messages %v", rd.Messages)
	}
	if len(rd.Entries) != 2 || rd.Entries[1].Index != 2 || rd.Entries[1].Term != 3 || !rd.MustSync {
		t.Fatalf("entries %v must sync %v", rd.Entries, rd.MustSync)
	}
	if rd.HardState != (HardState{Term: 3, Commit: 1}) {
		t.Fatalf("hard state %+v", rd.HardState)
	}
	persistAndAdvance(t, rn, rd)
	// A duplicate of the same MsgApp, whose prevLogIndex 0 is now below the commit index 1, is
	// answered with the commit index, with nothing new to persist.
	if err := rn.Step(app); err != nil {
		t.Fatal(err)
	}
	rd = rn.Ready()
	if len(rd.Entries) != 0 || !rd.HardState.IsEmpty() || rd.MustSync || len(rd.Messages) != 1 || rd.Messages[0].Index != 1 {
		t.Fatalf("duplicate: entries %v hard state %+v must sync %v messages %v", rd.Entries, rd.HardState, rd.MustSync, rd.Messages)
	}
}

// badStorage reports impossible indexes.
type badStorage struct {
	*MemoryStorage
	first, last uint64
}

func (b *badStorage) FirstIndex() (uint64, error) { return b.first, nil }
func (b *badStorage) LastIndex() (uint64, error)  { return b.last, nil }

// persistAndAdvance does what the Ready contract asks of a caller whose Storage is a
// MemoryStorage: persist the snapshot, entries and hard state, then Advance.
func persistAndAdvance(t testing.TB, rn *RawNode, rd Ready) {
	t.Helper()
	ms := rn.raft.log.storage.(*MemoryStorage)
	if !rd.Snapshot.IsEmpty() {
		if err := ms.ApplySnapshot(rd.Snapshot); err != nil {
			t.Fatal(err)
		}
	}
	if err := ms.Append(rd.Entries); err != nil {
		t.Fatal(err)
	}
	if !rd.HardState.IsEmpty() {
		ms.SetHardState(rd.HardState)
	}
	rn.Advance(rd)
}
