package sim

import (
	"strconv"
	"time"
)

// send puts a message on the network. Drop, duplication and reordering are decided here; whether
// the link is up is decided at delivery, so that messages in flight when a partition starts are
// lost with it.
func (c *Cluster) send(m Envelope) {
	if m.To < 1 || m.To > c.n || m.To == m.From {
		c.logMsg("misaddressed", m)
		return
	}
	if c.opts.OnSend != nil {
		c.opts.OnSend(m)
	}
	f := &c.faults
	if f.Drop > 0 && c.rng.Float64() < f.Drop {
		c.logMsg("drop", m)
		return
	}
	d := f.delay(c.rng)
	if f.Reorder > 0 && c.rng.Float64() < f.Reorder {
		// Hold the message back long enough that the next few on the link overtake it.
		d += time.Duration(c.rng.Int64N(int64(5*f.Jitter+f.BaseDelay) + 1))
	}
	c.agenda.push(event{at: c.now + d, kind: evDeliver, env: m})
	if f.Duplicate > 0 && c.rng.Float64() < f.Duplicate {
		c.logMsg("duplicate", m)
		c.agenda.push(event{at: c.now + f.delay(c.rng), kind: evDeliver, env: m})
	}
}

// deliver hands a message to its destination if the link is up and the node is alive.
func (c *Cluster) deliver(m Envelope) {
	s := c.slots[m.To]
	switch {
	case c.links.Blocked(m.From, m.To):
		c.logMsg("lost-partition", m)
		return
	case s.node == nil:
		c.logMsg("lost-down", m)
		return
	case s.paused:
		c.logMsg("held", m)
		s.held = append(s.held, m)
		return
	}
	c.logMsg("deliver", m)
	c.remember(m)
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

// remember keeps recently delivered messages so that a replay fault can deliver one again later,
// as a network that retransmits or a middlebox that replays would.
func (c *Cluster) remember(m Envelope) {
	if c.faults.Replay == 0 {
		return
	}
	if len(c.recent) < cap(c.recent) {
		c.recent = append(c.recent, m)
		return
	}
	c.recent[c.recentPos] = m
	c.recentPos = (c.recentPos + 1) % len(c.recent)
}

func (c *Cluster) logMsg(what string, m Envelope) {
	b := c.log.begin(c.now)
	b = append(b, what...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(m.From), 10)
	b = append(b, "->"...)
	b = strconv.AppendInt(b, int64(m.To), 10)
	b = append(b, ' ')
	b = c.proto.AppendMessage(b, m.Payload)
	c.log.end(b)
}
