package check

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// evalOnce evaluates x in a session of its own, for the checker's one-off evaluations (the
// SYMMETRY set, assumptions, the postcondition, an ALIAS).
func evalOnce(spec *eval.Spec, x ast.Expr, sc *eval.Scope, ctx *eval.Context) (value.Value, error) {
	ss := spec.NewSession(ctx)
	defer ss.Close()
	return ss.Eval(x, sc)
}

// expandOp replaces an application of a user-defined operator (or an operator parameter) by the
// body it stands for, binding its parameters in session ss (in its arena if a Mark is
// outstanding, see eval.Session.Mark). ok is false when x is not such an application (a
// variable, a constant, a built-in or native operator). name is the operator's name, used to
// name actions. With one it expands one definition only (eval.Session.UnfoldDefinition), for the
// splitting of the next-state relation into actions, which names them after the last definition
// on the way.
func expandOp(spec *eval.Spec, ss *eval.Session, x ast.Expr, sc *eval.Scope, one bool) (name string, body ast.Expr, inner *eval.Scope, ok bool, err error) {
	unfold := ss.Unfold
	if one {
		unfold = ss.UnfoldDefinition
	}
	out, outSc, err := unfold(x, sc)
	if err != nil {
		return "", nil, nil, false, err
	}
	if out == x {
		return "", nil, nil, false, nil
	}
	switch y := x.(type) {
	case *ast.Ident:
		name = y.Name
	case *ast.OpApp:
		name = y.Name
	case *ast.Subexpr:
		name = y.Base.Name
	}
	// Name the action after the innermost definition, as TLC does: with Next == Inc, a step of
	// Inc is reported as Inc. Unfold went through all of them at once; follow the chain of
	// zero-arity root definitions whose body is just another name.
	for hops := 0; hops < 100 && sc == spec.RootScope(); hops++ {
		op, found := spec.Definition(name)
		if !found || op.Arity() != 0 || op.Body() == nil {
			break
		}
		id, isIdent := ast.Unparen(op.Body()).(*ast.Ident)
		if !isIdent {
			break
		}
		if inner, found := spec.Definition(id.Name); !found || inner.Body() == nil {
			break
		}
		name = id.Name
	}
	return name, out, outSc, true, nil
}

func defined(spec *eval.Spec, name string) bool {
	_, ok := spec.Definition(name)
	return ok
}
