package check

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"unsafe"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// tlaWorker evaluates a tlaModel for one goroutine.
type tlaWorker struct {
	m   *tlaModel
	ctx eval.Context
	en  enumerator
	// pending holds the invariants invariantAfter still has to evaluate.
	pending []namedExpr
	// level is the level of the state being expanded (0 while computing initial states), and
	// curLevel what TLCGet("level") answers, as TLC's TLCGetSet does: 0 in the initial
	// predicate, that level in actions and action predicates, one more for a successor's state
	// predicates.
	level, curLevel int
	// sym holds the buffers canonical builds the representative of a symmetry class in, and
	// orbit fingerprints orbits when no VIEW needs the representative.
	sym   symScratch
	orbit *orbitHasher
	// ss evaluates the worker's state predicates (invariants, constraints, properties, VIEW),
	// reset for each state.
	ss *eval.Session
	// sps evaluates the step properties (see stepProps).
	sps *eval.Session
	// enablers are enumerators for deciding ENABLED, kept between calls.
	enablers []*enumerator
	// lss evaluates the atoms of a liveness plan (livegraph.go); liveState is the state being
	// expanded while the behavior graph is recorded, numbered liveKey (see liveFrom), and
	// liveKeys counts the numbers given.
	lss               *eval.Session
	liveState         State
	liveKey, liveKeys uint64
	// expansions numbers the states next expands (see successors), expanding being the one
	// numbered last.
	expansions uint64
	expanding  State
	// composers decide action compositions A \cdot B on a step (composestep.go).
	composers []*composer
	// rand makes the random choices of RandomElement and Randomization.
	rand *randomSource
	// path leads to the state being expanded, for TLCExt!Trace (nil: no search gave one).
	path pathSource
	// stepAction is the action that produced the state being checked, in simulation (see
	// stepActioner).
	stepAction int32
	// stepsChecked holds, while a state is expanded, the fingerprints of the successors whose
	// steps the step properties already passed (see stepProperty).
	stepsChecked map[uint64]struct{}
	// oneAction and shuffle make next enumerate one random action (see randomActions).
	oneAction, shuffle bool
}

// randomActions makes next enumerate the successors of one action only, taking the actions in
// a random order until one has a successor, as TLC's simulator does; with generate (TLC's
// generate mode) the alternatives inside the action are taken in a random order too (see
// randomAction). Initial states are still generated in order, every one of them.
func (w *tlaWorker) randomActions(generate bool) { w.oneAction, w.shuffle = true, generate }

func (w *tlaWorker) setStepAction(a int32) { w.stepAction = a }

// action answers TLCGet("action") as TLC's TLCGetSet does: outside simulation TLC keeps no
// action with a state and answers its unknown action; in simulation, the action that produced
// the state the expression is evaluated in (expanding: the state expanded; checking: the state
// checked), an initial state's being the initial predicate when there is one. The record has
// TLC's fields name, location and context (RecordValue(Action, Context), TLCGetSet's
// new RecordValue(s0.getAction(), s0.getAction().con)): the context of the unknown action and of
// an initial predicate is empty (Context.Empty), as TLC's; in simulation it holds the names the
// action is bound under (Action.con: p and q of \E p \in P : A(p) with A(q) == ..., see
// actionContext).
func (w *tlaWorker) action(checking bool) value.Value {
	a := w.simulatedAction(checking)
	return withContext(w.actionNamed(a), w.m.actionContext(a))
}

// withContext is the action record a (name and location) with the context field ctx (see
// action).
func withContext(a, ctx value.Value) value.Value {
	r := a.(*value.Record)
	name, _, _ := r.Field("name")
	loc, _, _ := r.Field("location")
	return mustRecord(map[string]value.Value{"name": name, "location": loc, "context": ctx})
}

// simulatedAction is, in simulation, the number of the action that produced the state checked
// (checking) or expanded, -1 for an initial state; -2 outside simulation.
func (w *tlaWorker) simulatedAction(checking bool) int32 {
	if w.m.info.opts.Mode != Simulate {
		return -2
	}
	if checking {
		return w.stepAction
	}
	if p, ok := w.path.(interface{ lastAction() int32 }); ok {
		return p.lastAction()
	}
	return -1
}

// actionContext is the context of action a (see simulatedAction) as TLC's RecordValue(Action,
// Context) has it: for an action split out of the next-state relation, the names its \E over
// constant sets bind and the parameters of the definitions applied to constant arguments on the
// way to it, with their values (Action.con; see specWalker.bind); for an initial predicate and
// TLC's unknown action, the empty record.
func (m *tlaModel) actionContext(a int32) value.Value {
	empty, _ := value.NewRecord(nil, nil)
	if a < 0 {
		return empty
	}
	m.actMu.RLock()
	var d actionDesc
	if int(a) < len(m.actions) {
		d = m.actions[a]
	}
	m.actMu.RUnlock()
	parts := m.splitParts().actions
	if d.ord < 0 || d.ord >= len(parts) || parts[d.ord].x != d.x {
		return empty // not numbered as TLC's actions are, or not where the split has it
	}
	return contextRecord(parts[d.ord].ctx)
}

func (w *tlaWorker) actionNamed(a int32) value.Value {
	m := w.m
	if a == -2 {
		return m.unknownAction()
	}
	if a < 0 {
		if d := m.declared; d.init != nil {
			return m.actionRecord(d.init.name, m.definitionBody(*d.init))
		}
		if _, err := m.specValue(); err == nil && len(m.tlcSpec.inits) == 1 {
			return m.tlcSpec.inits[0]
		}
		return m.unknownAction()
	}
	m.actMu.RLock()
	defer m.actMu.RUnlock()
	if int(a) >= len(m.actions) {
		return m.unknownAction()
	}
	d := m.actions[a]
	name, _, _ := strings.Cut(d.name, "(")
	return m.actionRecord(name, d.x)
}

func (w *tlaWorker) setPath(p pathSource) { w.path = p }

// trace answers TLCExt!Trace as TLC's TLCExt.getTrace does: the states, as records of the
// variables, from an initial state to the state the expression is evaluated in. In an action
// (and an action constraint or step property) that is the state being expanded; in a state
// predicate of a successor (invariant, constraint) the successor, after the path to its parent;
// for an initial state, that state alone.
func (w *tlaWorker) trace(last State) (value.Value, bool) {
	if w.path == nil {
		return nil, false
	}
	states := w.path.pathStates()
	if last != nil && (len(states) == 0 || unsafe.SliceData(states[len(states)-1]) != unsafe.SliceData(last)) {
		states = append(states, last)
	}
	if len(states) == 0 {
		return nil, false // the initial predicate, before its state is complete
	}
	out := make(value.Tuple, len(states))
	for i, st := range states {
		out[i] = stateRecord(w.m.names, st)
	}
	return out, true
}

// tlcGetChecking is tlcGet for the evaluations of checks (w.ctx): TLCExt!Trace ends at the state
// checked.
func (w *tlaWorker) tlcGetChecking(key string) (value.Value, bool) {
	switch key {
	case eval.TLCGetTrace:
		if w.ctx.Next != nil {
			return w.trace(nil)
		}
		return w.trace(w.ctx.State)
	case "action":
		return w.action(true), true
	}
	return w.tlcGet(key)
}

func (w *tlaWorker) setLevel(level int) { w.level = level }

func (w *tlaWorker) tlcGet(key string) (value.Value, bool) {
	switch key {
	case "level":
		return value.Int(w.curLevel), true
	case eval.TLCGetTrace:
		return w.trace(nil)
	case "action":
		return w.action(false), true
	}
	return w.m.info.value(key)
}

func (m *tlaModel) worker() modelWorker {
	w := &tlaWorker{m: m}
	w.ctx.Enabled, w.ctx.Compose = w.enabled, w.composed
	w.ctx.Done = m.done
	w.ctx.Print = m.print
	// The worker's context is set to a step (or a state) and its session reset before each
	// evaluation against it (see all): the next state is fixed until then.
	w.ctx.NextFixed = true
	w.ctx.TLCGet = w.tlcGetChecking
	w.ctx.TLCSet = m.info.set
	// The registers of TLCSet(i, v) are the worker's, shared by its actions and checks, and
	// start with what the assumptions set, as TLC's worker threads do.
	w.ctx.Registers = maps.Clone(m.registers)
	if w.ctx.Registers == nil {
		w.ctx.Registers = map[int64]value.Value{}
	}
	w.ctx.NamedRegisters = maps.Clone(m.named)
	if w.ctx.NamedRegisters == nil {
		w.ctx.NamedRegisters = map[string]value.Value{}
	}
	w.rand = newRandomSource(m.info.opts.Seed, m.info.opts.Mode == BFS)
	w.ctx.Rand = w.pick
	w.ss = m.spec.NewSession(&w.ctx)
	w.en = enumerator{spec: m.spec, m: m}
	w.en.ss = m.spec.NewSession(&w.en.ctx)
	w.en.ctx.Enabled, w.en.ctx.Compose = w.enabled, w.composed
	w.en.ctx.Done = m.done
	w.en.ctx.Print = m.print
	w.en.ctx.TLCGet = w.tlcGet
	w.en.ctx.TLCSet = m.info.set
	w.en.ctx.Registers, w.en.ctx.NamedRegisters = w.ctx.Registers, w.ctx.NamedRegisters
	w.en.ctx.Rand = w.pick
	return w
}

// pick makes a random choice for an evaluation of w (see randomSource).
func (w *tlaWorker) pick(n int) int { return w.rand.pick(w.en.cur, n) }

func (w *tlaWorker) initial(emit func(State) error) error {
	en := &w.en
	w.level, w.curLevel = 0, 0 // TLC answers 0 in the initial predicate
	en.init, en.cur = true, nil
	en.oneAction, en.shuffle = false, false
	en.start()
	// Generating initial states resets the session before each evaluation (evalCtx), which
	// with no Mark outstanding would give back the frames binding the quantifiers being
	// enumerated (\E p \in P : ... [q \in P |-> q = p]), so that the next scope pushed would be
	// its own parent. The Mark keeps them until the initial states are generated.
	mark := en.ss.Mark()
	defer en.ss.Release(mark)
	en.emit = func(s State, _ int) error { return emit(s) }
	first := w.m.init[0]
	var k *cont
	for i := len(w.m.init) - 1; i >= 1; i-- {
		k = &cont{x: w.m.init[i].x, sc: w.m.init[i].sc, next: k}
	}
	return en.gen(first.x, first.sc, k, true)
}

func (w *tlaWorker) next(s State, emit func(State, int) error) error {
	clear(w.stepsChecked)
	return w.successors(s, w.m.next, emit)
}

// recycle gives back succ, the successor the last call of emit received, once the caller keeps
// no reference to it (a state already seen): the next successor is built in it. A state that is
// not the one the worker's enumerator emitted last is ignored.
func (w *tlaWorker) recycle(succ State) {
	if len(succ) > 0 && len(succ) == len(w.en.last) && &succ[0] == &w.en.last[0] {
		w.en.spare = succ
	}
}

// successors calls emit for every successor of s that the action a allows.
func (w *tlaWorker) successors(s State, a namedExpr, emit func(State, int) error) error {
	en := &w.en
	w.curLevel = w.level
	en.init, en.cur = false, s
	en.oneAction, en.shuffle = w.oneAction, w.shuffle
	if w.oneAction {
		return w.randomAction(s, a, emit)
	}
	en.start()
	en.emit = emit
	en.name(a.name, nil, nil, nil)
	en.labeled = false
	en.action = en.actionIndex(a.name, a.x, -1)
	en.evalCtx()
	// Each expansion is a numbered state (eval.Session.ResetAt): membership in a state function
	// that deciding it builds anyway (Waiting == {p[2] : p \in ...}, read by every actor's
	// guard) builds it once for the whole expansion.
	w.expansions++
	w.expanding = s
	en.ss.ResetAt(&en.ctx, w.expansions)
	return en.gen(a.x, a.sc, nil, false)
}

// randomAction enumerates the successors of s as TLC's simulator does
// (SimulationWorker.randomNextStates, Tool.getNextStates(action, state)): it takes the actions
// TLC splits the next-state relation a into (Tool.getActions) in a random order and emits the
// successors of the first that has any. In generate mode each action's alternatives are taken in
// a random order too (see enumerator.shuffle), so that when emit stops at the first successor,
// that successor is drawn from a uniformly chosen enabled action. A first walk counts the
// actions; each later one enumerates only the action it is after.
func (w *tlaWorker) randomAction(s State, a namedExpr, emit func(State, int) error) error {
	en := &w.en
	emitted := false
	walk := func(target int) error {
		en.start()
		en.emit = func(t State, action int) error {
			emitted = true
			return emit(t, action)
		}
		en.name(a.name, nil, nil, nil)
		en.labeled = false
		en.action = en.actionIndex(a.name, a.x, -1)
		en.actionOrd, en.targetAction = 0, target
		en.evalCtx()
		en.ss.Reset(&en.ctx)
		return en.gen(a.x, a.sc, nil, false)
	}
	if err := walk(-1); err != nil {
		return err
	}
	for _, target := range en.shuffled(en.actionOrd) {
		if err := walk(target); err != nil || emitted {
			return err
		}
	}
	return nil
}

// enabled decides ENABLED A in the current state: A has at least one successor. The
// enumerators it uses are kept for the next call (liveness evaluates ENABLED for every fairness
// condition in every state); a nested ENABLED takes another.
func (w *tlaWorker) enabled(action ast.Expr, sc *eval.Scope) (bool, error) {
	cur, ok := w.stateOf()
	if !ok {
		return false, fmt.Errorf("%s: ENABLED evaluated without a current state", action.Position())
	}
	var en *enumerator
	if n := len(w.enablers); n > 0 {
		en, w.enablers = w.enablers[n-1], w.enablers[:n-1]
	} else {
		en = &enumerator{spec: w.m.spec, m: w.m, enabling: true, pseudo: map[any]value.Value{}}
		en.ctx.PrimedSubst = func(key any) (value.Value, bool) {
			v, ok := en.pseudo[key]
			return v, ok
		}
		en.ctx.Enabled, en.ctx.Compose = w.enabled, w.composed
		en.ctx.Done = w.m.done
		en.ctx.TLCGet, en.ctx.TLCSet = w.tlcGet, w.m.info.set
		en.ctx.Rand, en.ctx.Print, en.ctx.Registers = w.pick, w.m.print, w.ctx.Registers
		en.ctx.NamedRegisters = w.ctx.NamedRegisters
		en.ss = w.m.spec.NewSession(&en.ctx)
		en.emit = func(State, int) error { en.found = true; return errStop }
	}
	defer func() { w.enablers = append(w.enablers, en) }()
	en.cur, en.found = cur, false
	en.start()
	en.evalCtx()
	// At the state being expanded, the enumerators keep the values of its state functions from
	// one ENABLED to the next (liveKeyOf): a liveness plan decides one per fairness condition.
	en.ss.ResetAt(&en.ctx, w.liveKeyOf(cur))
	err := en.gen(action, sc, nil, true)
	if err != nil && err != errStop {
		return false, err
	}
	return en.found, nil
}

// stateOf returns the state the worker's evaluation context is at.
func (w *tlaWorker) stateOf() (State, bool) {
	if w.ctx.State != nil {
		return w.ctx.State, true
	}
	if w.en.ctx.State != nil {
		return w.en.ctx.State, true
	}
	return nil, false
}

// all evaluates the predicates of list on the step s -> t (t nil for a state predicate) and
// returns the name of the first that is false. They share one evaluation session, so the
// definitions several of them read (a Quorum, a state function) are computed once per state.
func (w *tlaWorker) all(list []namedExpr, s, t State) (string, error) {
	if len(list) == 0 {
		return "", nil
	}
	return w.allIn(w.ss, 0, list, s, t)
}

// allIn is all evaluated in session ss, reset at the numbered state key (0: none; see
// eval.Session.ResetAt).
func (w *tlaWorker) allIn(ss *eval.Session, key uint64, list []namedExpr, s, t State) (string, error) {
	// A state predicate is evaluated on a successor, one level below the state expanded; an
	// action predicate (ACTION_CONSTRAINT, a step property) on the step from that state, whose
	// level TLC answers.
	saved := w.curLevel
	w.curLevel = w.level + 1
	if t != nil {
		w.curLevel = w.level
	}
	w.ctx.State, w.ctx.Next = s, t
	ss.ResetAt(&w.ctx, key)
	defer func() {
		w.ctx.State, w.ctx.Next = nil, nil
		w.curLevel = saved
	}()
	for _, e := range list {
		if e.stutter != nil {
			if v, err := ss.Eval(e.stutter, e.sc); err == nil && v == value.True {
				continue
			}
		}
		v, err := ss.Eval(e.x, e.sc)
		if err != nil {
			if e.kind != "" {
				return "", fmt.Errorf("evaluating %s %s: %w", e.kind, e.name, err)
			}
			return "", fmt.Errorf("evaluating %s: %w", e.name, err)
		}
		b, ok := v.(value.Bool)
		if !ok {
			return "", fmt.Errorf("%s: %s is not a boolean but %s", e.x.Position(), e.name, value.Abbrev(v))
		}
		if !b {
			return e.name, nil
		}
	}
	return "", nil
}

func (w *tlaWorker) constraint(s State) (bool, error) {
	name, err := w.all(w.m.constraints, s, nil)
	return name == "", err
}

func (w *tlaWorker) actionConstraint(s, t State) (bool, error) {
	name, err := w.all(w.m.actionConstraints, s, t)
	return name == "", err
}

func (w *tlaWorker) invariant(s State) (string, error) { return w.all(w.m.invariants, s, nil) }

// invariantAfter is invariant(s) for a successor s of parent, a state that satisfies every
// invariant. An invariant that reads only variables the step left as they were has the same
// value in s, since it is a function of them (eval.Spec.StateVariablesRead), so it is not
// evaluated again; which invariants hold, and so every count and verdict, is what evaluating all
// of them would give.
func (w *tlaWorker) invariantAfter(parent, s State) (string, error) {
	w.pending = w.pending[:0]
	for i, e := range w.m.invariants {
		if reads := w.m.invariantReads[i]; reads != nil && sameValues(parent, s, reads) {
			continue
		}
		w.pending = append(w.pending, e)
	}
	return w.all(w.pending, s, nil)
}

// sameValues reports whether s and t give each variable of ixs the same value. A variable an
// action leaves unchanged holds the very same value, recognized without comparing. Values TLC
// does not compare count as different (see sameValuesErr).
func sameValues(s, t State, ixs []int) bool {
	same, _ := sameValuesErr(s, t, ixs)
	return same
}

// sameValuesErr is sameValues failing where TLC's comparison fails: the subscript v of <<A>>_v
// (WF_v(A), SF_v(A)), which TLC decides on a step by comparing v with v' (v.equals(v')), fails
// on values of kinds it does not compare, as in TLC's test Github763 (x = {} then
// x' = [val |-> 1] under WF_<<x>>: "Attempted to check equality of the set {} with the value:
// [val |-> 1]").
func sameValuesErr(s, t State, ixs []int) (bool, error) {
	for _, ix := range ixs {
		if !identical(s[ix], t[ix]) {
			eq, err := value.Equal(s[ix], t[ix])
			if err != nil || !eq {
				return false, err
			}
		}
	}
	return true, nil
}

// identical reports whether a and b are the same value object (or equal scalars).
func identical(a, b value.Value) bool {
	switch x := a.(type) {
	case *value.Func:
		y, ok := b.(*value.Func)
		return ok && x == y
	case *value.Record:
		y, ok := b.(*value.Record)
		return ok && x == y
	case *value.Set:
		y, ok := b.(*value.Set)
		return ok && x == y
	case value.Tuple:
		y, ok := b.(value.Tuple)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case value.Int:
		y, ok := b.(value.Int)
		return ok && x == y
	case value.Bool:
		y, ok := b.(value.Bool)
		return ok && x == y
	case value.Str:
		y, ok := b.(value.Str)
		return ok && x == y
	case value.ModelValue:
		y, ok := b.(value.ModelValue)
		return ok && x == y
	}
	return false
}

func (w *tlaWorker) initProperty(s State) (string, error) { return w.all(w.m.initProps, s, nil) }

// stepProperty checks the step properties on the step s -> t, s the state being expanded. TLC
// checks them on every step generated, a successor generated again included (once per witness
// of an \E in the action: VoteProof generates 46 successors per state, 9 of them different);
// the answer for a step checked already is the same, so it is not worked out again, unless a
// property may use TLCGet, TLCSet, JavaTime or RandomElement. Without SYMMETRY or VIEW the
// fingerprint identifies the successor itself, not its class.
func (w *tlaWorker) stepProperty(s, t State) (string, error) {
	if len(w.m.stepProps) == 0 {
		return "", nil
	}
	if w.m.symmetry != nil || w.m.view != nil || w.m.stepPropsOnRun {
		return w.all(w.m.stepProps, s, t)
	}
	fp, err := w.fingerprint(t)
	if err != nil {
		return "", err
	}
	if _, done := w.stepsChecked[fp]; done {
		return "", nil
	}
	name, err := w.stepProps(s, t)
	if err == nil && name == "" {
		if w.stepsChecked == nil {
			w.stepsChecked = map[uint64]struct{}{}
		}
		w.stepsChecked[fp] = struct{}{}
	}
	return name, err
}

// stepProps evaluates the step properties on s -> t in a session of their own, reset at the
// expansion of s when s is the state the worker's enumerator is expanding: the state functions
// of s (a refinement mapping's token == CHOOSE ..., the instance's UNCHANGED vars at s) are
// then computed once for every step from s instead of once per step. The invariants and
// constraints checked on each successor in between evaluate in the worker's other session.
func (w *tlaWorker) stepProps(s, t State) (string, error) {
	if w.sps == nil {
		w.sps = w.m.spec.NewSession(&w.ctx)
	}
	var key uint64
	if cur := w.expanding; len(s) > 0 && len(cur) == len(s) && &cur[0] == &s[0] {
		key = w.expansions
	}
	return w.allIn(w.sps, key, w.m.stepProps, s, t)
}

// fingerprintsValues reports whether fingerprint depends on a state's values alone: without a
// VIEW, whose expression may read more than the state (TLCGet("level")).
func (w *tlaWorker) fingerprintsValues() bool { return w.m.view == nil }

// fingerprint identifies s in the state set: its orbit's fingerprint (orbitHasher, whose memo
// also serves a model without SYMMETRY, as a group of one), or that of its VIEW.
func (w *tlaWorker) fingerprint(s State) (uint64, error) {
	if w.m.view == nil {
		if w.orbit == nil {
			w.orbit = newOrbitHasher(w.m.symmetry)
		}
		return w.orbit.fingerprint(s)
	}
	if w.m.symmetry != nil {
		// Under a VIEW the view of the orbit's representative is fingerprinted, which needs the
		// representative itself.
		c, err := w.m.canonical(s, &w.sym)
		if err != nil {
			return 0, err
		}
		s = c
	}
	w.ctx.State = s
	w.ss.Reset(&w.ctx)
	v, err := w.ss.Eval(w.m.view.x, w.m.view.sc)
	w.ctx.State = nil
	if err != nil {
		return 0, fmt.Errorf("evaluating VIEW %s: %w", w.m.view.name, err)
	}
	return value.Fingerprint(v)
}

// run checks the assumptions, explores, and evaluates the postcondition.
func (m *tlaModel) run(ctx context.Context, conf *cfg.Config, opts Options) (Result, error) {
	m.done = ctx.Done()
	if o := m.spec.InternOrder(); o != nil {
		// A specification loaded after this one made its order the process's; this one's
		// values were built in its own (eval.Spec.InternOrder).
		value.SetOrder(o)
	}
	if opts.Print != nil {
		var mu sync.Mutex
		m.print = func(line string) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintln(opts.Print, line)
		}
	}
	ctx, stop := m.info.start(ctx, opts, conf.DeadlockChecked())
	m.info.spec = m.specValue
	defer stop()
	opts.live = &m.info.live
	if m.rand == nil || m.randSeed != opts.Seed {
		m.rand, m.randSeed = lockedRandom(opts.Seed), opts.Seed
	}
	assumeCtx := &eval.Context{Print: m.print, Done: m.done, TLCGet: m.constantTLCGet, TLCSet: m.info.set, Rand: m.rand}
	for _, a := range m.spec.Assumptions {
		if a.Axiom {
			continue // TLC takes an AXIOM as given
		}
		v, err := evalOnce(m.spec, a.Expr, m.root, assumeCtx)
		where := func() string { return ast.Location(a.Expr, m.spec.ModuleOf(a.Expr.Position())) }
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				// TLC's checkAssumptions reports TLC_ASSUMPTION_EVALUATION_ERROR and stops as for
				// a false assumption (exit status VIOLATION_ASSUMPTION; TLC's test Github1109).
				// TLC prints the exception's message alone, the assumption being located already.
				msg := err.Error()
				var ee *eval.Error
				if errors.As(err, &ee) && ee.Pos.IsValid() {
					msg = strings.TrimPrefix(msg, ee.Pos.String()+": ")
				}
				return Result{Verdict: AssumptionFailed, Violated: where(), AssumptionError: msg}, nil
			}
			return Result{}, fmt.Errorf("evaluating the assumption at %s: %w", a.Pos, err)
		}
		if b, ok := v.(value.Bool); !ok || !bool(b) {
			return Result{Verdict: AssumptionFailed, Violated: where()}, nil
		}
	}
	m.registers, m.named = assumeCtx.Registers, assumeCtx.NamedRegisters
	if m.constantOnly {
		return Result{Mode: opts.Mode}, nil
	}
	res, err := explore(ctx, m, conf.DeadlockChecked(), opts)
	if m.live != nil {
		res.NotChecked, res.NotCheckedWhy = m.live.uncheckedNames()
		if opts.Mode != BFS {
			// Temporal properties are checked on the complete state graph only.
			for _, name := range m.live.names() {
				if _, ok := res.NotCheckedWhy[name]; !ok {
					res.NotChecked = append(res.NotChecked, name)
					res.NotCheckedWhy[name] = "only a breadth-first search checks temporal properties"
				}
			}
		}
		if len(res.NotChecked) == 0 {
			res.NotChecked, res.NotCheckedWhy = nil, nil
		}
	}
	if err != nil && context.Cause(ctx) == errExit {
		// TLCSet("exit", TRUE) ends the run as TLC ends it, without an error.
		err = nil
	}
	if err != nil {
		return res, err
	}
	if m.alias != nil && len(res.Trace) > 0 {
		if err := m.applyAlias(&res); err != nil {
			return res, err
		}
	}
	if m.postcondition != nil {
		ok, err := m.checkPostcondition(res)
		switch {
		case res.Verdict != OK:
			// After a violation TLC evaluates the POSTCONDITION too, with TLCExt!CounterExample
			// the violation's counterexample (tlc2.tool.Worker.doPostCondition,
			// LiveWorker); what it finds is printed, and the run's verdict and exit status stay
			// the violation's.
			if err != nil {
				res.Postcondition = err.Error()
			} else if !ok {
				res.Postcondition = fmt.Sprintf("The postcondition %s is violated.", m.postcondition.name)
			}
		case err != nil:
			return res, err
		case !ok:
			res.Verdict, res.Violated = PostconditionFailed, m.postcondition.name
		}
	}
	return res, nil
}

// searchWorker returns a worker of m for the search, which TLCGet("all") and the POSTCONDITION's
// registers count among TLC's worker threads (the liveness checker's and trace validation's
// workers are not). The searches make their workers one after another, the first first.
func searchWorker(m model) modelWorker {
	tm, ok := m.(*tlaModel)
	if !ok {
		return m.worker()
	}
	w := tm.worker().(*tlaWorker)
	tm.searchWorkers = append(tm.searchWorkers, w)
	return w
}

// postTLCGet answers TLCGet outside the workers after the search: as constantTLCGet, and
// "all" and "all:named", TLC's registers of every worker: [i \in I |-> <<v1, ..., vn>>] with
// vw worker w's register i, for each register i that every worker has (TLCGetSet's ALL_VALUES,
// _Possible's use of "all:named").
func (m *tlaModel) postTLCGet(key string) (value.Value, bool) {
	switch key {
	case "all":
		return allRegisters(m.searchWorkers, func(w *tlaWorker) map[int64]value.Value { return w.ctx.Registers }, func(i int64) value.Value { return value.Int(i) })
	case "all:named":
		return allRegisters(m.searchWorkers, func(w *tlaWorker) map[string]value.Value { return w.ctx.NamedRegisters }, func(k string) value.Value { return value.Str(k) })
	}
	return m.constantTLCGet(key)
}

func allRegisters[K comparable](workers []*tlaWorker, regs func(*tlaWorker) map[K]value.Value, key func(K) value.Value) (value.Value, bool) {
	var keys, vals []value.Value
	if len(workers) > 0 {
		for k := range regs(workers[0]) {
			per := make([]value.Value, 0, len(workers))
			for _, w := range workers {
				if v, ok := regs(w)[k]; ok {
					per = append(per, v)
				}
			}
			if len(per) == len(workers) {
				keys, vals = append(keys, key(k)), append(vals, value.Tuple(per))
			}
		}
	}
	f, err := value.NewFunc(keys, vals)
	return f, err == nil
}

// checkPostcondition evaluates POSTCONDITION with TLCGet("stats"), the individual counters,
// TLCGet("config") and TLCExt!CounterExample answering for the finished run, as TLC does.
func (m *tlaModel) checkPostcondition(res Result) (bool, error) {
	m.info.final = &res
	ctx := &eval.Context{TLCGet: m.postTLCGet, Print: m.print, Rand: m.rand}
	// TLCGet(i) reads the first worker's registers, as TLC's main thread does; the search is
	// over, so nothing writes them any more.
	ctx.Registers, ctx.NamedRegisters = maps.Clone(m.registers), maps.Clone(m.named)
	if len(m.searchWorkers) > 0 {
		w := m.searchWorkers[0]
		ctx.Registers, ctx.NamedRegisters = maps.Clone(w.ctx.Registers), maps.Clone(w.ctx.NamedRegisters)
	}
	v, err := evalOnce(m.spec, m.postcondition.x, m.postcondition.sc, ctx)
	if err != nil {
		return false, fmt.Errorf("evaluating POSTCONDITION %s: %w", m.postcondition.name, err)
	}
	b, ok := v.(value.Bool)
	if !ok {
		return false, fmt.Errorf("POSTCONDITION %s is not a boolean but %s", m.postcondition.name, value.Abbrev(v))
	}
	return bool(b), nil
}

// applyAlias replaces each state of the trace by the fields of the ALIAS record evaluated on it
// (and its successor, for primed variables), as TLC prints traces under an ALIAS. An ALIAS that
// fails to evaluate or is not a record is an error naming it and the state, not silently
// skipped; the Result returned with it keeps the verdict and the trace as the variables.
func (m *tlaModel) applyAlias(res *Result) error {
	aliased := make([]Step, len(res.Trace))
	copy(aliased, res.Trace)
	for i := range res.Trace {
		// As TLC evaluates an ALIAS while printing the trace: TLCGet("level") is the state's
		// level, its number in the trace (SlidingPuzzles_anim writes a frame per level), and
		// other keys answer for the finished run.
		level := value.Int(i + 1)
		ctx := &eval.Context{State: res.Trace[i].State, Print: m.print, Rand: m.rand, TLCGet: func(key string) (value.Value, bool) {
			if key == "level" {
				return level, true
			}
			return m.postTLCGet(key)
		}}
		if i+1 < len(res.Trace) {
			ctx.Next = res.Trace[i+1].State
		} else {
			ctx.Next = res.Trace[i].State
		}
		v, err := evalOnce(m.spec, m.alias.x, m.alias.sc, ctx)
		if err != nil {
			return fmt.Errorf("evaluating ALIAS %s on state %d of the counterexample: %w", m.alias.name, i+1, err)
		}
		r, ok := v.(*value.Record)
		if !ok {
			return fmt.Errorf("ALIAS %s must be a record, but on state %d of the counterexample it is %s", m.alias.name, i+1, value.Abbrev(v))
		}
		names := m.aliasFieldOrder(r.Names())
		vals := make([]value.Value, len(names))
		for j, n := range names {
			vals[j], _, _ = r.Field(n)
		}
		aliased[i].Vars = names
		aliased[i].State = vals
	}
	res.Trace = aliased
	return nil
}

// constantTLCGet answers TLCGet where there is no state, in ASSUME and POSTCONDITION: level 0, as
// in TLC, and what the run knows.
func (m *tlaModel) constantTLCGet(key string) (value.Value, bool) {
	switch key {
	case "level":
		return value.Int(0), true
	case "action":
		return withContext(m.unknownAction(), m.actionContext(-2)), true
	}
	return m.info.value(key)
}
