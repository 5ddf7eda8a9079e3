//go:build !dsref_mutations

package raft

// This file holds the few protocol rules that the planted-bug catalogue of the test harnesses
// replaces: a build with -tags dsref_mutations compiles mutation.go instead of this file, with
// each rule able to take one known bug. The shipped build is this file, and nothing else in the
// package knows about planted bugs.

// plantedBug is embedded in Config and in the node; it is empty in the shipped build.
type plantedBug struct{}

// majority is the number of voters of a set of n that forms a majority.
//
// Implements RAFT-ELECT-5.
func (r *raft) majority(n int) int { return n/2 + 1 }

// confInUse is the configuration a node uses: that of the latest configuration entry in its
// log, committed or not (thesis 4.1).
//
// Implements RAFT-CONF-1.
func (r *raft) confInUse() confAt { return r.confs[len(r.confs)-1] }

// confChangePending reports whether the log holds a configuration entry that is not committed
// yet, and its index: a leader appends at most one at a time.
//
// Implements RAFT-CONF-3.
func (r *raft) confChangePending() (uint64, bool) {
	last := r.confs[len(r.confs)-1].index
	return last, last > r.log.committed
}

// hardState is what the node asks its caller to persist: term, vote and commit index.
//
// Implements RAFT-PERSIST-1.
func (r *raft) hardState() HardState {
	return HardState{Term: r.term, Vote: r.vote, Commit: r.log.committed}
}

// updateTerm is the TLA+ UpdateTerm action: a message with a higher term makes the node a
// follower of that term, of the sender if the message comes from the term's leader.
//
// Implements RAFT-ELECT-2.
func (r *raft) updateTerm(m *Message) { r.becomeFollower(m.Term, leaderOf(m), TraceUpdateTerm, m) }

// candidateLogOk is logOk of the TLA+ HandleRequestVoteRequest and HandlePreVoteRequest: the
// candidate's log is at least as up to date as the voter's.
//
// Implements RAFT-ELECT-4.
func (r *raft) candidateLogOk(m *Message) bool { return r.log.isUpToDate(m.Index, m.LogTerm) }

// committableByCounting reports whether the leader may commit index by counting replicas: only
// an entry of its own term (the TLA+ AdvanceCommitIndex's term check).
//
// Implements RAFT-COMMIT-2.
func (r *raft) committableByCounting(index uint64) bool {
	t, _ := r.log.term(index)
	return t == r.term
}

// acceptEntries is the log update of the TLA+ HandleAppendEntriesRequest: the consistency check,
// then truncation only from the first conflicting entry.
//
// Implements RAFT-LOG-2, RAFT-LOG-3.
func (r *raft) acceptEntries(m *Message) (lastNew uint64, ok bool, err error) {
	return r.log.maybeAppend(m.Index, m.LogTerm, m.Entries)
}

// confirmLeadership records a read at the commit index and starts the heartbeat round whose
// quorum of acknowledgements confirms that the node still leads.
//
// TLA+: ReadIndex, Heartbeat.
//
// Implements RAFT-READ-2.
func (r *raft) confirmLeadership(m Message) {
	if r.readOnly.add(r.log.committed, m) {
		r.trace(TraceReadIndex, &m)
		r.readOnly.ack(r.id, m.Context)
		r.bcastHeartbeat(m.Context)
	}
}

// staleSnapshot reports whether a snapshot ending at index is at or below the commit index: the
// follower answers it without touching its log, so that installing it never takes away a
// committed entry (the TLA+ HandleSnapshotRequest's guard on InstallSnapshot).
//
// Implements RAFT-SNAP-6.
func (r *raft) staleSnapshot(index uint64) bool { return index <= r.log.committed }

// ownMatch is how much of its own log a leader counts toward a commit: what it knows to be
// persisted (Advance says so with synchronous writes, MsgStorageAppendResp with asynchronous
// ones), never what it has only appended.
//
// Implements RAFT-COMMIT-1, RAFT-PERSIST-5.
func (r *raft) ownMatch() uint64 { return r.prs[r.id].match }

// forwardedRead is the answer a follower hands its caller for a read it forwarded to the
// leader: the leader's read index, up to which the caller applies before it serves the read.
//
// Implements RAFT-READ-3.
func (r *raft) forwardedRead(m *Message) ReadState {
	return ReadState{Index: m.Index, RequestCtx: m.Context}
}

// leaseDuration is how many ticks of its clock a leader's lease lasts after the start of the
// round that confirmed it: (ElectionTick-1)*(1-MaxClockDrift), so that the fastest clock the
// drift bound allows still counts less than an election timeout meanwhile.
//
// Implements RAFT-LEASE-3.
func (r *raft) leaseDuration() uint64 { return r.leaseTicks }

// forfeitLease ends the leader's lease for the rest of its term: a transferee's TimeoutNow,
// even one delivered late, lets it campaign through the followers' vote lock.
//
// Implements RAFT-LEASE-5.
func (r *raft) forfeitLease() { r.leaseForfeited = true }
