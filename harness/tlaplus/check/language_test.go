package check

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// TestConstantSpecification: a configuration naming no behavior of a spec without variables
// checks only the assumptions (printing what they print) and explores nothing, as TLC does; the
// spec's TLAPS proofs (nested ASSUME ... PROVE, steps, USE, HIDE) are skipped.
func TestConstantSpecification(t *testing.T) {
	var printed bytes.Buffer
	res := runCorpus(t, corpusCase{config: "Proofs.cfg", spec: "Proofs.tla"}, Options{Print: &printed})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, [3]int64{0, 0, 0}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
	require.Equal(t, "<<\"N\", 3>>\n", printed.String())

	conf, err := cfg.Parse("inline.cfg", "CONSTANT N = -1")
	require.NoError(t, err)
	res, err = Check(context.Background(), filepath.Join("testdata", "corpus", "Proofs.tla"), conf, Options{})
	require.NoError(t, err)
	require.Equal(t, AssumptionFailed, res.Verdict)
	require.Equal(t, "line 7, col 19 to line 7, col 27 of module Proofs", res.Violated)

	// A configuration without a behavior is refused for a spec that has variables.
	conf, err = cfg.Parse("inline.cfg", "CONSTANT Limit = 3")
	require.NoError(t, err)
	_, err = Check(context.Background(), filepath.Join("testdata", "corpus", "Counter.tla"), conf, Options{})
	require.ErrorContains(t, err, "names neither SPECIFICATION nor INIT and NEXT, and the specification declares variable(s) x")
}

// TestMonolithicSpec: modules following the root in its file are found by name, and the file's
// CONFIG block is a configuration.
func TestMonolithicSpec(t *testing.T) {
	path := filepath.Join("testdata", "corpus", "Monolith.tla")
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := syntax.ParseFile(path, src)
	require.NoError(t, err)
	require.Len(t, f.Configs, 1)
	conf, err := cfg.Parse(path, f.Configs[0].Text)
	require.NoError(t, err)
	res, err := Check(context.Background(), path, conf, Options{})
	require.NoError(t, err)
	require.Equal(t, [3]int64{3, 3, 3}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
}

// TestModuleNamedAfterFile: the first module of a file must be named after it, as TLC requires.
func TestModuleNamedAfterFile(t *testing.T) {
	_, err := checkSourceErr(t, "Other", "---- MODULE Counter ----\n====\n", "", Options{})
	require.ErrorContains(t, err, "Other.tla:1:1: the file Other.tla holds module Counter; its first module must be named Other, after the file")
	var le *LoadError
	require.ErrorAs(t, err, &le)
}

// TestActionLabels: traces name each step's action and locate it as TLC prints them (see the
// comments of Labels.tla and Labels2.tla, which work out the counts). Labels2: TLC's
// Tool.getActionsAppl takes an application of a definition to an argument that is not constant
// as an action, named after that definition (no parameters) and located at the application, and
// looks through applications to constant arguments and zero-arity definitions one at a time, the
// last naming the action. The expected labels are TLC's Action.getLocation format worked out by
// hand from the modules' text.
func TestActionLabels(t *testing.T) {
	for _, c := range []struct {
		module string
		counts [4]int64 // generated, distinct, depth, left
		labels []string
	}{{
		module: "Labels",
		counts: [4]int64{6, 5, 4, 0},
		labels: []string{
			"Initial predicate ",
			"Add(2) line 16, col 11 to line 18, col 24 of module Labels",
			"Next line 22, col 12 to line 22, col 37 of module Labels",
			"Drop line 20, col 9 to line 20, col 52 of module Labels",
		},
	}, {
		module: "Labels2",
		counts: [4]int64{4, 4, 4, 0},
		labels: []string{
			"Initial predicate ",
			"Inc line 14, col 6 to line 14, col 11 of module Labels2",
			"Set line 16, col 9 to line 16, col 18 of module Labels2",
			"E line 17, col 6 to line 17, col 21 of module Labels2",
		},
	}} {
		res := runCorpus(t, corpusCase{config: c.module + ".cfg", spec: c.module + ".tla"}, Options{})
		require.Equal(t, InvariantViolated, res.Verdict, c.module)
		require.Equal(t, c.counts, [4]int64{res.Generated, res.Distinct, int64(res.Depth), res.Left}, c.module)
		var got []string
		for _, st := range res.Trace {
			got = append(got, st.Action+" "+st.Where)
		}
		require.Equal(t, c.labels, got)
		var out bytes.Buffer
		WriteReport(&out, res)
		require.Contains(t, out.String(), "State 2: <"+c.labels[1]+">\n")
	}
}

// argLabels applies one definition, in every state, to three tuples of argument values: the
// enumerator gives the application its labels from a cache kept per application and values.
const argLabels = `---- MODULE ArgLabels ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Step(i, s) == x' = x + i /\ s # {}
Next == \E i \in {1, 2, 3} : Step(i, {i, 7})
Inv == x < 8
====`

// TestActionLabelsWithArgumentValues: every step of the error trace is labelled with the values
// it applied Step to, which its states show: x grows by i.
func TestActionLabelsWithArgumentValues(t *testing.T) {
	for _, workers := range []int{1, 2} {
		res := checkSource(t, "ArgLabels", argLabels, "INIT Init NEXT Next INVARIANT Inv", Options{Workers: workers})
		require.Equal(t, InvariantViolated, res.Verdict)
		require.Len(t, res.Trace, 4) // 0, then three steps to 8 or 9
		for i := 1; i < len(res.Trace); i++ {
			d := res.Trace[i].State[0].(value.Int) - res.Trace[i-1].State[0].(value.Int)
			require.Equal(t, fmt.Sprintf("Step(%d,{%d, 7})", d, d), res.Trace[i].Action, "step %d", i)
		}
	}
}

// TestTLCGetAndTLCSet: the keys of TLCGet TLC answers (level, config, stats and its counters),
// TLCSet registers shared by an assumption, an action and an invariant, and TLCSet("exit", TRUE)
// (see TLCGetSet.tla). With two workers the POSTCONDITION's TLCGet("config").worker = 1 is false,
// which shows the postcondition is evaluated.
func TestTLCGetAndTLCSet(t *testing.T) {
	res := runCorpus(t, corpusCase{config: "TLCGetSet.cfg", spec: "TLCGetSet.tla"}, Options{})
	require.Equal(t, OK, res.Verdict, res.Violated)
	require.Equal(t, [3]int64{6, 6, 6}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})

	res = runCorpus(t, corpusCase{config: "TLCGetSet.cfg", spec: "TLCGetSet.tla"}, Options{Workers: 2})
	require.Equal(t, PostconditionFailed, res.Verdict)

	// x reaches 4 when Stop, expanding 3, sets exit: the level being expanded finishes, 4 is
	// queued and the run ends without an error.
	res = runCorpus(t, corpusCase{config: "TLCGetSetExit.cfg", spec: "TLCGetSet.tla"}, Options{})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, [3]int64{5, 5, 1}, [3]int64{res.Generated, res.Distinct, res.Left})
}

// TestTrivialSpecification: a conjunct of a SPECIFICATION or PROPERTY naming a definition without
// arguments of constant level is taken as its value, as TLC's processConfigSpec and
// processConfigProps take it: FALSE is an error, "the spec is trivially false" (TLC's
// Github687specD, through a parameterized instance as here), another value than TRUE an error
// too, and TRUE holds. Expanded, Bad was an initial predicate without initial states (0 states,
// no error), and Odd one that fails to be a boolean only when evaluated.
func TestTrivialSpecification(t *testing.T) {
	const triv = `---- MODULE Triv ----
EXTENDS Naturals
VARIABLE x
  ---- MODULE Mod ----
  CONSTANT n
  Wrap(a) == a % n
  ====
M(n) == INSTANCE Mod
Bad == M(7)!Wrap(16) > 7
Good == M(7)!Wrap(16) = 2
Odd == M(7)!Wrap(16)
Init == x = 0
Next == x' = 1 - x
SpecBad == Init /\ [][Next]_x /\ Bad
SpecGood == Init /\ [][Next]_x /\ Good
SpecOdd == Init /\ [][Next]_x /\ Odd
====
`
	run := func(conf string) (Result, error) { return checkSourceErr(t, "Triv", triv, conf, Options{}) }
	_, err := run("SPECIFICATION SpecBad\n")
	require.ErrorContains(t, err, "the spec is trivially false because Bad is false")
	var le *LoadError
	require.ErrorAs(t, err, &le)
	_, err = run("SPECIFICATION SpecGood\nPROPERTY Bad\n")
	require.ErrorContains(t, err, "the spec is trivially false because Bad is false")
	_, err = run("SPECIFICATION SpecOdd\n")
	require.ErrorContains(t, err, "the operator Odd, which equals 2, cannot be used as a spec or property")
	res, err := run("SPECIFICATION SpecGood\nPROPERTY Good\n")
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, [3]int64{3, 2, 2}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
}

// TestEnabledThroughInstanceChain: the fairness of a spec instantiated twice, A == INSTANCE Abs
// WITH y <- Half and, in Abs, B == INSTANCE Abs2 (y <- y implicitly), reads y' of both modules
// as one value when ENABLED <<B!Next>>_y is decided, as TLC does (its Github817: Refinement ==
// Abstract!Spec holds, 3 distinct states). y' is Half', which cannot be evaluated before x' is
// bound; binding Abs2's y' left Abs's unbound and the check failed ("x' is read before the
// action assigns it").
func TestEnabledThroughInstanceChain(t *testing.T) {
	const chain = `---- MODULE Chain ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == (x < 2 /\ x' = x + 1) \/ (x = 2 /\ UNCHANGED x)
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Half == IF x = 2 THEN "done" ELSE "busy"
A == INSTANCE Abs WITH y <- Half
Prop == A!Spec
====
---- MODULE Abs ----
VARIABLE y
B == INSTANCE Abs2
Spec == y = "busy" /\ [][B!Next]_y /\ WF_y(B!Next)
====
---- MODULE Abs2 ----
VARIABLE y
Next == y' = "done"
====
`
	res := checkSource(t, "Chain", chain, "SPECIFICATION Spec\nPROPERTY Prop\n", Options{})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, [3]int64{4, 3, 3}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
}
