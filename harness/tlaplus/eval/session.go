package eval

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Session is how anything is evaluated: a sequence of evaluations against one Context, by one
// goroutine, sharing what evaluation caches. Arguments and state-dependent definitions such as
// votes == [a \in Acceptor |-> ...] are computed once for all the invariants checked in a state,
// and a model checker enumerating a state's successors evaluates its guards, expands its
// definitions and binds its quantifiers in one evaluator instead of taking one per call.
//
// ctx.State must not change while the session evaluates against it: after changing it (a checker
// moving to another state, or binding the variables of an initial state one by one), call Reset,
// which drops every value computed from the old one. ctx.Next may change at any time: values read
// from it are never cached. The methods may be called from within the callback of
// ForEachBinding. A Session is not safe for concurrent use; the Spec is, so each goroutine takes
// a session of its own.
type Session struct {
	spec *Spec
	ev   *evaluator
	// marks counts the Marks not yet released: while there is one, Unfold and EnterLet bind in the
	// session's arena instead of allocating.
	marks int
	// The padding makes a session a cache line of its own (64 bytes, an allocation size class
	// whose objects are 64-byte aligned): a model checker's workers each make two sessions, one
	// after the other, which would otherwise share lines, every Mark and Release of one worker
	// taking the line the other worker reads ev and marks from (false sharing).
	_ [64 - 3*8]byte
}

// NewSession starts a session evaluating against ctx; nil is a context without a state, for
// constant expressions.
func (s *Spec) NewSession(ctx *Context) *Session {
	return &Session{spec: s, ev: s.newEvaluator(ctx)}
}

// Reset starts the session over against ctx (nil for none), forgetting every value computed so
// far, as Close followed by NewSession would, but keeping the session, its evaluator and the
// scopes it handed out under Marks not yet released: a model checker expanding a million states
// resets one session per worker instead of allocating one per state.
func (ss *Session) Reset(ctx *Context) {
	if ss.ev == nil {
		ss.ev = ss.spec.newEvaluator(ctx)
		return
	}
	ss.ev.reset()
	if ss.marks == 0 {
		ss.ev.frames.scopes.top, ss.ev.frames.thunks.top = 0, 0
	}
	ss.ev.start(ctx)
}

// ResetAt is Reset for an evaluation at a numbered state: key, not 0, must denote one state's
// contents for as long as the caller uses it (a model checker numbering the state it expands).
// If the session's last evaluation was at the same numbered state, the values of the zero-arity
// definitions that are functions of the state alone are kept: definitions of state level or
// below (Spec.Level: no prime, no action or temporal operator, through the definitions they
// use) that use no TLCGet, TLCSet, JavaTime or RandomElement and made no random choice. A
// liveness checker evaluating ENABLED for every fairness condition, and an action on every step
// from the state, then computes a state function such as Waiting == {p[2] : p \in ...} once for
// them all instead of once per evaluation. Membership in such a definition (x \notin Waiting)
// whose body is a set that deciding membership builds anyway (a set map other than a record
// pattern, an enumerated set) builds it once and looks it up; in others (a filter of
// SUBSET S, ...) it is still decided from the body, without building the set.
func (ss *Session) ResetAt(ctx *Context, key uint64) {
	if ss.ev == nil {
		ss.ev = ss.spec.newEvaluator(ctx)
		ss.ev.stateKey = key
		return
	}
	ss.ev.resetAt(key)
	if ss.marks == 0 {
		ss.ev.frames.scopes.top, ss.ev.frames.thunks.top = 0, 0
	}
	ss.ev.start(ctx)
}

// Close ends the session; it must not be used afterwards, except to Reset it.
func (ss *Session) Close() {
	if ss.ev != nil {
		ss.spec.release(ss.ev)
		ss.ev = nil
	}
	ss.marks = 0
}

// Mark is a point of a session's arena to return to (see Session.Mark).
type Mark struct{ m framesMark }

// Mark starts a stretch in which the scopes Unfold and EnterLet return are bound in the session's
// arena rather than allocated: they stay valid until the Release of this mark, which gives them
// back. Marks nest; each must be released, innermost first. Scopes returned with no mark
// outstanding are allocated and stay valid for ever, which is what a caller keeping them (a
// checker splitting the specification once at load time) needs.
func (ss *Session) Mark() Mark {
	ss.marks++
	return Mark{ss.ev.frames.mark()}
}

// Release gives back the arena taken since m (see Mark).
func (ss *Session) Release(m Mark) {
	ss.marks--
	ss.ev.frames.release(m.m)
}

// begin prepares a call into the session; end, deferred after recoverInto, puts back the
// per-call state an evaluation aborted midway leaves behind, frames included, so that a call made
// from within ForEachBinding's callback returns to its caller's. evaluates says that the call
// only evaluates, calling back nothing that may change ctx.Next (Eval, EvalBool, EvalDef): the
// primed values of definitions are then kept for the call (see evaluator.callNext).
func (ss *Session) begin(evaluates bool) sessionCall {
	ev := ss.ev
	c := sessionCall{ss: ss, primed: ev.primed, depth: ev.depth, frames: ev.frames.mark(), callNext: ev.callNext}
	ev.dropCallNext()
	ev.callNext = evaluates
	return c
}

type sessionCall struct {
	ss       *Session
	primed   bool
	depth    int
	frames   framesMark
	callNext bool
}

func (c sessionCall) end(err *error) {
	ev := c.ss.ev
	ev.primed, ev.depth = c.primed, c.depth
	ev.dropCallNext()
	ev.callNext = c.callNext
	if *err != nil {
		ev.frames.release(c.frames)
	}
}

// root returns sc, or the root module's scope for nil.
func (ss *Session) root(sc *Scope) *Scope {
	if sc == nil {
		return ss.spec.root.root
	}
	return sc
}

// Eval evaluates x in scope sc (nil for the root module's top level).
func (ss *Session) Eval(x ast.Expr, sc *Scope) (v value.Value, err error) {
	defer ss.begin(true).end(&err)
	defer recoverInto(&err)
	sc = ss.root(sc)
	if k := ss.ev.codeFor(x, sc); k != nil {
		return k(ss.ev, sc), nil
	}
	return ss.ev.eval(x, sc), nil
}

// EvalBool is Eval for an expression that must be a boolean.
func (ss *Session) EvalBool(x ast.Expr, sc *Scope) (b bool, err error) {
	defer ss.begin(true).end(&err)
	defer recoverInto(&err)
	sc = ss.root(sc)
	if k := ss.ev.codeFor(x, sc); k != nil {
		return ss.ev.asBool(k(ss.ev, sc), x), nil
	}
	return ss.ev.boolean(x, sc), nil
}

// EvalString parses src as an expression and evaluates it at the root module's top level.
func (ss *Session) EvalString(src string) (value.Value, error) {
	x, err := syntax.ParseExpr("<expr>", src)
	if err != nil {
		return nil, err
	}
	return ss.Eval(x, nil)
}

// EvalDef evaluates the root module's definition name applied to args.
func (ss *Session) EvalDef(name string, args ...value.Value) (v value.Value, err error) {
	defer ss.begin(true).end(&err)
	defer recoverInto(&err)
	op, ok := ss.spec.root.defs[name]
	if !ok {
		return nil, fmt.Errorf("module %s has no definition %s", ss.spec.Root.Name, name)
	}
	c := &call{ev: ss.ev, pos: op.Pos, sc: ss.spec.root.root, name: name}
	return c.applyOp(op, args...), nil
}

// CheckAssumptions evaluates every ASSUME of the root module and the modules it extends, and
// returns an error naming the first one that is false or fails to evaluate.
func (ss *Session) CheckAssumptions() error {
	for _, a := range ss.spec.Assumptions {
		ok, err := ss.EvalBool(a.Expr, nil)
		if err != nil {
			return err
		}
		if !ok {
			return &Error{Pos: a.Pos, Msg: "assumption is false"}
		}
	}
	return nil
}

// Unfold looks through x for the model checker's successor enumeration, the way TLC's
// getNextStates does: it removes parentheses and labels, replaces an application of a
// user-defined operator by the operator's body (its parameters bound, by name, to the arguments),
// and an operator parameter or zero-arity LET definition by the expression it stands for. It
// returns the first expression that is none of these, with the scope to evaluate it in: a
// junction, quantifier, IF, CASE, LET, primed variable, UNCHANGED, or any other expression to be
// evaluated as a whole. As TLC's lookup, it leaves a reference to a definition TLC evaluates once
// when it starts (a zero-arity definition of constant level, such as Quorum or a constant
// guard) as it is, to be evaluated as a whole. Unfold evaluates nothing except the arguments of
// instance prefixes. The
// arguments it binds are the session's, which caches their values like those of the
// applications it evaluates. With a Mark outstanding the scope lives in the session's arena (see
// Mark).
func (ss *Session) Unfold(x ast.Expr, sc *Scope) (out ast.Expr, outScope *Scope, err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	var fr *frames
	if ss.marks > 0 {
		fr = &ss.ev.frames
	}
	out, outScope = ss.ev.unfold(x, sc, fr, false)
	return out, outScope, nil
}

// UnfoldDefinition is Unfold expanding at most one definition: it returns the next definition
// (or instance reference) it reaches unexpanded, as TLC's getActions sees each definition on
// the way down from the next-state relation to name the actions after them.
func (ss *Session) UnfoldDefinition(x ast.Expr, sc *Scope) (out ast.Expr, outScope *Scope, err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	var fr *frames
	if ss.marks > 0 {
		fr = &ss.ev.frames
	}
	out, outScope = ss.ev.unfold(x, sc, fr, true)
	return out, outScope, nil
}

// UnfoldFuncApp looks through f[a] for the model checker's successor enumeration, as TLC's
// getNextStates and getInitStates do (OPCODE_fa): when f is a function TLC keeps as an expression
// evaluated point by point (a FcnLambdaValue whose table is not built: a function constructor
// [x \in S |-> e] or a function definition f[x \in S] == e, recursive or not, reached through
// parentheses, definitions, LET and operator arguments, or the value of such a function applied,
// as Adj[n] in Adj[n][m]), TLC checks that a is in S and enumerates e with x bound to a, so each
// way e is satisfied is a successor of its own. It returns e and the scope binding x, or ok false
// when f is anything else (a variable's value, a function built by EXCEPT, ...), which is
// evaluated as a whole.
func (ss *Session) UnfoldFuncApp(x *ast.FuncApp, sc *Scope) (body ast.Expr, inner *Scope, ok bool, err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	body, inner, ok = ss.ev.lazyFuncApp(x, ss.root(sc))
	return body, inner, ok, nil
}

// EnterLet returns the scope of a LET's body, with its definitions bound; zero-arity ones are
// evaluated at most once, by this session. With a Mark outstanding the scope lives in the
// session's arena (see Mark).
func (ss *Session) EnterLet(x *ast.Let, sc *Scope) (out *Scope, err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	if ss.marks == 0 {
		return ss.ev.letScope(x, ss.root(sc)), nil
	}
	return ss.ev.letScopeTo(x, ss.root(sc), &ss.ev.frames.scopes, &ss.ev.frames.thunks), nil
}

// ForEachBinding calls fn with sc extended by each combination of values of the binders of a
// quantifier (in normalized order, tuple binders destructured) until fn returns false or an
// error. Binder sets are evaluated in the session; fn may use the session.
func (ss *Session) ForEachBinding(bounds []*ast.Bound, sc *Scope, fn func(*Scope) (bool, error)) (err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	return ss.ev.forEachBinding(bounds, sc, fn)
}

// Elements evaluates the set x in scope sc and lists its elements in the order a quantifier
// over it takes them (TLC's normalized order).
func (ss *Session) Elements(x ast.Expr, sc *Scope) (elems []value.Value, err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	return ss.ev.enumerate(x, ss.root(sc)), nil
}

// ForEachBindingOver is ForEachBinding with the elements of the bounds' sets given: given[b]
// lists those of bound b's set (Elements), which is then not evaluated. A model checker
// evaluates the constant sets of the \E it splits the next-state relation into actions with
// once, as TLC's Tool.getActions does, rather than in every state it expands.
func (ss *Session) ForEachBindingOver(bounds []*ast.Bound, given map[*ast.Bound][]value.Value, sc *Scope, fn func(*Scope) (bool, error)) (err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	outer := ss.ev.given
	defer func() { ss.ev.given = outer }()
	ss.ev.given = given
	return ss.ev.forEachBinding(bounds, sc, func(b *Scope) (bool, error) {
		// The body's quantifiers evaluate their own sets, even when they are these bounds
		// again (a recursive action), in another scope.
		ss.ev.given = outer
		defer func() { ss.ev.given = given }()
		return fn(b)
	})
}

// Bindings returns sc extended by each combination of values of the binders of a quantifier, in
// the order ForEachBinding visits them, for a caller that needs them all at once: TLC enumerates
// the successors of \A x \in S : A as A for the first x followed by A for each other x as
// further conjuncts. The scopes are allocated and stay valid for ever. A bound that makes a
// random choice without the session's Context.Rand is an error: its value is not the one the
// run will choose (see Context.Rand).
func (ss *Session) Bindings(bounds []*ast.Bound, sc *Scope) (out []*Scope, err error) {
	return ss.bindings(nil, bounds, sc, nil)
}

// AppendBindings is Bindings appending the scopes to out, and binding them in the session's
// arena when a Mark is outstanding: they are then valid until its Release (see Mark). A model
// checker enumerating an \A in every state it expands reuses one slice and allocates no scope.
func (ss *Session) AppendBindings(out []*Scope, bounds []*ast.Bound, sc *Scope) ([]*Scope, error) {
	var fr *stack[Scope]
	if ss.marks > 0 {
		fr = &ss.ev.frames.scopes
	}
	return ss.bindings(out, bounds, sc, fr)
}

func (ss *Session) bindings(out []*Scope, bounds []*ast.Bound, sc *Scope, fr *stack[Scope]) (_ []*Scope, err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	for _, b := range bounds {
		if b.Set == nil {
			fail(b.Pos, "an unbounded quantifier over %s cannot be enumerated; bound it with \\in", joinNames(b.Names))
		}
	}
	unseeded := ss.ev.unseededReads
	sc = ss.root(sc)
	if h := ss.spec.hoistingFor(bounds, sc); h != nil {
		sc = ss.ev.hoistScopes(h, sc) // the frames the quantifier's code expects
	}
	out = ss.ev.bindings(bounds, 0, 0, sc, out, fr)
	if ss.ev.unseededReads != unseeded {
		fail(bounds[0].Pos, "the bounds make a random choice, which needs the model checker's random source")
	}
	return out, nil
}
