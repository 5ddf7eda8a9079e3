package raft

import "fmt"

// Mutation plants one known, realistic protocol bug in the core. It exists so that a
// fault-injecting simulator (harness/sim) can prove it catches real Raft bugs: each constant is
// a minimal deviation from the correct code path, gated on Config.Mutation, and its doc comment
// names the invariant of tla/Raft.tla it should break. The zero value, MutationNone, is the
// correct protocol; never set another value outside tests.
type Mutation uint8

const (
	// MutationNone is the correct protocol.
	MutationNone Mutation = iota
	// MutationForgetVote leaves the vote out of Ready.HardState, so the vote is not persisted
	// before the MsgVoteResp that grants it is sent. After a crash and restart the node has
	// forgotten its vote and can grant a second one in the same term. Breaks ElectionSafety
	// (two leaders in one term). Violates RAFT-PERSIST-1.
	MutationForgetVote
	// MutationCommitPreviousTerm lets a leader commit an entry of an earlier term by counting
	// replicas (the thesis Figure 3.7 / "Figure 8" bug). A committed entry can later be
	// overwritten by a leader of a newer term. Breaks StateMachineSafety and
	// CommittedEntriesNeverLost. Violates RAFT-COMMIT-2.
	MutationCommitPreviousTerm
	// MutationNoElectionRestriction grants votes without checking that the candidate's log is
	// at least as up to date as the voter's. A leader can be elected without a committed entry.
	// Breaks LeaderCompleteness and StateMachineSafety. Violates RAFT-ELECT-4.
	MutationNoElectionRestriction
	// MutationMinorityQuorum computes the quorum as N/2 instead of N/2+1 (for votes and for
	// commitment). With three nodes a candidate wins with its own vote and a leader commits
	// alone. Breaks ElectionSafety and CommittedEntriesNeverLost. Violates RAFT-ELECT-5.
	MutationMinorityQuorum
	// MutationTruncateWithoutConflict makes a follower delete every entry after the last one a
	// MsgApp covers, instead of deleting only from the first conflicting entry. A delayed,
	// reordered MsgApp then erases entries the follower already acknowledged and the leader
	// counted toward commitment. Breaks CommittedEntriesNeverLost / LeaderCompleteness.
	// Violates RAFT-LOG-3.
	MutationTruncateWithoutConflict
	// MutationLeaderKeepsRoleOnHigherTerm makes a leader that sees a higher term adopt the term
	// but stay leader instead of stepping down. Two nodes then act as leader in the same term.
	// Breaks ElectionSafety and LogMatching. Violates RAFT-ELECT-2.
	MutationLeaderKeepsRoleOnHigherTerm
	// MutationReadIndexWithoutQuorum answers ReadIndex with the leader's commit index without
	// the heartbeat round that confirms it is still leader. A deposed leader serves stale reads.
	// Breaks linearizability of reads. Violates RAFT-READ-2.
	MutationReadIndexWithoutQuorum
	mutationCount
)

var mutationNames = [...]string{
	"MutationNone", "MutationForgetVote", "MutationCommitPreviousTerm",
	"MutationNoElectionRestriction", "MutationMinorityQuorum", "MutationTruncateWithoutConflict",
	"MutationLeaderKeepsRoleOnHigherTerm", "MutationReadIndexWithoutQuorum",
}

func (m Mutation) String() string {
	if m < mutationCount {
		return mutationNames[m]
	}
	return fmt.Sprintf("Mutation(%d)", uint8(m))
}

// Mutations lists every planted bug (MutationNone excluded), for harnesses that iterate them.
func Mutations() []Mutation {
	ms := make([]Mutation, 0, mutationCount-1)
	for m := MutationNone + 1; m < mutationCount; m++ {
		ms = append(ms, m)
	}
	return ms
}
