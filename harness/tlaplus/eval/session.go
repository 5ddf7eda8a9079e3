package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Session evaluates several expressions against one state, sharing what evaluation caches:
// arguments and state-dependent definitions such as votes == [a \in Acceptor |-> ...] are
// computed once for all the invariants checked in that state. ctx.State must not change during
// the session; ctx.Next may (values read from it are never cached). A Session is not safe for
// concurrent use.
type Session struct {
	spec *Spec
	ev   *evaluator
}

// Session starts a session on ctx.
func (s *Spec) Session(ctx *Context) *Session {
	return &Session{spec: s, ev: s.newEvaluator(ctx)}
}

// Eval is Spec.Eval within the session.
func (ss *Session) Eval(x ast.Expr, sc *Scope) (v value.Value, err error) {
	defer ss.reset()
	defer recoverInto(&err)
	if sc == nil {
		sc = ss.spec.root.root
	}
	return ss.ev.eval(x, sc), nil
}

// EvalBool is Spec.EvalBool within the session.
func (ss *Session) EvalBool(x ast.Expr, sc *Scope) (b bool, err error) {
	defer ss.reset()
	defer recoverInto(&err)
	if sc == nil {
		sc = ss.spec.root.root
	}
	return ss.ev.boolean(x, sc), nil
}

// Close ends the session; it must not be used afterwards.
func (ss *Session) Close() {
	if ss.ev != nil {
		ss.spec.release(ss.ev)
		ss.ev = nil
	}
}

// reset restores the per-call state an aborted evaluation may leave behind.
func (ss *Session) reset() {
	ss.ev.primed = false
	ss.ev.depth = 0
}
