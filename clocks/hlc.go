package clocks

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// PhysicalClock returns the current physical time in the unit the HLC works in. It may jump
// backwards (an NTP step); the HLC stays monotonic regardless.
type PhysicalClock func() uint64

// SystemMillis is a PhysicalClock reading the system clock in milliseconds since the Unix
// epoch, which fits the 48-bit packed form until the year 10889.
func SystemMillis() uint64 { return uint64(time.Now().UnixMilli()) }

// HLC is a hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014) for
// one process. Its timestamps respect causality like a Lamport clock (e hb f implies
// ts(e) < ts(f)) while Wall stays within the clock-synchronisation bound of physical time. An
// HLC is not safe for concurrent use.
type HLC struct {
	physical PhysicalClock
	last     Timestamp
	tracer   Tracer
}

// NewHLC returns a clock reading physical time from physical, starting at the zero timestamp.
// tracer may be nil.
func NewHLC(physical PhysicalClock, tracer Tracer) (*HLC, error) {
	if physical == nil {
		return nil, errors.New("clocks: NewHLC needs a physical clock")
	}
	return &HLC{physical: physical, tracer: tracer}, nil
}

// Last returns the most recent timestamp the clock issued or absorbed.
func (h *HLC) Last() Timestamp { return h.last }

// Now returns a timestamp for a local or send event (TLA+ action SendOrLocal):
//
//	l' = max(l, pt); c' = c + 1 if l' = l, else 0
//
// When c is already at its maximum the clock carries into Wall instead, so timestamps stay
// strictly increasing (HLC-11).
//
// Implements HLC-1, HLC-4.
func (h *HLC) Now() Timestamp {
	pt := h.physical()
	if pt > h.last.Wall {
		h.last = Timestamp{Wall: pt}
	} else {
		h.last = h.bump(h.last)
	}
	if h.tracer != nil {
		h.trace("SendOrLocal", Timestamp{}, pt)
	}
	return h.last
}

// Update absorbs a remote timestamp carried by a received message and returns the timestamp of
// the receive event (TLA+ action Receive):
//
//	l' = max(l, l_m, pt)
//	c' = max(c, c_m) + 1 if l' = l = l_m; c + 1 if l' = l; c_m + 1 if l' = l_m; else 0
//
// Update trusts remote; UpdateChecked rejects timestamps too far ahead of physical time.
//
// Implements HLC-2, HLC-4.
func (h *HLC) Update(remote Timestamp) Timestamp {
	return h.update(remote, h.physical())
}

// ClockOffsetError is returned by UpdateChecked for a remote timestamp whose Wall is more than
// MaxOffset ahead of the local physical clock.
type ClockOffsetError struct {
	Remote    Timestamp
	Physical  uint64 // the local physical time when the message arrived
	MaxOffset uint64
}

func (e *ClockOffsetError) Error() string {
	return fmt.Sprintf("clocks: remote HLC timestamp %v is %d ahead of local physical time %d, more than the maximum offset %d",
		e.Remote, e.Remote.Wall-e.Physical, e.Physical, e.MaxOffset)
}

// UpdateChecked is Update for untrusted input: a remote Wall more than maxOffset ahead of the
// local physical clock is rejected with a *ClockOffsetError and the clock is left unchanged, so
// one faulty or malicious peer cannot drag every clock into the future.
//
// Implements HLC-3.
func (h *HLC) UpdateChecked(remote Timestamp, maxOffset uint64) (Timestamp, error) {
	pt := h.physical()
	if remote.Wall > pt && remote.Wall-pt > maxOffset {
		return h.last, &ClockOffsetError{Remote: remote, Physical: pt, MaxOffset: maxOffset}
	}
	return h.update(remote, pt), nil
}

func (h *HLC) update(remote Timestamp, pt uint64) Timestamp {
	local := h.last
	wall := max(local.Wall, remote.Wall, pt)
	switch {
	case wall == local.Wall && wall == remote.Wall:
		h.last = h.bump(Timestamp{Wall: wall, Logical: max(local.Logical, remote.Logical)})
	case wall == local.Wall:
		h.last = h.bump(local)
	case wall == remote.Wall:
		h.last = h.bump(remote)
	default:
		h.last = Timestamp{Wall: wall}
	}
	if h.tracer != nil {
		h.trace("Receive", remote, pt)
	}
	return h.last
}

// bump returns the successor of t. At the very largest timestamp, which no physical clock
// reaches, it stays put rather than wrap around.
//
// Implements HLC-11.
func (h *HLC) bump(t Timestamp) Timestamp {
	if t.Logical < math.MaxUint16 {
		t.Logical++
		return t
	}
	next, _ := t.Next()
	return next
}

func (h *HLC) trace(action string, remote Timestamp, pt uint64) {
	h.tracer.Trace(TraceEvent{
		Action: action, Wall: h.last.Wall, Logical: h.last.Logical,
		RemoteWall: remote.Wall, RemoteLogical: remote.Logical, Physical: pt,
	})
}
