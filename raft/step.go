package raft

import (
	"bytes"
	"fmt"
)

// Step advances the state machine with one message. Messages with a higher term first move the
// node to that term; messages with a lower term are answered or dropped. Malformed messages are
// rejected with an error and leave the state untouched.
//
// TLA+: the Receive dispatch: UpdateTerm, IgnoreVoteRequest, DropStaleMessage, then the handler
// of the message.
func (r *raft) Step(m Message) error {
	if err := r.validate(m); err != nil {
		return err
	}
	if m.Type == MsgStorageAppendResp || m.Type == MsgStorageApplyResp {
		return r.stepStorage(m)
	}
	switch {
	case m.Term == 0:
		// local message or a proposal/read/transfer request, which carry no term
	case m.Term > r.term:
		if m.Type == MsgVote || m.Type == MsgPreVote {
			// Implements RAFT-ELECT-8.
			force := bytes.Equal(m.Context, campaignTransfer)
			if !force && r.voteLocked() {
				r.trace(TraceIgnoreVoteRequest, &m)
				return nil
			}
		}
		switch {
		case m.Type == MsgPreVote:
			// a PreVote request never changes our term
		case m.Type == MsgPreVoteResp && !m.Reject:
			// granted PreVotes carry the future term; the term moves when the election starts
		default:
			r.updateTerm(&m)
		}
	case m.Term < r.term:
		// Implements RAFT-ELECT-9.
		if (r.checkQuorum || r.preVote) && (m.Type == MsgHeartbeat || m.Type == MsgApp) {
			// A deposed leader (or one cut off while we moved on) learns the newer term.
			r.send(Message{To: m.From, Type: MsgAppResp})
		} else if m.Type == MsgPreVote {
			r.send(Message{To: m.From, Type: MsgPreVoteResp, Reject: true})
		}
		r.trace(TraceDropStaleMessage, &m)
		return nil
	}

	switch m.Type {
	case MsgHup:
		if r.state == StateLeader {
			return nil
		}
		if !r.promotable() {
			// Implements RAFT-CONF-6: a learner, a removed node or one that has not joined
			// never campaigns.
			return fmt.Errorf("raft: node %d cannot campaign: it is not a voter of %s", r.id, r.conf.cs)
		}
		if err := r.campaignOverflow(r.term, &m); err != nil {
			return err
		}
		r.campaign(r.preVote, nil)
		return nil
	case MsgVote, MsgPreVote:
		r.handleRequestVoteRequest(m)
		return nil
	}
	switch r.state {
	case StateLeader:
		return r.stepLeader(m)
	case StateCandidate, StatePreCandidate:
		return r.stepCandidate(m)
	default:
		return r.stepFollower(m)
	}
}

// handleRequestVoteRequest grants at most one vote per term, and only to an up-to-date log; a
// PreVote is granted for a future term without changing the voter.
//
// TLA+: HandleRequestVoteRequest, HandlePreVoteRequest.
//
// Implements RAFT-ELECT-3, RAFT-ELECT-4, RAFT-PERSIST-1.
func (r *raft) handleRequestVoteRequest(m Message) {
	action := TraceHandleRequestVoteRequest
	if m.Type == MsgPreVote {
		action = TraceHandlePreVoteRequest
	}
	canVote := r.vote == m.From ||
		(r.vote == None && r.lead == None) ||
		(m.Type == MsgPreVote && m.Term > r.term)
	upToDate := r.candidateLogOk(&m)
	resp := Message{To: m.From, Type: voteResponseType(m.Type)}
	if canVote && upToDate {
		resp.Term = m.Term
		if m.Type == MsgVote {
			r.electionElapsed = 0
			r.vote = m.From
		}
	} else {
		resp.Term = r.term
		resp.Reject = true
	}
	r.send(resp)
	r.trace(action, &m)
}

// stepCandidate handles messages while (pre-)campaigning: it tallies (Pre)Vote responses and
// steps down for the leader of its term.
//
// TLA+: HandleRequestVoteResponse, HandlePreVoteResponse, BecomeCandidate, BecomeLeader,
// HandleAppendEntriesRequest and HandleHeartbeatRequest (a candidate learning of its term's
// leader), LoseElection.
func (r *raft) stepCandidate(m Message) error {
	myResp := MsgVoteResp
	if r.state == StatePreCandidate {
		myResp = MsgPreVoteResp
	}
	switch m.Type {
	case MsgProp:
		return ErrProposalDropped
	case MsgApp:
		// The leader of our term exists: step down (the first branch of the TLA+
		// HandleAppendEntriesRequest), then handle the message as a follower.
		r.becomeFollower(m.Term, m.From, TraceHandleAppendEntriesRequest, &m)
		r.handleAppendEntriesRequest(m)
	case MsgHeartbeat:
		r.becomeFollower(m.Term, m.From, TraceHandleHeartbeatRequest, &m)
		r.handleHeartbeat(m)
	case MsgSnap:
		r.becomeFollower(m.Term, m.From, TraceHandleSnapshotRequest, &m)
		return r.handleSnapshot(m)
	case myResp:
		won, lost := r.poll(m.From, !m.Reject)
		if myResp == MsgPreVoteResp {
			r.trace(TraceHandlePreVoteResponse, &m)
		} else {
			r.trace(TraceHandleRequestVoteResponse, &m)
		}
		switch {
		case won && r.state == StatePreCandidate:
			r.campaign(false, nil)
		case won:
			r.becomeLeader()
			r.bcastAppend()
		case lost:
			r.becomeFollower(r.term, None, TraceLoseElection, nil)
		}
	case MsgReadIndex:
		return ErrProposalDropped
	}
	return nil
}

// stepFollower handles messages as a follower: it replicates the leader's log, forwards
// requests to it, and starts an election when told to by a leadership transfer.
//
// TLA+: HandleAppendEntriesRequest, HandleHeartbeatRequest, HandleTimeoutNow,
// HandleSnapshotRequest, InstallSnapshot.
func (r *raft) stepFollower(m Message) error {
	switch m.Type {
	case MsgProp:
		// Implements RAFT-LOG-7.
		if r.lead == None || r.disableForwarding {
			return ErrProposalDropped
		}
		// Implements RAFT-FLOW-2: the leader takes at most one message's worth from a peer.
		var size uint64
		for i := range m.Entries {
			size += EntrySize(&m.Entries[i])
		}
		if size > r.maxMsgSize {
			return &ProposalLimitError{Node: r.id, From: m.From, Limit: "MaxSizePerMsg", Size: size, Max: r.maxMsgSize}
		}
		m.To = r.lead
		r.forward(m)
	case MsgApp:
		r.electionElapsed = 0
		r.lead = m.From
		r.handleAppendEntriesRequest(m)
	case MsgHeartbeat:
		r.electionElapsed = 0
		r.lead = m.From
		r.handleHeartbeat(m)
	case MsgSnap:
		r.electionElapsed = 0
		r.lead = m.From
		return r.handleSnapshot(m)
	case MsgTransferLeader:
		if r.lead == None {
			return ErrProposalDropped
		}
		m.To = r.lead
		r.forward(m)
	case MsgTimeoutNow:
		// Implements RAFT-TRANSFER-2 (validate refused it if the election would overflow).
		if r.promotable() {
			r.campaign(false, &m)
		}
	case MsgReadIndex:
		if r.lead == None {
			return ErrProposalDropped
		}
		m.To = r.lead
		r.forward(m)
	case MsgReadIndexResp:
		// A forwarded read's answer: forwarding is not modeled (see trace.go), so not traced.
		r.readStates = append(r.readStates, r.forwardedRead(&m))
	}
	return nil
}

// handleAppendEntriesRequest runs the consistency check, updates the log and the commit index,
// and answers with the index it now matches or a conflict hint.
//
// TLA+: HandleAppendEntriesRequest.
//
// Implements RAFT-LOG-2, RAFT-LOG-3, RAFT-LOG-4, RAFT-COMMIT-4.
func (r *raft) handleAppendEntriesRequest(m Message) {
	if m.Index < r.log.committed {
		// Everything up to our commit index is known to match; say so.
		r.send(Message{To: m.From, Type: MsgAppResp, Index: r.log.committed})
		r.trace(TraceHandleAppendEntriesRequest, &m)
		return
	}
	lastNew, ok, err := r.acceptEntries(&m)
	switch {
	case err != nil:
		// Only a leader violating Log Matching can send this; refuse rather than lose data.
		r.trace(TraceDropStaleMessage, &m)
	case ok:
		r.followConfs(&m, lastNew)
		r.log.commitTo(min(m.Commit, lastNew))
		r.useConf()
		r.send(Message{To: m.From, Type: MsgAppResp, Index: lastNew})
		r.trace(TraceHandleAppendEntriesRequest, &m)
	default:
		hintIndex, hintTerm := r.log.conflictHint(m.Index)
		r.send(Message{To: m.From, Type: MsgAppResp, Index: m.Index, Reject: true, RejectHint: hintIndex, LogTerm: hintTerm})
		r.trace(TraceHandleAppendEntriesRequest, &m)
	}
}

// handleHeartbeat advances the commit index as far as the leader knows we match.
//
// TLA+: HandleHeartbeatRequest.
func (r *raft) handleHeartbeat(m Message) {
	r.log.commitTo(m.Commit)
	r.useConf()
	r.send(Message{To: m.From, Type: MsgHeartbeatResp, Index: m.Index, Context: m.Context}) // the lease stamp echoed
	r.trace(TraceHandleHeartbeatRequest, &m)
}

// validate rejects messages that no correct peer or caller produces.
func (r *raft) validate(m Message) error {
	if m.Type == 0 || m.Type >= maxMessageType {
		return fmt.Errorf("raft: node %d: message from %d has unknown type %d", r.id, m.From, uint8(m.Type))
	}
	if !m.Type.IsLocal() && m.From == None {
		return fmt.Errorf("raft: node %d: %s has no sender (From is 0)", r.id, m.Type)
	}
	if m.Type == MsgStorageAppend || m.Type == MsgStorageApply ||
		((m.Type == MsgStorageAppendResp || m.Type == MsgStorageApplyResp) && !r.isStorageResponse(&m)) {
		return fmt.Errorf("raft: node %d: %s from %d is not a response of its own storage (AsyncStorageWrites)", r.id, m.Type, m.From)
	}
	if m.Type == MsgStorageAppendResp {
		// Carries the term its write made durable, and the snapshot it persisted.
		if m.Snapshot != nil && m.Snapshot.Metadata.Index > MaxIndex {
			return fmt.Errorf("raft: node %d: MsgStorageAppendResp: snapshot index %d is beyond the last usable index %d", r.id, m.Snapshot.Metadata.Index, MaxIndex)
		}
		return nil
	}
	if m.Type.IsLocal() || m.Type == MsgProp || m.Type == MsgReadIndex || m.Type == MsgTransferLeader {
		// Requests carry no term: the receiver handles them in its own.
		if m.Term != 0 {
			return fmt.Errorf("raft: node %d: %s from %d carries term %d; requests carry none", r.id, m.Type, m.From, m.Term)
		}
	} else {
		// Senders outside the configuration are heard: a leader adding this node, a node
		// that does not know it was removed (its vote requests are answered or ignored as any
		// other's, and its answers to a leader that has no progress for it are dropped).
		if m.Term == 0 {
			return fmt.Errorf("raft: node %d: %s from %d has term 0", r.id, m.Type, m.From)
		}
	}
	if err := r.validateEntries(&m); err != nil {
		return err
	}
	if (m.Snapshot != nil) != (m.Type == MsgSnap) {
		return fmt.Errorf("raft: node %d: %s from %d: only MsgSnap carries a snapshot", r.id, m.Type, m.From)
	}
	switch m.Type {
	case MsgProp:
		if len(m.Entries) == 0 {
			return fmt.Errorf("raft: node %d: MsgProp from %d carries no entries", r.id, m.From)
		}
	case MsgReadIndex:
		if len(m.Context) == 0 {
			return fmt.Errorf("raft: node %d: MsgReadIndex from %d has an empty request context", r.id, m.From)
		}
	case MsgTransferLeader:
		if !contains(r.conf.halves[0], m.From) {
			return fmt.Errorf("raft: node %d: transfer target %d is not a voter of the configuration %s", r.id, m.From, r.conf.cs)
		}
	case MsgApp:
		// Implements RAFT-ROBUST-2.
		if n := uint64(len(m.Entries)); n > 0 && !fits(m.Index, n, MaxIndex) {
			return &OverflowError{Node: r.id, Msg: m.Type, From: m.From, What: "index", Value: m.Index, Count: n}
		}
		for i, e := range m.Entries {
			if e.Index != m.Index+1+uint64(i) {
				return fmt.Errorf("raft: node %d: MsgApp from %d: entry %d has index %d, want %d", r.id, m.From, i, e.Index, m.Index+1+uint64(i))
			}
			prev := m.LogTerm
			if i > 0 {
				prev = m.Entries[i-1].Term
			}
			if e.Term < prev || e.Term > m.Term {
				return fmt.Errorf("raft: node %d: MsgApp from %d: entry %d has term %d outside [%d, %d]", r.id, m.From, e.Index, e.Term, prev, m.Term)
			}
		}
		if m.LogTerm > m.Term {
			return fmt.Errorf("raft: node %d: MsgApp from %d: prevLogTerm %d above message term %d", r.id, m.From, m.LogTerm, m.Term)
		}
	case MsgSnap:
		if err := r.validateSnapshot(&m); err != nil {
			return err
		}
	case MsgTimeoutNow:
		// The election it starts must fit in the term and index ranges (RAFT-ROBUST-2).
		if m.Term >= r.term {
			return r.campaignOverflow(m.Term, &m)
		}
	case MsgVote, MsgPreVote:
		if m.LogTerm > m.Term {
			return fmt.Errorf("raft: node %d: %s from %d: last log term %d above message term %d", r.id, m.Type, m.From, m.LogTerm, m.Term)
		}
	}
	return nil
}

// leaderOf returns the sender of m if m comes from the leader of m's term (AppendEntries,
// heartbeats, snapshots and a transfer's TimeoutNow do), None otherwise.
func leaderOf(m *Message) uint64 {
	switch m.Type {
	case MsgApp, MsgHeartbeat, MsgTimeoutNow, MsgSnap:
		return m.From
	}
	return None
}
