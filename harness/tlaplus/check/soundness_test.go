package check

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// soundnessCorpus holds the models of the soundness bugs of issue #19, each failing on the code
// before its fix: a configuration entry that must reach inside an instance, primed arguments,
// and membership in infinite sets. The counts are worked out in each spec's comment.
var soundnessCorpus = []corpusCase{
	{config: "OverrideShared.cfg", spec: "OverrideShared.tla", generated: 3, distinct: 3, depth: 3},
	{config: "OverrideSharedMax.cfg", spec: "OverrideShared.tla", verdict: InvariantViolated, violated: "Small",
		generated: 4, distinct: 4, depth: 4, left: 1},
	{config: "OverrideSharedValue.cfg", spec: "OverrideShared.tla", verdict: InvariantViolated, violated: "Small",
		generated: 4, distinct: 4, depth: 4, left: 1},
	{config: "PrimedArg.cfg", spec: "PrimedArg.tla", generated: 4, distinct: 3, depth: 3},
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
