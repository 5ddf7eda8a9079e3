package raft

// readIndexStatus is one ReadIndex request waiting for a quorum of heartbeat acknowledgements.
type readIndexStatus struct {
	req   Message
	index uint64
	acks  map[uint64]bool
}

// readOnly tracks ReadIndex requests in arrival order. An acknowledgement of a request's
// context also confirms every older request, since the heartbeat was sent after them.
//
// Implements RAFT-READ-2.
type readOnly struct {
	pending map[string]*readIndexStatus
	queue   []string
}

func newReadOnly() *readOnly { return &readOnly{pending: map[string]*readIndexStatus{}} }

func (ro *readOnly) add(index uint64, m Message) bool {
	ctx := string(m.Context)
	if _, ok := ro.pending[ctx]; ok {
		return false
	}
	ro.pending[ctx] = &readIndexStatus{req: m, index: index, acks: map[uint64]bool{}}
	ro.queue = append(ro.queue, ctx)
	return true
}

// ack records that id acknowledged the heartbeat for ctx and returns the acknowledgements.
func (ro *readOnly) ack(id uint64, ctx []byte) map[uint64]bool {
	rs, ok := ro.pending[string(ctx)]
	if !ok {
		return nil
	}
	rs.acks[id] = true
	return rs.acks
}

// release removes and returns every request up to and including ctx.
func (ro *readOnly) release(ctx []byte) []*readIndexStatus {
	var out []*readIndexStatus
	for i, c := range ro.queue {
		out = append(out, ro.pending[c])
		if c == string(ctx) {
			for _, done := range ro.queue[:i+1] {
				delete(ro.pending, done)
			}
			ro.queue = ro.queue[i+1:]
			return out
		}
	}
	return nil
}

func (ro *readOnly) lastContext() []byte {
	if len(ro.queue) == 0 {
		return nil
	}
	return []byte(ro.queue[len(ro.queue)-1])
}

// committedInCurrentTerm reports whether the leader has committed an entry of its own term,
// which it must have before it knows the full commit index (thesis 6.4 step 1).
func (r *raft) committedInCurrentTerm() bool {
	t, _ := r.log.term(r.log.committed)
	return t == r.term
}

// handleReadIndex is the leader side of ReadIndex (thesis 6.4): record the commit index, then
// confirm leadership with a heartbeat round before answering. A request arriving before the
// leader committed an entry of its term waits, and is traced (ReadIndex) when it is recorded.
//
// TLA+: ReadIndex.
//
// Implements RAFT-READ-1, RAFT-READ-2.
func (r *raft) handleReadIndex(m Message) {
	// Even a sole voter waits for an entry of its term to commit: until then its commit index
	// may be behind entries a previous leader committed with it (found by raftsim with
	// asynchronous writes, where a sole voter's no-op commits only once persisted).
	if !r.committedInCurrentTerm() {
		r.pendingReadIndexes = append(r.pendingReadIndexes, m)
		return
	}
	if r.conf.soleVoter(r.id) {
		r.releaseConfirmedReads() // reads from before the configuration made this node alone
		r.trace(TraceReadIndex, &m)
		r.answerRead(m, r.log.committed)
		return
	}
	if r.leaseRead(m) {
		return
	}
	r.confirmLeadership(m)
}

func (r *raft) releasePendingReads() {
	if len(r.pendingReadIndexes) == 0 || !r.committedInCurrentTerm() {
		return
	}
	reads := r.pendingReadIndexes
	r.pendingReadIndexes = nil
	for _, m := range reads {
		r.handleReadIndex(m)
	}
}

// handleReadAck counts a heartbeat acknowledgement toward pending reads.
//
// TLA+: HandleHeartbeatResponse, AnswerRead.
func (r *raft) handleReadAck(m Message) {
	if len(m.Context) == 0 {
		return
	}
	acks := r.readOnly.ack(m.From, m.Context)
	if acks == nil || !r.hasQuorum(func(id uint64) bool { return acks[id] }) {
		return
	}
	for _, rs := range r.readOnly.release(m.Context) {
		r.answerRead(rs.req, rs.index)
	}
}

// releaseConfirmedReads answers, oldest first, the pending reads up to the newest one that a
// quorum of the current configuration has acknowledged: a configuration change may have made a
// quorum of acknowledgements that the previous configuration did not count as one.
//
// TLA+: AnswerRead.
//
// Implements RAFT-READ-2, RAFT-CONF-2.
func (r *raft) releaseConfirmedReads() {
	q := r.readOnly.queue
	for k := len(q) - 1; k >= 0; k-- {
		acks := r.readOnly.pending[q[k]].acks
		if r.hasQuorum(func(id uint64) bool { return acks[id] }) {
			for _, rs := range r.readOnly.release([]byte(q[k])) {
				r.answerRead(rs.req, rs.index)
			}
			return
		}
	}
}

// answerRead hands a confirmed read index to the local caller or to the follower that
// forwarded the request.
//
// Implements RAFT-READ-3.
func (r *raft) answerRead(req Message, index uint64) {
	rs := ReadState{Index: index, RequestCtx: req.Context}
	if req.From == None || req.From == r.id {
		r.readStates = append(r.readStates, rs)
	} else {
		r.send(Message{To: req.From, Type: MsgReadIndexResp, Index: index, Context: req.Context})
	}
	r.traceRead(TraceAnswerRead, &req, &rs)
}
