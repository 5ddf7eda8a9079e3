package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/stretchr/testify/require"
)

// TestJavaMethodErrorWrapped reproduces TLC's tests Github179a, Github179b and Github179c (their
// modules, from tlaplus/tlaplus test-model): sillyExpr is a set filter whose predicate compares
// 1 with Max(s) = {1}, and it reaches PrintT or Print as a value (in a tuple, or as itself). TLC
// passes the filter to the Java method unevaluated (a SetPredValue) and evaluates the predicate
// when the method prints the set, so the error is raised inside the method and reported as
// EC.TLC_MODULE_VALUE_JAVA_METHOD_OVERRIDE with the method's signature (MethodValue.eval); the
// tests expect exactly these two parameters. This engine reported the inner error alone.
// Github179a fails in an ASSUME (exit 10 here, TLC's VIOLATION_ASSUMPTION), b in the initial
// predicate, c in the next-state relation. Cardinality enumerates a filter in its method too. A predicate's error that TLC raises outside the
// method (the filter is a quantifier's bound, enumerated before PrintT is called) or raises as
// an EvalException (Len's argument error, which MethodValue passes unwrapped) stays unwrapped.
func TestJavaMethodErrorWrapped(t *testing.T) {
	const inner = "Attempted to check equality of integer 1 with non-integer:\n{1}"
	printT := "public static tlc2.value.impl.Value tlc2.module.TLC.PrintT(tlc2.value.impl.Value)"
	print := "public static tlc2.value.impl.Value tlc2.module.TLC.Print(tlc2.value.impl.Value,tlc2.value.impl.Value)"
	wrapped := func(method, msg string) string {
		return "Attempted to apply the operator overridden by the Java method\n" + method + ",\nbut it produced the following error:\n" + msg
	}
	for _, c := range []struct {
		module, src, conf, want, not string
	}{{
		module: "Github179a",
		src: `---- MODULE Github179a ----
EXTENDS TLC, Naturals

VARIABLE v

Max(s) == { x \in s : \A y \in s : x >= y}

(* Attempted to check equality of integer 1 with non-integer: {1} *)
sillyExpr == 
   {s \in SUBSET {1,2,3} : 
               \A x \in s : IF x = Max(s) 
                            THEN TRUE
                            ELSE (x+1) \in s}
----

ASSUME PrintT(<<"$!@$!@$!@$!@$!", sillyExpr>>)
----

Init ==
FALSE/\v = 0
----
Next ==
FALSE/\ v'= v
----
=============================================================================
`,
		conf: "INIT Init\nNEXT Next",
		want: wrapped(printT, inner), // AssumptionError of the ASSUME at line 16, col 8 to line 16, col 46
	}, {
		module: "Github179b",
		src: `---- MODULE Github179b ----
EXTENDS TLC, Naturals

VARIABLE v

Max(s) == { x \in s : \A y \in s : x >= y}

sillyExpr == 
{s \in SUBSET {1,2,3,4} : \A x \in s : IF x = Max(s) THEN TRUE ELSE (x+1) \in s}
----

Init ==
Print(sillyExpr, FALSE)/\v = 0
----
Next ==
FALSE/\ v'= v
----
=============================================================================
`,
		conf: "INIT Init\nNEXT Next",
		want: "Github179b.tla:13:1: " + wrapped(print, inner),
	}, {
		module: "Github179c",
		src: `---- MODULE Github179c ----
EXTENDS TLC, Naturals

VARIABLE v

Max(s) == { x \in s : \A y \in s : x >= y}

sillyExpr == 
{s \in SUBSET {1,2,3,4} : 
          \A x \in s : IF x = Max(s) 
                       THEN TRUE 
                       ELSE (x+1) \in s}

Init == v = 0

Next == PrintT(sillyExpr) = FALSE /\ v'= v
=====
`,
		conf: "INIT Init\nNEXT Next",
		want: "Github179c.tla:16:9: " + wrapped(printT, inner),
	}, {
		// Cardinality counts the filter (FiniteSets.Cardinality: val.size()), inside its method:
		// SUBSET {1, 2} is enumerated {}, {1}, ..., and s = {1} compares 1 with Max({1}) = {1}.
		module: "Count",
		src: `---- MODULE Count ----
EXTENDS FiniteSets, Naturals
VARIABLE v
Max(s) == { x \in s : \A y \in s : x >= y}
Init == v = Cardinality({s \in SUBSET {1, 2} : \A x \in s : x = Max(s)})
Next == UNCHANGED v
====
`,
		conf: "INIT Init\nNEXT Next",
		want: "Count.tla:5:13: " + wrapped("public static tlc2.value.impl.IntValue tlc2.module.FiniteSets.Cardinality(tlc2.value.impl.Value)", inner),
	}, {
		module: "Bound",
		src: `---- MODULE Bound ----
EXTENDS TLC, Naturals
VARIABLE v
Max(s) == { x \in s : \A y \in s : x >= y}
Init == PrintT(\A t \in {s \in SUBSET {1, 2} : \A x \in s : x = Max(s)} : TRUE) /\ v = 0
Next == UNCHANGED v
====
`,
		conf: "INIT Init\nNEXT Next",
		want: "Bound.tla:5:61: " + inner,
		not:  "Java method",
	}, {
		module: "ArgError",
		src: `---- MODULE ArgError ----
EXTENDS TLC, Sequences
VARIABLE v
Init == PrintT({s \in {1} : Len(s) = 0}) /\ v = 0
Next == UNCHANGED v
====
`,
		conf: "INIT Init\nNEXT Next",
		want: "The argument of Len should be a sequence, but instead it is:\n1",
		not:  "Java method",
	}} {
		t.Run(c.module, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.module+".tla")
			require.NoError(t, os.WriteFile(path, []byte(c.src), 0o644))
			conf, err := cfg.Parse(c.module+".cfg", c.conf)
			require.NoError(t, err)
			res, err := Check(context.Background(), path, conf, Options{Workers: 1})
			if res.Verdict == AssumptionFailed {
				require.Equal(t, "line 16, col 8 to line 16, col 46 of module Github179a", res.Violated)
				require.Equal(t, c.want, res.AssumptionError)
				return
			}
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
			if c.not != "" && strings.Contains(err.Error(), c.not) {
				t.Errorf("error wrapped as TLC does not wrap it:\n%v", err)
			}
		})
	}
}
