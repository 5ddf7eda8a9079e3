package semantic_test

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/semantic"
)

func ExampleLoad() {
	src := []byte(`---- MODULE Counter ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n' = n + 1
Spec == Init /\ [][Next]_n
====`)
	spec, err := semantic.Load("Counter.tla", src, semantic.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"Init", "Next", "Spec"} {
		fmt.Println(name, spec.Root.Scope[name].Level)
	}

	_, err = semantic.Load("Bad.tla", []byte("---- MODULE Bad ----\nVARIABLE n\nNext == n' = m\n===="), semantic.Options{})
	fmt.Println(err)
	// Output:
	// Init state
	// Next action
	// Spec temporal
	// Bad.tla:3:14: unknown identifier m
}
