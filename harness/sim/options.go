package sim

import (
	"fmt"
	"io"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Options are the protocol-independent knobs of a cluster.
type Options struct {
	Nodes          int
	Seed           uint64
	Mutation       string
	Tick           time.Duration // simulated length of a tick; default 100ms
	ElectionTicks  int           // default 10
	HeartbeatTicks int           // default 1
	Clients        int           // default 3
	Keys           int           // distinct keys clients use; default 3
	Faults         *Faults       // nil: drawn from the seed (swarm testing)
	Log            io.Writer     // receives the event log; nil: only hashed
	Trace          io.Writer     // receives the NDJSON trace (see TraceDescriber); nil: not written
	// TraceEvents, if set, receives the trace's lines as the TLA+ records they decode to, in
	// order, header first: what a validator in the same process reads, without writing and
	// reading back the text (Trace may be set too: it gets the same lines as JSON).
	TraceEvents func(*value.Record)
	// SessionTrace receives the NDJSON trace of the nodes' session tables, which
	// tla/TraceSession.tla reads (see sessiontrace.go); nil: not written. SessionTraceEvents,
	// if set, receives its lines as TLA+ records, as TraceEvents does the protocol's.
	SessionTrace       io.Writer
	SessionTraceEvents func(*value.Record)
	MaxSteps           int // stop after this many events; 0: no limit
	// OnSend, if set, sees every message a node sends (scenario tests count them).
	OnSend func(Envelope)
}

func (o *Options) setDefaults() error {
	if o.Nodes < 1 || o.Nodes > 9 {
		return fmt.Errorf("nodes must be between 1 and 9, got %d", o.Nodes)
	}
	if o.Tick == 0 {
		o.Tick = 100 * time.Millisecond
	}
	if o.Tick < 0 {
		return fmt.Errorf("tick must be positive, got %v", o.Tick)
	}
	if o.ElectionTicks == 0 {
		o.ElectionTicks = 10
	}
	if o.HeartbeatTicks == 0 {
		o.HeartbeatTicks = 1
	}
	if o.HeartbeatTicks < 0 || o.ElectionTicks <= o.HeartbeatTicks {
		return fmt.Errorf("need 0 < heartbeat ticks (%d) < election ticks (%d)", o.HeartbeatTicks, o.ElectionTicks)
	}
	if o.Clients == 0 {
		o.Clients = 3
	}
	if o.Clients < 0 || o.Clients > 64 {
		return fmt.Errorf("clients must be between 1 and 64, got %d", o.Clients)
	}
	if o.Keys == 0 {
		o.Keys = 3
	}
	if o.Keys < 0 || o.Keys > 26 {
		return fmt.Errorf("keys must be between 1 and 26, got %d", o.Keys)
	}
	if o.MaxSteps < 0 {
		return fmt.Errorf("max steps must not be negative, got %d", o.MaxSteps)
	}
	return nil
}

// electionTimeout is the simulated length of an election timeout.
func (o *Options) electionTimeout() time.Duration { return time.Duration(o.ElectionTicks) * o.Tick }
