package main

import (
	"context"
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
	Context context.Context // cancelled by an interrupt: a stage stops early and fails
	Root    string          // repository root: the folder holding go.mod, spec/ and tla/
	Short   bool            // a quicker run: fewer seeds, smaller models
	Soak    bool            // also the longest checks: the models tla/models.json marks soak
	// ProgressEvery is how often a long step (a model being checked) prints a progress line;
	// 0 prints none.
	ProgressEvery time.Duration
}

var conformStages []conformStage

// registerConformStage adds a stage to `dsref conform`; it is called from init functions.
func registerConformStage(order int, name string, run func(w io.Writer, opts conformOptions) error) {
	conformStages = append(conformStages, conformStage{order: order, name: name, run: run})
}

func init() {
	register(&command{
		name:    "conform",
		summary: "the main job: model-check the specs, simulate the protocols under faults, validate traces, print the conformance report",
		doc: `
Runs dsref's main job in stages, each printing as it goes and ending with a line
"-- STAGE: ok (SECONDS)" or "-- STAGE: FAIL: why": model-checking every tla/MC*.cfg against the
counts recorded in tla/models.json, random histories for the clocks, every quorum system of up
to seven members, simulated raft and paxos clusters under faults, the traces of simulated raft,
Multi-Paxos and single-decree paxos (synod) runs and of the clocks validated against their TLA+
specifications (with the actions of each specification the validated traces exercised), and the
conformance report.
A stage that fails does not stop the others.

A long model prints a progress line every -progress interval. Without -short the run takes
minutes (the README gives the time and memory measured); -short skips the slow models and
runs fewer seeds, in seconds.

Exit status: 0 when every stage passes, 1 when any fails, 2 for bad usage.`,
		setup: func(fs *flag.FlagSet) func(*invocation) int {
			root := fs.String("root", ".", "repository root: the `folder` holding go.mod, or one below it")
			short := fs.Bool("short", false, "a quicker run: skip the slow models, fewer seeds")
			soak := fs.Bool("soak", false, "also model-check the soak models of tla/models.json (with -short: the soak and slow models, fewer seeds)")
			progress := fs.Duration("progress", 10*time.Second, "interval between the progress lines of a long model (0: none)")
			return func(inv *invocation) int {
				if *progress < 0 {
					return inv.usageError("-progress %v is negative", *progress)
				}
				repoRoot, err := repo.Root(*root)
				if err != nil {
					return inv.fail(exitUsage, err)
				}
				collectLessOften()
				return runConform(inv.stdout, conformOptions{Context: inv.context(), Root: repoRoot, Short: *short, Soak: *soak, ProgressEvery: *progress})
			}
		},
	})
}

// runConform runs every stage in order and returns the exit code.
func runConform(stdout io.Writer, opts conformOptions) int {
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

// context returns the run's context, or the background one for a stage called directly.
func (o conformOptions) context() context.Context {
	if o.Context == nil {
		return context.Background()
	}
	return o.Context
}
