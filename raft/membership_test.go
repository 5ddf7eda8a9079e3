package raft

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func cs(voters, outgoing, learners, next []uint64, auto bool) ConfState {
	return ConfState{Voters: voters, VotersOutgoing: outgoing, Learners: learners, LearnersNext: next, AutoLeave: auto}
}

func ids(v ...uint64) []uint64 { return v }

// TestApplyConfChange walks etcd-io/raft's ConfChangeV2 rules: simple changes move at most one
// voter, joint configurations are entered and left, demoted voters wait in learners_next, and
// nothing leaves a node in two roles or no voter at all.
//
// Tests RAFT-CONF-1, RAFT-CONF-3.
func TestApplyConfChange(t *testing.T) {
	v := func(id uint64) ConfChangeSingle { return ConfChangeSingle{ConfChangeAddNode, id} }
	l := func(id uint64) ConfChangeSingle { return ConfChangeSingle{ConfChangeAddLearnerNode, id} }
	r := func(id uint64) ConfChangeSingle { return ConfChangeSingle{ConfChangeRemoveNode, id} }
	base := cs(ids(1, 2, 3), nil, ids(4), nil, false)
	cases := []struct {
		from ConfState
		cc   ConfChange
		want ConfState
		err  string
	}{
		{base, ConfChange{Changes: []ConfChangeSingle{v(4)}}, cs(ids(1, 2, 3, 4), nil, nil, nil, false), ""},
		{base, ConfChange{Changes: []ConfChangeSingle{r(3)}}, cs(ids(1, 2), nil, ids(4), nil, false), ""},
		{base, ConfChange{Changes: []ConfChangeSingle{l(3)}}, cs(ids(1, 2), nil, ids(3, 4), nil, false), ""},
		{base, ConfChange{Changes: []ConfChangeSingle{l(5), r(4)}}, cs(ids(1, 2, 3), nil, ids(5), nil, false), ""},
		// Two voters move: joint, left by the leader itself (auto) or on request (explicit).
		{base, ConfChange{Changes: []ConfChangeSingle{v(4), r(3)}}, cs(ids(1, 2, 4), ids(1, 2, 3), nil, nil, true), ""},
		{base, ConfChange{Transition: ConfChangeTransitionJointExplicit, Changes: []ConfChangeSingle{v(4), l(3)}},
			cs(ids(1, 2, 4), ids(1, 2, 3), nil, ids(3), false), ""},
		{base, ConfChange{Transition: ConfChangeTransitionJointImplicit, Changes: []ConfChangeSingle{v(4)}},
			cs(ids(1, 2, 3, 4), ids(1, 2, 3), nil, nil, true), ""},
		{cs(ids(1, 2, 4), ids(1, 2, 3), nil, ids(3), false), ConfChange{}, cs(ids(1, 2, 4), nil, ids(3), nil, false), ""},
		// Refused.
		{base, ConfChange{}, base, "not in a joint configuration"},
		{cs(ids(1, 2, 4), ids(1, 2, 3), nil, nil, true), ConfChange{Changes: []ConfChangeSingle{r(4)}}, ConfState{}, "leave it first"},
		{base, ConfChange{Changes: []ConfChangeSingle{r(1), r(2), r(3)}}, ConfState{}, "no voters left"},
		{base, ConfChange{Changes: []ConfChangeSingle{v(0)}}, ConfState{}, "reserved for None"},
		{base, ConfChange{Changes: []ConfChangeSingle{{Type: 7, NodeID: 2}}}, ConfState{}, "unknown change type 7"},
		{base, ConfChange{Transition: 9, Changes: []ConfChangeSingle{v(4)}}, ConfState{}, "unknown transition 9"},
	}
	for _, c := range cases {
		got, err := applyConfChange(c.from, c.cc)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v on %v: err %v, want %q", c.cc, c.from, err, c.err)
			}
		case err != nil:
			t.Errorf("%v on %v: %v", c.cc, c.from, err)
		case !got.Equal(c.want):
			t.Errorf("%v on %v = %v, want %v", c.cc, c.from, got, c.want)
		}
	}
	// The input is never modified.
	if !base.Equal(cs(ids(1, 2, 3), nil, ids(4), nil, false)) {
		t.Fatalf("applyConfChange modified its input: %v", base)
	}
}

// TestConfChangeEntriesRoundTrip: configuration entries and snapshots of every shape survive
// the wire and the entry encoding unchanged, and malformed entry data is refused with the
// field named.
//
// Tests RAFT-CONF-1, RAFT-ROBUST-1.
func TestConfChangeEntriesRoundTrip(t *testing.T) {
	cc := ConfChange{Transition: ConfChangeTransitionJointExplicit, Changes: []ConfChangeSingle{{ConfChangeAddNode, 4}, {ConfChangeAddLearnerNode, 3}}, Context: []byte("addr")}
	state := cs(ids(1, 2, 4), ids(1, 2, 3), nil, ids(3), false)
	data := appendConfEntry(nil, cc, &state)
	gotCC, gotCS, ok, err := DecodeConfChangeEntry(data)
	if err != nil || !ok || !reflect.DeepEqual(gotCC, cc) || !reflect.DeepEqual(gotCS, state) {
		t.Fatalf("entry round trip: %v %v %v %v", gotCC, gotCS, ok, err)
	}
	if _, _, ok, err := DecodeConfChangeEntry(MarshalConfChange(cc)); err != nil || ok {
		t.Fatalf("a proposal decodes with a configuration: %v %v", ok, err)
	}
	for _, m := range []Message{
		{Type: MsgApp, To: 2, From: 1, Term: 3, Entries: []Entry{{Term: 3, Index: 9, Type: EntryConfChange, Data: data}}},
		{Type: MsgSnap, To: 3, From: 1, Term: 7, Snapshot: &Snapshot{Metadata: SnapshotMetadata{Index: 40, Term: 6,
			ConfState: cs(ids(1, 2, 4), ids(1, 2, 3), ids(5), ids(3), true)}, Data: []byte("x")}},
		{Type: MsgSnap, To: 3, From: 1, Term: 7, Snapshot: &Snapshot{Metadata: SnapshotMetadata{Index: 40, Term: 6,
			ConfState: cs(ids(1), nil, ids(2), nil, false)}}},
	} {
		got, err := UnmarshalMessage(MarshalMessage(m))
		if err != nil || !reflect.DeepEqual(got, m) {
			t.Fatalf("round trip of %v: %+v, %v", m, got, err)
		}
	}
	for in, field := range map[string]string{
		"":                         "confChange.version",
		"\x02":                     "confChange.version",
		"\x01\x05":                 "confChange.transition",
		"\x01\x00\x05":             "confChange.changes",
		"\x01\x00\x01\x07\x02":     "confChange.type",
		"\x01\x00\x00\x00\x02":     "confChange.hasState",
		"\x01\x00\x00\x00\x00\x00": "confChange.end",
		"\x01\x00\x00\x00\x01\x01\x01\x00\x00\x00\x02": "confChange.state.autoLeave",
	} {
		_, _, _, err := DecodeConfChangeEntry([]byte(in))
		var de *DecodeError
		if !errors.As(err, &de) || de.Field != field {
			t.Errorf("DecodeConfChangeEntry(%q) = %v, want a *DecodeError on %s", in, err, field)
		}
	}
	bad := MarshalMessage(Message{Type: MsgApp, To: 2, From: 1, Term: 1})
	bad[2] |= flagMembership
	if _, err := UnmarshalMessage(bad); err == nil || !strings.Contains(err.Error(), "membership without a snapshot") {
		t.Fatalf("membership flag without a snapshot: %v", err)
	}
}

// confLeader returns the leader of a fresh cluster of voters whose no-op is committed, and its
// storage.
func confLeader(t *testing.T, voters ...uint64) (*RawNode, *MemoryStorage) {
	t.Helper()
	st := NewMemoryStorage()
	rn := newTestRawNode(t, voters[0], voters, func(c *Config) { c.Storage = st })
	r := rn.raft
	r.becomeCandidate(nil)
	r.becomeLeader()
	persist(t, rn, st)
	for _, id := range voters[1:] {
		r.prs[id].match = r.log.lastIndex()
	}
	r.advanceCommitIndex()
	return rn, st
}

// persist writes the node's pending entries to its storage, as a caller would.
func persist(t *testing.T, rn *RawNode, st *MemoryStorage) {
	t.Helper()
	rd := rn.Ready()
	if err := st.Append(rd.Entries); err != nil {
		t.Fatal(err)
	}
	if !rd.HardState.IsEmpty() {
		st.SetHardState(rd.HardState)
	}
	rn.Advance(rd)
}

// TestRestartFindsTheLatestConfiguration: a node restarts with the configuration of the latest
// configuration entry in its stored log, committed or not.
//
// Tests RAFT-CONF-1, RAFT-PERSIST-3.
func TestRestartFindsTheLatestConfiguration(t *testing.T) {
	rn, st := confLeader(t, 1, 2, 3)
	if err := rn.ProposeConfChange(ConfChange{Changes: []ConfChangeSingle{{ConfChangeAddLearnerNode, 4}}}); err != nil {
		t.Fatal(err)
	}
	persist(t, rn, st)
	want := cs(ids(1, 2, 3), nil, ids(4), nil, false)
	if got := rn.Status().Config; !got.Equal(want) {
		t.Fatalf("leader uses %v right after appending, want %v", got, want)
	}
	again, err := NewRawNode(&Config{ID: 1, Peers: []uint64{1, 2, 3}, Storage: st})
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Status().Config; !got.Equal(want) {
		t.Fatalf("restarted with %v (commit index %d), want the uncommitted %v", got, again.Status().Commit, want)
	}
	// A snapshot taken without naming a configuration records the one in effect at its index.
	st.SetHardState(HardState{Term: 1, Vote: 1, Commit: 2})
	snap, err := st.CreateSnapshot(2, nil, nil)
	if err != nil || !snap.Metadata.ConfState.Equal(want) {
		t.Fatalf("snapshot at the configuration entry: %v, %v", snap.Metadata.ConfState, err)
	}
}

// TestTruncatedConfigurationIsUndone: a follower that appended a configuration entry and then
// has it overwritten by a new leader goes back to the configuration before it.
//
// Tests RAFT-CONF-1.
func TestTruncatedConfigurationIsUndone(t *testing.T) {
	rn := newTestRawNode(t, 2, []uint64{1, 2, 3})
	learner := appendConfEntry(nil, ConfChange{Changes: []ConfChangeSingle{{ConfChangeAddLearnerNode, 4}}}, &ConfState{Voters: ids(1, 2, 3), Learners: ids(4)})
	step := func(m Message) {
		t.Helper()
		if err := rn.Step(m); err != nil {
			t.Fatal(err)
		}
	}
	step(Message{Type: MsgApp, From: 1, To: 2, Term: 1, Entries: []Entry{{Term: 1, Index: 1}, {Term: 1, Index: 2, Type: EntryConfChange, Data: learner}}})
	if got := rn.Status().Config; !contains(got.Learners, 4) {
		t.Fatalf("after appending the entry: %v", got)
	}
	step(Message{Type: MsgApp, From: 3, To: 2, Term: 2, Index: 1, LogTerm: 1, Entries: []Entry{{Term: 2, Index: 2}}})
	if got := rn.Status().Config; !got.Equal(cs(ids(1, 2, 3), nil, nil, nil, false)) {
		t.Fatalf("after the entry was overwritten: %v", got)
	}
}

// TestCatchUpRoundsAreBounded: a learner that never finishes a round within an election timeout
// is not promoted, and after MaxCatchUpRounds rounds the leader gives up and starts over.
//
// Tests RAFT-CONF-4.
func TestCatchUpRoundsAreBounded(t *testing.T) {
	rn, st := confLeader(t, 1, 2, 3)
	r := rn.raft
	if err := rn.ProposeConfChange(ConfChange{Changes: []ConfChangeSingle{{ConfChangeAddLearnerNode, 4}}}); err != nil {
		t.Fatal(err)
	}
	persist(t, rn, st)
	r.prs[2].match, r.prs[3].match = r.log.lastIndex(), r.log.lastIndex()
	r.advanceCommitIndex()
	promote := ConfChange{Changes: []ConfChangeSingle{{ConfChangeAddNode, 4}}}
	for round := 1; round <= r.maxCatchUpRounds; round++ {
		// Each round the leader appends more, and the learner reaches the round's target only
		// after more than an election timeout.
		if err := rn.Propose([]byte("x")); err != nil {
			t.Fatal(err)
		}
		if c := r.catchUps[4]; c.round != round || c.exhausted {
			t.Fatalf("round %d: %+v", round, c)
		}
		target := r.catchUps[4].target
		r.ticks += uint64(r.electionTimeout) + 1
		r.catchUpProgress(4, target)
		want := "catch-up round"
		if round == r.maxCatchUpRounds {
			if !r.catchUps[4].exhausted {
				t.Fatalf("after %d slow rounds: %+v", round, r.catchUps[4])
			}
			want = "starting over"
		}
		if err := rn.ProposeConfChange(promote); !errors.Is(err, ErrNotCaughtUp) || !strings.Contains(err.Error(), want) {
			t.Fatalf("round %d: promotion %v, want %q", round, err, want)
		}
	}
	// A round that ends in time promotes it.
	r.catchUpProgress(4, r.log.lastIndex())
	r.prs[4].becomeReplicate()
	if err := rn.ProposeConfChange(promote); err != nil {
		t.Fatalf("after a round in time: %v", err)
	}
}
