package check

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestModelsOtherWorkerCount complements TestModels, which checks a model that passes with two
// workers and a model that fails with one (whose counts at the violation are TLC's, in TLC's
// order). Here a passing model must give the recorded counts with one worker too, so that
// `dsref check -workers 1` and `-workers 2` print the same numbers; a failing one must fail with
// two workers the same way (verdict, property, shortest counterexample length), although the
// counts at the moment it stops depend on how the workers shared the last level.
func TestModelsOtherWorkerCount(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "tla")
	m, err := ReadManifest(filepath.Join(dir, "models.json"))
	require.NoError(t, err)
	tier := testTier()
	for _, e := range m.Models {
		if e.Skip(tier) != "" || !searchModeTested(e, tier) {
			continue
		}
		t.Run(e.Config, func(t *testing.T) {
			if e.Workers(2) == 2 {
				res, err := e.Run(context.Background(), dir, Options{Workers: 1})
				require.NoError(t, err)
				require.NoError(t, e.Compare(res), "with one worker")
				return
			}
			res, err := e.Run(context.Background(), dir, Options{Workers: 2})
			require.NoError(t, err)
			require.Equal(t, e.Verdict, res.Verdict.String(), "with two workers")
			require.Equal(t, e.Violated, res.Violated, "with two workers")
			if e.Trace != 0 {
				require.Len(t, res.Trace, e.Trace, "with two workers")
			}
			require.Equal(t, e.Depth, res.Depth, "with two workers, the violation is found on the same level")
		})
	}
}

// searchModeTestLimit bounds the models the search-mode tests (the other worker count, DFS)
// check by default: they test the engine, which small models exercise as well as large ones,
// and TestModels already checks every model once. DSREF_SLOW=1 lifts the limit.
const searchModeTestLimit = 20000

func searchModeTested(e ManifestEntry, tier Tier) bool {
	return tier != Fast || e.Distinct <= searchModeTestLimit
}
