package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/dsref/dsref/harness/tlaplus/stdlib"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// renamedModule is the source of the standard module name renamed to copyName, with the
// modules it instantiates renamed as in renames: a copy holding the definitions only (natives
// are bound to the standard modules' names), evaluated as TLC evaluates a module without a Java
// override. Unlike definitionsModule it keeps the operators' names, so infix operators such as
// (+) are compared too, in a spec of their own.
func renamedModule(t *testing.T, name, copyName string, renames map[string]string) string {
	src, ok := stdlib.Source(name)
	require.True(t, ok, name)
	text := strings.Replace(string(src), "MODULE "+name, "MODULE "+copyName, 1)
	for from, to := range renames {
		text = strings.ReplaceAll(text, "INSTANCE "+from+"\n", "INSTANCE "+to+"\n")
	}
	return text
}

// TestBagsNativesAreTheDefinitions: every native operator of Bags agrees with the module's
// definition (BagsExt's definitions, which use them, too) on random small bags: the same value,
// or both an error. On functions that are not bags TLC's Java override (tlc2.module.Bags) departs
// from the definitions, and so do the natives (TestBagsOnNonBags). SubBag's definition ranges
// over [SB -> Nat \ {0}] and cannot be enumerated; it is compared with the same set bounded by
// the bag's largest count. FoldBag is TLC's override, not the definition (TestFoldBag).
func TestBagsNativesAreTheDefinitions(t *testing.T) {
	const root = "EXTENDS %s, %s, Integers, FiniteSets, TLC\n====\n"
	native, err := LoadSource("T.tla", []byte("---- MODULE T ----\n"+fmt.Sprintf(root, "Bags", "BagsExt")), Options{})
	require.NoError(t, err)
	defsSrc := "---- MODULE T ----\n" + fmt.Sprintf(root, "BagsDefs", "BagsExtDefs") +
		renamedModule(t, "Bags", "BagsDefs", nil) + "\n" +
		renamedModule(t, "BagsExt", "BagsExtDefs", map[string]string{"Bags": "BagsDefs"})
	defs, err := LoadSource("T.tla", []byte(defsSrc), Options{})
	require.NoError(t, err)
	// %[1]s, %[2]s: bags (or, rarely, functions with a count below 1); %[3]d: an element.
	exprs := []string{
		"IsABag(%[1]s)", "BagToSet(%[1]s)", "SetToBag(DOMAIN %[1]s)", "BagIn(%[3]d, %[1]s)", "<<EmptyBag, %[3]d>>",
		"CopiesIn(%[3]d, %[1]s)", "%[1]s (+) %[2]s", "%[1]s (-) %[2]s", "BagUnion({%[1]s, %[2]s})",
		"BagUnion({%[1]s, %[2]s, SetToBag({%[3]d})})", "<<BagUnion({}), %[3]d>>", "%[1]s \\sqsubseteq %[2]s",
		"BagOfAll(LAMBDA x : x %% 2, %[1]s)", "BagOfAll(LAMBDA x : %[3]d, %[1]s)", "BagCardinality(%[1]s)",
		"BagAdd(%[1]s, %[3]d)", "BagRemove(%[1]s, %[3]d)", "BagRemoveAll(%[1]s, %[3]d)",
		"MapThenFoldBag(LAMBDA x, y : x + y, %[3]d, LAMBDA x : x * 10, LAMBDA S : CHOOSE x \\in S : TRUE, %[1]s)",
		"FoldBag(LAMBDA x, y : x + y, %[3]d, %[1]s)", "FoldBag(LAMBDA x, y : x * y, %[3]d, %[1]s)",
		"SumBag(%[1]s)", "ProductBag(%[1]s)",
	}
	// SubBag's definition, its counts bounded by 2 (the largest count drawn), holds of the native.
	subBag := "SubBag(%[1]s) = {SB \\in UNION {[S -> 1..2] : S \\in SUBSET DOMAIN %[1]s} : \\A e \\in DOMAIN SB : SB[e] <= %[1]s[e]}"
	eval := func(s *Spec, expr string) (string, error) {
		x, err := syntax.ParseExpr("test", expr)
		if err != nil {
			return "", err
		}
		v, err := s.NewSession(nil).Eval(x, nil)
		if err != nil {
			return "", err
		}
		return v.String(), nil
	}
	bag := func(t *rapid.T, label string) string {
		var parts []string
		for e := 1; e <= 3; e++ {
			if n := rapid.IntRange(0, 2).Draw(t, fmt.Sprintf("%s%d", label, e)); n > 0 {
				parts = append(parts, fmt.Sprintf("%d :> %d", e, n))
			}
		}
		if len(parts) == 0 {
			return "EmptyBag"
		}
		return "(" + strings.Join(parts, " @@ ") + ")"
	}
	rapid.Check(t, func(rt *rapid.T) {
		a, b := bag(rt, "a"), bag(rt, "b")
		e := rapid.IntRange(0, 4).Draw(rt, "e")
		for _, f := range exprs {
			expr := fmt.Sprintf(f, a, b, e)
			require.NotContains(rt, expr, "%!", f)
			nv, nerr := eval(native, expr)
			dv, derr := eval(defs, expr)
			if (nerr != nil) != (derr != nil) || nv != dv {
				rt.Fatalf("%s: native %q (error %v), definition %q (error %v)", expr, nv, nerr, dv, derr)
			}
		}
		v, err := eval(native, fmt.Sprintf(subBag, a))
		require.NoError(rt, err)
		require.Equal(rt, "TRUE", v, a)
	})
}
