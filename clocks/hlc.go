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
// strictly increasing (HLC-11). At the largest timestamp, which has no successor, Now fails
// with a *TimestampOverflowError and leaves the clock unchanged: returning the same timestamp
// again would break HLC-4.
//
// Implements HLC-1, HLC-4, HLC-11.
func (h *HLC) Now() (Timestamp, error) {
	pt := h.physical()
	next := Timestamp{Wall: pt}
	if pt <= h.last.Wall {
		var ok bool
		if next, ok = h.last.Next(); !ok {
			return h.last, &TimestampOverflowError{Last: h.last, Physical: pt}
		}
	}
	h.last = next
	if h.tracer != nil {
		h.trace(TraceSendOrLocal, Timestamp{}, pt)
	}
	return h.last, nil
}

// Update absorbs a remote timestamp carried by a received message and returns the timestamp of
// the receive event (TLA+ action Receive):
//
//	l' = max(l, l_m, pt)
//	c' = max(c, c_m) + 1 if l' = l = l_m; c + 1 if l' = l; c_m + 1 if l' = l_m; else 0
//
// When the result would need a timestamp above the largest one, Update fails with a
// *TimestampOverflowError and leaves the clock unchanged. Update trusts remote; UpdateChecked
// rejects timestamps too far ahead of physical time.
//
// Implements HLC-2, HLC-4, HLC-11.
func (h *HLC) Update(remote Timestamp) (Timestamp, error) {
	return h.update(remote, h.physical())
}

// ErrHLCOverflow is what a TimestampOverflowError matches with errors.Is.
var ErrHLCOverflow = errors.New("clocks: HLC timestamp has no successor")

// TimestampOverflowError is returned by Now, Update and UpdateChecked when the event would
// need a timestamp above the largest one, (2^64-1, 2^16-1). No physical clock gets there: only
// an Update with a remote timestamp at (or one step below) the top does, which is why
// UpdateChecked exists. The clock is left unchanged.
//
// Implements HLC-11.
type TimestampOverflowError struct {
	Last     Timestamp // the clock's timestamp, unchanged
	Remote   Timestamp // the remote timestamp, for Update and UpdateChecked
	Physical uint64    // the physical clock reading
}

func (e *TimestampOverflowError) Error() string {
	return fmt.Sprintf("clocks: HLC at %v cannot advance (remote %v, physical %d): no timestamp above the largest one, %d.%d",
		e.Last, e.Remote, e.Physical, uint64(math.MaxUint64), math.MaxUint16)
}

// Is makes errors.Is(err, ErrHLCOverflow) hold.
func (e *TimestampOverflowError) Is(target error) bool { return target == ErrHLCOverflow }

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
	return h.update(remote, pt)
}

func (h *HLC) update(remote Timestamp, pt uint64) (Timestamp, error) {
	local := h.last
	wall := max(local.Wall, remote.Wall, pt)
	next := Timestamp{Wall: wall}
	if wall == local.Wall || wall == remote.Wall {
		base := local
		switch {
		case wall == local.Wall && wall == remote.Wall:
			base = Timestamp{Wall: wall, Logical: max(local.Logical, remote.Logical)}
		case wall == remote.Wall:
			base = remote
		}
		var ok bool
		if next, ok = base.Next(); !ok {
			return h.last, &TimestampOverflowError{Last: h.last, Remote: remote, Physical: pt}
		}
	}
	h.last = next
	if h.tracer != nil {
		h.trace(TraceReceive, remote, pt)
	}
	return h.last, nil
}

func (h *HLC) trace(action TraceAction, remote Timestamp, pt uint64) {
	h.tracer.Trace(TraceEvent{
		Action: action, Wall: h.last.Wall, Logical: h.last.Logical,
		RemoteWall: remote.Wall, RemoteLogical: remote.Logical, Physical: pt,
	})
}
