package eval

import (
	"strings"
	"testing"

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
		_, err = s.Eval(x, nil, &Context{})
		if err != nil && strings.Contains(err.Error(), "internal evaluator error") {
			t.Fatalf("%q: %v", src, err)
		}
	})
}
