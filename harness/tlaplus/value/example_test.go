package value_test

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Sets are normalized: sorted in TLC's order (sets by size first) without duplicates. Values TLC
// does not order with each other, such as an integer and a string, make no set.
func ExampleNewSet() {
	s, _ := value.NewSet(value.MustSet(value.Int(1), value.Int(2)), value.MustSet(value.Int(3)), value.MustSet(value.Int(2)), value.MustSet(value.Int(3)))
	fmt.Println(s)
	_, err := value.NewSet(value.Int(2), value.Str("a"))
	fmt.Println(err)
	// Output:
	// {{2}, {3}, {1, 2}}
	// Attempted to compare string "a" with non-string:
	// 2
}

// A record equals the function with the same string domain, and both have one fingerprint.
func ExampleFingerprint() {
	rec, _ := value.NewRecord([]string{"b", "a"}, []value.Value{value.Int(2), value.Int(1)})
	fn, _ := value.NewFunc([]value.Value{value.Str("a"), value.Str("b")}, []value.Value{value.Int(1), value.Int(2)})
	eq, _ := value.Equal(rec, fn)
	f1, _ := value.Fingerprint(rec)
	f2, _ := value.Fingerprint(fn)
	fmt.Println(rec, eq, f1 == f2)
	// Output: [a |-> 1, b |-> 2] true true
}

// Lazy sets answer membership without being enumerated; enumerating an infinite one is an error.
func ExampleSubset() {
	s := value.Subset(value.Nat)
	in, _ := s.Contains(value.MustSet(value.Int(0), value.Int(7)))
	_, err := s.Enumerate()
	fmt.Println(in, err)
	// Output: true cannot enumerate an infinite set SUBSET Nat
}
