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
