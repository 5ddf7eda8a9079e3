package raft

// Asynchronous storage writes (Config.AsyncStorageWrites), after etcd-io/raft's design of the
// same name: the caller's storage and state machine run beside the node as two local "threads",
// addressed by messages in Ready.Messages. A MsgStorageAppend carries what a synchronous Ready
// would have the caller persist before sending (entries, hard state, snapshot), plus the
// messages that may leave only once that is durable; a MsgStorageApply carries committed
// entries to apply. The node learns that they were done from the MsgStorageAppendResp and
// MsgStorageApplyResp the caller steps back into it. Everything else in Ready.Messages is sent
// at once, so a leader's MsgApp leaves while its own write is still on its way to the disk.
//
// What waits for durability: a follower's MsgAppResp (it reports its log), a MsgVoteResp (it
// reports its vote), a leader's count of its own log (it commits only entries a quorum,
// itself included, holds durably), a candidate's own vote (it wins only once its vote and term
// are durable: otherwise a crash could let it win the same term twice and append different
// entries at indexes it had sent before) and the entries handed out for applying (only those
// persisted locally). Writes complete in order, so the storage always holds the state the node
// had when it handed out some Ready: tla/Raft.tla models that state (durable) and the writes
// on their way (writes), and a crash restores the former.
//
// Implements RAFT-PERSIST-5.

// isStorageResponse reports whether m is a response of a local storage thread the node may
// step: only with asynchronous writes.
func (r *raft) isStorageResponse(m *Message) bool {
	switch {
	case !r.asyncWrites:
		return false
	case m.Type == MsgStorageAppendResp:
		return m.From == LocalAppendThread
	case m.Type == MsgStorageApplyResp:
		return m.From == LocalApplyThread
	}
	return false
}

// hasReadyAsync is HasReady with asynchronous writes: anything not handed out yet.
func (rn *RawNode) hasReadyAsync() bool {
	r := rn.raft
	u := &r.log.unstable
	return r.softState() != rn.prevSoft || r.hardState() != rn.prevHard ||
		len(r.msgs) > 0 || len(r.msgsAfterAppend) > 0 || len(r.readStates) > 0 || r.pendingBroadcast ||
		u.inProgress < len(u.entries) || u.snapshotToHandOut() != nil || r.log.hasNextCommittedEntries()
}

// readyAsync is Ready with asynchronous writes: the writes and the entries to apply go out as
// a MsgStorageAppend and a MsgStorageApply at the end of Messages, and are marked as handed
// out, so that the next Ready holds only what came after. Entries, HardState, Snapshot and
// CommittedEntries mirror them.
//
// TLA+: StorageAppend.
func (rn *RawNode) readyAsync() Ready {
	r := rn.raft
	r.flushProposals()
	u := &r.log.unstable
	rd := Ready{Entries: u.toHandOut(), CommittedEntries: r.log.nextCommittedEntries(), ReadStates: r.readStates}
	if s := u.snapshotToHandOut(); s != nil {
		rd.Snapshot = *s
	}
	if ss := r.softState(); ss != rn.prevSoft {
		rd.SoftState = new(SoftState)
		*rd.SoftState = ss
		rn.prevSoft = ss
	}
	if hs := r.hardState(); hs != rn.prevHard {
		rd.HardState = hs
		rn.prevHard = hs
	}
	if len(rd.Entries) > 0 || !rd.HardState.IsEmpty() || !rd.Snapshot.IsEmpty() || len(r.msgsAfterAppend) > 0 {
		rd.MustSync = true
		r.msgs = append(r.msgs, r.storageAppend(&rd))
	}
	if len(rd.CommittedEntries) > 0 {
		r.msgs = append(r.msgs, r.storageApply(rd.CommittedEntries))
	}
	rd.Messages = r.msgs
	if len(r.msgs) == 0 {
		rd.Messages = nil
	} else {
		r.msgs, rn.spare = rn.spare[:0], r.msgs
	}
	r.traced = 0
	r.readStates = nil
	return rd
}

// storageAppend builds the MsgStorageAppend of rd and marks its entries and snapshot as handed
// out. Its Responses are the messages waiting for durability, then the MsgStorageAppendResp
// that tells the node what the write made durable: its term and vote, and its last entry (if
// the node has entries not known to be persisted), so that the node drops from memory only
// what is stored.
//
// TLA+: StorageAppend.
func (r *raft) storageAppend(rd *Ready) Message {
	u := &r.log.unstable
	m := Message{Type: MsgStorageAppend, To: LocalAppendThread, From: r.id, Entries: rd.Entries}
	if hs := rd.HardState; !hs.IsEmpty() {
		m.Term, m.Vote, m.Commit = hs.Term, hs.Vote, hs.Commit
	}
	resp := Message{Type: MsgStorageAppendResp, To: r.id, From: LocalAppendThread, Term: r.term, Vote: r.vote}
	if len(u.entries) > 0 {
		resp.Index, resp.LogTerm = r.log.lastIndex(), r.log.lastTerm()
	}
	if !rd.Snapshot.IsEmpty() {
		s := rd.Snapshot
		m.Snapshot, resp.Snapshot = &s, &s
		u.snapshotInProgress = true
	}
	n := len(r.msgsAfterAppend)
	resp.Responses = r.msgsAfterAppend[:n:n]
	m.Responses = append(r.msgsAfterAppend[:n:n], resp)
	r.msgsAfterAppend = nil
	u.inProgress = len(u.entries)
	r.trace(TraceStorageAppend, nil)
	return m
}

// storageApply builds the MsgStorageApply of committed entries.
func (r *raft) storageApply(ents []Entry) Message {
	r.log.applying = ents[len(ents)-1].Index
	return Message{Type: MsgStorageApply, To: LocalApplyThread, From: r.id, Entries: ents,
		Responses: []Message{{Type: MsgStorageApplyResp, To: r.id, From: LocalApplyThread, Entries: ents}}}
}

// stepStorage handles the response of a local storage thread: an applied MsgStorageApply moves
// the applied index (not a step of the specification, which does not model applying), a
// persisted MsgStorageAppend is handleStorageAppendResponse.
//
// TLA+: HandleStorageAppendResponse.
func (r *raft) stepStorage(m Message) error {
	if m.Type == MsgStorageApplyResp {
		if n := len(m.Entries); n > 0 {
			r.log.appliedTo(m.Entries[n-1].Index)
			r.committedHandedOut(m.Entries)
		}
		return nil
	}
	r.handleStorageAppendResponse(m)
	return nil
}

// handleStorageAppendResponse takes in what a write made durable. A write of an earlier term
// says nothing of the tail since (a new leader may have replaced it, and writes still on their
// way may replace it again), so it only releases a persisted snapshot. Otherwise the persisted
// entries leave the unstable tail, a leader counts its own log up to the write's last entry
// (and commits what that allows), and a candidate counts its own vote (and wins if that makes a
// quorum).
//
// TLA+: HandleStorageAppendResponse.
//
// Implements RAFT-PERSIST-5, RAFT-COMMIT-1.
func (r *raft) handleStorageAppendResponse(m Message) {
	if s := m.Snapshot; s != nil {
		r.log.stableSnapTo(s.Metadata.Index)
		r.log.appliedTo(s.Metadata.Index) // the caller restored its state machine from it
	}
	if m.Term != r.term {
		r.traceSent(TraceHandleStorageAppendResp, m.Responses)
		return
	}
	if m.Index != 0 {
		r.log.stableTo(m.Index, m.LogTerm)
	}
	switch r.state {
	case StateLeader:
		updated := r.prs[r.id].maybeUpdate(m.Index)
		r.traceSent(TraceHandleStorageAppendResp, m.Responses)
		if updated && r.advanceCommitIndex() {
			r.bcastAppend()
		}
	case StateCandidate:
		won := false
		if m.Vote == r.id {
			won, _ = r.poll(r.id, true)
		}
		r.traceSent(TraceHandleStorageAppendResp, m.Responses)
		if won {
			r.becomeLeader()
			r.bcastAppend()
		}
	default:
		r.traceSent(TraceHandleStorageAppendResp, m.Responses)
	}
}
