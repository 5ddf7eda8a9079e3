package session

import "slices"

// TraceAction names a step of the table after the action of tla/Session.tla it implements, so
// that a recorded trace can be validated against the specification (tla/TraceSession.tla).
type TraceAction string

// The table takes one action of tla/Session.tla: a replica applies its next log entry
// (ApplyEntry), a register entry (Register) or a request (Apply). Session.tla's other replica
// actions, Restart, TakeSnapshot and Restore, are the state machine's: whoever restarts a
// replica, snapshots its table (MarshalBinary) or installs a snapshot (UnmarshalBinary) traces
// them under those names.
const (
	TraceApplyEntry TraceAction = "ApplyEntry"
)

// The outcomes of an ApplyEntry, as tla/Session.tla's Outcome names them.
const (
	OutcomeRegistered     = "Registered"     // a register entry opened a session
	OutcomeRan            = "Ran"            // the request ran
	OutcomeDuplicate      = "Duplicate"      // the request ran before: its cached response returned
	OutcomeUnknownSession = "UnknownSession" // refused: ErrUnknownSession
	OutcomeDiscarded      = "Discarded"      // refused: ErrResponseDiscarded
)

// TraceEvent is one applied entry and the table's state right after it: what tla/Session.tla's
// ApplyEntry reads of the entry (register or request, session, number, acknowledgement, log
// time), what it decided (Outcome, Response) and what it observes of the table (its log time and
// its open sessions).
type TraceEvent struct {
	Action TraceAction
	// Register is true for a register entry (Table.Register); Request.Session is then the new
	// session's ID and Request.Time the entry's log time.
	Register bool
	Request  Request
	Outcome  string
	// Response is what Apply returned (nil for a register or a refusal); valid only until
	// Config.Trace returns.
	Response []byte
	// Now is the table's log time after the step.
	Now uint64
	// Sessions are the open sessions after the step, ascending; valid only until Config.Trace
	// returns.
	Sessions []uint64
}

// trace hands Config.Trace the event of the step just taken.
func (t *Table) trace(register bool, req Request, outcome string, resp []byte) {
	if t.cfg.Trace == nil {
		return
	}
	t.traceIDs = t.traceIDs[:0]
	for id := range t.sessions {
		t.traceIDs = append(t.traceIDs, id)
	}
	slices.Sort(t.traceIDs)
	t.cfg.Trace(TraceEvent{Action: TraceApplyEntry, Register: register, Request: req, Outcome: outcome,
		Response: resp, Now: t.now, Sessions: t.traceIDs})
}
