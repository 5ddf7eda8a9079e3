package check

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"

	"github.com/stretchr/testify/require"
)

// soundnessCorpus holds the models of the soundness bugs of issue #19, each failing on the code
// before its fix: a configuration entry that must reach inside an instance, primed arguments,
// and membership in infinite sets. The counts are worked out in each spec's comment.
var soundnessCorpus = []corpusCase{
	{config: "OverrideShared.cfg", spec: "OverrideShared.tla", generated: 3, distinct: 3, depth: 3},
	{config: "OverrideSharedMax.cfg", spec: "OverrideShared.tla", verdict: InvariantViolated, violated: "Small",
		generated: 4, distinct: 4, depth: 4},
	{config: "OverrideSharedValue.cfg", spec: "OverrideShared.tla", verdict: InvariantViolated, violated: "Small",
		generated: 4, distinct: 4, depth: 4},
	// ... and the instance's own definition, I!Op, keeps its body (etcd-io/raft's MCetcdraft).
	{config: "OverrideWrap.cfg", spec: "OverrideWrap.tla", generated: 4, distinct: 4, depth: 4},
	// A substitute that uses the definition it replaces gets the replaced one there, as in TLC's
	// CyclicRedefineNext, Init, Op and SubAction tests (their figures; see the spec's comment).
	{config: "CyclicRedefineNext.cfg", spec: "CyclicRedefine.tla", generated: 4, distinct: 1, depth: 1},
	{config: "CyclicRedefineInit.cfg", spec: "CyclicRedefine.tla", verdict: InvariantViolated, violated: "Inv",
		generated: 2, distinct: 2, depth: 2},
	{config: "CyclicRedefineOp.cfg", spec: "CyclicRedefine.tla", generated: 13, distinct: 2, depth: 2},
	{config: "CyclicRedefineSubAction.cfg", spec: "CyclicRedefine.tla", generated: 4, distinct: 1, depth: 1},
	{config: "PrimedArg.cfg", spec: "PrimedArg.tla", generated: 4, distinct: 3, depth: 3},
	{config: "UnionMembership.cfg", spec: "UnionMembership.tla", generated: 19, distinct: 9, depth: 5},
	// Not a soundness bug but a construct TLC evaluates that this checker refused: \cdot.
	{config: "Compose.cfg", spec: "Compose.tla", generated: 20, distinct: 10, depth: 4},
	// ... with conjuncts before and after it, as TLC's CdotWithContextA-D and ChainedCdots.
	{config: "ComposeInside.cfg", spec: "ComposeContext.tla", generated: 5, distinct: 3, depth: 2},
	{config: "ComposeBefore.cfg", spec: "ComposeContext.tla", generated: 5, distinct: 3, depth: 2},
	{config: "ComposeAfter.cfg", spec: "ComposeContext.tla", generated: 5, distinct: 3, depth: 2},
	{config: "ComposeClash.cfg", spec: "ComposeContext.tla", generated: 1, distinct: 1, depth: 1},
	{config: "ComposeChained.cfg", spec: "ComposeContext.tla", generated: 9, distinct: 4, depth: 2},
	// ... and decided on a step: in WF_c(Next) (ENABLED and <<Next>>_c) and in an action property.
	{config: "ComposeFair.cfg", spec: "ComposeFair.tla", verdict: LivenessViolated, violated: "One",
		generated: 5, distinct: 2, depth: 2, trace: []string{"Initial predicate: c = 0", "Next: c = 2"}},
}

func TestSoundnessCorpus(t *testing.T) {
	for _, c := range soundnessCorpus {
		t.Run(c.config, func(t *testing.T) {
			res := runCorpus(t, c, Options{})
			require.Equal(t, c.verdict, res.Verdict)
			require.Equal(t, c.violated, res.Violated)
			got := [4]int64{res.Generated, res.Distinct, int64(res.Depth), res.Left}
			require.Equal(t, [4]int64{c.generated, c.distinct, int64(c.depth), c.left}, got, "generated, distinct, depth, left")
			if c.trace != nil {
				require.Equal(t, c.trace, traceLines(res))
			}
		})
	}
}

// TestInvariantErrorNamesInvariant: an invariant that fails to evaluate on an initial state is
// reported as that invariant's error, with the state, not as an error of the initial predicate.
func TestInvariantErrorNamesInvariant(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	conf, err := cfg.ParseFile(filepath.Join(dir, "UnionMembershipBad.cfg"))
	require.NoError(t, err)
	var out strings.Builder
	_, err = Check(context.Background(), filepath.Join(dir, "UnionMembership.tla"), conf, Options{Out: &out})
	require.Error(t, err)
	require.NotContains(t, err.Error(), "initial predicate")
	require.Contains(t, err.Error(), "evaluating invariant Bad: "+filepath.Join(dir, "UnionMembership.tla")+":16:9: CHOOSE found no element")
	var ee *EvalError
	require.True(t, errors.As(err, &ee))
	require.Equal(t, []string{"Initial predicate: f = (a :> 0 @@ b :> 0)"}, traceLines(Result{Trace: ee.Trace}))
	require.Contains(t, out.String(), "The error occurred when TLC was checking the last state of:")
}
