package eval

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/dsref/dsref/harness/tlaplus/stdlib"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// definitionsModule returns the source of the standard module name with each of its definitions
// renamed D_Name and the module renamed, so that it holds the definitions only: natives are bound
// to the standard module's names, so the copy is evaluated as TLC evaluates a module without a
// Java override.
func definitionsModule(t *testing.T, name, copyName string) string {
	src, ok := stdlib.Source(name)
	require.True(t, ok, name)
	text := string(src)
	defs := regexp.MustCompile(`(?m)^([A-Za-z][A-Za-z0-9_]*)(\(.*\))? ==`).FindAllStringSubmatch(text, -1)
	for _, d := range defs {
		text = regexp.MustCompile(`\b`+d[1]+`\b`).ReplaceAllString(text, "D_"+d[1])
	}
	return strings.Replace(text, "MODULE "+name, "MODULE "+copyName, 1)
}

// TestSequencesExtNativesAreTheDefinitions: every native operator of SequencesExt agrees with the
// module's definition, evaluated as TLC evaluates one (without a Java override), on random short
// sequences and indices in and out of range: the same value, or both an error. TLC's overrides
// (FoldLeft, FoldRight, Contains, IsPrefix, SelectInSeq, SelectLastInSeq, Suffixes,
// SetToSeq) agree with the definitions where these are defined.
func TestSequencesExtNativesAreTheDefinitions(t *testing.T) {
	defs := definitionsModule(t, "SequencesExt", "SeqExtDefs")
	s, err := LoadSource("T.tla", []byte("---- MODULE T ----\nEXTENDS SequencesExt, SeqExtDefs\n====\n"+defs), Options{})
	require.NoError(t, err)
	ops := []struct {
		name string
		args string // %[1]s, %[2]s: sequences; %[3]d, %[4]d: integers
	}{
		{"ToSet", "%[1]s"}, {"Reverse", "%[1]s"}, {"Contains", "%[1]s, %[3]d"}, {"Remove", "%[1]s, %[3]d"},
		{"ReplaceAll", "%[1]s, %[3]d, %[4]d"}, {"InsertAt", "%[1]s, %[3]d, %[4]d"}, {"RemoveAt", "%[1]s, %[3]d"},
		{"ReplaceAt", "%[1]s, %[3]d, %[4]d"}, {"Front", "%[1]s"}, {"Last", "%[1]s"}, {"Cons", "%[3]d, %[1]s"},
		{"IsPrefix", "%[1]s, %[2]s"}, {"IsStrictPrefix", "%[1]s, %[2]s"}, {"IsSuffix", "%[1]s, %[2]s"},
		{"IsStrictSuffix", "%[1]s, %[2]s"}, {"Indices", "%[1]s"},
		{"FoldLeft", "LAMBDA a, b : <<a, b>>, %[3]d, %[1]s"}, {"FoldRight", "LAMBDA a, b : <<a, b>>, %[1]s, %[3]d"},
		{"FoldSeq", "+, %[3]d, %[1]s"}, {"Zip", "%[1]s, %[2]s"},
		{"SelectInSeq", "%[1]s, LAMBDA x : x > %[3]d"}, {"SelectLastInSeq", "%[1]s, LAMBDA x : x > %[3]d"},
		{"BoundedSeq", "ToSet(%[1]s), %[3]d"}, {"SeqOf", "ToSet(%[1]s), %[3]d"},
		{"Prefixes", "%[1]s"}, {"Suffixes", "%[1]s"}, {"FlattenSeq", "<<%[1]s, %[2]s>>"},
		{"SetToSortSeq", "ToSet(%[1]s), <"}, {"ReplaceFirstSubSeq", "%[2]s, <<%[3]d>>, %[1]s"},
		{"ReplaceAllSubSeqs", "%[2]s, <<%[3]d>>, %[1]s"},
	}
	seq := func(t *rapid.T, label string) string {
		xs := rapid.SliceOfN(rapid.IntRange(0, 3), 0, 3).Draw(t, label)
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = fmt.Sprint(x)
		}
		return "<<" + strings.Join(parts, ", ") + ">>"
	}
	eval := func(expr string) (string, error) {
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
	rapid.Check(t, func(rt *rapid.T) {
		a, b := seq(rt, "a"), seq(rt, "b")
		i, j := rapid.IntRange(-1, 4).Draw(rt, "i"), rapid.IntRange(-1, 4).Draw(rt, "j")
		for _, op := range ops {
			args := fmt.Sprintf(op.args, a, b, i, j)
			require.NotContains(rt, args, "%!", op.name)
			native, nerr := eval(op.name + "(" + args + ")")
			def, derr := eval("D_" + op.name + "(" + args + ")")
			if (nerr != nil) != (derr != nil) || native != def {
				rt.Fatalf("%s(%s): native %q (error %v), definition %q (error %v)", op.name, args, native, nerr, def, derr)
			}
		}
		// SetToSeq chooses an order: any sequence of the set's elements, each once.
		got, err := eval(fmt.Sprintf("LET q == SetToSeq(ToSet(%[1]s)) IN ToSet(q) = ToSet(%[1]s) /\\ Len(q) = Cardinality(ToSet(%[1]s))", a))
		require.NoError(rt, err)
		require.Equal(rt, "TRUE", got)
	})
}

// TestSetsAndFunctionsNativesAreTheDefinitions is TestSequencesExtNativesAreTheDefinitions for
// the natives of FiniteSetsExt, Functions and Folds, on random small sets and sequences (as
// functions) and numbers: the same value as the module's definition, or both an error.
func TestSetsAndFunctionsNativesAreTheDefinitions(t *testing.T) {
	defs := definitionsModule(t, "FiniteSetsExt", "SetsExtDefs") + "\n" + definitionsModule(t, "Functions", "FunctionsDefs") +
		"\n" + definitionsModule(t, "Folds", "FoldsDefs")
	s, err := LoadSource("T.tla", []byte("---- MODULE T ----\nEXTENDS FiniteSetsExt, Functions, Folds, Integers, SetsExtDefs, FunctionsDefs, FoldsDefs\n====\n"+defs), Options{})
	require.NoError(t, err)
	ops := []struct {
		name string
		args string // %[1]s, %[2]s: sets; %[3]s, %[4]s: sequences; %[5]d: an integer
	}{
		{"SumSet", "%[1]s"}, {"ProductSet", "%[1]s"}, {"FlattenSet", "{%[1]s, %[2]s}"}, {"SymDiff", "%[1]s, %[2]s"},
		{"kSubset", "%[5]d, %[1]s"}, {"Ksubsets", "%[1]s, %[5]d"}, {"Max", "%[1]s"}, {"Min", "%[1]s"},
		{"Quantify", "%[1]s, LAMBDA x : x > %[5]d"}, {"ChooseUnique", "%[1]s, LAMBDA x : x >= %[5]d"},
		{"FoldSet", "+, %[5]d, %[1]s"}, {"MapThenFoldSet", "+, %[5]d, LAMBDA x : x * x, LAMBDA S : Max(S), %[1]s"},
		{"Restrict", "%[3]s, %[1]s"}, {"RestrictDomain", "%[3]s, LAMBDA x : x > %[5]d"},
		{"RestrictValues", "%[3]s, LAMBDA y : y > %[5]d"}, {"IsRestriction", "%[3]s, %[4]s"}, {"Range", "%[3]s"},
		{"Inverse", "%[3]s, %[1]s, %[2]s"}, {"AntiFunction", "%[3]s"}, {"IsInjective", "%[3]s"},
		{"IsSurjective", "%[3]s, %[1]s, %[2]s"}, {"IsBijection", "%[3]s, %[1]s, %[2]s"},
		{"Injection", "%[1]s, %[2]s"}, {"Surjection", "%[1]s, %[2]s"}, {"Bijection", "%[1]s, %[2]s"},
		{"ExistsInjection", "%[1]s, %[2]s"}, {"ExistsSurjection", "%[1]s, %[2]s"}, {"ExistsBijection", "%[1]s, %[2]s"},
		{"FoldFunction", "+, %[5]d, %[3]s"}, {"FoldFunctionOnSet", "+, %[5]d, %[3]s, %[1]s"},
		{"Pointwise", "%[3]s, %[4]s, +"},
	}
	list := func(t *rapid.T, label string, max int, open, close string) string {
		xs := rapid.SliceOfN(rapid.IntRange(0, 3), 0, max).Draw(t, label)
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = fmt.Sprint(x)
		}
		return open + strings.Join(parts, ", ") + close
	}
	eval := func(expr string) (string, error) {
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
	rapid.Check(t, func(rt *rapid.T) {
		a, b := list(rt, "a", 3, "{", "}"), list(rt, "b", 3, "{", "}")
		f, g := list(rt, "f", 3, "<<", ">>"), list(rt, "g", 3, "<<", ">>")
		k := rapid.IntRange(-1, 3).Draw(rt, "k")
		for _, op := range ops {
			args := fmt.Sprintf(op.args, a, b, f, g, k)
			require.NotContains(rt, args, "%!", op.name)
			native, nerr := eval(op.name + "(" + args + ")")
			def, derr := eval("D_" + op.name + "(" + args + ")")
			if (nerr != nil) != (derr != nil) || native != def {
				rt.Fatalf("%s(%s): native %q (error %v), definition %q (error %v)", op.name, args, native, nerr, def, derr)
			}
		}
	})
}
