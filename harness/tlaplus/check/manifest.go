package check

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
)

// Manifest records the expected outcome of every model in a folder of specs (tla/models.json),
// as the tlaplus/Examples repository records TLC's numbers per model.
type Manifest struct {
	Models []ManifestEntry `json:"models"`
}

// ManifestEntry is the expected outcome of one model.
type ManifestEntry struct {
	// Config is the .cfg file; Spec the root module (default: Config with .tla).
	Config string `json:"config"`
	Spec   string `json:"spec,omitempty"`
	// Verdict is "ok", "deadlock", "invariant violated", ... as Verdict.String prints it.
	Verdict   string `json:"verdict"`
	Violated  string `json:"violated,omitempty"`
	Generated int64  `json:"generated"`
	Distinct  int64  `json:"distinct"`
	Depth     int    `json:"depth"`
	// Trace is the length of the expected (shortest) counterexample, for a violation.
	Trace int `json:"trace,omitempty"`
	// Slow models are checked only when asked for (DSREF_SLOW=1, or conform without -short).
	Slow bool `json:"slow,omitempty"`
	// Soak models have recorded counts but take tens of minutes, too long for a DSREF_SLOW=1 run
	// or a plain conform: they are checked only with DSREF_SOAK=1 or `dsref conform -soak`. Soak
	// wins over Slow when an entry sets both.
	Soak bool `json:"soak,omitempty"`
	// Counts says how the numbers were established: "independent count" (recomputed without the
	// TLA+ engine by a Go test: TestLamportClockBruteForce, TestQuorumCountIndependently),
	// "TLC (issue #N)" (TLC's own figures for the model, measured on another machine and quoted
	// in that issue, which this checker reproduces), "self-consistent" (only this checker, the
	// same with 1 and 2 workers), or "none".
	Counts string `json:"counts"`
	// Unchecked, when set, says why the model has no recorded counts yet (a run of hours); such a
	// model is listed so that it is not forgotten, and reported as not checked, never as passed.
	Unchecked string `json:"unchecked,omitempty"`
	// Sources is the SourcesDigest of the configuration and modules the counts were established
	// with. A soak entry with counts, which only an explicit soak run re-checks, must record it,
	// and any recorded digest must be the current one (see StaleSources): otherwise a change to
	// a module the model loads could leave its counts stale unnoticed.
	Sources string `json:"sources,omitempty"`
}

// ReadManifest reads a manifest file.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	seen := map[string]bool{}
	for i, e := range m.Models {
		if e.Config == "" {
			return nil, fmt.Errorf("%s: model %d has no config", path, i+1)
		}
		if seen[e.Config] {
			return nil, fmt.Errorf("%s: model %s listed twice", path, e.Config)
		}
		seen[e.Config] = true
		if _, err := parseVerdict(e.Verdict); err != nil {
			return nil, fmt.Errorf("%s: model %s: %w", path, e.Config, err)
		}
		if err := e.checkSoak(); err != nil {
			return nil, fmt.Errorf("%s: model %s: %w", path, e.Config, err)
		}
	}
	return &m, nil
}

// checkSoak rejects a soak entry without recorded counts: soak models are the completed ones
// checked on demand (and counted as model-checked by the conformance report), so an entry whose
// run never finished must say unchecked instead, and not be marked soak.
func (e ManifestEntry) checkSoak() error {
	if !e.Soak {
		return nil
	}
	if e.Unchecked != "" {
		return fmt.Errorf("marked both soak and unchecked (%q): a soak model must have recorded counts", e.Unchecked)
	}
	if e.Generated <= 0 || e.Distinct <= 0 || e.Depth <= 0 {
		return fmt.Errorf("marked soak with %d generated, %d distinct, depth %d: a soak model must have recorded counts",
			e.Generated, e.Distinct, e.Depth)
	}
	return nil
}

// Tier says when a manifest model is checked. The tiers are nested: a run that includes a tier
// includes the ones below it.
type Tier int

const (
	// Fast models are checked by every run: go test, conform -short.
	Fast Tier = iota
	// Slow models are checked with DSREF_SLOW=1, or by conform without -short.
	Slow
	// Soak models are checked with DSREF_SOAK=1, or by conform -soak.
	Soak
)

func (t Tier) String() string {
	switch t {
	case Fast:
		return "fast"
	case Slow:
		return "slow"
	case Soak:
		return "soak"
	}
	return fmt.Sprintf("Tier(%d)", int(t))
}

// Tier returns the entry's tier.
func (e ManifestEntry) Tier() Tier {
	switch {
	case e.Soak:
		return Soak
	case e.Slow:
		return Slow
	}
	return Fast
}

// Skip says why a run that includes the tiers up to upTo does not model-check the entry, or ""
// if it does: the entry has no recorded counts, or its tier is above upTo.
func (e ManifestEntry) Skip(upTo Tier) string {
	switch {
	case e.Unchecked != "":
		return "no recorded counts: " + e.Unchecked
	case e.Tier() <= upTo:
		return ""
	case e.Tier() == Soak:
		return "soak model: checked only by dsref conform -soak, or go test with DSREF_SOAK=1"
	default:
		return "slow model: checked only by dsref conform without -short, or go test with DSREF_SLOW=1"
	}
}

func parseVerdict(s string) (Verdict, error) {
	for v := OK; v <= TemporalSafetyViolated; v++ {
		if v.String() == s {
			return v, nil
		}
	}
	return 0, fmt.Errorf("unknown verdict %q", s)
}

// SpecFile returns the root module of the entry.
func (e ManifestEntry) SpecFile() string {
	if e.Spec != "" {
		return e.Spec
	}
	return strings.TrimSuffix(e.Config, ".cfg") + ".tla"
}

// Workers returns the number of workers to check the entry with: a model expected to fail is
// checked with one worker, whose counts at the violation are deterministic (TLC's order).
func (e ManifestEntry) Workers(max int) int {
	if e.Verdict != OK.String() {
		return 1
	}
	return max
}

// Run model-checks the entry's model in dir. Temporal properties are checked once the search is
// complete: the counts recorded are those of the complete search, and a counterexample found by
// a check during the search (Options.LiveCheckEvery) would stop it at a point that depends on the
// machine's speed.
func (e ManifestEntry) Run(ctx context.Context, dir string, opts Options) (Result, error) {
	conf, err := cfg.ParseFile(filepath.Join(dir, e.Config))
	if err != nil {
		return Result{}, err
	}
	opts.LiveCheckEvery = -1
	return Check(ctx, filepath.Join(dir, e.SpecFile()), conf, opts)
}

// Compare reports how res differs from the expectation, or nil.
func (e ManifestEntry) Compare(res Result) error {
	var diffs []string
	if res.Verdict.String() != e.Verdict {
		diffs = append(diffs, fmt.Sprintf("verdict %q, want %q", res.Verdict, e.Verdict))
	}
	if len(res.NotChecked) > 0 {
		diffs = append(diffs, fmt.Sprintf("PROPERTY %s not checked (liveness): a model recorded here must be checked completely", strings.Join(res.NotChecked, ", ")))
	}
	if res.Violated != e.Violated {
		diffs = append(diffs, fmt.Sprintf("violated %q, want %q", res.Violated, e.Violated))
	}
	if res.Generated != e.Generated {
		diffs = append(diffs, fmt.Sprintf("%d states generated, want %d", res.Generated, e.Generated))
	}
	if res.Distinct != e.Distinct {
		diffs = append(diffs, fmt.Sprintf("%d distinct states, want %d", res.Distinct, e.Distinct))
	}
	if res.Depth != e.Depth {
		diffs = append(diffs, fmt.Sprintf("depth %d, want %d", res.Depth, e.Depth))
	}
	if e.Trace != 0 && len(res.Trace) != e.Trace {
		diffs = append(diffs, fmt.Sprintf("counterexample of %d states, want %d", len(res.Trace), e.Trace))
	}
	if len(diffs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", e.Config, strings.Join(diffs, "; "))
}

// UnlistedConfigs returns the MC*.cfg files in dir that the manifest does not list, and the
// listed ones that do not exist.
func (m *Manifest) UnlistedConfigs(dir string) (unlisted, missing []string, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "MC*.cfg"))
	if err != nil {
		return nil, nil, err
	}
	listed := map[string]bool{}
	for _, e := range m.Models {
		listed[e.Config] = true
		if _, err := os.Stat(filepath.Join(dir, e.Config)); err != nil {
			missing = append(missing, e.Config)
		}
	}
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			unlisted = append(unlisted, filepath.Base(f))
		}
	}
	sort.Strings(unlisted)
	return unlisted, missing, nil
}

// Verify checks every model of the manifest in dir whose tier is at most upTo, writing a table
// to w (a header, then a row per model as it finishes), and returns the mismatches joined. A
// model it does not run is listed with the reason, never as passed. opts is the template of
// every run: opts.Workers is the most workers a model gets (see ManifestEntry.Workers), and
// when opts.Progress is set each progress line of a long model goes there, naming the model.
func (m *Manifest) Verify(ctx context.Context, dir string, upTo Tier, opts Options, w io.Writer) error {
	var errs []error
	unlisted, missing, err := m.UnlistedConfigs(dir)
	if err != nil {
		return err
	}
	for _, u := range unlisted {
		errs = append(errs, fmt.Errorf("%s is not listed in the manifest", u))
	}
	for _, u := range missing {
		errs = append(errs, fmt.Errorf("%s is listed in the manifest but does not exist", u))
	}
	const row = "%-26s %-8s %-18s %10s %10s %5s %7s\n"
	fmt.Fprintf(w, row, "model", "result", "verdict", "generated", "distinct", "depth", "time")
	for _, e := range m.Models {
		if e.Unchecked != "" {
			fmt.Fprintf(w, "%-26s %-8s %s\n", e.Config, "NOT RUN", "no recorded counts: "+e.Unchecked)
			continue
		}
		if reason := e.Skip(upTo); reason != "" {
			fmt.Fprintf(w, "%-26s %-8s %s\n", e.Config, "not run", reason)
			continue
		}
		start := time.Now()
		run := opts
		run.Workers = e.Workers(max(opts.Workers, 1))
		if opts.Progress != nil {
			run.Progress = &prefixWriter{w: opts.Progress, prefix: "  " + e.Config + ": "}
		}
		res, err := e.Run(ctx, dir, run)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", e.Config, err))
			fmt.Fprintf(w, "%-26s %-8s %v\n", e.Config, "ERROR", err)
			continue
		}
		status := "ok"
		if err := e.Compare(res); err != nil {
			errs = append(errs, err)
			status = "MISMATCH"
		}
		fmt.Fprintf(w, row, e.Config, status, res.Verdict, fmt.Sprint(res.Generated), fmt.Sprint(res.Distinct),
			fmt.Sprint(res.Depth), fmt.Sprintf("%.1fs", time.Since(start).Seconds()))
	}
	return errors.Join(errs...)
}

// prefixWriter writes each Write, one progress line, after a prefix naming the model.
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix+string(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}
