// Package simtest holds the seed-sweep test and benchmark that every protocol adapter of the
// simulator runs, so that raftsim, paxossim and any later adapter assert the same bar.
package simtest

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/tla"
)

// SeedCount is the number of seeds per configuration: 2,000 by default (the CI bar), or
// DSREF_SIM_SEEDS for a soak.
func SeedCount(t testing.TB) int {
	if s := os.Getenv("DSREF_SIM_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("DSREF_SIM_SEEDS=%q is not a positive number", s)
		}
		return n
	}
	return 2000
}

// ValidateEvery says which seeds' traces RequireSeedsPass validates: every k-th seed (seeds 1,
// k+1, 2k+1, ...), from DSREF_SIM_VALIDATE ("all" is 1, "off" is 0); by default every 10th.
func ValidateEvery(t testing.TB) int {
	return validateEvery(t, 10)
}

// A ValidationPacer is a protocol whose seeds the sweep validates at another default pace than
// every 10th (DSREF_SIM_VALIDATE still decides when set): one whose package's sweep would
// otherwise outgrow go test's time budget.
type ValidationPacer interface {
	// ValidateEvery is the default k of "every k-th seed".
	ValidateEvery() int
}

func validateEvery(t testing.TB, def int) int {
	switch s := os.Getenv("DSREF_SIM_VALIDATE"); s {
	case "":
		return def
	case "all":
		return 1
	case "off":
		return 0
	default:
		k, err := strconv.Atoi(s)
		if err != nil || k < 0 {
			t.Fatalf("DSREF_SIM_VALIDATE=%q is not all, off or a positive number", s)
		}
		return k
	}
}

// RequireSeedsPass runs SeedCount seeds of p on clusters of 3 and 5 nodes, in parallel subtests,
// with every fault kind drawn per seed, and fails on any safety, linearizability or liveness
// violation, printing the first three failure reports. When p describes its traces
// (sim.TraceDescriber), the seeds' traces (those ValidateEvery picks) are also validated against
// the TLA+ trace module their header names (tla/TraceRaft.tla, ...): a trace that no behavior of
// the specification explains fails the seed as a violated invariant does, with the validator's
// report and the commands that reproduce it.
//
// The same seeds' session traces (sim.Options.SessionTrace: every node's session table) are
// validated against tla/TraceSession.tla.
//
// Traces are validated at a ValidationPacer's pace if p is one. They are validated beside the
// simulation, by at most GOMAXPROCS validations at a time shared by both subtests (a machine
// with more cores than the two subtests use validates on the others), and a seed's failure is
// reported as if each subtest had validated its seeds in turn: in seed order, the run's report
// and then the validator's.
func RequireSeedsPass(t *testing.T, p sim.Protocol) {
	spec := TraceSpec(p)
	every := ValidateEvery(t)
	if vp, ok := p.(ValidationPacer); ok {
		every = validateEvery(t, vp.ValidateEvery())
	}
	if every == 0 {
		spec = ""
	}
	pool := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, nodes := range []int{3, 5} {
		t.Run(fmt.Sprintf("nodes=%d", nodes), func(t *testing.T) {
			t.Parallel()
			n := SeedCount(t)
			failures := 0
			for _, report := range seedReports(t, p, spec, every, nodes, n, pool) {
				if report != "" {
					failures++
					if failures <= 3 {
						t.Errorf("%s", report)
					}
				}
			}
			if failures > 0 {
				t.Errorf("%d of %d seeds failed", failures, n)
			}
		})
	}
}

// seedReports runs seeds 1 to n of p on nodes nodes and returns each seed's failure report
// (reports[seed-1], "" if it passed): the run's, then that of its traces' validation against
// spec and TraceSession.tla for every every-th seed (none if spec is ""). A run waits for a
// token of pool to hand its traces to a validation, which goes on beside the next runs and
// gives the token back when it is over.
func seedReports(t testing.TB, p sim.Protocol, spec string, every, nodes, n int, pool chan struct{}) []string {
	reports := make([]string, n)
	var validations sync.WaitGroup
	defer validations.Wait() // also when a run fails the test
	for seed := uint64(1); seed <= uint64(n); seed++ {
		opts := sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}, TailLines: 30}
		validate := spec != "" && (seed-1)%uint64(every) == 0
		var events, sessions []*value.Record
		if validate {
			opts.TraceEvents = func(r *value.Record) { events = append(events, r) }
			opts.SessionTraceEvents = func(r *value.Record) { sessions = append(sessions, r) }
		}
		res, err := sim.Run(p, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Failure != nil {
			reports[seed-1] = res.Report()
		}
		if validate {
			pool <- struct{}{}
			validations.Add(1)
			go func(seed uint64) {
				defer func() { <-pool; validations.Done() }()
				report := validateTrace(p, spec, nodes, seed, events)
				report += validateTrace(p, SessionTraceSpec, nodes, seed, sessions)
				reports[seed-1] += report
			}(seed)
		}
	}
	validations.Wait()
	return reports
}

// TraceSpec is the trace module p's traces are validated against (TraceRaft.tla), or "" if p
// does not describe its traces.
func TraceSpec(p sim.Protocol) string {
	d, ok := p.(sim.TraceDescriber)
	if !ok {
		return ""
	}
	name, _ := d.TraceHeader(nil, 0)["spec"].(string)
	if name == "" {
		return ""
	}
	return name + ".tla"
}

// SessionTraceSpec is the trace module of the session traces of every protocol's runs
// (sim.Options.SessionTrace).
const SessionTraceSpec = "TraceSession.tla"

// validateTrace validates one seed's trace, handed over by the run (sim.Options.TraceEvents),
// against spec (embedded in package tla) and returns the report of a trace no behavior explains,
// or of a trace the validator refuses, with how to reproduce it; "" if the trace is a behavior of
// the specification.
func validateTrace(p sim.Protocol, spec string, nodes int, seed uint64, events []*value.Record) string {
	name, flag := fmt.Sprintf("%s-%dnodes-seed%d.ndjson", p.Name(), nodes, seed), "-trace"
	if spec == SessionTraceSpec {
		name, flag = fmt.Sprintf("%s-%dnodes-seed%d-sessions.ndjson", p.Name(), nodes, seed), "-session-trace"
	}
	res, err := trace.ValidateEvents(context.Background(), name, events, trace.Options{Spec: spec, Modules: tla.FS, Reuse: true})
	reproduce := fmt.Sprintf("\nreproduce: go run ./cmd/dsref sim -protocol %s -nodes %d -seed %d %s %s && go run ./cmd/dsref trace %s\n",
		p.Name(), nodes, seed, flag, name, name)
	if err != nil {
		return fmt.Sprintf("trace of %s seed %d on %d nodes not validated: %v%s", p.Name(), seed, nodes, err, reproduce)
	}
	if res.OK() {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "trace of %s seed %d on %d nodes is not a behavior of %s:\n", p.Name(), seed, nodes, spec)
	trace.WriteReport(&b, res)
	b.WriteString(reproduce)
	return b.String()
}

// BenchmarkSeeds runs whole seeds of p (fault phase, heal phase, linearizability check) on 3 and
// 5 nodes and reports the simulated-to-real time ratio and seeds per minute, against wall time
// (sim-x, seeds/min) and, where the platform reports it, against CPU time (sim-x-cpu,
// seeds/core-min): on a shared, loaded machine wall time measures the neighbours.
func BenchmarkSeeds(b *testing.B, p sim.Protocol) {
	for _, nodes := range []int{3, 5} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			var simulated time.Duration
			start, cpu0 := time.Now(), cpuTime()
			for i := 0; i < b.N; i++ {
				res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: uint64(i + 1)}})
				if err != nil {
					b.Fatal(err)
				}
				if res.Failure != nil {
					b.Fatal(res.Report())
				}
				simulated += res.SimTime
			}
			wall, cpu := time.Since(start), cpuTime()-cpu0
			b.ReportMetric(float64(simulated)/float64(wall), "sim-x")
			b.ReportMetric(float64(b.N)/wall.Minutes(), "seeds/min")
			if cpu > 0 {
				b.ReportMetric(float64(simulated)/float64(cpu), "sim-x-cpu")
				b.ReportMetric(float64(b.N)/cpu.Minutes(), "seeds/core-min")
			}
		})
	}
}

// BenchmarkSweepValidation measures what validating every seed's traces adds to RequireSeedsPass
// (DSREF_SIM_VALIDATE=all against the sweep without validation): each iteration takes the next
// seed and, interleaved on 3 and 5 nodes, runs it as the sweep does without a trace, then
// again recording its trace and its session trace, then validates both as the sweep does
// (against p's trace module and TraceSession.tla). It reports the median wall time per seed of
// each part (µs/plain-run, µs/traced-run, µs/validation for both traces), their CPU time per
// seed (cpu-µs/..., the session trace's validation apart, robust to a loaded machine where the platform reports CPU time; a part's CPU
// time includes the garbage collection it causes while it runs), and the ratio issue #14 bounds
// by 2, a validated seed's time (traced run and validations) over a plain run's, from the wall
// medians (validated/plain) and from the CPU time of all seeds (validated/plain-cpu).
func BenchmarkSweepValidation(b *testing.B, p sim.Protocol) {
	spec := TraceSpec(p)
	if spec == "" {
		b.Fatalf("%s does not describe its traces", p.Name())
	}
	var plain, traced, valid []time.Duration
	var cpuPlain, cpuTraced, cpuValid, cpuSessions time.Duration
	var events, sessions []*value.Record
	for i := 0; i < b.N; i++ {
		seed := uint64(i + 1)
		for _, nodes := range []int{3, 5} {
			opts := sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}, TailLines: 30}
			start, cpu := time.Now(), cpuTime()
			if _, err := sim.Run(p, opts); err != nil {
				b.Fatal(err)
			}
			plain = append(plain, time.Since(start))
			cpuPlain += cpuTime() - cpu

			events, sessions = events[:0], sessions[:0]
			opts.TraceEvents = func(r *value.Record) { events = append(events, r) }
			opts.SessionTraceEvents = func(r *value.Record) { sessions = append(sessions, r) }
			start, cpu = time.Now(), cpuTime()
			if _, err := sim.Run(p, opts); err != nil {
				b.Fatal(err)
			}
			traced = append(traced, time.Since(start))
			cpuTraced += cpuTime() - cpu

			start, cpu = time.Now(), cpuTime()
			if msg := validateTrace(p, spec, nodes, seed, events); msg != "" {
				b.Fatal(msg)
			}
			mid := cpuTime()
			if msg := validateTrace(p, SessionTraceSpec, nodes, seed, sessions); msg != "" {
				b.Fatal(msg)
			}
			valid = append(valid, time.Since(start))
			end := cpuTime()
			cpuValid += mid - cpu
			cpuSessions += end - mid
		}
	}
	mp, mt, mv := median(plain), median(traced), median(valid)
	b.ReportMetric(float64(mp.Microseconds()), "µs/plain-run")
	b.ReportMetric(float64(mt.Microseconds()), "µs/traced-run")
	b.ReportMetric(float64(mv.Microseconds()), "µs/validation")
	b.ReportMetric(float64(mt+mv)/float64(mp), "validated/plain")
	if cpuPlain > 0 {
		runs := float64(len(plain))
		b.ReportMetric(float64(cpuPlain.Microseconds())/runs, "cpu-µs/plain-run")
		b.ReportMetric(float64(cpuTraced.Microseconds())/runs, "cpu-µs/traced-run")
		b.ReportMetric(float64(cpuValid.Microseconds())/runs, "cpu-µs/validation")
		b.ReportMetric(float64(cpuSessions.Microseconds())/runs, "cpu-µs/session-validation")
		b.ReportMetric(float64(cpuTraced+cpuValid+cpuSessions)/float64(cpuPlain), "validated/plain-cpu")
	}
}

// CPUTime is the CPU time (user and system) the process has used so far, or 0 where the
// platform does not report it: benchmarks divide by it to be robust to a loaded machine.
func CPUTime() time.Duration { return cpuTime() }

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
