package eval_test

import (
	"fmt"

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
	squares, _ := spec.EvalDef("Squares", nil)
	largest, _ := spec.EvalDef("Largest", nil)
	fmt.Println(squares, largest)
	_, err = spec.EvalString("Largest \\div 0", nil)
	fmt.Println(err)
	// Output:
	// {1, 4, 9, 16} 16
	// <expr>:1:1: \div: division by zero in 16 \div 0
}

// Evaluate an action against a state and a next state, as a model checker does.
func ExampleSpec_EvalBool() {
	src := `---- MODULE Counter ----
EXTENDS Naturals
VARIABLE x
Next == x' = x + 1
====`
	spec, _ := eval.LoadSource("Counter.tla", []byte(src), eval.Options{})
	next, _ := spec.Definition("Next")
	for _, n := range []int64{3, 4} {
		ok, _ := spec.EvalBool(next.Body(), nil, &eval.Context{
			State: []value.Value{value.Int(3)},
			Next:  []value.Value{value.Int(n)},
		})
		fmt.Printf("x = 3, x' = %d: %v\n", n, ok)
	}
	// Output:
	// x = 3, x' = 3: false
	// x = 3, x' = 4: true
}
