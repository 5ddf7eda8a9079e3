package check

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// writeManifest writes a manifest holding the given entries (JSON objects) and returns its path.
func writeManifest(t *testing.T, entries ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "models.json")
	data := `{"models": [` + strings.Join(entries, ",\n") + `]}`
	require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
	return path
}

func TestReadManifestTiers(t *testing.T) {
	path := writeManifest(t,
		`{"config": "MCFast.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 1, "counts": "hand"}`,
		`{"config": "MCSlow.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 1, "slow": true, "counts": "hand"}`,
		`{"config": "MCSoak.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 1, "soak": true, "counts": "hand"}`,
		`{"config": "MCBoth.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 1, "slow": true, "soak": true, "counts": "hand"}`,
		`{"config": "MCOpen.cfg", "verdict": "ok", "generated": 0, "distinct": 0, "depth": 0, "slow": true, "counts": "none", "unchecked": "hours"}`,
	)
	m, err := ReadManifest(path)
	require.NoError(t, err)
	var tiers []Tier
	for _, e := range m.Models {
		tiers = append(tiers, e.Tier())
	}
	require.Equal(t, []Tier{Fast, Slow, Soak, Soak, Slow}, tiers)
	require.Equal(t, "soak", Soak.String())
}

// A soak model is a completed one (the conformance report counts it as model-checked), so an
// entry marked soak must have recorded counts; the error names the entry.
func TestReadManifestRejectsSoakWithoutCounts(t *testing.T) {
	good := `{"config": "MCGood.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 1, "counts": "hand"}`
	for _, tc := range []struct {
		name, entry, want string
	}{
		{"unchecked",
			`{"config": "MCBad.cfg", "verdict": "ok", "generated": 0, "distinct": 0, "depth": 0, "soak": true, "counts": "none", "unchecked": "not finished"}`,
			`model MCBad.cfg: marked both soak and unchecked ("not finished")`},
		{"unchecked with counts",
			`{"config": "MCBad.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 1, "soak": true, "counts": "none", "unchecked": "not finished"}`,
			`model MCBad.cfg: marked both soak and unchecked`},
		{"zero counts",
			`{"config": "MCBad.cfg", "verdict": "ok", "generated": 0, "distinct": 0, "depth": 0, "soak": true, "counts": "none"}`,
			"model MCBad.cfg: marked soak with 0 generated, 0 distinct, depth 0"},
		{"counts omitted",
			`{"config": "MCBad.cfg", "verdict": "ok", "soak": true, "counts": "none"}`,
			"model MCBad.cfg: marked soak with 0 generated, 0 distinct, depth 0"},
		{"zero distinct",
			`{"config": "MCBad.cfg", "verdict": "ok", "generated": 24, "distinct": 0, "depth": 1, "soak": true, "counts": "hand"}`,
			"model MCBad.cfg: marked soak with 24 generated, 0 distinct, depth 1"},
		{"zero generated",
			`{"config": "MCBad.cfg", "verdict": "ok", "generated": 0, "distinct": 12, "depth": 1, "soak": true, "counts": "hand"}`,
			"model MCBad.cfg: marked soak with 0 generated, 12 distinct, depth 1"},
		{"zero depth",
			`{"config": "MCBad.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 0, "soak": true, "counts": "hand"}`,
			"model MCBad.cfg: marked soak with 24 generated, 12 distinct, depth 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeManifest(t, good, tc.entry)
			_, err := ReadManifest(path)
			require.Error(t, err)
			require.Contains(t, err.Error(), path+": "+tc.want)
		})
	}
}

// TestManifestSkip is the run/skip decision of TestModels and `dsref conform`: the tiers are
// nested, a model without counts is never run, and a skipped model says how to run it.
func TestManifestSkip(t *testing.T) {
	fast := ManifestEntry{Config: "MCFast.cfg"}
	slow := ManifestEntry{Config: "MCSlow.cfg", Slow: true}
	soak := ManifestEntry{Config: "MCSoak.cfg", Soak: true}
	both := ManifestEntry{Config: "MCBoth.cfg", Slow: true, Soak: true}
	open := ManifestEntry{Config: "MCOpen.cfg", Slow: true, Unchecked: "hours"}
	const (
		run      = ""
		slowWhy  = "slow model: checked only by dsref conform without -short, or go test with DSREF_SLOW=1"
		soakWhy  = "soak model: checked only by dsref conform -soak, or go test with DSREF_SOAK=1"
		countWhy = "no recorded counts: hours"
	)
	for _, tc := range []struct {
		e    ManifestEntry
		upTo Tier
		want string
	}{
		{fast, Fast, run}, {fast, Slow, run}, {fast, Soak, run},
		{slow, Fast, slowWhy}, {slow, Slow, run}, {slow, Soak, run},
		{soak, Fast, soakWhy}, {soak, Slow, soakWhy}, {soak, Soak, run},
		{both, Fast, soakWhy}, {both, Slow, soakWhy}, {both, Soak, run},
		{open, Fast, countWhy}, {open, Slow, countWhy}, {open, Soak, countWhy},
	} {
		require.Equal(t, tc.want, tc.e.Skip(tc.upTo), "%s up to %s", tc.e.Config, tc.upTo)
	}
}

// TestTestTier checks the environment variables that select the tiers TestModels runs.
func TestTestTier(t *testing.T) {
	for _, tc := range []struct {
		slow, soak string
		want       Tier
	}{
		{"", "", Fast}, {"1", "", Slow}, {"", "1", Soak}, {"1", "1", Soak}, {"0", "0", Fast},
	} {
		t.Setenv("DSREF_SLOW", tc.slow)
		t.Setenv("DSREF_SOAK", tc.soak)
		require.Equal(t, tc.want, testTier(), "DSREF_SLOW=%q DSREF_SOAK=%q", tc.slow, tc.soak)
	}
}

// TestVerifyListsSkippedSoakModel checks Verify's listing: a soak model below the run's tier is
// listed as not run with how to run it, never as passed, and is checked in a soak run.
func TestVerifyListsSkippedSoakModel(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "corpus", "HourClock.tla"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "MCHour.tla"),
		[]byte(strings.Replace(string(src), "MODULE HourClock", "MODULE MCHour", 1)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "MCHour.cfg"), []byte("SPECIFICATION Spec\nINVARIANT TypeOK\n"), 0o644))
	m := &Manifest{Models: []ManifestEntry{{Config: "MCHour.cfg", Verdict: "ok", Generated: 24, Distinct: 12, Depth: 1, Soak: true}}}

	for _, upTo := range []Tier{Fast, Slow} {
		var out bytes.Buffer
		require.NoError(t, m.Verify(context.Background(), dir, upTo, Options{Workers: 1}, &out))
		require.Equal(t, "model                      result   verdict             generated   distinct depth    time\n"+
			"MCHour.cfg                 not run  soak model: checked only by dsref conform -soak, or go test with DSREF_SOAK=1\n", out.String())
	}

	var out bytes.Buffer
	require.NoError(t, m.Verify(context.Background(), dir, Soak, Options{Workers: 1}, &out))
	require.Contains(t, out.String(), "MCHour.cfg                 ok       ok                         24         12     1")

	m.Models[0].Distinct = 13
	out.Reset()
	err = m.Verify(context.Background(), dir, Soak, Options{Workers: 1}, &out)
	require.ErrorContains(t, err, "12 distinct states, want 13")
}

// TestVerifyPrefixesProgressLines checks that a long model's progress lines reach
// opts.Progress, each naming the model, and that the row follows them.
func TestVerifyPrefixesProgressLines(t *testing.T) {
	dir := t.TempDir()
	// Three counters modulo 40: 40^3 = 64,000 distinct states, each with 3 successors, so
	// 1 + 3 * 64,000 generated; the farthest state (39, 39, 39) is 117 steps away, depth 118.
	spec := "---- MODULE MCCount ----\nEXTENDS Naturals\nVARIABLES a, b, c\nInit == a = 0 /\\ b = 0 /\\ c = 0\n" +
		"Next == \\/ a' = (a + 1) % 40 /\\ UNCHANGED <<b, c>>\n        \\/ b' = (b + 1) % 40 /\\ UNCHANGED <<a, c>>\n" +
		"        \\/ c' = (c + 1) % 40 /\\ UNCHANGED <<a, b>>\n====\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "MCCount.tla"), []byte(spec), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "MCCount.cfg"), []byte("INIT Init\nNEXT Next\n"), 0o644))
	m := &Manifest{Models: []ManifestEntry{{Config: "MCCount.cfg", Verdict: "ok", Generated: 192001, Distinct: 64000, Depth: 118}}}
	var out, progress bytes.Buffer
	require.NoError(t, m.Verify(context.Background(), dir, Fast, Options{Workers: 2, Progress: &progress, ProgressEvery: time.Millisecond}, &out))
	require.Contains(t, out.String(), "MCCount.cfg                ok       ok                     192001      64000   118")
	lines := strings.Split(strings.TrimSuffix(progress.String(), "\n"), "\n")
	require.NotEmpty(t, progress.String(), "no progress line in a run of 64,000 states with a line due every millisecond")
	for _, l := range lines {
		require.Regexp(t, `^  MCCount.cfg: Progress\(\d+\) at .*: \d+ states generated`, l)
	}
}
