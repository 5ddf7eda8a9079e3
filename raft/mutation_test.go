//go:build dsref_mutations

package raft_test

import (
	"strings"
	"testing"

	"github.com/dsref/dsref/raft"
)

func withMutation(m raft.Mutation, also ...func(*raft.Config)) func(*raft.Config) {
	return func(cfg *raft.Config) {
		cfg.Mutation = m
		for _, f := range also {
			f(cfg)
		}
	}
}

// Each test below runs one scenario twice: with the correct protocol, where the rule holds,
// and with the planted mutation, where the bug must show.

// Tests RAFT-MUT-1, RAFT-PERSIST-1.
func TestMutationForgetVote(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationForgetVote} {
		c := newCluster(t, 3, withMutation(m, noPreVote))
		must(t, c.Nodes[1].Raw.Campaign()) // term 1
		processReady(t, c, 1)
		dropTo(c, 3)
		deliver(t, c, 2) // 2 votes for 1 and persists its Ready
		processReady(t, c, 2)
		deliver(t, c, 1) // node 1 wins term 1
		must(t, c.Crash(2))
		must(t, c.Restart(2))
		must(t, c.Nodes[3].Raw.Campaign()) // also term 1
		processReady(t, c, 3)
		dropTo(c, 1)
		deliver(t, c, 2)
		processReady(t, c, 2)
		deliver(t, c, 3)
		l1, l3 := status(c, 1), status(c, 3)
		twoLeaders := l1.RaftState == raft.StateLeader && l3.RaftState == raft.StateLeader && l1.Term == l3.Term
		if twoLeaders != (m == raft.MutationForgetVote) {
			t.Fatalf("%v: node 1 %v term %d, node 3 %v term %d", m, l1.RaftState, l1.Term, l3.RaftState, l3.Term)
		}
		if m == raft.MutationNone && status(c, 2).Vote != 1 {
			t.Fatalf("restarted node 2 lost its vote: %+v", status(c, 2))
		}
	}
}

// The thesis Figure 3.7 ("Figure 8") situation: leader 1 of term 3 has replicated the term-2
// entry at index 2 to a quorum, but not its own no-op at index 3.
//
// Tests RAFT-MUT-1, RAFT-COMMIT-2.
func TestMutationCommitPreviousTerm(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationCommitPreviousTerm} {
		c := newCluster(t, 3, withMutation(m, noPreVote, func(cfg *raft.Config) { cfg.MaxSizePerMsg = 1 }))
		setLog(t, c, 1, 2, 1, 2)
		setLog(t, c, 2, 2, 1, 2)
		setLog(t, c, 3, 2, 1)
		must(t, c.Nodes[1].Raw.Campaign())
		processReady(t, c, 1)
		dropTo(c, 2)
		deliver(t, c, 3)
		processReady(t, c, 3)
		deliver(t, c, 1) // leader of term 3, appends no-op 3/3
		processReady(t, c, 1)
		dropTo(c, 2)
		deliver(t, c, 3) // rejects prev 2/2: its log is too short
		processReady(t, c, 3)
		deliver(t, c, 1)
		processReady(t, c, 1)
		dropTo(c, 2)
		deliver(t, c, 3) // accepts 2/2 alone (MaxSizePerMsg 1)
		processReady(t, c, 3)
		deliver(t, c, 1)
		st := status(c, 1)
		if st.RaftState != raft.StateLeader || st.Term != 3 || st.Progress[3] != 2 {
			t.Fatalf("%v: setup failed: %+v", m, st)
		}
		want := uint64(0)
		if m == raft.MutationCommitPreviousTerm {
			want = 2
		}
		if st.Commit != want {
			t.Fatalf("%v: leader commit = %d, want %d", m, st.Commit, want)
		}
	}
}

// Tests RAFT-MUT-1, RAFT-ELECT-4.
func TestMutationNoElectionRestriction(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationNoElectionRestriction} {
		c := newCluster(t, 3, withMutation(m, noPreVote))
		setLog(t, c, 1, 1, 1, 1)
		setLog(t, c, 2, 1, 1)
		setLog(t, c, 3, 1, 1, 1)
		must(t, c.Nodes[2].Raw.Campaign())
		processReady(t, c, 2)
		dropTo(c, 1)
		deliver(t, c, 3)
		processReady(t, c, 3)
		deliver(t, c, 2)
		elected := status(c, 2).RaftState == raft.StateLeader
		if elected != (m == raft.MutationNoElectionRestriction) {
			t.Fatalf("%v: stale node 2 elected = %v", m, elected)
		}
	}
}

// Tests RAFT-MUT-1, RAFT-ELECT-5.
func TestMutationMinorityQuorum(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationMinorityQuorum} {
		c := newCluster(t, 3, withMutation(m, noPreVote))
		must(t, c.Nodes[1].Raw.Campaign())
		must(t, c.Nodes[2].Raw.Campaign())
		s1, s2 := status(c, 1), status(c, 2)
		twoLeaders := s1.RaftState == raft.StateLeader && s2.RaftState == raft.StateLeader && s1.Term == s2.Term
		if twoLeaders != (m == raft.MutationMinorityQuorum) {
			t.Fatalf("%v: node 1 %v, node 2 %v", m, s1.RaftState, s2.RaftState)
		}
	}
}

// Tests RAFT-MUT-1, RAFT-LOG-3.
func TestMutationTruncateWithoutConflict(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationTruncateWithoutConflict} {
		c := newCluster(t, 3, withMutation(m))
		n := c.Nodes[2].Raw
		full := raft.Message{Type: raft.MsgApp, From: 1, To: 2, Term: 1, Entries: []raft.Entry{
			{Term: 1, Index: 1}, {Term: 1, Index: 2, Data: []byte("a")}, {Term: 1, Index: 3, Data: []byte("b")}}}
		must(t, n.Step(full))
		// A delayed copy of an earlier MsgApp, carrying only the first entry, arrives late.
		stale := raft.Message{Type: raft.MsgApp, From: 1, To: 2, Term: 1, Entries: []raft.Entry{{Term: 1, Index: 1}}}
		must(t, n.Step(stale))
		want := uint64(3)
		if m == raft.MutationTruncateWithoutConflict {
			want = 1
		}
		if got := n.Status().LastIndex; got != want {
			t.Fatalf("%v: last index after a stale MsgApp = %d, want %d", m, got, want)
		}
	}
}

// Tests RAFT-MUT-1, RAFT-ELECT-2.
func TestMutationLeaderKeepsRoleOnHigherTerm(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationLeaderKeepsRoleOnHigherTerm} {
		c := newCluster(t, 3, withMutation(m))
		electLeader(t, c, 1)
		must(t, c.Nodes[1].Raw.Step(raft.Message{Type: raft.MsgHeartbeatResp, From: 2, To: 1, Term: 5}))
		st := status(c, 1)
		if st.Term != 5 {
			t.Fatalf("%v: term = %d, want 5", m, st.Term)
		}
		stillLeader := st.RaftState == raft.StateLeader
		if stillLeader != (m == raft.MutationLeaderKeepsRoleOnHigherTerm) {
			t.Fatalf("%v: leader after seeing term 5: %v", m, st.RaftState)
		}
	}
}

// Tests RAFT-MUT-1, RAFT-READ-2.
func TestMutationReadIndexWithoutQuorum(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationReadIndexWithoutQuorum} {
		c := newCluster(t, 3, withMutation(m))
		electLeader(t, c, 1)
		c.Isolate(1) // node 1 may already be deposed; it cannot know
		must(t, c.Nodes[1].Raw.ReadIndex([]byte("r1")))
		stabilize(t, c)
		answered := len(c.Nodes[1].ReadStates) > 0
		if answered != (m == raft.MutationReadIndexWithoutQuorum) {
			t.Fatalf("%v: isolated leader answered a read: %v", m, c.Nodes[1].ReadStates)
		}
	}
}

// A follower that committed and compacted up to index 4 receives a delayed snapshot at index 3.
//
// Tests RAFT-MUT-1, RAFT-SNAP-6.
func TestMutationInstallStaleSnapshot(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationInstallStaleSnapshot} {
		ms := raft.NewMemoryStorage()
		var ents []raft.Entry
		for i := uint64(1); i <= 5; i++ {
			ents = append(ents, raft.Entry{Index: i, Term: 1, Data: []byte{byte('a' + i)}})
		}
		must(t, ms.Append(ents))
		ms.SetHardState(raft.HardState{Term: 1, Commit: 5})
		ms.SetConfState(raft.ConfState{Voters: []uint64{1, 2, 3}})
		if _, err := ms.CreateSnapshot(4, nil, []byte("state@4")); err != nil {
			t.Fatal(err)
		}
		must(t, ms.Compact(4))
		cfg := &raft.Config{ID: 2, Storage: ms, Applied: 5}
		cfg.Mutation = m
		rn, err := raft.NewRawNode(cfg)
		must(t, err)
		stale := raft.Snapshot{Metadata: raft.SnapshotMetadata{Index: 3, Term: 1, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}}, Data: []byte("state@3")}
		must(t, rn.Step(raft.Message{Type: raft.MsgSnap, From: 1, To: 2, Term: 1, Index: 3, LogTerm: 1,
			Snapshot: &stale, SnapshotSize: uint64(len(stale.Data)), Context: []byte(raft.SnapshotChecksum(stale.Data))}))
		commit := rn.BasicStatus().Commit
		rd := rn.Ready()
		lost := commit < 5 || !rd.Snapshot.IsEmpty()
		if lost != (m == raft.MutationInstallStaleSnapshot) {
			t.Fatalf("%v: after a snapshot at 3, commit %d (was 5), Ready.Snapshot at %d", m, commit, rd.Snapshot.Metadata.Index)
		}
	}
}

// A follower behind the leader's commit index receives the answer to a read it forwarded: the
// read index is the leader's, ahead of what the follower has applied.
//
// Tests RAFT-MUT-1, RAFT-READ-3.
func TestMutationFollowerReadBeforeApply(t *testing.T) {
	for _, m := range []raft.Mutation{raft.MutationNone, raft.MutationFollowerReadBeforeApply} {
		c := newCluster(t, 3, withMutation(m))
		electLeader(t, c, 1)
		st := status(c, 2)
		readIndex := st.Applied + 3 // the leader committed three entries node 2 has not heard of
		must(t, c.Nodes[2].Raw.Step(raft.Message{Type: raft.MsgReadIndexResp, From: 1, To: 2, Term: st.Term,
			Index: readIndex, Context: []byte("r1")}))
		processReady(t, c, 2)
		rs := c.Nodes[2].ReadStates
		if len(rs) != 1 || string(rs[0].RequestCtx) != "r1" {
			t.Fatalf("%v: read states %v, want the answer to r1", m, rs)
		}
		early := rs[0].Index < readIndex
		if early != (m == raft.MutationFollowerReadBeforeApply) {
			t.Fatalf("%v: follower read at index %d, the leader's read index is %d", m, rs[0].Index, readIndex)
		}
	}
}

// Tests RAFT-MUT-1.
func TestMutationCatalogue(t *testing.T) {
	ms := raft.Mutations()
	if len(ms) < 6 {
		t.Fatalf("only %d mutations", len(ms))
	}
	seen := map[string]bool{}
	for _, m := range ms {
		name := m.String()
		back, err := raft.ParseMutation(name)
		if m == raft.MutationNone || seen[name] || err != nil || back != m || strings.ToLower(name) != name || strings.Contains(name, " ") {
			t.Fatalf("bad catalogue entry %d %q (parsed back: %v, %v)", m, name, back, err)
		}
		seen[name] = true
	}
	if m, err := raft.ParseMutation("none"); err != nil || m != raft.MutationNone {
		t.Fatalf("ParseMutation(none) = %v, %v", m, err)
	}
	if _, err := raft.ParseMutation("MinorityQuorum"); err == nil || !strings.Contains(err.Error(), "minority-quorum") {
		t.Fatalf("unknown name: %v (the error should list the names)", err)
	}
}
