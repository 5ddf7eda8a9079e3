package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dsref/dsref/harness/tlaplus/check"
)

func init() {
	registerConformStage(100, "model-check tla/MC*.cfg against tla/models.json", conformModelCheck)
}

// conformModelCheck model-checks the models listed in tla/models.json and fails if a count or
// verdict differs from the manifest, or if an MC*.cfg is not listed. Which models run is the
// manifest's tier (modelTier); the others are listed with how to run them.
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
	run := check.Options{Workers: 2}
	if opts.ProgressEvery > 0 {
		run.Progress, run.ProgressEvery = w, opts.ProgressEvery
	}
	return m.Verify(opts.context(), dir, modelTier(opts), run, w)
}

// modelTier is the manifest tier a conform run model-checks: the soak models only with -soak
// (with the slow ones, even with -short), the slow ones unless -short.
func modelTier(opts conformOptions) check.Tier {
	switch {
	case opts.Soak:
		return check.Soak
	case opts.Short:
		return check.Fast
	}
	return check.Slow
}
