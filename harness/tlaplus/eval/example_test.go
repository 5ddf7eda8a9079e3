package eval_test

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Load a module with a constant fixed as a configuration would, and evaluate definitions.
func ExampleLoadSource() {
	src := `---- MODULE Squares ----
EXTENDS Naturals
CONSTANT N
Squares == {i * i : i \in 1..N}
Largest == CHOOSE s \in Squares : \A t \in Squares : t <= s
====`
	spec, err := eval.LoadSource("Squares.tla", []byte(src), eval.Options{
		Constants: []eval.Constant{{Name: "N", Value: value.Int(4)}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ss := spec.NewSession(nil) // constant expressions: no state
	defer ss.Close()
	squares, _ := ss.EvalDef("Squares")
	largest, _ := ss.EvalDef("Largest")
	fmt.Println(squares, largest)
	_, err = ss.EvalString("Largest \\div 0")
	fmt.Println(err)
	// Output:
	// {1, 4, 9, 16} 16
	// <expr>:1:1: The second argument of \div is 0.
}

// Evaluate an action against a state and a next state, as a model checker does: one session per
// state, reset when the state changes.
func ExampleSession_EvalBool() {
	src := `---- MODULE Counter ----
EXTENDS Naturals
VARIABLE x
Next == x' = x + 1
====`
	spec, _ := eval.LoadSource("Counter.tla", []byte(src), eval.Options{})
	next, _ := spec.Definition("Next")
	ctx := &eval.Context{State: []value.Value{value.Int(3)}}
	ss := spec.NewSession(ctx)
	defer ss.Close()
	for _, n := range []int64{3, 4} {
		ctx.Next = []value.Value{value.Int(n)} // the next state may change within a session
		ok, _ := ss.EvalBool(next.Body(), nil)
		fmt.Printf("x = 3, x' = %d: %v\n", n, ok)
	}
	// Output:
	// x = 3, x' = 3: false
	// x = 3, x' = 4: true
}

// Walk an action the way a successor enumerator does: unfold definitions, split the disjunction,
// and recognise the primed variable an equation assigns. The scopes unfolded after a Mark live in
// the session's arena until its Release.
func ExampleSession_Unfold() {
	src := `---- MODULE Walk ----
EXTENDS Naturals
VARIABLE x
Set(v, n) == v' = n
Next == Set(x, x + 1) \/ Set(x, 0)
====`
	spec, _ := eval.LoadSource("Walk.tla", []byte(src), eval.Options{})
	ss := spec.NewSession(&eval.Context{State: []value.Value{value.Int(41)}})
	defer ss.Close()
	mark := ss.Mark()
	defer ss.Release(mark)
	next, sc, _ := ss.Unfold(&ast.Ident{Name: "Next"}, nil)
	or := next.(*ast.InfixExpr)
	for _, branch := range []ast.Expr{or.L, or.R} {
		eq, bsc, _ := ss.Unfold(branch, sc)
		assign := eq.(*ast.InfixExpr)
		ix, _ := spec.PrimedVariable(assign.L, bsc)
		v, _ := ss.Eval(assign.R, bsc)
		fmt.Printf("%s' = %s\n", spec.Variables[ix], v)
	}
	// Output:
	// x' = 42
	// x' = 0
}
