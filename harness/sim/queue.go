package sim

import "time"

type eventKind uint8

const (
	evTick eventKind = iota
	evDeliver
	evClient
	evPartition
	evHealLinks
	evCrash
	evRestart
	evPause
	evResume
	evReplay
	evScripted // a step of RunOptions.Script; gen is its index
	evOperate  // an operation of the protocol's Operator
)

// event is one entry of the simulator's agenda. Events at the same instant run in the order they
// were scheduled (seq), which is what makes a run a pure function of its seed.
type event struct {
	at   time.Duration
	seq  uint64
	kind eventKind
	node int // the node or client the event concerns
	gen  int // the node incarnation a tick belongs to; stale ticks are discarded
	env  Envelope
}

// agenda is a binary min-heap of events by (at, seq). It is hand-written rather than built on
// container/heap so that pushing an event does not box it in an interface.
type agenda struct {
	items []event
	seq   uint64
}

func (a *agenda) Len() int { return len(a.items) }

func (a *agenda) less(i, j int) bool {
	x, y := &a.items[i], &a.items[j]
	if x.at != y.at {
		return x.at < y.at
	}
	return x.seq < y.seq
}

func (a *agenda) push(e event) {
	a.seq++
	e.seq = a.seq
	a.items = append(a.items, e)
	i := len(a.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !a.less(i, p) {
			break
		}
		a.items[i], a.items[p] = a.items[p], a.items[i]
		i = p
	}
}

func (a *agenda) pop() event {
	top := a.items[0]
	last := len(a.items) - 1
	a.items[0] = a.items[last]
	a.items[last] = event{}
	a.items = a.items[:last]
	a.down(0)
	return top
}

func (a *agenda) down(i int) {
	n := len(a.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && a.less(r, l) {
			m = r
		}
		if !a.less(m, i) {
			return
		}
		a.items[i], a.items[m] = a.items[m], a.items[i]
		i = m
	}
}

// removeAt deletes the i-th item (in heap order) and restores the heap.
func (a *agenda) removeAt(i int) event {
	e := a.items[i]
	last := len(a.items) - 1
	if i != last {
		a.items[i] = a.items[last]
	}
	a.items[last] = event{}
	a.items = a.items[:last]
	if i < last {
		a.down(i)
		a.up(i)
	}
	return e
}

func (a *agenda) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !a.less(i, p) {
			break
		}
		a.items[i], a.items[p] = a.items[p], a.items[i]
		i = p
	}
}

// peekTime is the time of the earliest event.
func (a *agenda) peekTime() time.Duration { return a.items[0].at }
