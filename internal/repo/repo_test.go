package repo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRootSkipsOtherModules(t *testing.T) {
	top := t.TempDir()
	nested := filepath.Join(top, "bench", "deep")
	require.NoError(t, os.MkdirAll(nested, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(top, "go.mod"), []byte("module github.com/dsref/dsref\n\ngo 1.25\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(top, "bench", "go.mod"), []byte("module github.com/dsref/dsref/bench\n"), 0o644))

	got, err := Root(nested)
	require.NoError(t, err)
	assert.Equal(t, top, got)
}

func TestRootFailsOutsideTheRepository(t *testing.T) {
	_, err := Root(t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), ModulePath)
}

func TestRootOfThisRepository(t *testing.T) {
	got, err := Root(".")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(got, "spec", "README.md"))
	assert.NoError(t, err, "the root found from internal/repo holds spec/README.md")
}
