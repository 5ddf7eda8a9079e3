package trace

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// The evaluator entry points the validator uses beyond check.Stepper, in one place.

func evalDef(spec *eval.Spec, name string) (value.Value, error) {
	return spec.NewSession(nil).EvalDef(name)
}

func unfold(spec *eval.Spec, x ast.Expr, sc *eval.Scope, state []value.Value) (ast.Expr, *eval.Scope, error) {
	return spec.NewSession(&eval.Context{State: state}).Unfold(x, sc)
}

func enterLet(spec *eval.Spec, x *ast.Let, sc *eval.Scope) (*eval.Scope, error) {
	return spec.NewSession(nil).EnterLet(x, sc)
}
