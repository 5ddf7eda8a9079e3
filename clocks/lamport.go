package clocks

import (
	"errors"
	"math"
)

// ErrLamportOverflow is returned when a Lamport clock cannot advance because its time, or the
// remote time it must exceed, is already the largest uint64. The clock is left unchanged.
var ErrLamportOverflow = errors.New("clocks: lamport time overflows uint64")

// Lamport is a Lamport logical clock for one process. The zero value is a clock at time 0 with
// no tracer. A Lamport clock is not safe for concurrent use.
//
// Implements LC-1.
type Lamport struct {
	time   uint64
	tracer Tracer
}

// NewLamport returns a clock at time 0 that reports its actions to tracer (nil for none).
func NewLamport(tracer Tracer) *Lamport {
	return &Lamport{tracer: tracer}
}

// Time returns the clock's current time without advancing it.
func (c *Lamport) Time() uint64 { return c.time }

// Tick records a local event and returns its timestamp (TLA+ action Tick).
//
// Implements LC-2, LC-6.
func (c *Lamport) Tick() (uint64, error) {
	return c.advance(TraceTick, c.time, 0)
}

// Send records a send event and returns the timestamp to attach to the message (TLA+ action
// Send).
//
// Implements LC-3, LC-6.
func (c *Lamport) Send() (uint64, error) {
	return c.advance(TraceSend, c.time, 0)
}

// Receive records the receipt of a message stamped remote: the clock becomes
// max(local, remote) + 1 (TLA+ action Receive).
//
// Implements LC-4, LC-6.
func (c *Lamport) Receive(remote uint64) (uint64, error) {
	return c.advance(TraceReceive, max(c.time, remote), remote)
}

func (c *Lamport) advance(action TraceAction, base, remote uint64) (uint64, error) {
	if base == math.MaxUint64 {
		return 0, ErrLamportOverflow
	}
	c.time = base + 1
	if c.tracer != nil {
		c.tracer.Trace(TraceEvent{Action: action, Wall: c.time, RemoteWall: remote})
	}
	return c.time, nil
}

// LamportStamp is a Lamport time tagged with the process that produced it. Ordering stamps by
// (Time, Process) gives the total order of Lamport's paper: consistent with happened-before,
// though two ordered stamps may still be concurrent.
type LamportStamp struct {
	Time    uint64
	Process string
}

// Compare returns -1, 0 or +1 as s sorts before, equal to or after t in the total order: by
// Time, then by Process as a tie-breaker.
//
// Implements LC-5.
func (s LamportStamp) Compare(t LamportStamp) int {
	switch {
	case s.Time < t.Time:
		return -1
	case s.Time > t.Time:
		return 1
	case s.Process < t.Process:
		return -1
	case s.Process > t.Process:
		return 1
	}
	return 0
}
