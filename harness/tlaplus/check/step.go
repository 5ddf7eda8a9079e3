package check

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// A Stepper generates states the way the model checker does (TLC's getInitStates and
// getNextStates: disjunctions and \E split, x' = e and x' \in S assign, UNCHANGED keeps, every
// other conjunct is a guard), for a caller that runs its own search: trace validation
// (harness/tlaplus/trace) advances a set of states one logged event at a time. It checks no
// invariant and keeps no state graph. A Stepper is for one goroutine.
type Stepper struct {
	m *tlaModel
	w *tlaWorker
}

// NewStepper loads the specification in path (or src, if not nil, named path) with the
// configuration's constants and its INIT and NEXT (or SPECIFICATION), as Check does. base supplies
// the other load options: embedded modules (Modules), the environment IOEnv reports (Env).
func NewStepper(path string, src []byte, conf *cfg.Config, base eval.Options) (*Stepper, error) {
	m, err := loadModelWith(path, src, conf, base)
	if err != nil {
		return nil, err
	}
	return &Stepper{m: m, w: m.worker().(*tlaWorker)}, nil
}

// Spec is the loaded specification.
func (s *Stepper) Spec() *eval.Spec { return s.m.spec }

// Vars names the variables, in the order of a State.
func (s *Stepper) Vars() []string { return s.m.names }

// SetPrint sends the output of Print and PrintT to fn (discarded by default).
func (s *Stepper) SetPrint(fn func(line string)) {
	s.m.print = fn
	s.w.ctx.Print, s.w.en.ctx.Print = fn, fn
}

// TrackDefinitions makes the successors report the definitions their steps went through
// (Definitions); it costs a little on every expansion, so it is off by default.
func (s *Stepper) TrackDefinitions(on bool) {
	s.w.en.trackDefs = on
	s.w.en.defs = s.w.en.defs[:0]
}

// OneWitness makes Next and Successors generate a successor once rather than once per witness
// of a quantified state predicate inside the action: a state-level \E or \A in an action
// (Paxos.tla's Preempted(b) == \E m \in msgs : m.bal > b /\ UNCHANGED vars) is evaluated as a
// guard, where TLC, and the model checker with it, counts one successor per witness. The set of distinct successors is the same; only duplicates are left out, so a
// caller that keeps a set of states (trace validation) does less work. It is off by default,
// and has no effect while definitions are tracked (TrackDefinitions).
func (s *Stepper) OneWitness(on bool) { s.w.en.oneWitness = on }

// Definitions names, while Next or Successors calls its emit with tracking on
// (TrackDefinitions), the definitions whose bodies the enumeration expanded on the way to the
// successor, outermost first, each as often as it was entered (an action such as
// HandleAppendEntriesRequest, the definitions around it): the step satisfies every one. The
// slice is valid only during emit.
func (s *Stepper) Definitions() []string { return s.w.en.defs }

// SetLevel sets what TLCGet("level") answers while the successors of a state are generated.
func (s *Stepper) SetLevel(level int) { s.w.setLevel(level) }

// Initial calls emit for every state the initial predicate allows, duplicates included.
func (s *Stepper) Initial(emit func(State) error) error { return s.w.initial(emit) }

// Next calls emit for every successor of cur under the next-state action, duplicates included.
func (s *Stepper) Next(cur State, emit func(State) error) error {
	return s.w.next(cur, func(t State, _ int) error { return emit(t) })
}

// Successors calls emit for every successor of cur that the action x, written in scope sc (nil
// for the root module's top level), allows: every variable must be assigned, as in Next.
func (s *Stepper) Successors(cur State, x ast.Expr, sc *eval.Scope, emit func(State) error) error {
	if sc == nil {
		sc = s.m.root
	}
	return s.w.successors(cur, namedExpr{name: "action", x: x, sc: sc}, func(t State, _ int) error { return emit(t) })
}

// Eval evaluates x in scope sc (nil for the root) on the step cur -> next (next nil for a state
// expression).
func (s *Stepper) Eval(x ast.Expr, sc *eval.Scope, cur, next State) (value.Value, error) {
	if sc == nil {
		sc = s.m.root
	}
	ctx := s.w.ctx
	ctx.State, ctx.Next = cur, next
	return evalOnce(s.m.spec, x, sc, &ctx)
}

// Fingerprint identifies st, as the model checker's state set does (up to VIEW and SYMMETRY
// when the configuration names them).
func (s *Stepper) Fingerprint(st State) (uint64, error) { return s.w.fingerprint(st) }

// Invariant returns the name of the first INVARIANT of the configuration that st violates, or "".
func (s *Stepper) Invariant(st State) (string, error) { return s.w.invariant(st) }
