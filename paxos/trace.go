package paxos

// TraceAction names a step of a core after the TLA+ action it implements, so that a recorded
// trace can be validated against the specification: Synod's steps are actions of
// tla/Paxos.tla, Node's of tla/MultiPaxos.tla. TestTraceActionsAreTLAActions in
// harness/sim/paxossim parses both modules and the cores' source and checks that every action
// a core emits is an action of its module, and that every action of a module is emitted.
type TraceAction string

// The traced actions. Every one is an action of the TLA+ module of the core that emits it
// (see TraceAction.Modeled); the comment says which core emits it and what the step is.
const (
	TracePhase1a         TraceAction = "Phase1a"         // both: a proposer starts a ballot (sends Prepare)
	TracePhase1b         TraceAction = "Phase1b"         // both: an acceptor promises a ballot (sends Promise)
	TraceBecomeLeader    TraceAction = "BecomeLeader"    // Node: a candidate has a phase-1 quorum; Entries are the values it proposes again for the recovered slots
	TracePhase2a         TraceAction = "Phase2a"         // both: a proposer asks acceptors to accept a value (Node: a new command in a fresh slot)
	TracePhase2b         TraceAction = "Phase2b"         // both: an acceptor accepts (votes for) a value (Node: the values of a run of slots Slot..Last, in Entries)
	TraceLearn           TraceAction = "Learn"           // both: a learner learns a chosen value (Node: those of a run of slots Slot..Last, in Entries, from votes or a commit notice; Synod: from votes or its decision message)
	TraceCatchUp         TraceAction = "CatchUp"         // Node: a learner learns a chosen value from another process's decision message
	TraceSubmit          TraceAction = "Submit"          // Node: the leader accepted a client command (Propose)
	TraceReject          TraceAction = "Reject"          // both: an acceptor refused a message below its promise (sends Reject)
	TracePreempted       TraceAction = "Preempted"       // both: a proposer saw a higher ballot and gave its own up
	TraceTimeout         TraceAction = "Timeout"         // both: a timer fired (Node: the leader is suspected; Synod: the ballot is retried)
	TraceRestart         TraceAction = "Restart"         // both: the core was rebuilt from persisted state
	TraceCompact         TraceAction = "Compact"         // Node: the acceptor dropped its votes for the decided slots up to Slot
	TraceInstallSnapshot TraceAction = "InstallSnapshot" // Node: a learner caught up to Slot from another process's snapshot
)

var traceActions = [...]struct {
	action  TraceAction
	modeled bool
}{
	{TracePhase1a, true}, {TracePhase1b, true}, {TraceBecomeLeader, true}, {TracePhase2a, true},
	{TracePhase2b, true}, {TraceLearn, true}, {TraceCatchUp, true}, {TraceSubmit, true},
	{TraceReject, true}, {TracePreempted, true}, {TraceTimeout, true}, {TraceRestart, true},
	{TraceCompact, true}, {TraceInstallSnapshot, true},
}

// TraceActions lists every action the cores emit, for trace consumers and validators.
func TraceActions() []TraceAction {
	out := make([]TraceAction, len(traceActions))
	for i, a := range traceActions {
		out[i] = a.action
	}
	return out
}

// Modeled reports whether a is an action of the TLA+ module of the core that emits it. Every
// action the paxos cores emit is; unknown actions are not.
func (a TraceAction) Modeled() bool {
	for _, t := range traceActions {
		if t.action == a {
			return t.modeled
		}
	}
	return false
}

// TraceEvent is one step of a core: the action, its parameters, and the core's durable state
// right after it. Fields that do not apply to an action are zero.
type TraceEvent struct {
	Action TraceAction
	Node   NodeID // the process taking the step
	Peer   NodeID // the other party (sender of the message handled, or the ballot's rival), if any
	Ballot Ballot // the ballot the step acts in (Reject: the refused ballot)
	Slot   uint64 // the slot involved (0 for Synod and for whole-ballot actions)
	// Last, for Node's Phase2b and Learn, is the last slot of the run Slot..Last the step
	// votes in or learns, one step for the whole run (MPAXOS-14); 0 otherwise.
	Last uint64
	Noop bool   // the value is a no-op (gap filler)
	Data []byte // the value, when one is involved; do not modify or retain
	// Entries, for BecomeLeader, are the (slot, value) pairs the new leader proposes again in
	// its ballot: the highest-ballot value reported for each slot, or a no-op. For Node's
	// Phase2b and Learn, they are the values voted for or learned, one per slot of the run
	// Slot..Last, in order. Do not modify or retain.
	Entries []Entry

	// Promised is the acceptor's promise after the step (TLA+ maxBal).
	Promised Ballot
	// Commit is the decided prefix after the step (Node only).
	Commit uint64

	// Message is the message whose handling took the step, if any. Do not retain.
	Message *Message
	// Sent are the messages the core sent after this step and before its next one within
	// the same input (Step, Tick, Propose, ...): the step's own messages, and those of steps
	// no TLA+ action models (catch-up requests and answers, heartbeats). Do not retain.
	Sent []Message
}

// A Tracer receives one TraceEvent for every protocol step a core takes. Tracers must not call
// back into the core.
type Tracer interface {
	Trace(TraceEvent)
}

// TracerFunc adapts a function to the Tracer interface.
type TracerFunc func(TraceEvent)

// Trace calls f(ev).
func (f TracerFunc) Trace(ev TraceEvent) { f(ev) }

// tracing holds a core's last event until the messages it sends are known: an event is
// handed to the Tracer when the next one is taken, or when the input that took it ends.
// Without a Tracer it does nothing and costs nothing.
type tracing struct {
	tracer  Tracer
	pending TraceEvent
	held    bool
	mark    int      // len(Ready.Messages) when the pending event was taken
	in      *Message // the message being handled
	msg     Message  // Node's copy of the message being handled, which in points to
	run     []Entry  // Node: the run of slots learned since the last Learn event (learnedRun)
}

// take flushes the held event, with the messages sent since it, and holds ev.
func (t *tracing) take(ev TraceEvent, sent []Message) {
	t.flush(sent)
	ev.Message = t.in
	t.pending, t.held, t.mark = ev, true, len(sent)
}

// flush hands the held event to the Tracer, with the messages sent since it was taken.
func (t *tracing) flush(sent []Message) {
	if !t.held {
		return
	}
	ev := t.pending
	t.held, t.pending = false, TraceEvent{}
	if t.mark < len(sent) {
		ev.Sent = sent[t.mark:len(sent):len(sent)]
	}
	t.tracer.Trace(ev)
}
