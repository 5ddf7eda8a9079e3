package raft

// handleTransferLeader starts handing leadership to transferee: once its log is up to date it
// receives MsgTimeoutNow. Proposals are refused meanwhile.
//
// TLA+: TransferLeader (not modeled).
//
// Implements RAFT-TRANSFER-1.
func (r *raft) handleTransferLeader(transferee uint64) {
	if transferee == r.id || transferee == r.leadTransferee {
		return
	}
	r.leadTransferee = transferee
	r.electionElapsed = 0
	r.trace(TraceTransferLeader, &Message{Type: MsgTransferLeader, From: transferee, To: r.id, Term: r.term})
	pr := r.prs[transferee]
	if pr.match == r.log.lastIndex() {
		r.sendTimeoutNow(transferee)
	} else {
		r.sendAppend(transferee, pr, true)
	}
}

func (r *raft) sendTimeoutNow(to uint64) {
	r.send(Message{To: to, Type: MsgTimeoutNow})
}
