package main

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/dsref/dsref/harness/coverage"
	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/simtest"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/tla"
)

func init() {
	registerConformStage(250, "validate traces of the Go code against the TLA+ specifications", conformTraces)
}

// conformTraces validates the traces of simulated runs of every protocol whose adapter
// describes its traces (raft, paxos, synod) and the session traces of the same runs (every
// node's session table, tla/TraceSession.tla), of the leadership-transfer scenario, and of the clocks over
// random histories, against their trace modules (tla/Trace*.tla), and prints, per
// specification, how many events of each action validated traces exercised and which actions
// none did.
func conformTraces(w io.Writer, opts conformOptions) error {
	seeds, histories := 150, 200
	if opts.Short {
		seeds, histories = 25, 40
	}
	ctx := opts.context()
	exercised := map[string]map[string]int{} // spec -> action -> events
	modules := map[string]string{}           // spec -> trace module
	failed := 0
	add := func(module string, res *trace.Result) {
		spec := strings.TrimSuffix(strings.TrimPrefix(module, "Trace"), ".tla")
		modules[spec] = module
		if exercised[spec] == nil {
			exercised[spec] = map[string]int{}
		}
		for a, n := range res.Actions {
			exercised[spec][a] += n
		}
		if res.Silent > 0 && res.SilentAction != "" {
			exercised[spec][res.SilentAction] += res.Silent
		}
	}
	check := func(module string, res *trace.Result, err error) error {
		if err != nil {
			return err
		}
		if !res.OK() {
			failed++
			if failed <= 2 {
				trace.WriteReport(w, res)
			}
			return nil
		}
		add(module, res)
		return nil
	}
	validate := func(name, module string, data []byte) error {
		res, err := trace.ValidateBytes(ctx, name, data, trace.Options{Spec: module, Modules: tla.FS, Reuse: true})
		return check(module, res, err)
	}
	for _, name := range []string{"raft", "paxos", "synod"} {
		p := simProtocols[name]
		module := simtest.TraceSpec(p)
		if module == "" {
			fmt.Fprintf(w, "%-5s: no trace module yet (its adapter does not describe its traces)\n", name)
			continue
		}
		for _, nodes := range []int{3, 5} {
			start := time.Now()
			events, sessionEvents := 0, 0
			var recs, sessions []*value.Record
			for seed := uint64(1); seed <= uint64(seeds); seed++ {
				// The run hands its traces over as the sweep's runs do (sim.Options.TraceEvents,
				// SessionTraceEvents): the cores' and the session tables'.
				recs, sessions = recs[:0], sessions[:0]
				record := func(r *value.Record) { recs = append(recs, r) }
				recordSession := func(r *value.Record) { sessions = append(sessions, r) }
				if _, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed, TraceEvents: record, SessionTraceEvents: recordSession}}); err != nil {
					return err
				}
				events += len(recs)
				sessionEvents += len(sessions)
				res, err := trace.ValidateEvents(ctx, fmt.Sprintf("%s-%dnodes-seed%d.ndjson", name, nodes, seed), recs, trace.Options{Spec: module, Modules: tla.FS, Reuse: true})
				if err := check(module, res, err); err != nil {
					return err
				}
				res, err = trace.ValidateEvents(ctx, fmt.Sprintf("%s-%dnodes-seed%d-sessions.ndjson", name, nodes, seed), sessions, trace.Options{Spec: simtest.SessionTraceSpec, Modules: tla.FS, Reuse: true})
				if err := check(simtest.SessionTraceSpec, res, err); err != nil {
					return err
				}
			}
			fmt.Fprintf(w, "%-5s %d nodes: %d seeds' traces (%d events) validated against %s, their session traces (%d events) against %s, in %v\n",
				name, nodes, seeds, events, module, sessionEvents, simtest.SessionTraceSpec, time.Since(start).Round(time.Millisecond))
		}
	}
	transfer, err := coverage.TransferScenario()
	if err != nil {
		return err
	}
	if err := validate("raft-transfer.ndjson", "TraceRaft.tla", transfer); err != nil {
		return err
	}
	fmt.Fprintf(w, "raft leadership-transfer scenario: %d events validated against TraceRaft.tla\n", bytes.Count(transfer, []byte{'\n'}))
	for _, clock := range []struct{ name, module string }{
		{"lamport", "TraceLamportClock.tla"}, {"vector", "TraceVectorClock.tla"}, {"hlc", "TraceHLC.tla"}, {"dvv", "TraceDVV.tla"},
	} {
		start := time.Now()
		traces, err := coverage.ClockTraces(clock.name, 20261206, histories)
		if err != nil {
			return err
		}
		for i, data := range traces {
			if err := validate(fmt.Sprintf("%s-%d.ndjson", clock.name, i+1), clock.module, data); err != nil {
				return err
			}
		}
		fmt.Fprintf(w, "%-7s: %d random histories' traces validated against %s in %v\n",
			clock.name, histories, clock.module, time.Since(start).Round(time.Millisecond))
	}
	specs := make([]string, 0, len(exercised))
	for s := range exercised {
		specs = append(specs, s)
	}
	sort.Strings(specs)
	for _, spec := range specs {
		all, err := coverage.SpecActions(spec)
		if err != nil {
			return err
		}
		var names, missing []string
		for a := range all {
			if exercised[spec][a] > 0 {
				names = append(names, fmt.Sprintf("%s %d", a, exercised[spec][a]))
			} else {
				missing = append(missing, a)
			}
		}
		sort.Strings(names)
		sort.Strings(missing)
		fmt.Fprintf(w, "%s.tla: %d of %d actions exercised by validated traces: %s\n", spec, len(all)-len(missing), len(all), strings.Join(names, ", "))
		if len(missing) > 0 {
			fmt.Fprintf(w, "%s.tla: no validated trace exercised %s\n", spec, strings.Join(missing, ", "))
			why := map[string][]string{} // reason -> actions
			for _, a := range missing {
				if r, ok := coverage.NotYetExercised[spec][a]; ok {
					why[r] = append(why[r], a)
				}
			}
			reasons := make([]string, 0, len(why))
			for r := range why {
				reasons = append(reasons, r)
			}
			sort.Strings(reasons)
			for _, r := range reasons {
				fmt.Fprintf(w, "%s.tla: %s: %s\n", spec, strings.Join(why[r], ", "), r)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d traces are not behaviors of their specification", failed)
	}
	return nil
}
