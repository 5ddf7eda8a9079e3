package raft

import "fmt"

// Lease reads (thesis 6.4.1). A leader whose heartbeat round a quorum acknowledged knows that
// none of those followers grants a vote for an election timeout of its own clock after it
// acknowledged (the vote lock of RAFT-ELECT-8, and RAFT-LEASE-2 across a restart), so no other
// leader can be elected until then. With the tick clocks' rates bounded by MaxClockDrift, the
// leader counts that span as leaseTicks ticks of its own clock from the round's start, and
// answers reads at its commit index without another round meanwhile.
//
// Heartbeats carry the leader's tick count when it sent them (a stamp, in Message.Index) and
// their responses echo it, so that a late or duplicated acknowledgement never vouches for a
// newer round than the one it answers.

// leaseTicksFor is the lease of RAFT-LEASE-3 in ticks of the leader's clock:
// floor((electionTick-1) * (1-maxDrift)). The thesis's electionTimeout*(1-maxDrift) loses one
// tick because a follower's lock of electionTick ticks may start just before its first tick
// and so lasts only electionTick-1 whole ticks of its clock.
func leaseTicksFor(electionTick int, maxDrift float64) uint64 {
	return uint64(float64(electionTick-1) * (1 - maxDrift))
}

// validateLease checks the lease settings of c, once ElectionTick has its default.
func (c *Config) validateLease() error {
	if !c.LeaseReads {
		if c.MaxClockDrift != 0 {
			return fmt.Errorf("raft: Config.MaxClockDrift (%v) is set but LeaseReads is off", c.MaxClockDrift)
		}
		return nil
	}
	if c.DisableCheckQuorum {
		return fmt.Errorf("raft: Config.LeaseReads needs CheckQuorum: followers' vote lock is what a lease relies on")
	}
	if !(c.MaxClockDrift >= 0 && c.MaxClockDrift < 1) {
		return fmt.Errorf("raft: Config.MaxClockDrift (%v) must be at least 0 and below 1", c.MaxClockDrift)
	}
	if leaseTicksFor(c.ElectionTick, c.MaxClockDrift) == 0 {
		return fmt.Errorf("raft: Config.LeaseReads: a lease of (ElectionTick-1)*(1-MaxClockDrift) = (%d-1)*(1-%v) ticks is shorter than one tick",
			c.ElectionTick, c.MaxClockDrift)
	}
	return nil
}

// heartbeatStamp is what a heartbeat carries in Index: the leader's tick count plus one (zero
// means no stamp), or nothing when leases are off.
func (r *raft) heartbeatStamp() uint64 {
	if r.leaseTicks == 0 {
		return 0
	}
	return r.ticks + 1
}

// ackLease records a follower's acknowledgement of the heartbeat stamped m.Index. A stamp from
// the future (which no correct follower echoes) is ignored.
//
// TLA+ (RaftLease.tla): HeartbeatRound.
//
// Implements RAFT-LEASE-3.
func (r *raft) ackLease(pr *progress, m *Message) {
	if r.leaseTicks > 0 && m.Index <= r.ticks+1 {
		pr.leaseAck = max(pr.leaseAck, m.Index)
	}
}

// leaseStart is the stamp of the newest round that a quorum of the configuration in use has
// acknowledged, 0 if none: the largest s such that the voters whose acknowledgement is at least
// s form a quorum (of both halves of a joint configuration), the leader counting itself at its
// current tick. It is taken in the configuration of the moment, not of the acknowledgements:
// any configuration a rival could be elected in (the latest committed one, or the leader's
// newer one) shares a member with each of its quorums.
func (r *raft) leaseStart() uint64 {
	now := r.ticks + 1
	ack := func(id uint64) uint64 {
		if id == r.id {
			return now
		}
		if pr := r.prs[id]; pr != nil {
			return pr.leaseAck
		}
		return 0
	}
	var best uint64
	for _, half := range r.conf.halves {
		for _, id := range half {
			if s := ack(id); s > best && r.hasQuorum(func(v uint64) bool { return ack(v) >= s }) {
				best = s
			}
		}
	}
	return best
}

// leaseLeft is how many more ticks of the leader's clock its lease covers, 0 if it holds none: a
// quorum acknowledged a round started less than leaseTicks ticks ago, and the leader has not
// begun a leadership transfer in its term.
//
// Implements RAFT-LEASE-3, RAFT-LEASE-5.
func (r *raft) leaseLeft() uint64 {
	if r.leaseTicks == 0 || r.state != StateLeader || r.leaseForfeited {
		return 0
	}
	start, now, lease := r.leaseStart(), r.ticks+1, r.leaseDuration()
	if start == 0 || now >= start+lease {
		return 0
	}
	return start + lease - now
}

// voteLocked reports whether the node ignores a vote or pre-vote request that is not a
// leadership transfer's: it heard from a leader less than an election timeout ago
// (RAFT-ELECT-8, with CheckQuorum), or, with lease reads, it restarted less than an election
// timeout ago and may have acknowledged a leader's round before. A node that starts with no
// persisted term has acknowledged nothing: a heartbeat's acknowledgement goes out only after
// the term it was sent in is persisted (RAFT-PERSIST-1).
//
// Implements RAFT-ELECT-8, RAFT-LEASE-2.
func (r *raft) voteLocked() bool {
	if !r.checkQuorum {
		return false
	}
	if r.lead != None && r.electionElapsed < r.electionTimeout {
		return true
	}
	return r.restartLock && r.ticks < uint64(r.electionTimeout)
}

// leaseRead answers a read at once under a valid lease: the leader has committed an entry of
// its term and no other leader can have been elected since the round that confirmed it.
//
// TLA+ (RaftLease.tla): LeaseRead.
//
// Implements RAFT-LEASE-4.
func (r *raft) leaseRead(m Message) bool {
	if r.leaseLeft() == 0 {
		return false
	}
	rs := ReadState{Index: r.log.committed, RequestCtx: m.Context}
	if m.From == None || m.From == r.id {
		r.readStates = append(r.readStates, rs)
	} else {
		r.send(Message{To: m.From, Type: MsgReadIndexResp, Index: rs.Index, Context: m.Context})
	}
	r.traceRead(TraceLeaseRead, &m, &rs)
	return true
}

// leaseTicksOf is the lease c gives a leader, 0 without LeaseReads.
func leaseTicksOf(c *Config) uint64 {
	if !c.LeaseReads {
		return 0
	}
	return leaseTicksFor(c.ElectionTick, c.MaxClockDrift)
}
