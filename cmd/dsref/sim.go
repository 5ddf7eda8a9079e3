package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/paxossim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// simProtocols are the protocols `dsref sim` can run.
var simProtocols = map[string]sim.Protocol{
	"raft":  raftsim.Protocol{},
	"paxos": paxossim.Protocol{},
	"synod": paxossim.SynodLog{},
}

func init() {
	register(&command{
		name:    "sim",
		summary: "simulate a protocol under faults: replay one seed's event log, or soak many seeds",
		doc: `
Runs a protocol's cores in the deterministic cluster simulator (harness/sim): a fault phase
whose faults are drawn from the seed or given by -schedule (message drop, duplication, delay,
reordering and replay; partitions; crashes and restarts with torn writes; pauses; clock skew
and drift), in which the protocol's safety invariants are checked after every event, then a
healed phase in which a new client operation must commit. The clients' key-value history is
checked for linearizability with porcupine.

With -seeds 1 it replays one seed and prints its event log (the same seed prints the same
bytes); with -seeds K it runs K consecutive seeds and prints a summary. A failing seed is
reported with its fault schedule shrunk and the command that replays it. -mutation plants a
bug of the catalogue (-mutations lists it) to see the checks catch it.

-schedule replaces the seed's faults by a schedule: "none" (no fault at all), the steps
themselves, or @FILE. A failure report prints its schedules one step a line in this syntax.
A schedule whose steps cannot happen (a restart of a running node, a second crash of a
crashed one, a step after the fault phase) is refused with the step named.
` + "\n" + sim.ScheduleSyntax + `

Exit status: 0 no violation, 1 a violation found, 2 bad usage or a run that could not start.`,
		setup: simSetup,
	})
}

func simSetup(fs *flag.FlagSet) func(*invocation) int {
	protocol := fs.String("protocol", "raft", "`protocol` to simulate: "+simProtocolNames())
	nodes := fs.Int("nodes", 3, "cluster size (1..9)")
	seed := fs.Uint64("seed", 1, "seed of the (first) run")
	steps := fs.Int("steps", 0, "stop a run after this many events (0: run both phases to the end)")
	seeds := fs.Int("seeds", 1, "number of consecutive seeds to run; 1 replays one seed and prints its event log")
	mutation := fs.String("mutation", "", "planted `bug` to switch on in the core (-mutations lists them)")
	listMutations := fs.Bool("mutations", false, "list the planted bugs of each protocol and exit")
	tracePath := fs.String("trace", "", "write the cores' trace events of a single-seed run as NDJSON to this `file`")
	sessionPath := fs.String("session-trace", "", "write the session tables' trace events (tla/TraceSession.tla) of a single-seed run as NDJSON to this `file`")
	faultPhase := fs.Duration("fault-phase", 0, "simulated length of the fault phase, at most "+sim.MaxFaultPhase.String()+" (0: drawn from the seed, 3s..6s); a long run prints a progress line every 5s on stderr")
	quiet := fs.Bool("quiet", false, "with -seeds 1, do not print the event log")
	outDir := fs.String("out", filepath.Join(os.TempDir(), "dsref-sim"), "write each reported failing seed's event log, and for a linearizability failure porcupine's HTML view of its history beside it, to this `directory`")
	schedule := fs.String("schedule", "", "with -seeds 1, inject exactly this fault `schedule` instead of the seed's own faults: the steps a failure report prints (its \"replay shrunk\" line), @FILE to read them from a file, or \"none\" for no fault at all")
	return func(inv *invocation) int {
		stdout := inv.stdout
		if *listMutations {
			return printMutations(stdout)
		}
		p, ok := simProtocols[*protocol]
		switch {
		case !ok:
			return inv.usageError("-protocol %q is not one of %s", *protocol, simProtocolNames())
		case *nodes < 1 || *nodes > 9:
			return inv.usageError("-nodes %d is outside 1..9", *nodes)
		case *steps < 0:
			return inv.usageError("-steps %d is negative", *steps)
		case *faultPhase < 0 || *faultPhase > sim.MaxFaultPhase:
			return inv.usageError("-fault-phase %v is outside 0..%v (memory grows with simulated time; run more -seeds instead)", *faultPhase, sim.MaxFaultPhase)
		case *seeds < 1:
			return inv.usageError("-seeds %d must be at least 1", *seeds)
		case *tracePath != "" && *seeds != 1:
			return inv.usageError("-trace needs -seeds 1")
		case *sessionPath != "" && *seeds != 1:
			return inv.usageError("-session-trace needs -seeds 1")
		case inv.isSet("schedule") && *seeds != 1:
			return inv.usageError("-schedule needs -seeds 1")
		}
		opts := sim.RunOptions{Options: sim.Options{Nodes: *nodes, Seed: *seed, Mutation: *mutation, MaxSteps: *steps}, FaultPhase: *faultPhase, TailLines: 40}
		if inv.isSet("schedule") {
			text := *schedule
			if name, ok := strings.CutPrefix(text, "@"); ok {
				b, err := readLimited(name, sim.MaxScheduleSize)
				if err != nil {
					return inv.usageError("-schedule: %v", err)
				}
				text = string(b)
			}
			script, err := sim.ParseSchedule(text, *nodes)
			if err != nil {
				return inv.usageError("-schedule %s: %v", *schedule, err)
			}
			opts.Script = script
		}
		if *seeds == 1 {
			return simReplay(inv, p, opts, *tracePath, *sessionPath, *quiet, *outDir)
		}
		return simSoak(inv, p, opts, *seeds, *outDir)
	}
}

// readLimited reads a file of at most limit bytes, refusing a longer one without reading it all.
func readLimited(name string, limit int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err == nil && len(b) > limit {
		err = fmt.Errorf("%s is longer than %d bytes", name, limit)
	}
	return b, err
}

// printMutations lists the planted bugs of each protocol. A protocol whose adapter lists none
// was built without them: they compile only with the build tag dsref_mutations.
func printMutations(w io.Writer) int {
	missing := false
	for _, name := range sortedKeys(simProtocols) {
		var list []string
		if m, ok := simProtocols[name].(interface{ Mutations() []string }); ok {
			list = m.Mutations()
		}
		if len(list) == 0 {
			missing = true
			fmt.Fprintf(w, "%-6s none in this build\n", name)
			continue
		}
		fmt.Fprintf(w, "%-6s %s\n", name, strings.Join(list, " "))
	}
	if missing {
		fmt.Fprintln(w, "planted bugs compile only with the build tag dsref_mutations:")
		fmt.Fprintln(w, "  go run -tags dsref_mutations ./cmd/dsref sim -mutations")
	}
	return 0
}

func simReplay(inv *invocation, p sim.Protocol, opts sim.RunOptions, tracePath, sessionPath string, quiet bool, outDir string) int {
	stdout := inv.stdout
	if !quiet {
		opts.Log = stdout
	}
	if tracePath != "" {
		f, err := os.Create(tracePath)
		if err != nil {
			return inv.failf(exitUsage, "-trace: %v", err)
		}
		defer f.Close()
		opts.Trace = f
	}
	if sessionPath != "" {
		f, err := os.Create(sessionPath)
		if err != nil {
			return inv.failf(exitUsage, "-session-trace: %v", err)
		}
		defer f.Close()
		opts.SessionTrace = f
	}
	opts.Progress = func(pr sim.Progress) { fmt.Fprintf(inv.stderr, "dsref sim: %s\n", pr) }
	res, err := sim.Run(p, opts)
	if err != nil {
		return inv.fail(exitUsage, err)
	}
	fmt.Fprintf(stdout, "\nfaults: %s\napplied: %s\n", res.Faults.Struck(res.Applied), res.Applied)
	fmt.Fprintf(stdout, "%d steps, %v simulated, %d client operations, event log hash %016x\n", res.Steps, res.SimTime, res.Ops, res.Hash)
	if res.Failure != nil {
		fmt.Fprint(stdout, shrinkForReport(p, opts, res).Report())
		writeFailure(inv, p, opts, res, outDir)
		return 1
	}
	fmt.Fprintln(stdout, "ok")
	return 0
}

// writeFailure replays a failed run into outDir/<protocol>-<nodes>n-seed<seed>.log, and for a
// linearizability failure writes porcupine's view of the history beside it (.html), and says
// where.
func writeFailure(inv *invocation, p sim.Protocol, opts sim.RunOptions, res *sim.Result, outDir string) {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		fmt.Fprintf(inv.stdout, "  (not written: %v)\n", err)
		return
	}
	base := filepath.Join(outDir, fmt.Sprintf("%s-%dn-seed%d", p.Name(), opts.Nodes, opts.Seed))
	f, err := os.Create(base + ".log")
	if err != nil {
		fmt.Fprintf(inv.stdout, "  (not written: %v)\n", err)
		return
	}
	opts.Log, opts.Trace, opts.SessionTrace, opts.Progress, opts.TailLines = f, nil, nil, nil, 0
	_, err = sim.Run(p, opts)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(inv.stdout, "  (event log not written: %v)\n", err)
		return
	}
	fmt.Fprintf(inv.stdout, "  event log: %s\n", base+".log")
	var lerr *sim.LinearizabilityError
	if !errors.As(res.Failure.Err, &lerr) {
		return
	}
	h, err := os.Create(base + ".html")
	if err == nil {
		err = lerr.WriteHTML(h)
		if cerr := h.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(inv.stdout, "  (history view not written: %v)\n", err)
		return
	}
	fmt.Fprintf(inv.stdout, "  history view (porcupine): %s\n", base+".html")
}

func simSoak(inv *invocation, p sim.Protocol, opts sim.RunOptions, seeds int, outDir string) int {
	stdout := inv.stdout
	start := time.Now()
	failed := 0
	var simTime time.Duration
	first := opts.Seed
	last := start
	for i := 0; i < seeds; i++ {
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			fmt.Fprintf(inv.stderr, "dsref sim: %d of %d seeds run, %d failed, %v simulated, %v elapsed\n",
				i, seeds, failed, simTime.Round(time.Second), time.Since(start).Round(time.Second))
		}
		opts.Seed = first + uint64(i)
		res, err := sim.Run(p, opts)
		if err != nil {
			return inv.fail(exitUsage, err)
		}
		simTime += res.SimTime
		if res.Failure != nil {
			failed++
			if failed <= 5 {
				fmt.Fprint(stdout, shrinkForReport(p, opts, res).Report())
				writeFailure(inv, p, opts, res, outDir)
			}
		}
	}
	wall := time.Since(start)
	fmt.Fprintf(stdout, "%s nodes=%d seeds %d..%d: %d failed; %v simulated in %v (%.0fx), %.0f seeds/minute\n",
		p.Name(), opts.Nodes, first, first+uint64(seeds)-1, failed, simTime.Round(time.Millisecond), wall.Round(time.Millisecond),
		float64(simTime)/float64(wall), float64(seeds)/wall.Minutes())
	if failed > 0 {
		return 1
	}
	return 0
}

// shrinkForReport shrinks a failed run's fault schedule (quietly: the replays write no log) so the
// report shows a minimal schedule; if shrinking fails, the unshrunk result is reported.
func shrinkForReport(p sim.Protocol, opts sim.RunOptions, res *sim.Result) *sim.Result {
	opts.Log, opts.Trace, opts.SessionTrace, opts.MaxSteps = nil, nil, nil, 0
	shrunk, err := sim.Shrink(p, opts, res, 100)
	if err != nil {
		return res
	}
	return shrunk
}

func simProtocolNames() string {
	return strings.Join(sortedKeys(simProtocols), "|")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
