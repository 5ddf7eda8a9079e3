package eval

import (
	"sort"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

// readsModules is a root module whose definitions reach variables in each way a definition can:
// through operator arguments, LET, recursive functions, higher-order parameters, an extended
// module's LOCAL definition; and the ways the answer is unknown.
var readsModules = fstest.MapFS{
	"Reads.tla": {Data: []byte(`---- MODULE Reads ----
EXTENDS Naturals, TLC, Helper, Randomization, TLCExt
VARIABLES a, b, c, d
Double(v) == v * 2
A == Double(a) > 0
B == LET k == b IN k + 1 = 2
C == \A x \in {1, 2} : x # c
F[n \in 0..2] == IF n = 0 THEN d ELSE F[n - 1]
D == F[2] = 0
H == HelperPred
Ap(Op(_)) == Op(1)
ReadsC(n) == n + c
K == Ap(ReadsC) > 0
Lam == Ap(LAMBDA n : n + b) > 0
Const == 1 + 2 = 3
Several == A /\ B /\ H
Level == TLCGet("level") > 0
Printing == PrintT(a)
Enabled == ENABLED (a' = 1)
EnabledFirst == ENABLED (a' = 1) /\ b = 1
LevelFirst == TLCGet("level") > 0 /\ a = 1
Random == a \in RandomSubset(1, 0..a)
Cached == TLCCache(a + 1, {}) > 0
I == INSTANCE Inst WITH x <- a
ViaInstance == I!Pred
====
`)},
	"Helper.tla": {Data: []byte(`---- MODULE Helper ----
EXTENDS Naturals
VARIABLE e
LOCAL Inner == e + 1
HelperPred == Inner > 0
====
`)},
	"Inst.tla": {Data: []byte(`---- MODULE Inst ----
VARIABLE x
Pred == x = 1
====
`)},
}

func TestStateVariablesRead(t *testing.T) {
	s, err := LoadSource("Reads.tla", readsModules["Reads.tla"].Data, Options{Modules: readsModules})
	require.NoError(t, err)
	cases := []struct {
		def  string
		want []string
		ok   bool
	}{
		{"A", []string{"a"}, true},
		{"B", []string{"b"}, true},
		{"C", []string{"c"}, true},
		{"D", []string{"d"}, true},
		{"H", []string{"e"}, true},
		{"K", []string{"c"}, true},
		{"Lam", []string{"b"}, true},
		{"Const", nil, true},
		{"Several", []string{"a", "b", "e"}, true},
		{"Level", nil, false},
		{"Printing", nil, false},
		{"Enabled", nil, false},
		// What settles the answer comes before a conjunct that reads a variable.
		{"EnabledFirst", nil, false},
		{"LevelFirst", nil, false},
		{"ViaInstance", nil, false},
		// Operators whose value is not fixed by their arguments and the state, or that have
		// effects: those that are not hoisted (see unstable).
		{"Random", nil, false},
		{"Cached", nil, false},
	}
	for _, tc := range cases {
		got, ok := s.StateVariablesRead(parse(t, tc.def), nil)
		require.Equal(t, tc.ok, ok, tc.def)
		if !ok {
			continue
		}
		var names []string
		for _, ix := range got {
			names = append(names, s.Variables[ix])
		}
		sort.Strings(names)
		require.Equal(t, tc.want, names, tc.def)
	}
}

// Every kind of expression passes on the variables read inside it: each definition below hides
// variable a in a different construct.
func TestStateVariablesReadInEveryConstruct(t *testing.T) {
	defs := map[string]string{
		"If":       "IF a = 0 THEN 1 ELSE 2",
		"Case":     "CASE a = 0 -> 1 [] OTHER -> 2",
		"Choose":   "CHOOSE v \\in {a} : TRUE",
		"Filter":   "{v \\in {1} : v = a}",
		"Map":      "{a + v : v \\in {1}}",
		"Cross":    "{1} \\X {a}",
		"FuncCons": "[v \\in {1} |-> a]",
		"FuncApp":  "[v \\in {0, 1} |-> v][a]",
		"FuncSet":  "[{1} -> {a}]",
		"Record":   "[f |-> a]",
		"RecSet":   "[f : {a}]",
		"Except":   "[[v \\in {0, 1} |-> 0] EXCEPT ![a] = 1]",
		"ExceptAt": "[[v \\in {0} |-> 0] EXCEPT ![0] = @ + a]",
		"Tuple":    "<<1, a>>",
		"Dot":      "[f |-> a].f",
		"Quant":    "\\A v \\in {1} : v # a",
		"Junction": "/\\ TRUE\n    /\\ a = 1",
		"Paren":    "(a)",
		"Let":      "LET F(v) == v + a IN F(1)",
		"Lambda":   "Apply(LAMBDA v : v + a, 1)",
		"Set":      "{a}",
		"Prefix":   "SUBSET {a}",
		"Infix":    "a + 1",
		"Bounded":  "\\E v \\in 0..a : TRUE",
	}
	src := "---- MODULE Every ----\nEXTENDS Naturals\nVARIABLES a, b\nApply(Op(_), x) == Op(x)\n"
	for name, body := range defs {
		src += name + " ==\n    " + body + "\n"
	}
	src += "====\n"
	s, err := LoadSource("Every.tla", []byte(src), Options{})
	require.NoError(t, err)
	for name := range defs {
		got, ok := s.StateVariablesRead(parse(t, name), nil)
		require.True(t, ok, name)
		require.Equal(t, []int{0}, got, name)
	}
}
