package sim

import (
	"strconv"
	"time"
)

// network is the simulated network between the nodes: which links are up, how messages are lost,
// duplicated, delayed and reordered, and the recently delivered messages a replay fault may
// deliver again. It decides a message's fate when it is sent; whether its link is up is decided
// when it arrives (see Cluster.deliver), so that messages in flight when a partition starts are
// lost with it.
type network struct {
	w      *world
	proto  Protocol // describes messages for the event log
	n      int
	links  Links
	gen    int // bumped by every change of links; stale heal events are ignored
	faults Faults
	onSend func(Envelope)

	recent    []Envelope // the last ReplayWindow delivered messages, for replay faults
	recentPos int        // where the next one goes once recent is full

	counts *FaultCounts // the run's tally of applied faults
}

func newNetwork(w *world, proto Protocol, n int, onSend func(Envelope), counts *FaultCounts) *network {
	return &network{w: w, proto: proto, n: n, links: NewLinks(n), onSend: onSend, recent: make([]Envelope, 0, ReplayWindow), counts: counts}
}

// send puts a message on the network. Drop, duplication and reordering are decided here.
func (nw *network) send(m Envelope) {
	if m.To < 1 || m.To > nw.n || m.To == m.From {
		nw.logMsg("misaddressed", m)
		return
	}
	if nw.onSend != nil {
		nw.onSend(m)
	}
	f, rng := &nw.faults, nw.w.rng
	if f.Drop > 0 && rng.Float64() < f.Drop {
		nw.counts.Dropped++
		nw.logMsg("drop", m)
		nw.w.trace.network("DropMessage", m)
		return
	}
	d := f.delay(rng)
	if f.Reorder > 0 && rng.Float64() < f.Reorder {
		// Hold the message back long enough that the next few on the link overtake it.
		nw.counts.Reordered++
		d += time.Duration(rng.Int64N(int64(f.holdBack()) + 1))
	}
	nw.w.schedule(d, event{kind: evDeliver, env: m})
	if f.Duplicate > 0 && rng.Float64() < f.Duplicate {
		nw.counts.Duplicated++
		nw.logMsg("duplicate", m)
		nw.w.trace.network("DuplicateMessage", m)
		nw.w.schedule(f.delay(rng), event{kind: evDeliver, env: m})
	}
}

// cut installs new connectivity, invalidating pending heals of the previous partition.
func (nw *network) cut(l Links) {
	nw.gen++
	nw.links = l
	nw.w.logf("links %s", l)
}

// remember keeps recently delivered messages so that a replay fault can deliver one again later,
// as a network that retransmits or a middlebox that replays would.
func (nw *network) remember(m Envelope) {
	if len(nw.recent) < cap(nw.recent) {
		nw.w.trace.remembered(len(nw.recent))
		nw.recent = append(nw.recent, m)
		return
	}
	nw.w.trace.remembered(nw.recentPos)
	nw.recent[nw.recentPos] = m
	nw.recentPos = (nw.recentPos + 1) % len(nw.recent)
}

// newest is the position in recent of the message delivered last.
func (nw *network) newest() int {
	if len(nw.recent) < cap(nw.recent) {
		return len(nw.recent) - 1
	}
	return (nw.recentPos - 1 + len(nw.recent)) % len(nw.recent)
}

// age is how many deliveries ago the message at position pos of recent was delivered.
func (nw *network) age(pos int) int { return (nw.newest() - pos + len(nw.recent)) % len(nw.recent) }

// delivered returns the message delivered age deliveries ago, if it is remembered.
func (nw *network) delivered(age int) (Envelope, bool) {
	pos, ok := nw.position(age)
	if !ok {
		return Envelope{}, false
	}
	return nw.recent[pos], true
}

// position is where in recent the message delivered age deliveries ago is kept.
func (nw *network) position(age int) (int, bool) {
	if age < 0 || age >= len(nw.recent) {
		return 0, false
	}
	return (nw.newest() - age + len(nw.recent)) % len(nw.recent), true
}

func (nw *network) logMsg(what string, m Envelope) {
	b := nw.w.log.begin(nw.w.now)
	b = append(b, what...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(m.From), 10)
	b = append(b, "->"...)
	b = strconv.AppendInt(b, int64(m.To), 10)
	b = append(b, ' ')
	b = nw.proto.AppendMessage(b, m.Payload)
	nw.w.log.end(b)
}

// deliver hands a message to its destination if the link is up and the node is alive.
func (c *Cluster) deliver(m Envelope) {
	s := c.nodes.get(m.To)
	switch {
	case c.net.links.Blocked(m.From, m.To):
		c.net.logMsg("lost-partition", m)
		c.trace.network("DropMessage", m)
		return
	case s.node == nil:
		c.net.logMsg("lost-down", m)
		c.trace.network("DropMessage", m)
		return
	case s.paused:
		c.net.logMsg("held", m)
		s.held = append(s.held, m)
		return
	}
	c.net.logMsg("deliver", m)
	c.net.remember(m)
	if err := s.node.Step(m.From, m.Payload); err != nil {
		// A node rejecting a message is legitimate (stale, malformed); record it and go on.
		b := c.log.begin(c.now)
		b = append(b, "reject n"...)
		b = strconv.AppendInt(b, int64(m.To), 10)
		b = append(b, ": "...)
		b = append(b, err.Error()...)
		c.log.end(b)
	}
	c.drain(s)
}
