//go:build dsref_mutations

package raft

import (
	"fmt"
	"strings"
)

// This file exists only in test builds (-tags dsref_mutations). It replaces rules.go with the
// same protocol rules, each able to take one known bug, so that test harnesses (the
// fault-injecting simulator, the scenario tests) can prove that they catch real Raft bugs. The
// shipped build compiles rules.go and contains none of this.

// Mutation plants one known, realistic protocol bug in the core. Each constant is a minimal
// deviation from one rule, and its doc comment names the invariant of tla/Raft.tla it should
// break and the requirement it violates. The zero value, MutationNone, is the correct protocol.
type Mutation uint8

// The catalogue.
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
	// MutationInstallStaleSnapshot makes a follower take and install a snapshot at or below its
	// commit index (a delayed, duplicated or replayed MsgSnap) instead of answering it with its
	// commit index: its log and state machine go back to the snapshot, and it forgets entries
	// it had committed and applied. Breaks CommittedEntriesNeverLost and StateMachineSafety
	// (tla/MCRaftSnapshotStale.cfg plants the same bug in the model). Violates RAFT-SNAP-6.
	MutationInstallStaleSnapshot
	// MutationConfAtCommit makes a node use a configuration only once its entry is committed,
	// instead of as soon as it is appended. A leader then counts votes and replicas with the old
	// configuration while the new one is already deciding elsewhere: with two uncommitted
	// changes in a row the old and the new majorities can be disjoint. Breaks the quorum rule of
	// tla/Raft.tla (AdvanceCommitIndex, BecomeLeader by the latest configuration). Violates
	// RAFT-CONF-1.
	MutationConfAtCommit
	// MutationConcurrentConfChanges lets a leader append a configuration change while an
	// earlier one is not committed yet: two single-server changes in flight together, whose
	// configurations two apart can have disjoint majorities. Breaks ElectionSafety and
	// StateMachineSafety; tla/Raft.tla's ProposeConfChange refuses it. Violates RAFT-CONF-3.
	MutationConcurrentConfChanges
	// MutationFollowerReadBeforeApply makes a follower answer a read it forwarded to the leader
	// with the index it has applied instead of the leader's read index: its caller serves the
	// read at once, before its state machine has applied the writes the leader's commit index
	// covers, and returns a value older than a write that completed before the read began.
	// Breaks linearizability of reads (the forwarding hops are not in tla/Raft.tla: the
	// simulator's linearizability check catches it). Violates RAFT-READ-3.
	MutationFollowerReadBeforeApply
	// MutationLeaseIgnoresDrift makes a leader's lease last ElectionTick-1 ticks of its clock,
	// ignoring Config.MaxClockDrift: a follower whose clock runs faster than the leader's,
	// within the bound, ends its vote lock and elects a new leader while the old one still
	// answers reads under its lease, at a commit index the new leader has passed. Breaks
	// linearizability of reads and tla/RaftLease.tla's LeaseReadSafety. Violates RAFT-LEASE-3.
	MutationLeaseIgnoresDrift
	// MutationLeaseAfterTransfer keeps a leader's lease when it begins a leadership transfer:
	// the transferee's election skips the followers' vote lock, so a new leader commits
	// writes while the old one, cut off from it, still answers reads under its lease. Breaks
	// linearizability of reads and tla/RaftLease.tla's LeaseReadSafety. Violates RAFT-LEASE-5.
	MutationLeaseAfterTransfer
	// MutationCountUnpersisted makes a leader with asynchronous storage writes count its own
	// log toward a commit as soon as it appends, before its write is durable. With one
	// follower's acknowledgement (of three) it commits an entry only that follower holds
	// durably; a crash of the leader then loses its copy, and a leader elected without it
	// overwrites it. Breaks CommittedEntriesNeverLost and StateMachineSafety
	// (tla/MCRaftAsyncBroken.cfg plants the same bug in the model). Violates RAFT-PERSIST-5.
	MutationCountUnpersisted
	mutationCount
)

var mutationNames = [...]string{
	MutationNone:                        "none",
	MutationForgetVote:                  "forget-vote",
	MutationCommitPreviousTerm:          "commit-previous-term",
	MutationNoElectionRestriction:       "no-election-restriction",
	MutationMinorityQuorum:              "minority-quorum",
	MutationTruncateWithoutConflict:     "truncate-without-conflict",
	MutationLeaderKeepsRoleOnHigherTerm: "leader-keeps-role-on-higher-term",
	MutationReadIndexWithoutQuorum:      "read-index-without-quorum",
	MutationInstallStaleSnapshot:        "install-stale-snapshot",
	MutationConfAtCommit:                "conf-at-commit",
	MutationConcurrentConfChanges:       "concurrent-conf-changes",
	MutationFollowerReadBeforeApply:     "follower-read-before-apply",
	MutationLeaseIgnoresDrift:           "lease-ignores-drift",
	MutationLeaseAfterTransfer:          "lease-after-transfer",
	MutationCountUnpersisted:            "count-unpersisted",
}

// String returns the kebab-case name of m, as ParseMutation accepts it.
func (m Mutation) String() string {
	if m < mutationCount {
		return mutationNames[m]
	}
	return fmt.Sprintf("Mutation(%d)", uint8(m))
}

// ParseMutation returns the Mutation named s (see Mutation.String).
func ParseMutation(s string) (Mutation, error) {
	for m := MutationNone; m < mutationCount; m++ {
		if mutationNames[m] == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("raft: unknown mutation %q (want one of %s)", s, strings.Join(mutationNames[:], ", "))
}

// Mutations lists every planted bug, MutationNone excluded, for harnesses that loop over the
// catalogue.
func Mutations() []Mutation {
	ms := make([]Mutation, 0, mutationCount-1)
	for m := MutationNone + 1; m < mutationCount; m++ {
		ms = append(ms, m)
	}
	return ms
}

// plantedBug is embedded in Config and in the node: Config.Mutation picks the bug.
type plantedBug struct {
	// Mutation plants one bug of the catalogue; zero is the correct protocol.
	Mutation Mutation
}

// The rules of rules.go, each with its planted bug.

func (r *raft) majority(n int) int {
	if r.Mutation == MutationMinorityQuorum {
		return max(n/2, 1) // planted bug: N/2 is not a majority
	}
	return n/2 + 1
}

func (r *raft) confInUse() confAt {
	if r.Mutation == MutationConfAtCommit {
		// planted bug: the latest committed configuration, not the latest appended one
		for i := len(r.confs) - 1; i > 0; i-- {
			if r.confs[i].index <= r.log.committed {
				return r.confs[i]
			}
		}
		return r.confs[0]
	}
	return r.confs[len(r.confs)-1]
}

func (r *raft) confChangePending() (uint64, bool) {
	last := r.confs[len(r.confs)-1].index
	if r.Mutation == MutationConcurrentConfChanges {
		return last, false // planted bug: another change may follow an uncommitted one
	}
	return last, last > r.log.committed
}

func (r *raft) hardState() HardState {
	hs := HardState{Term: r.term, Vote: r.vote, Commit: r.log.committed}
	if r.Mutation == MutationForgetVote {
		hs.Vote = None // planted bug: the vote is never handed out for persisting
	}
	return hs
}

func (r *raft) updateTerm(m *Message) {
	if r.Mutation == MutationLeaderKeepsRoleOnHigherTerm && r.state == StateLeader {
		r.term, r.vote = m.Term, None // planted bug: adopt the term but keep leading
		return
	}
	r.becomeFollower(m.Term, leaderOf(m), TraceUpdateTerm, m)
}

func (r *raft) candidateLogOk(m *Message) bool {
	return r.Mutation == MutationNoElectionRestriction || r.log.isUpToDate(m.Index, m.LogTerm)
}

func (r *raft) committableByCounting(index uint64) bool {
	t, _ := r.log.term(index)
	return t == r.term || r.Mutation == MutationCommitPreviousTerm
}

func (r *raft) acceptEntries(m *Message) (lastNew uint64, ok bool, err error) {
	if r.Mutation == MutationTruncateWithoutConflict && r.log.matchTerm(m.Index, m.LogTerm) {
		// planted bug: drop everything after what this message covers, conflict or not (by
		// appending again the last entry to keep, which truncates what follows it)
		keep := max(m.Index+uint64(len(m.Entries)), r.log.committed)
		if keep < r.log.lastIndex() && keep >= r.log.firstIndex() {
			if ents, err := r.log.slice(keep, keep+1, noLimit); err == nil {
				r.log.append(ents...)
			}
		}
	}
	return r.log.maybeAppend(m.Index, m.LogTerm, m.Entries)
}

// confirmLeadership is rules.go's, or answers at once under MutationReadIndexWithoutQuorum.
//
// TLA+: ReadIndex, Heartbeat, AnswerRead.
func (r *raft) confirmLeadership(m Message) {
	if r.Mutation == MutationReadIndexWithoutQuorum {
		r.answerRead(m, r.log.committed) // planted bug: no leadership confirmation
		return
	}
	if r.readOnly.add(r.log.committed, m) {
		r.trace(TraceReadIndex, &m)
		r.readOnly.ack(r.id, m.Context)
		r.bcastHeartbeat(m.Context)
	}
}

func (r *raft) staleSnapshot(index uint64) bool {
	return index <= r.log.committed && r.Mutation != MutationInstallStaleSnapshot // planted bug: take it anyway
}

func (r *raft) ownMatch() uint64 {
	if r.Mutation == MutationCountUnpersisted && r.asyncWrites {
		return r.log.lastIndex() // planted bug: its own log counts before it is durable
	}
	return r.prs[r.id].match
}

func (r *raft) forwardedRead(m *Message) ReadState {
	if r.Mutation == MutationFollowerReadBeforeApply {
		return ReadState{Index: min(m.Index, r.log.applied), RequestCtx: m.Context} // planted bug: serve what is applied
	}
	return ReadState{Index: m.Index, RequestCtx: m.Context}
}

func (r *raft) leaseDuration() uint64 {
	if r.Mutation == MutationLeaseIgnoresDrift && r.leaseTicks > 0 {
		return uint64(r.electionTimeout - 1) // planted bug: as if clocks never drifted
	}
	return r.leaseTicks
}

func (r *raft) forfeitLease() {
	if r.Mutation == MutationLeaseAfterTransfer {
		return // planted bug: the lease outlives the transfer
	}
	r.leaseForfeited = true
}
