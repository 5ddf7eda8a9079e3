package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Session evaluates several expressions against one state, sharing what evaluation caches:
// arguments and state-dependent definitions such as votes == [a \in Acceptor |-> ...] are
// computed once for all the invariants checked in that state, and a model checker enumerating a
// state's successors evaluates its guards, expands its definitions and binds its quantifiers in
// one evaluator instead of taking one per call. ctx.State must not change during the session;
// ctx.Next may (values read from it are never cached). The methods may be called from within
// the callback of ForEachBinding. A Session is not safe for concurrent use.
type Session struct {
	spec *Spec
	ev   *evaluator
}

// Session starts a session on ctx.
func (s *Spec) Session(ctx *Context) *Session {
	return &Session{spec: s, ev: s.newEvaluator(ctx)}
}

// Restart ends the session's evaluation and starts another on ctx, as Close followed by
// Spec.Session would, but keeps the session and its evaluator: a model checker expanding a
// simple spec's million states allocated a session for each.
func (ss *Session) Restart(ctx *Context) {
	if ss.ev == nil {
		ss.ev = ss.spec.newEvaluator(ctx)
		return
	}
	ss.ev.reset()
	ss.ev.start(ctx)
}

// Eval is Spec.Eval within the session.
func (ss *Session) Eval(x ast.Expr, sc *Scope) (v value.Value, err error) {
	defer ss.restore(ss.ev.primed, ss.ev.depth)
	defer recoverInto(&err)
	if sc == nil {
		sc = ss.spec.root.root
	}
	return ss.ev.eval(x, sc), nil
}

// EvalBool is Spec.EvalBool within the session.
func (ss *Session) EvalBool(x ast.Expr, sc *Scope) (b bool, err error) {
	defer ss.restore(ss.ev.primed, ss.ev.depth)
	defer recoverInto(&err)
	if sc == nil {
		sc = ss.spec.root.root
	}
	return ss.ev.boolean(x, sc), nil
}

// UnfoldOn is Spec.UnfoldOn within the session. The arguments it binds are the session's, which
// caches their values like those of the applications it evaluates.
func (ss *Session) UnfoldOn(x ast.Expr, sc *Scope, fr *Frames) (out ast.Expr, outScope *Scope, err error) {
	defer ss.restore(ss.ev.primed, ss.ev.depth)
	defer recoverInto(&err)
	out, outScope = ss.ev.unfold(x, sc, fr)
	return out, outScope, nil
}

// ForEachBinding is Spec.ForEachBinding within the session. fn may use the session.
func (ss *Session) ForEachBinding(bounds []*ast.Bound, sc *Scope, fn func(*Scope) (bool, error)) (err error) {
	defer ss.restore(ss.ev.primed, ss.ev.depth)
	defer recoverInto(&err)
	return ss.ev.forEachBinding(bounds, sc, fn)
}

// EnterLetOn is Spec.EnterLet within the session, binding the zero-arity definitions in frames
// taken from fr (nil allocates them), as UnfoldOn does. Their values are cached by the session.
func (ss *Session) EnterLetOn(x *ast.Let, sc *Scope, fr *Frames) (out *Scope, err error) {
	defer ss.restore(ss.ev.primed, ss.ev.depth)
	defer recoverInto(&err)
	if sc == nil {
		sc = ss.spec.root.root
	}
	if fr == nil {
		return ss.ev.letScope(x, sc), nil
	}
	return ss.ev.letScopeTo(x, sc, &fr.scopes, &fr.thunks), nil
}

// Variable is Spec.Variable within the session.
func (ss *Session) Variable(x ast.Expr, sc *Scope) (int, bool) {
	return ss.ev.variable(x, sc)
}

// PrimedVariable is Spec.PrimedVariable within the session.
func (ss *Session) PrimedVariable(x ast.Expr, sc *Scope) (int, bool) {
	return ss.ev.primedVariable(x, sc)
}

// Close ends the session; it must not be used afterwards.
func (ss *Session) Close() {
	if ss.ev != nil {
		ss.spec.release(ss.ev)
		ss.ev = nil
	}
}

// restore puts back the per-call state an evaluation that was aborted midway leaves behind; a
// call made from within ForEachBinding's callback returns to its caller's.
func (ss *Session) restore(primed bool, depth int) {
	ss.ev.primed = primed
	ss.ev.depth = depth
}
