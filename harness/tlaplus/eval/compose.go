package eval

import "github.com/dsref/dsref/harness/tlaplus/ast"

// compose decides the action composition A \cdot B on the current step through Context.Compose,
// which a model checker provides: deciding it needs A's successors of the current state.
func (ev *evaluator) compose(x *ast.InfixExpr, sc *Scope) bool {
	if ev.ctx.Compose == nil {
		fail(x.Pos, "action composition \\cdot can only be evaluated by the model checker")
	}
	if ev.primed {
		fail(x.Pos, "level error: action composition \\cdot under a prime")
	}
	if ev.ctx.State == nil || ev.ctx.Next == nil {
		fail(x.Pos, "action composition \\cdot evaluated outside a step")
	}
	ev.stateReads++
	ok, err := ev.ctx.Compose(x.L, x.R, sc, ev.ctx.State, ev.ctx.Next)
	check(x.Pos, err)
	return ok
}
