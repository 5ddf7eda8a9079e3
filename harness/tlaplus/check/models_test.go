package check

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// testTier is the manifest tier this go test run includes: soak models with DSREF_SOAK=1 (slow
// ones too), slow models with DSREF_SLOW=1, otherwise only the fast ones.
func testTier() Tier {
	switch {
	case os.Getenv("DSREF_SOAK") == "1":
		return Soak
	case os.Getenv("DSREF_SLOW") == "1":
		return Slow
	}
	return Fast
}

// TestModels checks every tla/MC*.cfg against the counts recorded in tla/models.json. Models
// marked slow run only with DSREF_SLOW=1 (they take minutes with this checker), soak models only
// with DSREF_SOAK=1 (tens of minutes).
func TestModels(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "tla")
	m, err := ReadManifest(filepath.Join(dir, "models.json"))
	require.NoError(t, err)
	unlisted, missing, err := m.UnlistedConfigs(dir)
	require.NoError(t, err)
	require.Empty(t, unlisted, "every tla/MC*.cfg must have its expected counts in tla/models.json")
	require.Empty(t, missing, "tla/models.json lists configurations that do not exist")
	tier := testTier()
	for _, e := range m.Models {
		if reason := e.Skip(tier); reason != "" {
			t.Logf("%s not run, %s", e.Config, reason)
			continue
		}
		t.Run(e.Config, func(t *testing.T) {
			res, err := e.Run(context.Background(), dir, Options{Workers: e.Workers(2)})
			require.NoError(t, err)
			require.NoError(t, e.Compare(res))
		})
	}
}
