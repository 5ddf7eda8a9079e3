package check

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
)

// TestSimulateChecksEverySuccessor runs one simulated behavior of testdata/corpus/Fork.tla per
// seed. As TLC's simulator does, every successor generated is checked before one is chosen, so
// the violating successor x = -1 of the initial state is found by every seed, after one step and
// two states generated (see the module's comment), wherever the behavior would have gone.
func TestSimulateChecksEverySuccessor(t *testing.T) {
	conf, err := cfg.ParseFile(filepath.Join("testdata", "corpus", "Fork.cfg"))
	require.NoError(t, err)
	for seed := int64(0); seed < 20; seed++ {
		res, err := Check(context.Background(), filepath.Join("testdata", "corpus", "Fork.tla"), conf,
			Options{Mode: Simulate, Depth: 10, Traces: 1, Seed: seed})
		require.NoError(t, err, "seed %d", seed)
		require.Equal(t, InvariantViolated, res.Verdict, "seed %d", seed)
		require.Equal(t, "NotNegative", res.Violated)
		require.Len(t, res.Trace, 2, "seed %d", seed)
		require.Equal(t, "Fall", res.Trace[1].Action, "seed %d", seed)
		require.Equal(t, int64(3), res.Generated, "seed %d: the initial state and its two successors", seed)
	}
}
