package eval

import (
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Context is what an expression is evaluated against: the current state, the next state as
// far as an action has assigned it, and hooks the model checker provides.
type Context struct {
	// State holds the value of each variable in the current state, indexed as Spec.Variables;
	// nil when evaluating constant expressions such as ASSUME or constant definitions.
	State []value.Value
	// Next holds primed variables; a nil entry is a variable not yet assigned. Next itself is
	// nil outside actions.
	Next []value.Value
	// NextFixed promises that Next, like State, does not change while a session evaluates
	// against the context (until its Reset), as when a model checker evaluates the action
	// properties of one step: a zero-arity definition evaluated under a prime (votes' for a
	// refinement mapping votes) is then computed once per step instead of at every use.
	NextFixed bool
	// Enabled decides ENABLED A in the current state; nil makes ENABLED an error.
	Enabled func(action ast.Expr, scope *Scope) (bool, error)
	// Compose decides the action composition A \cdot B on the step from -> to (State -> Next):
	// whether some state u has A allow from -> u and B allow u -> to, as TLC evaluates it outside
	// next-state generation (a fairness condition WF_v(A \cdot B), an action property). Nil
	// makes \cdot an error; a model checker enumerates A's successors.
	Compose func(a, b ast.Expr, scope *Scope, from, to []value.Value) (bool, error)
	// TLCGet answers TLCGet("level"), TLCGet("distinct") and the like; nil gives TLCGet of those
	// keys an error. Integer keys are served from the registers TLCSet writes.
	TLCGet func(key string) (value.Value, bool)
	// TLCSet handles TLCSet with a string key ("exit", "pause"); it reports whether it knows the
	// key. Nil refuses every string key.
	TLCSet func(key string, v value.Value) bool
	// Registers backs TLCSet(i, v) / TLCGet(i) for a natural number i; allocated on first use.
	Registers map[int64]value.Value
	// NamedRegisters backs TLC's named registers, TLCSet("s:name", v) / TLCGet("s:name") (the
	// key keeps its "s:" prefix); allocated on first use.
	NamedRegisters map[string]value.Value
	// Print receives the output of Print and PrintT; nil discards it.
	Print func(line string)
	// Rand picks for RandomElement (a number in [0, n)) and seeds Randomization's operators; nil
	// picks the first element, which keeps evaluations reproducible. With Rand set, a zero-arity
	// constant definition that makes random choices (Edges == ... RandomElement(...)) is
	// evaluated once and keeps its value, as TLC evaluates it once when it starts; without it
	// the value computed is not kept, so that an evaluation without the run's source (a model
	// checker's load-time session) cannot fix it for the run.
	Rand func(n int) int
	// Done, when closed, stops an evaluation in progress with ErrInterrupted; a model checker
	// passes its context's Done channel so that a huge quantifier cannot outlive a timeout.
	Done <-chan struct{}
	// PrimedSubst, when set, may give the primed value of an INSTANCE substitution (identified
	// by the key Spec.Substitution returns) instead of the substituted expression's primed
	// value: deciding ENABLED of an instance's action, TLC binds x' for an instance variable x
	// substituted by an expression as if x were a variable.
	PrimedSubst func(key any) (value.Value, bool)
}

// ErrInterrupted is wrapped by the error of an evaluation stopped through Context.Done.
var ErrInterrupted = errors.New("evaluation interrupted")

// evaluator is one evaluation in progress.
type evaluator struct {
	spec   *Spec
	ctx    *Context
	primed bool // inside e': variables read from ctx.Next
	depth  int
	// given holds, while Session.ForEachBindingOver binds a quantifier's names, the elements
	// its caller worked out for the quantifier's bounds (nil otherwise, and inside the body).
	given map[*ast.Bound][]value.Value
	// javaCalls counts the applications in progress of operators whose errors are reported as
	// TLC reports the errors of its Java methods (javaMethod); while there is one, an error of a
	// set filter's predicate is marked with the filter (see javaoverride.go).
	javaCalls int

	// stateReads counts reads of variables and other state-dependent operations; a zero-arity
	// definition is memoized only if evaluating it read nothing of the state.
	stateReads int
	// randomReads counts the random choices made with Context.Rand (RandomElement and
	// Randomization's operators), which a constant definition makes once per run (see apply).
	randomReads int
	// unseededReads counts the random choices made without Context.Rand (RandomElement takes
	// the first element, Randomization seeds from its arguments alone): such a value is the
	// evaluation's own, never a constant definition's value for the run (see apply), nor a
	// binding of a quantifier Session.Bindings lays out.
	unseededReads int
	// defCache holds the values of zero-arity definitions that read the current state, valid
	// for this evaluation only.
	defCache map[*Operator]value.Value
	// nextDefCache is defCache for the definitions' primed values, used when ctx.NextFixed, or
	// while callNext, for the session call in progress only.
	nextDefCache map[*Operator]value.Value
	// callNext says that the session call in progress only evaluates (see Session.begin), so
	// that ctx.Next does not change until it returns: a zero-arity definition evaluated under a
	// prime is computed once for the call. InnerSerial's guard Serializable' ranges over the
	// relations on opId', each tested by three quantifiers over opId', a union of record sets,
	// which was computed for each of them.
	callNext bool
	// stateKey numbers the state of the evaluation (Session.ResetAt; 0: unnumbered), and
	// stateDefs holds the entries of defCache that are functions of that state alone
	// (stateOnlyDefinition), which an evaluation at the same numbered state keeps.
	stateKey  uint64
	stateDefs map[*Operator]value.Value
	// argCache holds the values of the applications of state functions with parameters at the
	// evaluation's state (see argCached). Its values are functions of the state alone, which an
	// evaluation at the same numbered state keeps, as stateDefs.
	argCache map[argKey]value.Value
	// freeCalls recycles native call records; natives do not keep them after returning.
	freeCalls []*call
	// freeSliceIters and freeDefIters recycle the streams of quantifiers' sets once closed
	// (see iterValue and defIter).
	freeSliceIters []*sliceIter
	freeDefIters   []*defIter
	// lambdaDecls holds the parameters of the LAMBDAs this evaluator made operators of (see
	// lambdaParams).
	lambdaDecls map[*ast.Lambda][]*ast.OpDecl
	// steps counts loop iterations, to poll ctx.Done now and then.
	steps int
	// epoch identifies this evaluation for thunk caching (see start).
	epoch epoch
	// id numbers the evaluator and evaluations counts the evaluations it started.
	id, evaluations uint64
	// codes caches Spec.codeFor (see evaluator.codeFor), and codeSlots its latest answers.
	codes     map[nodeKey]code
	codeSlots [codeSlots]codeSlot
	// noContext is the context of an evaluation given none (a constant expression).
	noContext Context
	// nextReads counts reads of primed variables, which are not stable while an action is being
	// enumerated, so thunks that read them are not cached.
	nextReads int
	// localReads counts reads of names bound by the scope chain rather than the module
	// (parameters, bound identifiers, LET definitions, @, INSTANCE substitutions): an expression
	// that reads none of them and nothing of the state is a constant (see constant).
	localReads int
	// probe is the tuple a membership test looks up, built in probeElems (see tupleIn).
	probe      value.Tuple
	probeElems [probeLen]value.Value
	// frames holds the parameter frames and by-name arguments of the operator applications in
	// progress (see applyBody), and the frames of LETs, loops and @.
	frames frames
}

// newEvaluator starts an evaluation, recycling an evaluator released earlier: sessions and lazy
// values start evaluations often, and allocating an evaluator each time was a tenth of a model
// checker's allocations.
func (s *Spec) newEvaluator(ctx *Context) *evaluator {
	ev, _ := s.evaluators.Get().(*evaluator)
	if ev == nil {
		ev = &evaluator{spec: s}
	}
	ev.start(ctx)
	return ev
}

// start begins an evaluation on ctx in ev.
func (ev *evaluator) start(ctx *Context) {
	if ctx == nil {
		ev.noContext = Context{}
		ctx = &ev.noContext
	}
	if ev.id == 0 {
		ev.id = evaluatorIDs.Add(1)
	}
	ev.evaluations++
	ev.ctx, ev.epoch = ctx, epoch{ev.id, ev.evaluations}
}

// capturedContext returns ev's context for a value that keeps it beyond this evaluation (a lazy
// function, a filter of an infinite set). The context an evaluation given none borrows from the
// evaluator is reused with it, so such a value gets a copy of its own.
func (ev *evaluator) capturedContext() *Context {
	if ev.ctx == &ev.noContext {
		own := ev.noContext
		ev.ctx = &own
	}
	return ev.ctx
}

// release returns ev to the pool once its evaluation is over. Only an entry point that made ev
// and lets nothing keep it may release it; arguments ev bound stay valid, as they check the
// epoch of their owner (see thunk.ownEpoch).
func (s *Spec) release(ev *evaluator) {
	ev.reset()
	ev.frames.scopes.top, ev.frames.thunks.top = 0, 0
	s.evaluators.Put(ev)
}

// dropCallNext forgets the primed values kept for a session call (see callNext); those kept
// under ctx.NextFixed stay until the next reset.
func (ev *evaluator) dropCallNext() {
	if len(ev.nextDefCache) > 0 && (ev.ctx == nil || !ev.ctx.NextFixed) {
		clear(ev.nextDefCache)
	}
}

// reset ends ev's evaluation.
func (ev *evaluator) reset() {
	ev.ctx, ev.primed, ev.depth, ev.callNext = nil, false, 0, false
	ev.stateReads, ev.nextReads, ev.localReads, ev.randomReads, ev.unseededReads = 0, 0, 0, 0, 0
	clear(ev.defCache)
	clear(ev.nextDefCache)
	clear(ev.stateDefs)
	clear(ev.argCache)
	ev.stateKey = 0
}

// resetAt ends ev's evaluation, keeping the values of the definitions of the numbered state key
// if ev evaluated at that state (see Session.ResetAt).
func (ev *evaluator) resetAt(key uint64) {
	if key == 0 || ev.stateKey != key {
		ev.reset()
		ev.stateKey = key
		return
	}
	ev.ctx, ev.primed, ev.depth = nil, false, 0
	ev.stateReads, ev.nextReads, ev.localReads, ev.randomReads, ev.unseededReads = 0, 0, 0, 0, 0
	clear(ev.defCache)
	clear(ev.nextDefCache)
	for op, v := range ev.stateDefs {
		ev.defCache[op] = v
	}
}

// evaluatorIDs numbers evaluators. An evaluation's epoch is its evaluator's number and the count
// of evaluations that evaluator started, so that starting one touches no counter shared by the
// goroutines of a parallel search (each of which restarts its sessions for every state).
var evaluatorIDs atomic.Uint64

// epoch identifies one evaluation: its evaluator's number and how many it had started.
type epoch struct{ evaluator, n uint64 }

func (ev *evaluator) enter(pos ast.Pos, what string) {
	ev.depth++
	if ev.depth > ev.spec.limits.MaxDepth {
		panic(abort{&Error{Pos: pos, Msg: fmt.Sprintf("evaluating %s nests more than %d operator or function applications", what, ev.spec.limits.MaxDepth), Err: ErrRecursionDepth}})
	}
}

func (ev *evaluator) leave() { ev.depth-- }

// tick is called once per iteration of every loop over set elements.
func (ev *evaluator) tick(pos ast.Pos) {
	ev.steps++
	if ev.steps&1023 == 0 && ev.ctx.Done != nil {
		select {
		case <-ev.ctx.Done:
			panic(abort{&Error{Pos: pos, Err: ErrInterrupted}})
		default:
		}
	}
}

// eval evaluates x in scope sc.
func (ev *evaluator) eval(x ast.Expr, sc *Scope) value.Value {
	switch x := x.(type) {
	case *ast.Num:
		if x.IsInt && x.Int >= value.MinInt && x.Int <= value.MaxInt {
			return value.Int(x.Int)
		}
		if x.Decimal {
			fail(x.Pos, "decimal number %s: real numbers are not supported", x.Text)
		}
		n, err := strconv.ParseInt(x.Value, 10, 64)
		if err != nil {
			fail(x.Pos, "number %s is outside TLC's integer range %d..%d", x.Text, value.MinInt, value.MaxInt)
		}
		if n > value.MaxInt || n < value.MinInt {
			_, err := value.MakeInt(n, "the literal "+x.Text)
			check(x.Pos, err)
		}
		return value.Int(n)
	case *ast.String:
		// Boxing a string as a value allocates; the literal's value is boxed once.
		if r := x.Resolved(); r != nil {
			return r.Value.(*memoBox).val
		}
		v := value.Value(value.Str(x.Value))
		x.SetResolved(&ast.Resolution{Value: &memoBox{val: v}})
		return v
	case *ast.Bool:
		return value.Bool(x.Value)
	case *ast.Paren:
		return ev.eval(x.X, sc)
	case *ast.Label:
		return ev.eval(x.X, sc)
	case *ast.Ident:
		return ev.ident(x, sc)
	case *ast.OpApp:
		return ev.opApp(x, sc)
	case *ast.InfixExpr:
		return ev.infix(x, sc)
	case *ast.PrefixExpr:
		return ev.prefix(x, sc)
	case *ast.PostfixExpr:
		return ev.postfix(x, sc)
	case *ast.Junction:
		return ev.junction(x, sc)
	case *ast.If:
		if ev.boolean(x.Cond, sc) {
			return ev.eval(x.Then, sc)
		}
		return ev.eval(x.Else, sc)
	case *ast.Case:
		return ev.caseExpr(x, sc)
	case *ast.Let:
		// The definitions' frames are given back once the body is evaluated, unless a lazy
		// value or instance kept a scope meanwhile (see loopFrame).
		mark := ev.frames.mark()
		v := ev.eval(x.Body, ev.letScopeTo(x, sc, &ev.frames.scopes, &ev.frames.thunks))
		ev.frames.release(mark)
		return v
	case *ast.Quant:
		return ev.quant(x, sc)
	case *ast.Choose:
		return ev.choose(x, sc)
	case *ast.SetEnum:
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		if len(x.Elems) == 1 {
			s, err := value.Singleton(ev.eval(x.Elems[0], sc))
			check(x.Pos, err)
			return ev.remember(&x.Memo, probe, s)
		}
		elems := make([]value.Value, len(x.Elems))
		for i, e := range x.Elems {
			elems[i] = ev.eval(e, sc)
		}
		s, err := value.NewSet(elems...)
		check(x.Pos, err)
		return ev.remember(&x.Memo, probe, s)
	case *ast.SetFilter:
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		return ev.remember(&x.Memo, probe, ev.setFilter(x, sc))
	case *ast.SetMap:
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		return ev.remember(&x.Memo, probe, ev.setMap(x, sc))
	case *ast.CrossProduct:
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		sets := make([]value.SetValue, len(x.Factors))
		for i, f := range x.Factors {
			sets[i] = ev.set(f, sc)
		}
		return ev.remember(&x.Memo, probe, value.Product(sets...))
	case *ast.FuncCons:
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		return ev.remember(&x.Memo, probe, ev.funcCons(x, sc))
	case *ast.FuncApp:
		return ev.funcApp(x, sc)
	case *ast.FuncSet:
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		return ev.remember(&x.Memo, probe, value.FuncSet(ev.set(x.Domain, sc), ev.set(x.Range, sc)))
	case *ast.Record:
		layout := recordLayoutOf(x)
		vals := make([]value.Value, len(x.Fields))
		for i, f := range x.Fields {
			vals[layout.at[i]] = ev.eval(f.Value, sc)
		}
		return layout.proto.WithValues(vals)
	case *ast.RecordSet:
		v, probe := ev.constant(&x.Memo, sc)
		if v != nil {
			return v
		}
		names := make([]string, len(x.Fields))
		sets := make([]value.SetValue, len(x.Fields))
		for i, f := range x.Fields {
			names[i] = f.Name
			sets[i] = ev.set(f.Value, sc)
		}
		r, err := value.RecordSet(names, sets)
		check(x.Pos, err)
		return ev.remember(&x.Memo, probe, r)
	case *ast.Except:
		return ev.except(x, sc)
	case *ast.At:
		ev.localReads++
		for s := sc; s != nil; s = s.parent {
			if s.name == "@" {
				return s.val
			}
		}
		fail(x.Pos, "@ used outside the value of an EXCEPT update")
	case *ast.Tuple:
		t := make(value.Tuple, len(x.Elems))
		for i, e := range x.Elems {
			t[i] = ev.eval(e, sc)
		}
		return t
	case *ast.Dot:
		rec := ev.eval(x.X, sc)
		if r, ok := rec.(*value.Record); ok {
			// The common case, without boxing the field name.
			if v, ok, _ := r.Field(x.Field); ok {
				return v
			}
		}
		if rec.Kind() != value.KindFunc {
			fail(x.Pos, "selecting field %s of %s, which is not a record", x.Field, value.Abbrev(rec))
		}
		v, err := value.Apply(rec, value.Str(x.Field))
		if err != nil {
			fail(x.Pos, "record %s has no field %s", value.Abbrev(rec), x.Field)
		}
		return v
	case *ast.Lambda:
		fail(x.Pos, "a LAMBDA expression is not a value; it can only be an argument of a higher-order operator")
	case *ast.BoxAction:
		// [A]_v  ==  A \/ UNCHANGED v
		if ev.boolean(x.Action, sc) {
			return value.True
		}
		return value.Bool(ev.unchanged(x.Sub, sc))
	case *ast.AngleAction:
		// <<A>>_v  ==  A /\ ~UNCHANGED v
		if !ev.boolean(x.Action, sc) {
			return value.False
		}
		return value.Bool(!ev.unchanged(x.Sub, sc))
	case *ast.Fairness:
		fail(x.Pos, "the fairness condition %s cannot be evaluated on a state; it is a temporal formula checked by the model checker", fairnessName(x))
	case *ast.Subexpr:
		e, inner := ev.subexprScope(x, sc)
		return ev.eval(e, inner)
	case nil:
		panic(abort{&Error{Msg: "missing expression"}})
	default:
		fail(x.Position(), "cannot evaluate %T", x)
	}
	panic("unreachable")
}

func fairnessName(x *ast.Fairness) string {
	if x.Strong {
		return "SF_"
	}
	return "WF_"
}

// boolean evaluates x and requires a boolean.
func (ev *evaluator) boolean(x ast.Expr, sc *Scope) bool {
	v := ev.eval(x, sc)
	b, ok := v.(value.Bool)
	if !ok {
		fail(x.Position(), "expected a boolean, got %s", value.Abbrev(v))
	}
	return bool(b)
}

// set evaluates x and requires a set.
func (ev *evaluator) set(x ast.Expr, sc *Scope) value.SetValue {
	v := ev.eval(x, sc)
	s, ok := v.(value.SetValue)
	if !ok {
		fail(x.Position(), "expected a set, got %s", value.Abbrev(v))
	}
	return s
}

// enumerate evaluates x and enumerates the (finite) set it denotes.
func (ev *evaluator) enumerate(x ast.Expr, sc *Scope) []value.Value {
	s := ev.set(x, sc)
	if iv, ok := s.(*value.IntervalSet); ok {
		elems, err := iv.Elems()
		check(x.Position(), err)
		return elems
	}
	e, err := s.Enumerate()
	check(x.Position(), err)
	return e.Elems()
}

func (ev *evaluator) integer(x ast.Expr, sc *Scope) int64 {
	v := ev.eval(x, sc)
	i, ok := v.(value.Int)
	if !ok {
		fail(x.Position(), "expected an integer, got %s", value.Abbrev(v))
	}
	return int64(i)
}

func (ev *evaluator) junction(x *ast.Junction, sc *Scope) value.Value {
	for _, item := range x.Items {
		b := ev.boolean(item, sc)
		if x.Kind == ast.And && !b {
			return value.False
		}
		if x.Kind == ast.Or && b {
			return value.True
		}
	}
	return value.Bool(x.Kind == ast.And)
}

func (ev *evaluator) caseExpr(x *ast.Case, sc *Scope) value.Value {
	for _, arm := range x.Arms {
		if ev.boolean(arm.Cond, sc) {
			return ev.eval(arm.Value, sc)
		}
	}
	if x.Other != nil {
		return ev.eval(x.Other, sc)
	}
	fail(x.Pos, "no CASE arm applies and there is no OTHER")
	return nil
}

// letScope binds the definitions of a LET. Every definition sees all the others, which covers
// RECURSIVE ones; zero-arity definitions are passed like arguments, evaluated at most once.
func (ev *evaluator) letScope(x *ast.Let, sc *Scope) *Scope {
	return ev.letScopeTo(x, sc, nil, nil)
}

// letScopeTo is letScope, taking the frames of the zero-arity definitions from the stacks scopes
// and thunks if they are not nil; the caller then gives them back. Their values are cached by ev (see thunk.owner): binding
// a LET's definitions was a tenth of a model checker's allocated bytes.
func (ev *evaluator) letScopeTo(x *ast.Let, sc *Scope, scopes *stack[Scope], thunks *stack[thunk]) *Scope {
	inner := sc
	for _, d := range x.Defs {
		switch d := d.(type) {
		case *ast.OpDef:
			if len(d.Params) == 0 {
				// A zero-arity definition is evaluated at most once, like an argument.
				if scopes == nil {
					inner = inner.bindOwnedExpr(d.Name, d.Body, nil, ev)
					continue
				}
				f, t := scopes.push(), thunks.push()
				t.expr, t.owner, t.ownEpoch = d.Body, ev, ev.epoch
				home, opFrames := inner.inherited()
				*f = Scope{parent: inner, name: d.Name, arg: t, home: home, opFrames: opFrames}
				inner = f
				continue
			}
			inner = inner.bindOp(d.Name, &Operator{Name: d.Name, Params: d.Params, Pos: d.Pos, body: d.Body})
		case *ast.FuncDef:
			inner = inner.bindOp(d.Name, &Operator{Name: d.Name, Pos: d.Pos, funcDef: d})
		case *ast.ModuleDef:
			inner = inner.bindOp(d.Name, &Operator{Name: d.Name, Params: d.Params, Pos: d.Pos, inst: d})
		case *ast.RecursiveDecl:
		default:
			fail(d.Position(), "unsupported definition in LET")
		}
	}
	// Every definition is written in the scope of all of them.
	for f := inner; f != sc; f = f.parent {
		if f.arg != nil {
			f.arg.scope = inner
		} else {
			f.op.scope = inner
		}
	}
	return inner
}

// unchanged reports whether e' = e.
func (ev *evaluator) unchanged(e ast.Expr, sc *Scope) bool {
	now := ev.eval(e, sc)
	next := ev.evalPrimed(e, sc)
	eq, err := value.Equal(now, next)
	check(e.Position(), err)
	return eq
}

// evalPrimed evaluates e'.
func (ev *evaluator) evalPrimed(e ast.Expr, sc *Scope) value.Value {
	if ev.primed {
		fail(e.Position(), "a primed expression appears inside another primed expression")
	}
	if ev.ctx.Next == nil {
		fail(e.Position(), "primed expression evaluated outside an action (no next state)")
	}
	ev.primed = true
	defer func() { ev.primed = false }()
	return ev.eval(e, sc)
}

// constantProbe records what an evaluation had read when a candidate constant began.
type constantProbe struct {
	table        *map[string]*binding
	reads, local int
}

// constant returns the value of the set or function constructor whose memo slot is m, if an
// earlier evaluation found it to be a constant: one that read no state and no name bound by the
// scope chain, only the module's constants and definitions, so that it has the same value
// wherever and whenever it is evaluated (TLC likewise computes constant definitions once).
// Otherwise it returns nil and the probe to pass to remember with the value computed.
// [j \in Server |-> 0] or {Follower, Candidate} in an action is computed once per run instead of
// once per state.
func (ev *evaluator) constant(m *ast.Memo, sc *Scope) (value.Value, constantProbe) {
	if sc.home == nil {
		return nil, constantProbe{}
	}
	t := sc.home.table()
	if r := m.Resolved(); r != nil && r.Scope == any(t) {
		if b, ok := r.Value.(*memoBox); ok {
			return b.val, constantProbe{}
		}
		return nil, constantProbe{} // not a constant
	}
	return nil, constantProbe{table: t, reads: ev.stateReads, local: ev.localReads}
}

// remember records on m whether v, computed since the probe, is a constant, and returns v.
func (ev *evaluator) remember(m *ast.Memo, p constantProbe, v value.Value) value.Value {
	if p.table == nil {
		return v
	}
	return rememberOwn(m, p, v, ev.stateReads == p.reads && ev.localReads == p.local)
}

// rememberOwn records on m whether v, computed since the probe p, is a constant (as remember,
// for a caller that counted what the computation read itself), and returns v.
func rememberOwn(m *ast.Memo, p constantProbe, v value.Value, constant bool) value.Value {
	if p.table == nil {
		return v
	}
	if constant {
		m.SetResolved(&ast.Resolution{Scope: p.table, Value: &memoBox{val: v}})
	} else {
		m.SetResolved(&ast.Resolution{Scope: p.table})
	}
	return v
}

// recordLayout is where the fields of a record constructor go in the records it builds, which
// share the field names of proto: a constructor allocated its names and values twice and sorted
// them at every evaluation.
type recordLayout struct {
	proto *value.Record
	at    []int // at[i] is the position of x.Fields[i] among proto's sorted names
}

// recordLayoutOf returns x's layout, worked out at its first evaluation; a constructor naming a
// field twice fails.
func recordLayoutOf(x *ast.Record) *recordLayout {
	if r := x.Resolved(); r != nil {
		return r.Value.(*recordLayout)
	}
	names := make([]string, len(x.Fields))
	zeros := make([]value.Value, len(x.Fields))
	for i, f := range x.Fields {
		names[i] = f.Name
		zeros[i] = value.False
	}
	proto, err := value.NewRecord(names, zeros)
	check(x.Pos, err)
	// Every constructor of one set of fields builds records with one names slice, which
	// comparing two of them then need not compare (Raft's messages are looked up in the bag by
	// records TraceRaft builds with constructors of its own).
	proto = value.SharedNames(proto)
	l := &recordLayout{proto: proto, at: make([]int, len(x.Fields))}
	for i, f := range x.Fields {
		for j, n := range proto.Names() {
			if n == f.Name {
				l.at[i] = j
			}
		}
	}
	x.SetResolved(&ast.Resolution{Value: l})
	return l
}
