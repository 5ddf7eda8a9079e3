package raft

import (
	"errors"
	"fmt"
)

// stepLeader handles messages as the leader: proposals, acknowledgements and responses.
//
// TLA+: ClientRequest, HandleAppendEntriesResponse, HandleHeartbeatResponse, AppendEntries,
// SendSnapshot, HandleSnapshotResponse, ReadIndex, TransferLeader.
func (r *raft) stepLeader(m Message) error {
	switch m.Type {
	case MsgBeat:
		r.bcastHeartbeat(r.readOnly.lastContext())
		return nil
	case MsgProp:
		return r.clientRequest(m)
	case MsgReadIndex:
		r.handleReadIndex(m)
		return nil
	case MsgTransferLeader:
		r.handleTransferLeader(m.From)
		return nil
	}
	pr := r.prs[m.From]
	if pr == nil || m.From == r.id {
		return nil
	}
	switch m.Type {
	case MsgAppResp:
		if !m.Reject && m.Index > r.log.lastIndex() {
			return fmt.Errorf("raft: node %d: MsgAppResp from %d acknowledges index %d beyond the last index %d", r.id, m.From, m.Index, r.log.lastIndex())
		}
		pr.recentActive = true
		r.handleAppendEntriesResponse(m, pr)
	case MsgSnapResp:
		pr.recentActive = true
		r.handleSnapshotResponse(m, pr)
	case MsgSnapStatus:
		r.reportSnapshot(m, pr)
	case MsgUnreachable:
		r.reportUnreachable(pr)
	case MsgHeartbeatResp:
		pr.recentActive = true
		r.trace(TraceHandleHeartbeatResponse, &m)
		pr.heartbeatAcked(r.log.lastIndex())
		r.ackLease(pr, &m)
		r.catchUpProgress(m.From, pr.match)
		if pr.match < r.log.lastIndex() {
			r.sendAppend(m.From, pr, false)
		}
		r.handleReadAck(m)
	}
	return nil
}

// clientRequest appends the proposed entries with the current term. Followers receive them with
// the next broadcast, so proposals arriving between two Ready calls share MsgApps.
//
// TLA+: ClientRequest.
//
// Implements RAFT-LOG-1, RAFT-LOG-6.
func (r *raft) clientRequest(m Message) error {
	if r.leadTransferee != None {
		return ErrProposalDropped
	}
	if m.Entries[0].Type == EntryConfChange {
		return r.proposeConfChange(m) // validate made sure it comes alone
	}
	last := r.log.lastIndex()
	if !fits(last, uint64(len(m.Entries)), MaxIndex) {
		// Implements RAFT-ROBUST-2.
		return &OverflowError{Node: r.id, Msg: m.Type, From: m.From, What: "index", Value: last, Count: uint64(len(m.Entries))}
	}
	if err := r.proposalLimit(&m); err != nil {
		return err
	}
	r.pendingBroadcast = true
	if r.tracer == nil {
		r.log.appendProposals(m.Entries, r.term)
		return nil
	}
	// ClientRequest appends one entry: trace each entry with the log as it appended it.
	for i := range m.Entries {
		r.log.appendProposals(m.Entries[i:i+1], r.term)
		one := m
		u := r.log.unstable.entries
		one.Entries = u[len(u)-1:]
		r.trace(TraceClientRequest, &one)
	}
	return nil
}

// proposeOne is clientRequest for a leader's own proposal of data, the path of
// RawNode.Propose (without a Tracer, or with a TraceCounter): it appends the entry without
// building a message, and so allocates nothing.
//
// TLA+: ClientRequest.
//
// Implements RAFT-LOG-1.
func (r *raft) proposeOne(data []byte) error {
	if r.leadTransferee != None {
		return ErrProposalDropped
	}
	last := r.log.lastIndex()
	if !fits(last, 1, MaxIndex) {
		return &OverflowError{Node: r.id, Msg: MsgProp, From: r.id, What: "index", Value: last, Count: 1}
	}
	e := Entry{Term: r.term, Index: last + 1, Data: data}
	if err := r.admit(r.id, uint64(len(data)), EntrySize(&e)); err != nil {
		return err
	}
	r.log.unstable.entries = appendGrowing(r.log.unstable.entries, []Entry{e})
	r.pendingBroadcast = true
	if r.count != nil {
		// A TraceCounter counts the event, which is not built (a Tracer that takes events
		// gets the MsgProp stepped instead).
		r.trace(TraceClientRequest, nil)
	}
	return nil
}

// proposalLimit refuses a proposal that MaxUncommittedEntriesSize or, for one forwarded by
// another node, MaxSizePerMsg does not let in, and counts an accepted one as uncommitted.
//
// Implements RAFT-FLOW-1, RAFT-FLOW-2.
func (r *raft) proposalLimit(m *Message) error {
	var payload, size uint64
	for i := range m.Entries {
		payload += uint64(len(m.Entries[i].Data))
		size += EntrySize(&m.Entries[i])
	}
	return r.admit(m.From, payload, size)
}

// admit applies the limits to a proposal from node from of payload data bytes (size bytes as
// EntrySize counts them), and counts it as uncommitted if it passes.
func (r *raft) admit(from, payload, size uint64) error {
	if from != r.id && size > r.maxMsgSize {
		return &ProposalLimitError{Node: r.id, From: from, Limit: "MaxSizePerMsg", Size: size, Max: r.maxMsgSize}
	}
	if r.maxUncommitted > 0 && r.uncommittedSize > 0 && r.uncommittedSize+payload > r.maxUncommitted {
		return &ProposalLimitError{Node: r.id, From: from, Limit: "MaxUncommittedEntriesSize", Size: r.uncommittedSize + payload, Max: r.maxUncommitted}
	}
	r.uncommittedSize += payload
	return nil
}

// committedHandedOut lowers the uncommitted count by the entries handed out to apply.
func (r *raft) committedHandedOut(ents []Entry) {
	if r.state != StateLeader || r.uncommittedSize == 0 {
		return
	}
	var payload uint64
	for i := range ents {
		payload += uint64(len(ents[i].Data))
	}
	r.uncommittedSize -= min(payload, r.uncommittedSize)
}

// handleAppendEntriesResponse moves the follower's progress on an acknowledgement or a
// rejection, then commits or sends what the follower lacks.
//
// TLA+: HandleAppendEntriesResponse.
//
// Implements RAFT-LOG-4, RAFT-LOG-5.
func (r *raft) handleAppendEntriesResponse(m Message, pr *progress) {
	r.trace(TraceHandleAppendEntriesResp, &m)
	if m.Reject {
		next := m.RejectHint
		if m.LogTerm != 0 {
			if i := r.log.lastIndexOfTerm(m.LogTerm); i != 0 {
				next = i + 1
			}
		}
		// A hint beyond our log can only come from a faulty peer; probe from our end instead.
		next = min(next, r.log.lastIndex()+1)
		if pr.maybeDecrTo(m.Index, next) {
			r.sendAppend(m.From, pr, true)
		}
		return
	}
	wasPaused := pr.isPaused()
	if !pr.maybeUpdate(m.Index) {
		if wasPaused && !pr.isPaused() {
			r.sendAppend(m.From, pr, false)
		}
		return
	}
	r.catchUpProgress(m.From, pr.match)
	if pr.state == progressProbe || (pr.state == progressSnapshot && pr.match >= pr.snap.index) {
		// Implements RAFT-SNAP-4: once the follower holds the snapshot, entries follow.
		pr.becomeReplicate()
	}
	if r.advanceCommitIndex() {
		r.bcastAppend()
	} else if r.state == StateLeader {
		for r.sendAppend(m.From, pr, false) {
		}
	}
	if r.state == StateLeader && m.From == r.leadTransferee && pr.match == r.log.lastIndex() {
		r.sendTimeoutNow(m.From)
	}
}

// advanceCommitIndex commits the highest index stored on a quorum (of each half of a joint
// configuration), but only if it belongs to the current term; earlier entries are committed
// with it. It allocates nothing (committedIndex).
//
// TLA+: AdvanceCommitIndex.
//
// Implements RAFT-COMMIT-1, RAFT-COMMIT-2.
//
// It then does what a commit may call for (afterCommit), and reports false if the node no
// longer leads (a leader whose removal got committed steps down).
func (r *raft) advanceCommitIndex() bool {
	idx := r.committedIndex()
	if !r.committableByCounting(idx) {
		return false
	}
	if !r.log.commitTo(idx) {
		return false
	}
	r.trace(TraceAdvanceCommitIndex, nil)
	r.releasePendingReads()
	r.afterCommit()
	return r.state == StateLeader
}

// sendAppend sends the next MsgApp to a follower unless its progress is paused. An empty MsgApp
// is sent only when sendIfEmpty is set (probing, or to spread a new commit index). It reports
// whether a message was sent.
//
// TLA+: AppendEntries.
//
// Implements RAFT-LOG-5, RAFT-LOG-6.
func (r *raft) sendAppend(to uint64, pr *progress, sendIfEmpty bool) bool {
	if pr.state == progressSnapshot {
		return r.sendSnapshotChunk(to, pr)
	}
	if pr.isPaused() || r.log.err != nil {
		return false
	}
	prev := pr.next - 1
	prevTerm, err := r.log.termErr(prev)
	if err != nil {
		if errors.Is(err, ErrCompacted) {
			return r.startSnapshot(to, pr)
		}
		return false
	}
	ents, err := r.log.slice(pr.next, r.log.lastIndex()+1, r.maxMsgSize)
	if err != nil {
		if errors.Is(err, ErrCompacted) {
			return r.startSnapshot(to, pr)
		}
		return false
	}
	if len(ents) == 0 && !sendIfEmpty {
		return false
	}
	m := Message{To: to, Type: MsgApp, Index: prev, LogTerm: prevTerm, Entries: ents, Commit: r.log.committed}
	if len(ents) > 0 {
		var bytes uint64
		for i := range ents {
			bytes += EntrySize(&ents[i])
		}
		pr.sentEntries(ents[len(ents)-1].Index, bytes)
	} else if pr.state == progressProbe {
		pr.probeSent = true
	}
	r.send(m)
	r.trace(TraceSendAppendEntries, &r.msgs[len(r.msgs)-1])
	return true
}

// bcastAppend sends pending entries (or an empty MsgApp carrying the commit index) to all.
//
// TLA+: AppendEntries.
func (r *raft) bcastAppend() {
	r.pendingBroadcast = false
	for _, id := range r.conf.members {
		if id != r.id {
			r.sendAppend(id, r.prs[id], true)
		}
	}
}

// flushProposals sends the entries proposed since the last broadcast, as many MsgApp per
// follower as the in-flight window and message size allow.
func (r *raft) flushProposals() {
	if !r.pendingBroadcast || r.state != StateLeader {
		r.pendingBroadcast = false
		return
	}
	r.pendingBroadcast = false
	for _, id := range r.conf.members {
		if id == r.id {
			continue
		}
		pr := r.prs[id]
		for r.sendAppend(id, pr, false) {
			if pr.state != progressReplicate {
				break
			}
		}
	}
}

// bcastHeartbeat sends heartbeats; ctx names the newest pending ReadIndex request, if any.
//
// TLA+: Heartbeat.
//
// Implements RAFT-ELECT-6.
func (r *raft) bcastHeartbeat(ctx []byte) {
	for _, id := range r.conf.members {
		if id == r.id {
			continue
		}
		commit := min(r.prs[id].match, r.log.committed)
		r.send(Message{To: id, Type: MsgHeartbeat, Index: r.heartbeatStamp(), Commit: commit, Context: ctx})
		r.trace(TraceHeartbeat, &r.msgs[len(r.msgs)-1])
	}
}

// checkQuorumActive steps down if a quorum has not been heard from since the last check.
//
// TLA+: CheckQuorumStepDown.
//
// Implements RAFT-ELECT-10.
func (r *raft) checkQuorumActive() {
	active := r.hasQuorum(func(id uint64) bool { return id == r.id || r.prs[id].recentActive })
	for id, pr := range r.prs {
		if id != r.id {
			pr.recentActive = false
		}
	}
	if !active {
		r.becomeFollower(r.term, None, TraceCheckQuorumStepDown, nil)
	}
}
