package ast_test

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// ExampleInspect lists the primed variables of an action,
// x' = x + 1 /\ y' = y.
func ExampleInspect() {
	prime := func(name string) ast.Expr {
		return &ast.PostfixExpr{Op: "'", X: &ast.Ident{Name: name}}
	}
	action := &ast.InfixExpr{Op: `/\`,
		L: &ast.InfixExpr{Op: "=", L: prime("x"), R: &ast.InfixExpr{Op: "+", L: &ast.Ident{Name: "x"}, R: &ast.Num{Value: "1"}}},
		R: &ast.InfixExpr{Op: "=", L: prime("y"), R: &ast.Ident{Name: "y"}},
	}
	ast.Inspect(action, func(n ast.Node) bool {
		if p, ok := n.(*ast.PostfixExpr); ok && p.Op == "'" {
			fmt.Println(p.X.(*ast.Ident).Name)
			return false
		}
		return true
	})
	// Output:
	// x
	// y
}
