package clocks

// A Tracer receives one event per state change of a stateful clock (Lamport and HLC). Events
// are named after the actions of the TLA+ modules (tla/LamportClock.tla, tla/HLC.tla), so a
// trace recorded from Go can be replayed against the specification.
type Tracer interface {
	Trace(TraceEvent)
}

// TraceAction names a step of a stateful clock after the action of its TLA+ module it
// implements: Lamport's steps are actions of tla/LamportClock.tla, HLC's of tla/HLC.tla.
// TestClockTraceActionsAreTLAActions (internal/tlaactions) parses both modules and the
// clocks' source and checks that every action a clock emits is an action of its module.
type TraceAction string

// The traced actions. Every one is an action of the module of the clock that emits it.
const (
	TraceTick        TraceAction = "Tick"        // Lamport: a local event
	TraceSend        TraceAction = "Send"        // Lamport: a send event
	TraceReceive     TraceAction = "Receive"     // Lamport and HLC: the receipt of a message
	TraceSendOrLocal TraceAction = "SendOrLocal" // HLC: a local or send event (Now)
)

var traceActions = [...]struct {
	action  TraceAction
	modeled bool
}{{TraceTick, true}, {TraceSend, true}, {TraceReceive, true}, {TraceSendOrLocal, true}}

// TraceActions lists every action the clocks emit, for trace consumers and validators.
func TraceActions() []TraceAction {
	out := make([]TraceAction, len(traceActions))
	for i, a := range traceActions {
		out[i] = a.action
	}
	return out
}

// Modeled reports whether a is an action of the TLA+ module of the clock that emits it. Every
// action the clocks emit is; unknown actions are not.
func (a TraceAction) Modeled() bool {
	for _, t := range traceActions {
		if t.action == a {
			return t.modeled
		}
	}
	return false
}

// TraceEvent describes one action taken by a clock.
type TraceEvent struct {
	// Action is the TLA+ action: Tick, Send, Receive (Lamport), SendOrLocal, Receive (HLC).
	Action TraceAction
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
