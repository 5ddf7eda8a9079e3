package check_test

import (
	"context"
	"fmt"
	"os"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/check"
)

// Check a spec against its TLC configuration and inspect the result. Jumps grows n by 1 or 3 and
// its invariant NotFour fails at 4; breadth-first search finds the shortest counterexample
// 0 -> 1 -> 4 after generating 0, then 1 and 3 from 0, then 2 and 4 from 1.
func ExampleCheck() {
	conf, err := cfg.Parse("Jumps.cfg", "INIT Init\nNEXT Next\nINVARIANT NotFour\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := check.Check(context.Background(), "testdata/corpus/Jumps.tla", conf, check.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Verdict, res.Violated, "exit code", res.ExitCode())
	for _, st := range res.Trace {
		fmt.Printf("%s: %s", st.Action, check.FormatState(st))
	}
	fmt.Println(res.Generated, "generated,", res.Distinct, "distinct")
	// Output:
	// invariant violated NotFour exit code 12
	// Initial predicate: n = 0
	// Plus1: n = 1
	// Plus3: n = 4
	// 5 generated, 5 distinct
}

// The report TLC users expect, for a spec without errors.
func ExampleWriteReport() {
	conf, err := cfg.ParseFile("testdata/corpus/HourClock.cfg")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := check.Check(context.Background(), "testdata/corpus/HourClock.tla", conf, check.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	check.WriteReport(os.Stdout, res)
	// Output:
	// Model checking completed. No error has been found.
	// 24 states generated, 12 distinct states found, 0 states left on queue.
	// The depth of the complete state graph search is 1.
}
