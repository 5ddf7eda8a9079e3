package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dsref/dsref/internal/repo"

	"github.com/dsref/dsref/internal/conformance"
)

func init() {
	register(&command{
		name:    "conformance",
		summary: "regenerate CONFORMANCE.md, or -check that it is current and complete",
		doc: `
Scans spec/ for requirement IDs and the tree for the TLA+ invariants, Go code and tests that
cite them ("// Tests RAFT-ELECT-2."), and writes CONFORMANCE.md: requirement -> TLA+ -> Go ->
tests -> status. With -check it writes nothing and fails when the file on disk is stale or a
requirement is cited by no test; -spec narrows that check to one spec.

Exit status: 0 written (or current), 1 stale or incomplete, 2 bad usage.`,
		setup: func(fs *flag.FlagSet) func(*invocation) int {
			root := fs.String("root", ".", "repository root: the `folder` holding go.mod, or one below it")
			check := fs.Bool("check", false, "do not write; fail if CONFORMANCE.md is stale or a requirement is untested")
			spec := fs.String("spec", "", "with -check: only the requirements of this `spec`, e.g. raft or spec/raft.md")
			return func(inv *invocation) int {
				if *spec != "" && !*check {
					return inv.usageError("-spec goes with -check")
				}
				repoRoot, err := repo.Root(*root)
				if err != nil {
					return inv.fail(exitUsage, err)
				}
				return runConformance(inv, repoRoot, *check, *spec)
			}
		},
	})
	registerConformStage(900, "conformance report", conformanceStage)
}

func runConformance(inv *invocation, repoRoot string, check bool, spec string) int {
	report, err := conformance.Scan(repoRoot)
	if err != nil {
		return inv.fail(1, err)
	}
	target := filepath.Join(repoRoot, "CONFORMANCE.md")
	if !check {
		if err := os.WriteFile(target, []byte(report.Markdown()), 0o644); err != nil {
			return inv.fail(1, err)
		}
		fmt.Fprintf(inv.stdout, "wrote %s: %d requirements\n", target, len(report.Requirements))
		for _, p := range report.Problems() {
			fmt.Fprintf(inv.stderr, "%s\n", p)
		}
		return 0
	}
	if spec != "" {
		name := spec
		if filepath.Ext(name) == "" {
			name = "spec/" + name + ".md"
		}
		report = report.Only(filepath.ToSlash(name))
		if len(report.Requirements) == 0 {
			return inv.usageError("%s declares no requirements", name)
		}
	}
	failed := false
	for _, p := range report.Problems() {
		fmt.Fprintf(inv.stderr, "%s\n", p)
		failed = true
	}
	if spec == "" {
		if err := compareWithDisk(target, report.Markdown()); err != nil {
			inv.fail(1, err)
			failed = true
		}
	}
	if failed {
		return 1
	}
	fmt.Fprintf(inv.stdout, "conformance: %d requirements, all cited by tests\n", len(report.Requirements))
	return 0
}

func compareWithDisk(path, want string) error {
	have, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s is missing: run go run ./cmd/dsref conformance", path)
	}
	if err != nil {
		return err
	}
	if !bytes.Equal(have, []byte(want)) {
		return fmt.Errorf("%s is stale: run go run ./cmd/dsref conformance", path)
	}
	return nil
}

// conformanceStage prints a per-spec summary of the conformance table and fails on any problem.
func conformanceStage(w io.Writer, opts conformOptions) error {
	report, err := conformance.Scan(opts.Root)
	if err != nil {
		return err
	}
	type counts struct{ total, tested, modelChecked, traceValidated int }
	bySpec := map[string]*counts{}
	var order []string
	for _, req := range report.Requirements {
		c := bySpec[req.Spec]
		if c == nil {
			c = &counts{}
			bySpec[req.Spec] = c
			order = append(order, req.Spec)
		}
		c.total++
		cov := report.Coverage(req.ID)
		if cov.Tested {
			c.tested++
		}
		if cov.ModelChecked {
			c.modelChecked++
		}
		if cov.TraceValidated {
			c.traceValidated++
		}
	}
	for _, spec := range order {
		c := bySpec[spec]
		fmt.Fprintf(w, "%-20s %3d requirements, %3d tested, %3d model-checked, %3d trace-validated\n",
			spec, c.total, c.tested, c.modelChecked, c.traceValidated)
	}
	problems := report.Problems()
	for _, p := range problems {
		fmt.Fprintf(w, "%s\n", p)
	}
	if err := compareWithDisk(filepath.Join(opts.Root, "CONFORMANCE.md"), report.Markdown()); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d conformance problems", len(problems))
	}
	return nil
}
