package clocks

// A Tracer receives one event per state change of a stateful clock (Lamport and HLC). Events
// are named after the actions of the TLA+ modules (tla/LamportClock.tla, tla/HLC.tla), so a
// trace recorded from Go can be replayed against the specification.
type Tracer interface {
	Trace(TraceEvent)
}

// TraceEvent describes one action taken by a clock.
type TraceEvent struct {
	// Action is the TLA+ action: "Tick", "Send", "Receive" (Lamport), "SendOrLocal", "Receive"
	// (HLC).
	Action string
	// Wall and Logical are the clock's reading after the action. A Lamport clock reports its
	// time in Wall and leaves Logical zero.
	Wall    uint64
	Logical uint16
	// RemoteWall and RemoteLogical are the timestamp received, for Receive actions.
	RemoteWall    uint64
	RemoteLogical uint16
	// Physical is the physical clock reading the HLC used (zero for Lamport clocks).
	Physical uint64
}

// TracerFunc adapts a function to the Tracer interface.
type TracerFunc func(TraceEvent)

// Trace calls f(e).
func (f TracerFunc) Trace(e TraceEvent) { f(e) }
