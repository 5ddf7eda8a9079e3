package main

import (
	"flag"
	"fmt"
	"io"
	"os"
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
	register("sim", "simulate a protocol under faults: replay one seed's event log, or soak many seeds", runSim)
}

func simProtocolNames() string {
	names := make([]string, 0, len(simProtocols))
	for n := range simProtocols {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, "|")
}

func runSim(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	protocol := fs.String("protocol", "raft", "protocol to simulate: "+simProtocolNames())
	nodes := fs.Int("nodes", 3, "cluster size (1..9)")
	seed := fs.Uint64("seed", 1, "seed of the (first) run")
	steps := fs.Int("steps", 0, "stop a run after this many events (0: run both phases to the end)")
	seeds := fs.Int("seeds", 1, "number of consecutive seeds to run; 1 replays one seed and prints its event log")
	mutation := fs.String("mutation", "", "planted bug to switch on in the core (see the protocol's Mutation list)")
	tracePath := fs.String("trace", "", "write the cores' trace events of a single-seed run as NDJSON to this file")
	faultPhase := fs.Duration("fault-phase", 0, "simulated length of the fault phase (0: drawn from the seed, 3s..6s)")
	quiet := fs.Bool("quiet", false, "with -seeds 1, do not print the event log")
	schedule := fs.String("schedule", "", "with -seeds 1, inject exactly this fault schedule (as printed by a failure report's \"replay shrunk\" line) instead of the seed's own faults; \"none\" injects no faults")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dsref sim [-protocol raft|paxos|synod] [-nodes N] [-seed S] [-steps N] [-seeds K] [-mutation M] [-fault-phase D] [-schedule S] [-trace FILE] [-quiet]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "dsref sim: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	p, ok := simProtocols[*protocol]
	if !ok {
		fmt.Fprintf(stderr, "dsref sim: -protocol %q is not one of %s\n", *protocol, simProtocolNames())
		return 2
	}
	if *nodes < 1 || *nodes > 9 {
		fmt.Fprintf(stderr, "dsref sim: -nodes %d is outside 1..9\n", *nodes)
		return 2
	}
	if *steps < 0 {
		fmt.Fprintf(stderr, "dsref sim: -steps %d is negative\n", *steps)
		return 2
	}
	if *faultPhase < 0 {
		fmt.Fprintf(stderr, "dsref sim: -fault-phase %v is negative\n", *faultPhase)
		return 2
	}
	if *seeds < 1 {
		fmt.Fprintf(stderr, "dsref sim: -seeds %d must be at least 1\n", *seeds)
		return 2
	}
	if *tracePath != "" && *seeds != 1 {
		fmt.Fprintln(stderr, "dsref sim: -trace needs -seeds 1")
		return 2
	}
	opts := sim.RunOptions{Options: sim.Options{Nodes: *nodes, Seed: *seed, Mutation: *mutation, MaxSteps: *steps}, FaultPhase: *faultPhase, TailLines: 40}
	scheduled := false
	fs.Visit(func(f *flag.Flag) { scheduled = scheduled || f.Name == "schedule" })
	if scheduled {
		if *seeds != 1 {
			fmt.Fprintln(stderr, "dsref sim: -schedule needs -seeds 1")
			return 2
		}
		script, err := sim.ParseSchedule(*schedule, *nodes)
		if err != nil {
			fmt.Fprintf(stderr, "dsref sim: -schedule: %v\n", err)
			return 2
		}
		opts.Script = script
	}
	if *seeds == 1 {
		return simReplay(p, opts, *tracePath, *quiet, stdout, stderr)
	}
	return simSoak(p, opts, *seeds, stdout, stderr)
}

func simReplay(p sim.Protocol, opts sim.RunOptions, tracePath string, quiet bool, stdout, stderr io.Writer) int {
	if !quiet {
		opts.Log = stdout
	}
	if tracePath != "" {
		f, err := os.Create(tracePath)
		if err != nil {
			fmt.Fprintf(stderr, "dsref sim: -trace: %v\n", err)
			return 2
		}
		defer f.Close()
		opts.Trace = f
	}
	res, err := sim.Run(p, opts)
	if err != nil {
		fmt.Fprintf(stderr, "dsref sim: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "\nfaults: %s\n", res.Faults)
	fmt.Fprintf(stdout, "%d steps, %v simulated, %d client operations, event log hash %016x\n", res.Steps, res.SimTime, res.Ops, res.Hash)
	if res.Failure != nil {
		fmt.Fprint(stdout, shrinkForReport(p, opts, res).Report())
		return 1
	}
	fmt.Fprintln(stdout, "ok")
	return 0
}

func simSoak(p sim.Protocol, opts sim.RunOptions, seeds int, stdout, stderr io.Writer) int {
	start := time.Now()
	failed := 0
	var simTime time.Duration
	first := opts.Seed
	for i := 0; i < seeds; i++ {
		opts.Seed = first + uint64(i)
		res, err := sim.Run(p, opts)
		if err != nil {
			fmt.Fprintf(stderr, "dsref sim: %v\n", err)
			return 2
		}
		simTime += res.SimTime
		if res.Failure != nil {
			failed++
			if failed <= 5 {
				fmt.Fprint(stdout, shrinkForReport(p, opts, res).Report())
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
	opts.Log, opts.Trace, opts.MaxSteps = nil, nil, 0
	shrunk, err := sim.Shrink(p, opts, res, 100)
	if err != nil {
		return res
	}
	return shrunk
}
