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
	// progressSnapshot: the follower needs entries the leader has compacted away; the leader
	// sends it a snapshot, chunk by chunk, and resumes from the last acknowledged chunk after an
	// interruption.
	progressSnapshot
)

var progressStateNames = [...]string{"probe", "replicate", "snapshot"}

func (s progressState) String() string { return progressStateNames[s] }

// progress is the leader's view of one follower (nextIndex/matchIndex in the paper).
//
// Implements RAFT-LOG-5.
type progress struct {
	match, next uint64
	state       progressState
	// probeSent pauses a probing follower (one MsgApp at a time) and a snapshot transfer
	// waiting for a sign of life after a failure.
	probeSent    bool
	inflight     inflights
	recentActive bool // heard from since the last CheckQuorum round
	// heartbeatMatch is match as of the previous heartbeat response; a follower whose match
	// has not moved between two heartbeat responses lost a pipelined MsgApp.
	heartbeatMatch uint64
	snap           snapshotTransfer
	// leaseAck is the newest heartbeat stamp the follower echoed (lease reads).
	leaseAck uint64
}

// snapshotTransfer is a snapshot on its way to a follower: which one, and how many bytes of
// its data the follower acknowledged and the leader sent.
type snapshotTransfer struct {
	index, term uint64
	// sum is the snapshot's checksum (SnapshotChecksum), which every chunk carries; nil until
	// the leader computed it.
	sum         []byte
	acked, sent uint64
	// ackedAt is acked as of the previous heartbeat response: no progress between two of them
	// means chunks were lost, and the transfer resumes from acked.
	ackedAt uint64
}

func newProgress(next uint64, maxInflight int, maxInflightBytes uint64) *progress {
	return &progress{next: next, inflight: inflights{max: maxInflight, maxBytes: maxInflightBytes}}
}

// isPaused reports whether the leader must hold back further MsgApp to this follower.
func (p *progress) isPaused() bool {
	switch p.state {
	case progressProbe, progressSnapshot:
		return p.probeSent
	}
	return p.inflight.full()
}

// sentEntries records a MsgApp carrying entries up to last, of bytes bytes.
func (p *progress) sentEntries(last, bytes uint64) {
	if p.state == progressReplicate {
		p.next = last + 1
		p.inflight.add(last, bytes)
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
	p.inflight.freeTo(n)
	return updated
}

// becomeProbe stops pipelining (or a snapshot transfer); the caller sets next.
func (p *progress) becomeProbe() {
	p.state = progressProbe
	p.probeSent = false
	p.inflight.reset()
	p.snap = snapshotTransfer{}
}

// becomeSnapshot starts sending the snapshot at index (of term), resuming a transfer of the
// same snapshot where it stopped.
func (p *progress) becomeSnapshot(index, term uint64) {
	if p.state != progressSnapshot || p.snap.index != index || p.snap.term != term {
		p.snap = snapshotTransfer{index: index, term: term}
	}
	p.state = progressSnapshot
	p.probeSent = false
	p.inflight.reset()
}

// heartbeatAcked handles a heartbeat response: it un-pauses probing and, if a pipelined
// follower made no progress since the previous heartbeat response although entries are
// outstanding, falls back to probing from match+1 so that lost MsgApps are sent again; a
// stalled snapshot transfer resumes from the last acknowledged chunk.
func (p *progress) heartbeatAcked(lastIndex uint64) {
	p.probeSent = false
	switch p.state {
	case progressReplicate:
		if p.match < lastIndex && p.match == p.heartbeatMatch {
			p.becomeProbe()
			p.next = p.match + 1
		}
	case progressSnapshot:
		if p.snap.acked == p.snap.ackedAt {
			p.snap.sent = p.snap.acked
		}
		p.snap.ackedAt = p.snap.acked
	}
	p.heartbeatMatch = p.match
}

func (p *progress) becomeReplicate() {
	p.state = progressReplicate
	p.probeSent = false
	p.next = p.match + 1
	p.inflight.reset()
	p.snap = snapshotTransfer{}
}

// maybeDecrTo handles a rejected MsgApp whose prevLogIndex was rejected, using the follower's
// hint (already translated by the leader into a next index). It reports false for a stale
// rejection that must be ignored. The new next never passes rejected (so backtracking always
// progresses) nor drops to match (which is known to agree).
//
// Implements RAFT-LOG-4.
func (p *progress) maybeDecrTo(rejected, next uint64) bool {
	switch p.state {
	case progressReplicate:
		if rejected <= p.match {
			return false
		}
	case progressSnapshot:
		return false // the snapshot answers whatever the follower lacks
	default:
		if rejected != p.next-1 {
			return false
		}
	}
	p.next = max(min(next, rejected), p.match+1)
	p.becomeProbe()
	return true
}

// inflights is the window of MsgApp sent to a pipelining follower and not yet acknowledged: a
// ring buffer of their last indexes and sizes, bounded in count and in bytes.
//
// Implements RAFT-FLOW-3.
type inflights struct {
	start, count int
	buf          []inflight
	bytes        uint64
	max          int
	maxBytes     uint64 // 0: no limit
}

type inflight struct {
	index, bytes uint64
}

func (in *inflights) full() bool {
	return in.count >= in.max || (in.maxBytes > 0 && in.bytes >= in.maxBytes)
}

func (in *inflights) add(index, bytes uint64) {
	if in.count == len(in.buf) {
		// Grow (up to max entries) by doubling, unrolling the ring.
		n := min(max(2*len(in.buf), 4), max(in.max, in.count+1))
		buf := make([]inflight, n)
		for i := 0; i < in.count; i++ {
			buf[i] = in.buf[(in.start+i)%len(in.buf)]
		}
		in.buf, in.start = buf, 0
	}
	in.buf[(in.start+in.count)%len(in.buf)] = inflight{index, bytes}
	in.count++
	in.bytes += bytes
}

// freeTo drops every message whose last index is at most index.
func (in *inflights) freeTo(index uint64) {
	for in.count > 0 {
		f := in.buf[in.start]
		if f.index > index {
			return
		}
		in.bytes -= f.bytes
		in.start = (in.start + 1) % len(in.buf)
		in.count--
	}
}

func (in *inflights) reset() {
	in.start, in.count, in.bytes = 0, 0, 0
}
