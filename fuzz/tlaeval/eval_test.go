package tlaeval

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

const module = `---- MODULE Diff ----
EXTENDS Integers, Sequences, FiniteSets, TLC
====`

var (
	specOnce sync.Once
	spec     *eval.Spec
	specErr  error
)

func loadSpec(t testing.TB) *eval.Spec {
	specOnce.Do(func() { spec, specErr = eval.LoadSource("Diff.tla", []byte(module), eval.Options{}) })
	if specErr != nil {
		t.Fatal(specErr)
	}
	return spec
}

// check evaluates the expression built from input with the evaluator and compares with the Go
// reference; it describes a disagreement, or returns "".
func check(s *eval.Spec, input []byte) string {
	g := &gen{in: input}
	e := g.expr(kind(g.pick(5)), 1+g.pick(4))
	if e.out == unspecified {
		return ""
	}
	ss := s.NewSession(nil)
	defer ss.Close()
	got, err := ss.EvalString(e.src)
	if e.out == failure {
		if err == nil {
			return fmt.Sprintf("%s\nthe evaluator gives %v; the Go reference fails (the operator is undefined there)", e.src, got)
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("%s\nthe evaluator fails: %v\nthe Go reference gives %s", e.src, err, lit(e.k, e.v))
	}
	want := lit(e.k, e.v)
	same, err := ss.EvalString("(" + e.src + ") = " + want)
	if err != nil || same != value.Bool(true) {
		return fmt.Sprintf("%s\nthe evaluator gives %v; the Go reference gives %s (comparing: %v, %v)", e.src, got, want, same, err)
	}
	return ""
}

// FuzzEvalMatchesGo evaluates expressions over integers, sets, sequences and functions built
// from the input, and requires the evaluator to agree with the Go reference: the same value, or
// an error where the operator is undefined.
func FuzzEvalMatchesGo(f *testing.F) {
	for _, seed := range []string{"", "\x01\x02", "\x02\x03\x02\x05\x01\x06", "\x00\x03\x05\x06\x0a\x00",
		"\x03\x03\x03\x02\x00\x04", "\x04\x03\x01\x03\x02\x08\x09", "\x01\x02\x08\x02\x05\x07\x00\x0b",
		"\x02\x03\x0d\x04\x02\x01\x01", "\x00\x03\x04\x01\x07\x01\x0b"} {
		f.Add([]byte(seed))
	}
	s := loadSpec(f)
	f.Fuzz(func(t *testing.T, input []byte) {
		if d := check(s, input); d != "" {
			t.Fatal(d)
		}
	})
}

// randomInputs are n pseudo-random fuzz inputs.
func randomInputs(n int) [][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([][]byte, n)
	for k := range out {
		out[k] = make([]byte, rng.IntN(64))
		for i := range out[k] {
			out[k][i] = byte(rng.IntN(256))
		}
	}
	return out
}

// TestEvalMatchesGo runs the fuzz target's check on 3,000 pseudo-random inputs.
func TestEvalMatchesGo(t *testing.T) {
	s := loadSpec(t)
	for _, input := range randomInputs(3000) {
		if d := check(s, input); d != "" {
			t.Fatal(d)
		}
	}
}

// TestCheckCatchesAPlantedDifference plants a difference between the two sides, % truncating
// towards zero as Go's does instead of TLA+'s floor, and requires the check to catch it.
func TestCheckCatchesAPlantedDifference(t *testing.T) {
	s := loadSpec(t)
	defer func(m func(a, b int64) int64) { modulo = m }(modulo)
	modulo = func(a, b int64) int64 { return a % b }
	for _, input := range randomInputs(3000) {
		if d := check(s, input); d != "" {
			t.Logf("caught:\n%s", d)
			return
		}
	}
	t.Fatal("a truncating % went unnoticed in 3,000 expressions")
}

// TestReferenceMatchesHandWorkedValues pins the reference itself to values worked out by hand,
// so that agreement with the evaluator means something.
func TestReferenceMatchesHandWorkedValues(t *testing.T) {
	if floorDiv(-7, 2) != -4 || floorMod(-7, 2) != 1 || floorDiv(7, 2) != 3 || floorMod(7, 3) != 1 {
		t.Fatal("floor division")
	}
	if _, over := add(1<<30, 1<<30); !over {
		t.Fatal("2^30 + 2^30 does not overflow")
	}
	if _, over := mul(-1, -1<<31); !over {
		t.Fatal("-1 * -2^31 does not overflow")
	}
	if _, over := sub(-1<<31, 1); !over {
		t.Fatal("-2^31 - 1 does not overflow")
	}
	if p, over := pow(3, 4); over || p != 81 {
		t.Fatal("3^4")
	}
	v := val{fn: map[int64]int64{2: 5, 1: -3}}
	if got := lit(kFn, v); got != "(1 :> (-3) @@ 2 :> 5)" {
		t.Fatalf("function literal %s", got)
	}
	if got := strings.Join([]string{lit(kSet, val{elems: setOf(3, 1, 3)}), lit(kSeq, val{elems: []int64{3, 1, 3}})}, " "); got != "{1, 3} <<3, 1, 3>>" {
		t.Fatalf("literals %s", got)
	}
}
