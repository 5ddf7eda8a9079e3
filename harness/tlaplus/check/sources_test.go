package check

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestManifestSourcesAreCurrent checks that no count in tla/models.json is stale: every soak
// entry with counts (neither go test nor a plain conform re-runs them) records the digest of
// the sources it was counted with, every recorded digest is the digest of today's sources.
func TestManifestSourcesAreCurrent(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "tla")
	m, err := ReadManifest(filepath.Join(dir, "models.json"))
	require.NoError(t, err)
	var errs []error
	for _, e := range m.Models {
		errs = append(errs, e.StaleSources(dir))
	}
	require.NoError(t, errors.Join(errs...))
}

// sourcesDir writes a root module MCTiny.tla extending Tiny.tla, and MCTiny.cfg, into a fresh
// folder; each edit replaces old by new in one file before the files are written.
func sourcesDir(t *testing.T, edits ...[3]string) string {
	t.Helper()
	files := map[string]string{
		"Tiny.tla": "---- MODULE Tiny ----\nEXTENDS Naturals\nCONSTANT N\nVARIABLE x\n\\* The start.\n" +
			"Init == x = 0\nNext == x < N /\\ x' = x + 1\n====\n",
		"MCTiny.tla": "---- MODULE MCTiny ----\nEXTENDS Tiny, TLC\nInv == x <= N\n====\n",
		"MCTiny.cfg": "\\* A tiny model.\nCONSTANT N = 3\nINIT Init\nNEXT Next\nINVARIANT Inv\n",
	}
	for _, e := range edits {
		require.Contains(t, files[e[0]], e[1])
		files[e[0]] = strings.Replace(files[e[0]], e[1], e[2], 1)
	}
	dir := t.TempDir()
	for name, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	return dir
}

func TestSourcesDigest(t *testing.T) {
	e := ManifestEntry{Config: "MCTiny.cfg", Verdict: "ok", Generated: 4, Distinct: 4, Depth: 4, Slow: true}
	digest := func(dir string) string {
		d, err := e.SourcesDigest(dir)
		require.NoError(t, err)
		require.Regexp(t, `^sha256:[0-9a-f]{16}$`, d)
		return d
	}
	base := digest(sourcesDir(t))
	// Comments and layout, in a module or the configuration, do not change the digest.
	for _, edit := range [][3]string{
		{"Tiny.tla", "\\* The start.\n", "(* Where it starts. *)\n"},
		{"Tiny.tla", "Init == x = 0", "Init ==\n    x  =  0"},
		{"MCTiny.cfg", "\\* A tiny model.\n", ""},
		{"MCTiny.cfg", "CONSTANT N = 3\n", "CONSTANTS\n    N = 3\n\n"},
	} {
		require.Equal(t, base, digest(sourcesDir(t, edit)), "%q", edit)
	}
	// What the model means does: a definition of an extended module, the root module, a
	// constant's value, a configuration keyword.
	seen := map[string][3]string{}
	for _, edit := range [][3]string{
		{"Tiny.tla", "x' = x + 1", "x' = x + 2"},
		{"MCTiny.tla", "Inv == x <= N", "Inv == x < N"},
		{"MCTiny.cfg", "N = 3", "N = 4"},
		{"MCTiny.cfg", "INVARIANT Inv\n", "INVARIANT Inv\nCHECK_DEADLOCK FALSE\n"},
	} {
		d := digest(sourcesDir(t, edit))
		require.NotEqual(t, base, d, "%q", edit)
		require.NotContains(t, seen, d, "%q and %q give one digest", edit, seen[d])
		seen[d] = edit
	}
}

func TestStaleSources(t *testing.T) {
	dir := sourcesDir(t)
	soak := ManifestEntry{Config: "MCTiny.cfg", Verdict: "ok", Generated: 4, Distinct: 4, Depth: 4, Soak: true}
	now, err := soak.SourcesDigest(dir)
	require.NoError(t, err)

	// A fast model is re-run by every go test and a slow one by every full conform: they need
	// not record their sources.
	fast := soak
	fast.Soak = false
	require.NoError(t, fast.StaleSources(dir))
	slow := fast
	slow.Slow = true
	require.NoError(t, slow.StaleSources(dir))
	// A model without counts has nothing to be stale.
	open := soak
	open.Soak, open.Slow, open.Unchecked = false, true, "hours"
	require.NoError(t, open.StaleSources(dir))

	err = soak.StaleSources(dir)
	require.ErrorContains(t, err, `MCTiny.cfg: a soak model records no sources`)
	require.ErrorContains(t, err, `record its counts with "sources": "`+now+`"`)

	soak.Sources = now
	require.NoError(t, soak.StaleSources(dir))
	slow.Sources = now
	require.NoError(t, slow.StaleSources(dir))

	// After a change to a module it loads, a recorded digest is stale, whatever the tier.
	changed := sourcesDir(t, [3]string{"Tiny.tla", "x' = x + 1", "x' = x + 2"})
	err = soak.StaleSources(changed)
	require.ErrorContains(t, err, "MCTiny.cfg: counted with sources "+now+", but its configuration or a module it loads has changed since")
	require.ErrorContains(t, err, "recount it (`dsref check -workers 2 -config MCTiny.cfg MCTiny.tla`")
	require.ErrorContains(t, slow.StaleSources(changed), "counted with sources "+now)
	fast.Sources = now
	require.ErrorContains(t, fast.StaleSources(changed), "counted with sources "+now)
}
