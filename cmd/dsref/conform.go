package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/dsref/dsref/internal/repo"
)

// conformStage is one step of `dsref conform`: model checking a family of specs, simulating a
// protocol under faults, validating traces, or printing the conformance report. Stages run in
// ascending order; a stage that fails does not stop the others, but makes conform exit 1.
type conformStage struct {
	order int
	name  string
	run   func(w io.Writer, opts conformOptions) error
}

// conformOptions are the knobs shared by every stage.
type conformOptions struct {
	Root  string // repository root: the folder holding go.mod, spec/ and tla/
	Short bool   // a quicker run: fewer seeds, smaller models
	Soak  bool   // also the longest checks: the models tla/models.json marks soak
}

var conformStages []conformStage

// registerConformStage adds a stage to `dsref conform`; it is called from init functions.
func registerConformStage(order int, name string, run func(w io.Writer, opts conformOptions) error) {
	conformStages = append(conformStages, conformStage{order: order, name: name, run: run})
}

func init() {
	register("conform", "model-check the specs, simulate the protocols, validate traces, print the report", runConform)
}

func runConform(args []string, stdout, stderr io.Writer) int {
	collectLessOften()
	fs := flag.NewFlagSet("conform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root (the folder holding go.mod)")
	short := fs.Bool("short", false, "a quicker run: fewer seeds, smaller models")
	soak := fs.Bool("soak", false, "also model-check the soak models of tla/models.json (tens of minutes each)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "dsref conform: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	repoRoot, err := repo.Root(*root)
	if err != nil {
		fmt.Fprintf(stderr, "dsref conform: %v\n", err)
		return 2
	}
	opts := conformOptions{Root: repoRoot, Short: *short, Soak: *soak}
	stages := append([]conformStage(nil), conformStages...)
	sort.SliceStable(stages, func(i, j int) bool { return stages[i].order < stages[j].order })
	failed := 0
	for _, st := range stages {
		fmt.Fprintf(stdout, "== %s\n", st.name)
		start := time.Now()
		// A stage writes as it goes: the model-checking stage takes minutes, one line per model.
		err := st.run(stdout, opts)
		status := "ok"
		if err != nil {
			failed++
			status = "FAIL: " + err.Error()
		}
		fmt.Fprintf(stdout, "-- %s: %s (%.1fs)\n\n", st.name, status, time.Since(start).Seconds())
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "conform: %d of %d stages failed\n", failed, len(stages))
		return 1
	}
	fmt.Fprintf(stdout, "conform: all %d stages passed\n", len(stages))
	return 0
}
