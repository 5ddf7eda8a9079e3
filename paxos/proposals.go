package paxos

// proposal is a phase-2 round for one slot in the leader's current ballot.
type proposal struct {
	entry  Entry
	votes  voteSet
	sentAt int
	live   bool
}

// proposalQueue holds a leader's open proposals by slot. A leader proposes slots in
// increasing order and they are decided mostly in that order, so a slice from the oldest open
// slot serves where a map would hash every slot several times.
type proposalQueue struct {
	base uint64     // q[0] is slot base+1
	q    []proposal // dead entries mark decided or dropped slots
	live int
	buf  []proposal // the array q lies in (len 0), reused once q runs empty or reaches its end
}

// get returns the open proposal of slot, if any.
func (pq *proposalQueue) get(slot uint64) (*proposal, bool) {
	if slot <= pq.base || slot-pq.base > uint64(len(pq.q)) {
		return nil, false
	}
	p := &pq.q[slot-pq.base-1]
	return p, p.live
}

// put opens a proposal for e.Slot, which must be above every slot the queue ever held or
// within it, with the vote of the proposer's own acceptor (the peer at index self).
func (pq *proposalQueue) put(e Entry, now, self int) {
	if pq.live == 0 {
		clear(pq.q)
		pq.q, pq.base = pq.buf, e.Slot-1
	}
	if e.Slot <= pq.base {
		return
	}
	i := e.Slot - pq.base - 1
	if i >= uint64(cap(pq.q)) {
		pq.makeRoom(i + 1)
	}
	for uint64(len(pq.q)) <= i {
		pq.q = append(pq.q, proposal{})
	}
	if !pq.q[i].live {
		pq.live++
	}
	pq.q[i] = proposal{entry: e, sentAt: now, live: true}
	pq.q[i].votes.add(self)
}

// makeRoom makes q's capacity at least n: by moving q to the start of its array when that
// is enough, else by moving it to a larger one.
func (pq *proposalQueue) makeRoom(n uint64) {
	if n <= uint64(cap(pq.buf)) {
		k := copy(pq.buf[:len(pq.q)], pq.q)
		clear(pq.buf[k:cap(pq.buf)])
		pq.q = pq.buf[:k]
		return
	}
	q := make([]proposal, len(pq.q), max(n, 2*uint64(cap(pq.buf)), 16))
	copy(q, pq.q)
	pq.q, pq.buf = q, q[:0]
}

// drop closes the proposal of slot.
func (pq *proposalQueue) drop(slot uint64) {
	p, ok := pq.get(slot)
	if !ok {
		return
	}
	*p = proposal{}
	pq.live--
	// Trim closed proposals at the front.
	k := 0
	for k < len(pq.q) && !pq.q[k].live {
		k++
	}
	pq.q = pq.q[k:]
	pq.base += uint64(k)
}

// dropUpTo closes every proposal of a slot up to slot.
func (pq *proposalQueue) dropUpTo(slot uint64) {
	for _, s := range pq.open() {
		if s <= slot {
			pq.drop(s)
		}
	}
}

// reset closes every proposal.
func (pq *proposalQueue) reset() {
	clear(pq.q)
	pq.q, pq.live = pq.buf, 0
}

// open returns the slots of the open proposals, in order.
func (pq *proposalQueue) open() []uint64 {
	var out []uint64
	for i := range pq.q {
		if pq.q[i].live {
			out = append(out, pq.base+1+uint64(i))
		}
	}
	return out
}
