package syntax_test

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

func ExampleParseModule() {
	src := []byte(`---- MODULE Counter ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == /\ n < 3
        /\ n' = n + 1
====`)
	m, err := syntax.ParseModule("Counter.tla", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range m.Units {
		if d, ok := u.(*ast.OpDef); ok {
			fmt.Printf("%s at %s: %T\n", d.Name, d.Pos, d.Body)
		}
	}
	// Output:
	// Init at Counter.tla:4:1: *ast.InfixExpr
	// Next at Counter.tla:5:1: *ast.Junction
}

func ExampleParseExpr() {
	x, err := syntax.ParseExpr("expr", `\A x \in S : x ∈ T ⇒ x' = x + 1`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(syntax.PrintExpr(x))

	_, err = syntax.ParseExpr("expr", "a = b = c")
	fmt.Println(err)
	// Output:
	// \A x \in S : x \in T => x' = x + 1
	// expr:1:7: operator = cannot follow = without parentheses: their precedence ranges 5-5 and 5-5 overlap
}

func ExamplePrint() {
	m, err := syntax.ParseModule("M.tla", []byte("---- MODULE M ----\nInv == \\/ x = 1 \\/ y = 2\n===="))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(syntax.Print(m))
	// Output:
	// ---- MODULE M ----
	// Inv ==
	//     \/ x = 1 \/ y = 2
	// ====
}
