package check

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestModelsDepthFirst checks depth-first search on the fast tla/ models that pass: bounded well
// beyond their recorded depth, it must find exactly the recorded distinct states, and the
// recorded depth (each state's shortest distance from an initial state), as breadth-first search
// does. Its count of states generated differs: states reached again by a shorter path are
// expanded again.
func TestModelsDepthFirst(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "tla")
	m, err := ReadManifest(filepath.Join(dir, "models.json"))
	require.NoError(t, err)
	tier := testTier()
	for _, e := range m.Models {
		if e.Skip(tier) != "" || !searchModeTested(e, tier) || e.Verdict != OK.String() {
			continue
		}
		t.Run(e.Config, func(t *testing.T) {
			res, err := e.Run(context.Background(), dir, Options{Mode: DFS, Depth: e.Depth + 10})
			require.NoError(t, err)
			require.Equal(t, OK, res.Verdict)
			require.Equal(t, e.Distinct, res.Distinct, "distinct states")
			require.Equal(t, e.Depth, res.Depth, "depth")
		})
	}
}
