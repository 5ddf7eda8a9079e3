package eval

import (
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// FuzzEval evaluates arbitrary expressions: whatever the input, evaluation returns a value or an
// error, never panics (an internal error would mean a recovered runtime panic) and never hangs.
// Run with: go test -fuzz FuzzEval ./harness/tlaplus/eval
func FuzzEval(f *testing.F) {
	for _, seed := range []string{
		`1 + 2 * 3`, `{x \in 1..5 : x % 2 = 0}`, `[a |-> 1, b |-> <<2>>].b[1]`,
		`LET f[n \in Nat] == IF n = 0 THEN 1 ELSE n * f[n - 1] IN f[5]`,
		`CHOOSE s \in SUBSET {1, 2} : Cardinality(s) = 1`, `[<<1, 2>> EXCEPT ![1] = @ + 1]`,
		`\E x \in {1, 2}, <<a, b>> \in {<<1, 2>>} : x = a`, `Seq({1}) \cap Nat`, `2^31`,
		`FoldSet(LAMBDA x, y : x + y, 0, 1..4)`, `(1 :> 2) @@ (3 :> 4)`, `x'`, `ENABLED TRUE`,
		`SubSeq(<<1, 2, 3>>, 2, 5)`, `Permutations(1..3)`, `DOMAIN [x \in 1..2, y \in {3} |-> x]`,
	} {
		f.Add(seed)
	}
	s := defaultSpec(f)
	f.Fuzz(func(t *testing.T, src string) {
		x, err := syntax.ParseExpr("fuzz", src)
		if err != nil {
			return
		}
		_, err = s.NewSession(&Context{}).Eval(x, nil)
		if err != nil && strings.Contains(err.Error(), "internal evaluator error") {
			t.Fatalf("%q: %v", src, err)
		}
	})
}

// FuzzEvalModule loads arbitrary modules and evaluates every definition without arguments, each
// under a deadline: loading and evaluation return errors for bad input, never panic or hang.
// Run with: go test -fuzz FuzzEvalModule ./harness/tlaplus/eval
func FuzzEvalModule(f *testing.F) {
	for _, seed := range []string{
		"---- MODULE A ----\nEXTENDS Naturals\nA == 1 + 2\nB == {A, A + 1}\n====",
		"---- MODULE A ----\nEXTENDS Naturals\nRECURSIVE F(_)\nF(n) == IF n = 0 THEN 0 ELSE F(n - 1)\nX == F(10)\n====",
		"---- MODULE A ----\nEXTENDS Integers\nf[n \\in Int] == IF n <= 0 THEN 0 ELSE f[n - 1] + n\nX == f[4]\n====",
		"---- MODULE A ----\n---- MODULE I ----\nCONSTANT C\nD == <<C, C>>\n====\nJ == INSTANCE I WITH C <- 3\nX == J!D\n====",
		"---- MODULE A ----\nEXTENDS TLC, Sequences\nX == LET s == <<3, 1>> IN SortSeq(s, LAMBDA a, b : a < b)\nY == [x \\in {1} |-> x] @@ (2 :> 3)\n====",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		s, err := LoadSource("A.tla", []byte(src), Options{})
		if err != nil {
			if strings.Contains(err.Error(), "internal evaluator error") {
				t.Fatalf("%q: %v", src, err)
			}
			return
		}
		for _, u := range s.Root.Units {
			d, ok := u.(*ast.OpDef)
			if !ok || len(d.Params) > 0 {
				continue
			}
			done := make(chan struct{})
			timer := time.AfterFunc(200*time.Millisecond, func() { close(done) })
			_, err := s.NewSession(&Context{Done: done}).EvalDef(d.Name)
			timer.Stop()
			if err != nil && strings.Contains(err.Error(), "internal evaluator error") {
				t.Fatalf("%q: %s: %v", src, d.Name, err)
			}
		}
	})
}
