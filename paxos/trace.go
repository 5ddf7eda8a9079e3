package paxos

// A Tracer receives one Event for every protocol step a core takes. Action names match the
// actions of tla/Paxos.tla and tla/MultiPaxos.tla, so a recorded trace can be checked against
// the specification step by step. Tracers must not call back into the core.
type Tracer interface {
	Trace(Event)
}

// Actions reported to a Tracer. Each names the TLA+ action the step implements.
const (
	ActionPhase1a      = "Phase1a"      // a proposer starts a ballot (sends prepare)
	ActionPhase1b      = "Phase1b"      // an acceptor promises a ballot
	ActionBecomeLeader = "BecomeLeader" // a proposer collected a phase-1 quorum
	ActionPhase2a      = "Phase2a"      // a proposer asks acceptors to accept a value for a slot
	ActionPhase2b      = "Phase2b"      // an acceptor accepts (votes for) a value
	ActionLearn        = "Learn"        // a learner learns that a value was chosen for a slot
	ActionCatchUp      = "CatchUp"      // a learner learns a chosen value from a decision message
	ActionPreempted    = "Preempted"    // a proposer saw a higher ballot and stopped
	ActionReject       = "Reject"       // an acceptor refused a message below its promise
	ActionTimeout      = "Timeout"      // failure detector suspected the leader
	ActionRestart      = "Restart"      // the core was rebuilt from persisted state
)

// Event is one step of a core, for tracing. Fields that do not apply to an action are zero.
type Event struct {
	Action string // one of the Action* constants
	Node   NodeID // the node taking the step
	Peer   NodeID // the other party (sender of the message handled, or destination), if any
	Ballot Ballot // the ballot involved
	Slot   uint64 // the slot involved (0 for Synod and for whole-ballot actions)
	Noop   bool   // the value is a no-op (gap filler)
	Data   []byte // the value, when one is involved; do not modify
}

// TracerFunc adapts a function to the Tracer interface.
type TracerFunc func(Event)

// Trace calls f(ev).
func (f TracerFunc) Trace(ev Event) { f(ev) }

type nopTracer struct{}

func (nopTracer) Trace(Event) {}
