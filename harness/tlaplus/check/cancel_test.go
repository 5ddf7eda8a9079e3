package check

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/stretchr/testify/require"
)

// TestCheckCancelledMidRun cancels runs of an unbounded model (Counter without its constraint:
// x counts up forever) in every mode: Check returns soon after the deadline with the context's
// error and the partial counts of the run so far, never a verdict.
func TestCheckCancelledMidRun(t *testing.T) {
	conf, err := cfg.Parse("unbounded.cfg", "CONSTANT Limit = 3 INIT Init NEXT Next")
	require.NoError(t, err)
	spec := filepath.Join("testdata", "corpus", "Counter.tla")
	modes := map[string]Options{
		"bfs":       {},
		"bfs2":      {Workers: 2},
		"dfs":       {Mode: DFS, Depth: 1 << 30},
		"simulate":  {Mode: Simulate, Depth: 1 << 30, Traces: 1},
		"simulate2": {Mode: Simulate, Depth: 1 << 30, Traces: 1 << 30, Seed: 9},
	}
	for name, opts := range modes {
		t.Run(name, func(t *testing.T) {
			const deadline = 200 * time.Millisecond
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			start := time.Now()
			res, err := Check(ctx, spec, conf, opts)
			took := time.Since(start)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.Less(t, took, deadline+2*time.Second, "Check did not return promptly after cancellation")
			require.Equal(t, OK, res.Verdict, "a cancelled run has no verdict")
			require.Positive(t, res.Generated, "the partial result counts the states generated so far")
			require.Positive(t, res.Distinct)
			require.Positive(t, res.Depth)
		})
	}
}
