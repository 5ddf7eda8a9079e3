package raft

// handleTransferLeader starts handing leadership to transferee: once its log is up to date it
// receives MsgTimeoutNow. Proposals are refused meanwhile.
//
// TLA+: TransferLeader, TimeoutNow.
//
// Implements RAFT-TRANSFER-1.
func (r *raft) handleTransferLeader(transferee uint64) {
	if transferee == r.id || transferee == r.leadTransferee {
		return
	}
	r.leadTransferee = transferee
	r.forfeitLease()
	r.electionElapsed = 0
	r.trace(TraceTransferLeader, &Message{Type: MsgTransferLeader, From: transferee, To: r.id, Term: r.term})
	pr := r.prs[transferee]
	if pr.match == r.log.lastIndex() {
		r.sendTimeoutNow(transferee)
	} else {
		r.sendAppend(transferee, pr, true)
	}
}

// sendTimeoutNow tells the caught-up transferee to campaign now.
//
// TLA+: TimeoutNow.
//
// Implements RAFT-TRANSFER-1.
func (r *raft) sendTimeoutNow(to uint64) {
	r.send(Message{To: to, Type: MsgTimeoutNow})
	r.trace(TraceTimeoutNow, &r.msgs[len(r.msgs)-1])
}
