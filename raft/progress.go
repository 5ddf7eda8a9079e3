package raft

// progressState is how the leader currently replicates to one follower.
type progressState uint8

const (
	// progressProbe: the leader does not know where the follower's log matches; it sends one
	// MsgApp and waits for the answer (or the next heartbeat response) before sending another.
	progressProbe progressState = iota
	// progressReplicate: the logs match up to Match; the leader pipelines MsgApp optimistically,
	// bounded by the in-flight window.
	progressReplicate
)

// progress is the leader's view of one follower (nextIndex/matchIndex in the paper).
//
// Implements RAFT-LOG-5.
type progress struct {
	match, next  uint64
	state        progressState
	probeSent    bool
	inflight     []uint64 // last index of each un-acknowledged MsgApp, ascending
	maxInflight  int
	recentActive bool // heard from since the last CheckQuorum round
	// heartbeatMatch is match as of the previous heartbeat response; a follower whose match
	// has not moved between two heartbeat responses lost a pipelined MsgApp.
	heartbeatMatch uint64
}

func newProgress(next uint64, maxInflight int) *progress {
	return &progress{next: next, maxInflight: maxInflight}
}

// isPaused reports whether the leader must hold back further MsgApp to this follower.
func (p *progress) isPaused() bool {
	if p.state == progressProbe {
		return p.probeSent
	}
	return len(p.inflight) >= p.maxInflight
}

// sentEntries records a MsgApp carrying entries up to last.
func (p *progress) sentEntries(last uint64) {
	if p.state == progressReplicate {
		p.next = last + 1
		p.inflight = append(p.inflight, last)
		return
	}
	p.probeSent = true
}

// maybeUpdate records an acknowledgement of index n; it reports whether match advanced.
func (p *progress) maybeUpdate(n uint64) bool {
	updated := false
	if n > p.match {
		p.match = n
		updated = true
		p.probeSent = false
	}
	p.next = max(p.next, n+1)
	p.freeInflightTo(n)
	return updated
}

func (p *progress) freeInflightTo(n uint64) {
	i := 0
	for i < len(p.inflight) && p.inflight[i] <= n {
		i++
	}
	p.inflight = p.inflight[i:]
}

// becomeProbe stops pipelining; the caller sets next.
func (p *progress) becomeProbe() {
	p.state = progressProbe
	p.probeSent = false
	p.inflight = p.inflight[:0]
}

// heartbeatAcked handles a heartbeat response: it un-pauses probing and, if a pipelined
// follower made no progress since the previous heartbeat response although entries are
// outstanding, falls back to probing from match+1 so that lost MsgApps are sent again.
func (p *progress) heartbeatAcked(lastIndex uint64) {
	p.probeSent = false
	if p.state == progressReplicate && p.match < lastIndex && p.match == p.heartbeatMatch {
		p.becomeProbe()
		p.next = p.match + 1
	}
	p.heartbeatMatch = p.match
}

func (p *progress) becomeReplicate() {
	p.state = progressReplicate
	p.probeSent = false
	p.next = p.match + 1
	p.inflight = p.inflight[:0]
}

// maybeDecrTo handles a rejected MsgApp whose prevLogIndex was rejected, using the follower's
// hint (already translated by the leader into a next index). It reports false for a stale
// rejection that must be ignored. The new next never passes rejected (so backtracking always
// progresses) nor drops to match (which is known to agree).
//
// Implements RAFT-LOG-4.
func (p *progress) maybeDecrTo(rejected, next uint64) bool {
	if p.state == progressReplicate {
		if rejected <= p.match {
			return false
		}
	} else if rejected != p.next-1 {
		return false
	}
	p.next = max(min(next, rejected), p.match+1)
	p.becomeProbe()
	return true
}
