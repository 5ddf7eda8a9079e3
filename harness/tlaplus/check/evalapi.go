package check

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// The few evaluator entry points the checker uses, in one place.

func evalExpr(spec *eval.Spec, x ast.Expr, sc *eval.Scope, ctx *eval.Context) (value.Value, error) {
	return spec.Eval(x, sc, ctx)
}

// expandOp replaces an application of a user-defined operator (or an operator parameter) by the
// body it stands for. ok is false when x is not such an application (a variable, a constant, a
// built-in or native operator). name is the operator's name, used to name actions.
// Parameters are bound in frames taken from fr if it is not nil (see eval.Frames), by session ss
// if it is not nil.
func expandOp(spec *eval.Spec, ss *eval.Session, x ast.Expr, sc *eval.Scope, fr *eval.Frames) (name string, body ast.Expr, inner *eval.Scope, ok bool, err error) {
	var out ast.Expr
	var outSc *eval.Scope
	if ss != nil {
		out, outSc, err = ss.UnfoldOn(x, sc, fr)
	} else {
		out, outSc, err = spec.UnfoldOn(x, sc, nil, fr)
	}
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

// letScope returns the scope of a LET's body; with a session, its definitions are bound in frames
// taken from fr (see eval.Frames).
func letScope(spec *eval.Spec, ss *eval.Session, x *ast.Let, sc *eval.Scope, fr *eval.Frames) (*eval.Scope, error) {
	if ss != nil {
		return ss.EnterLetOn(x, sc, fr)
	}
	return spec.EnterLet(x, sc)
}

func rootScope(spec *eval.Spec) *eval.Scope { return spec.RootScope() }

func defined(spec *eval.Spec, name string) bool {
	_, ok := spec.Definition(name)
	return ok
}
