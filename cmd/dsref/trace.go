package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/check"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/tla"
)

func init() {
	register(&command{
		name:    "trace",
		summary: "validate a trace of a run against its TLA+ specification",
		args:    "run.ndjson",
		minArgs: 1, maxArgs: 1,
		doc: `
Decides whether the trace of a run (one JSON event a line, as dsref sim -trace and the real
processes of dsref kv write it) is a behavior of the TLA+ specification, using the trace
module named by -spec, or else by the trace's first line ("spec": "TraceRaft" is
tla/TraceRaft.tla, built into dsref). The validator keeps every state of the specification
consistent with the events read so far and advances them event by event; what the trace does
not log stays open. If no behavior explains an event, it prints that event's line, the states
consistent with the trace before it and, for each, the condition of the event's action that
is false or the observed fields that disagree (expected vs seen).

Before validating, the trace is checked against the module's TraceSchema and for order: a
line that is not JSON, an unknown action, a missing field, a field of the wrong type, a time
("t") going back or a vector clock ("vc") out of happened-before order is reported with its
line and field. A trace over 1 GiB is refused before it is read (the validator holds the
decoded events in memory, about 4 bytes per byte of trace); so is a line over 16 MiB.

A trace whose first line has "instances": "F" holds independent instances of the
specification (a replicated log run as one single-decree Paxos per slot: "instances":
"slot"): each instance's events (those whose field F, or whose message's, has one value) are
validated as a trace of their own, and lines keep their numbers in the file.

The same module runs under TLC: JSON=run.ndjson tlc -config TraceRaft.cfg TraceRaft.tla
(with TLC's CommunityModules for Json and IOUtils; one instance at a time, for a trace of
several: split it with jq, as the package documentation of harness/tlaplus/trace shows).

-html writes the trace as a space-time diagram (one line per node, messages as arrows), with
the first event no behavior explains and the fields that disagree highlighted.

Exit status: 0 the trace is a behavior of the specification, 1 it is not, 2 bad usage,
3 the trace is malformed, 75 the trace module cannot be evaluated on an event, 150 the
trace module does not load.`,
		setup: traceSetup,
	})
}

const (
	exitTraceRejected  = 1
	exitTraceMalformed = 3
	exitTraceEval      = 75
	exitTraceLoad      = 150
)

func traceSetup(fset *flag.FlagSet) func(*invocation) int {
	spec := fset.String("spec", "", "trace `module` on disk (default: the one the trace's header names, built into dsref)")
	config := fset.String("config", "", "its TLC `configuration` (default: the module's name with .cfg)")
	html := fset.String("html", "", "also write the trace as a space-time diagram to this HTML `file`")
	candidates := fset.Int("candidates", 4, "how many candidate states a failure report explains")
	maxFrontier := fset.Int("max-frontier", 1_000_000, "refuse a trace that leaves more states open than this")
	quiet := fset.Bool("quiet", false, "print the verdict only, no coverage or progress")
	return func(inv *invocation) int {
		path := inv.args[0]
		var limits trace.Options
		if fi, err := os.Stat(path); err != nil {
			return inv.fail(exitTraceMalformed, err)
		} else if err := limits.CheckSize(path, fi.Size()); err != nil {
			return inv.fail(exitTraceMalformed, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return inv.fail(exitTraceMalformed, err)
		}
		// Reuse: the instances of a trace (trace.InstancesField) share one loaded module.
		opts := trace.Options{Config: *config, Candidates: *candidates, MaxFrontier: *maxFrontier, Reuse: true}
		if *spec != "" {
			opts.Spec = *spec
		} else {
			name, err := traceHeaderSpec(data)
			if err != nil {
				return inv.failf(exitTraceMalformed, "%s: %v (or name the trace module with -spec)", path, err)
			}
			if _, err := fs.Stat(tla.FS, name+".tla"); err != nil {
				return inv.failf(exitTraceMalformed, "%s: line 1: field spec: dsref has no trace module %s.tla (give one with -spec)", path, name)
			}
			opts.Spec, opts.Modules = name+".tla", tla.FS
		}
		if !*quiet {
			start := time.Now()
			opts.Progress = func(done, total, frontier int) {
				if time.Since(start) < time.Second && done < total {
					return
				}
				fmt.Fprintf(inv.stderr, "validated %d of %d events (%d%%), %d state(s) consistent with the trace, %v\n",
					done, total, done*100/max(total, 1), frontier, time.Since(start).Round(time.Millisecond))
			}
		}
		res, err := trace.ValidateBytes(inv.context(), path, data, opts)
		if err != nil {
			return inv.fail(traceExitCode(err), err)
		}
		trace.WriteReport(inv.stdout, res)
		if !*quiet && len(res.Actions) > 0 {
			fmt.Fprintf(inv.stdout, "validated events per action:\n")
			trace.WriteCoverage(inv.stdout, res.Actions)
		}
		if *html != "" {
			if err := writeTraceHTML(*html, res); err != nil {
				return inv.failf(exitTraceMalformed, "-html: %v", err)
			}
		}
		if !res.OK() {
			return exitTraceRejected
		}
		return 0
	}
}

// traceHeaderSpec reads the trace module's name from the trace's first line.
func traceHeaderSpec(data []byte) (string, error) {
	line, _, _ := bytes.Cut(data, []byte{'\n'})
	v, err := eval.DecodeJSON(line)
	if err != nil {
		return "", fmt.Errorf("line 1: %v", err)
	}
	r, ok := v.(*value.Record)
	if !ok {
		return "", errors.New("line 1: the first line is not a JSON object naming the trace module")
	}
	f, found, _ := r.Field("spec")
	if !found {
		return "", errors.New("line 1: field spec: missing (the header names the trace module)")
	}
	s, ok := f.(value.Str)
	if !ok || s == "" || strings.ContainsAny(string(s), `/\.`) {
		return "", fmt.Errorf("line 1: field spec: %s is not a module name", f)
	}
	return string(s), nil
}

func traceExitCode(err error) int {
	var ie *trace.InputError
	var ee *trace.EvalError
	var le *check.LoadError
	switch {
	case errors.As(err, &ie), errors.As(err, new(*trace.TooLargeError)):
		return exitTraceMalformed
	case errors.As(err, &ee):
		return exitTraceEval
	case errors.As(err, &le), errors.Is(err, fs.ErrNotExist):
		return exitTraceLoad
	case errors.Is(err, context.Canceled):
		return 130
	}
	return exitTraceLoad
}
