// Package tlaeval checks dsref's TLA+ evaluator against Go: expressions over integers, sets of
// integers, sequences and functions are generated from fuzz input together with their value as
// a direct Go implementation of the operators (Integers, FiniteSets, Sequences, TLC's :> and @@)
// computes it, and the evaluator must agree: the same value where the operator is defined, an
// error where it is not (division by zero, an integer overflow, Head of <<>>, an index outside a
// sequence, a function applied outside its domain, and, as in TLC, an integer outside
// -2^31..2^31-1). Where TLA+ leaves an operator unspecified
// (\div by a negative number, 0^0, EXCEPT outside a function's domain), no claim is made.
//
// FuzzEvalMatchesGo is the fuzz target (go run ./fuzz runs it with the others);
// TestEvalMatchesGo runs a few thousand expressions in go test.
package tlaeval

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// kind is the type of a generated expression.
type kind int

const (
	kInt kind = iota
	kBool
	kSet // a finite set of integers
	kSeq // a sequence of integers
	kFn  // a function from integers to integers
)

// val is a TLA+ value as the Go reference computes it.
type val struct {
	i     int64
	b     bool
	elems []int64         // set (sorted, distinct) or sequence
	fn    map[int64]int64 // function
}

// outcome is what the reference says of an expression: a value, an error, or nothing (the
// operator is unspecified there).
type outcome int

const (
	defined outcome = iota
	failure
	unspecified
)

// expr is a generated expression: its TLA+ source and what the reference computes for it.
type expr struct {
	src string
	k   kind
	v   val
	out outcome
}

func fail(k kind) expr                 { return expr{k: k, out: failure} }
func unspec(k kind) expr               { return expr{k: k, out: unspecified} }
func intExpr(src string, i int64) expr { return expr{src: src, k: kInt, v: val{i: i}} }

// worst combines the outcomes of subexpressions that are all evaluated: any failure fails, any
// unspecified part leaves the whole unspecified.
func worst(es ...expr) outcome {
	o := defined
	for _, e := range es {
		if e.out > o {
			o = e.out
		}
	}
	if o == unspecified {
		return unspecified
	}
	for _, e := range es {
		if e.out == failure {
			return failure
		}
	}
	return o
}

// Checked integer arithmetic. TLA+ integers are unbounded; TLC's, and the evaluator's, are the
// 32-bit integers -2^31..2^31-1, and a result outside them must be an error, never wrap. The
// reference holds every value in that range, so sums and products of two fit in an int64.
func inRange(x int64) bool { return x >= math.MinInt32 && x <= math.MaxInt32 }

func add(a, b int64) (int64, bool) { return a + b, !inRange(a + b) }

func sub(a, b int64) (int64, bool) { return a - b, !inRange(a - b) }

func mul(a, b int64) (int64, bool) { return a * b, !inRange(a * b) }

// floorDiv and floorMod are Integers' \div and % for a positive divisor.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// modulo is %, a variable so that a test can plant a wrong one.
var modulo = floorMod

func floorMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

func pow(a, b int64) (int64, bool) {
	r := int64(1)
	for range b {
		var over bool
		if r, over = mul(r, a); over {
			return 0, true
		}
	}
	return r, false
}

func setOf(xs ...int64) []int64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return slices.Compact(s)
}

// lit renders a reference value as a TLA+ literal expression.
func lit(k kind, v val) string {
	switch k {
	case kInt:
		return intLit(v.i)
	case kBool:
		if v.b {
			return "TRUE"
		}
		return "FALSE"
	case kSet, kSeq:
		parts := make([]string, len(v.elems))
		for i, x := range v.elems {
			parts[i] = intLit(x)
		}
		if k == kSet {
			return "{" + strings.Join(parts, ", ") + "}"
		}
		return "<<" + strings.Join(parts, ", ") + ">>"
	}
	if len(v.fn) == 0 {
		return "<<>>"
	}
	keys := make([]int64, 0, len(v.fn))
	for x := range v.fn {
		keys = append(keys, x)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, x := range keys {
		parts[i] = intLit(x) + " :> " + intLit(v.fn[x])
	}
	return "(" + strings.Join(parts, " @@ ") + ")"
}

func intLit(i int64) string {
	switch {
	case i == math.MinInt32:
		return "(-2147483647 - 1)" // the literal 2147483648 is out of range
	case i < 0:
		return "(" + strconv.FormatInt(i, 10) + ")"
	}
	return strconv.FormatInt(i, 10)
}

func (e expr) String() string {
	switch e.out {
	case failure:
		return fmt.Sprintf("%s (an error)", e.src)
	case unspecified:
		return fmt.Sprintf("%s (unspecified)", e.src)
	}
	return fmt.Sprintf("%s = %s", e.src, lit(e.k, e.v))
}
