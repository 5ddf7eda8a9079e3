package conformance

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/internal/repo"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := repo.Root(".")
	require.NoError(t, err)
	return root
}

// TestRepositoryConforms fails when a requirement is untested, a citation names an unknown ID, or
// CONFORMANCE.md is not what the generator writes now.
func TestRepositoryConforms(t *testing.T) {
	root := repoRoot(t)
	r, err := Scan(root)
	require.NoError(t, err)
	for _, p := range r.Problems() {
		t.Error(p)
	}
	onDisk, err := os.ReadFile(filepath.Join(root, "CONFORMANCE.md"))
	require.NoError(t, err, "CONFORMANCE.md is missing: run go run ./cmd/dsref conformance")
	if string(onDisk) != r.Markdown() {
		t.Error("CONFORMANCE.md is stale: run go run ./cmd/dsref conformance")
	}
}
