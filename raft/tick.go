package raft

// tick advances logical time by one tick.
//
// TLA+: Timeout, Heartbeat, CheckQuorumStepDown.
func (r *raft) tick() {
	r.ticks++
	if r.state == StateLeader {
		r.tickHeartbeat()
	} else {
		r.tickElection()
	}
}

// tickElection starts an election after a randomized timeout without hearing from a leader. A
// node that cannot campaign (a learner, a removed node) keeps counting, up to the timeout: it
// stays past it, so that its vote lock (RAFT-ELECT-8) ends an election timeout after it last
// heard from a leader instead of starting again with every timeout it cannot use.
//
// TLA+: Timeout.
//
// Implements RAFT-ELECT-6, RAFT-ELECT-8.
func (r *raft) tickElection() {
	if r.electionElapsed < r.randomizedElectionTimeout {
		r.electionElapsed++
	}
	if r.electionElapsed >= r.randomizedElectionTimeout && r.promotable() {
		r.electionElapsed = 0
		_ = r.Step(Message{Type: MsgHup, From: r.id})
	}
}

// tickHeartbeat sends heartbeats, runs CheckQuorum, and abandons a stalled leadership transfer.
//
// TLA+: Heartbeat, CheckQuorumStepDown.
//
// Implements RAFT-ELECT-10, RAFT-TRANSFER-3.
func (r *raft) tickHeartbeat() {
	r.heartbeatElapsed++
	r.electionElapsed++
	if r.electionElapsed >= r.electionTimeout {
		r.electionElapsed = 0
		if r.checkQuorum {
			r.checkQuorumActive()
			if r.state != StateLeader {
				return
			}
		}
		r.leadTransferee = None
	}
	if r.heartbeatElapsed >= r.heartbeatTimeout {
		r.heartbeatElapsed = 0
		_ = r.Step(Message{Type: MsgBeat, From: r.id})
	}
}
