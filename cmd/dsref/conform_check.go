package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dsref/dsref/harness/tlaplus/check"
)

func init() {
	registerConformStage(100, "model-check tla/MC*.cfg against tla/models.json", conformModelCheck)
}

// conformModelCheck model-checks every model listed in tla/models.json (with opts.Short only the
// fast ones) and fails if a count or verdict differs from the manifest, or if an MC*.cfg is not
// listed.
func conformModelCheck(w io.Writer, opts conformOptions) error {
	dir := filepath.Join(opts.Root, "tla")
	path := filepath.Join(dir, "models.json")
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no manifest of expected model-checking results: %w", err)
	}
	m, err := check.ReadManifest(path)
	if err != nil {
		return err
	}
	return m.Verify(context.Background(), dir, !opts.Short, 2, w)
}
