package check

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestModels checks every tla/MC*.cfg against the counts recorded in tla/models.json. Models
// marked slow run only with DSREF_SLOW=1 (they take minutes to hours with this checker).
func TestModels(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "tla")
	m, err := ReadManifest(filepath.Join(dir, "models.json"))
	require.NoError(t, err)
	unlisted, missing, err := m.UnlistedConfigs(dir)
	require.NoError(t, err)
	require.Empty(t, unlisted, "every tla/MC*.cfg must have its expected counts in tla/models.json")
	require.Empty(t, missing, "tla/models.json lists configurations that do not exist")
	slow := os.Getenv("DSREF_SLOW") == "1"
	for _, e := range m.Models {
		if e.Unchecked != "" {
			t.Logf("%s has no recorded counts: %s", e.Config, e.Unchecked)
			continue
		}
		if e.Slow && !slow {
			t.Logf("%s is slow: checked only with DSREF_SLOW=1", e.Config)
			continue
		}
		t.Run(e.Config, func(t *testing.T) {
			res, err := e.Run(context.Background(), dir, Options{Workers: e.Workers(2)})
			require.NoError(t, err)
			require.NoError(t, e.Compare(res))
		})
	}
}
