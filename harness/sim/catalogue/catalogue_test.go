//go:build dsref_mutations

package catalogue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/paxossim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// maxSeeds bounds the search for each mutation. Every listed mutation is caught well inside it
// (the first failing seeds are in the low tens or hundreds); a mutation the harness stops
// catching fails the test instead of silently passing.
const maxSeeds = 800

// mutation is one planted bug and the protocol it lives in.
type mutation struct {
	protocol sim.Protocol
	name     string
	// faultPhase, when set, runs 3-node seeds with this long a fault phase.
	faultPhase time.Duration
}

// mutationLister is a simulator adapter that derives its list of planted bugs from its core.
type mutationLister interface {
	Mutations() []string
}

// faultPhases gives the mutations that need a long fault phase: a stale read needs a partition
// that outlasts a new election while the old leader keeps serving.
var faultPhases = map[string]time.Duration{
	"raft/read-index-without-quorum": 20 * time.Second,
}

// notCaughtYet lists adapter/bug pairs an adapter lists but the simulator does not catch within
// maxSeeds, with the reason; the bug must still be caught through another adapter.
var notCaughtYet = map[string]string{}

// caughtByTraceOnly lists planted bugs that break the specification but nothing the simulator's
// own checks see within maxSeeds, with the reason; TestMutationTraceValidationCatchesEveryBug
// must catch each of them (it runs every bug of the adapters whose traces are validated).
var caughtByTraceOnly = map[string]bool{
	// A node that uses a configuration only once it is committed still keeps one change at a
	// time (etcd-io/raft applies changes at commit too): the majorities it counts differ from
	// the latest configuration's by one server, so they intersect and no run of 800 seeds loses
	// data; Raft.tla's quorums are the latest configuration's, and trace validation rejects the
	// first commit counted by the older one (seed 1 of 5 nodes).
	"raft/conf-at-commit": true,
	// A leader counting its own log before its write is durable breaks only async seeds (a
	// quarter), and loses data only if it crashes within the one drain its write waits: the
	// simulator catches it on five nodes (`dsref sim -nodes 5 -mutation count-unpersisted`,
	// seed 184), which the catalogue runs on odd seeds only, and not within 800 seeds of its own
	// schedule; trace validation rejects the first commit it counts (seed 14 of 3 nodes), and
	// raft/testdata/mutation_count_unpersisted.txt and tla/MCRaftAsyncBroken.cfg show the loss.
	"raft/count-unpersisted": true,
}

// caughtByScenario lists planted bugs that random seeds rarely expose, with the file of the
// scripted simulator scenario whose porcupine check catches each (a TestMutation test, run by
// TestPlantedBugsAreCaught). A stale lease read needs a leader cut off within the few ticks
// that separate the bug's lease from the followers' vote lock, with a new leader's write and a
// read at the old one in between; the lease scenarios of raftsim arrange exactly that (and the
// core's datadriven scripts mutation_lease_*.txt show the same stale read step by step).
//
// The session table's forget-discarded reruns a request only when a copy of it is committed
// after the client's next request acknowledged it, which the simulator's clients (one command
// outstanding) rarely cause: raftsim's session_mutation_test.go drives a table through it and
// session trace validation (tla/TraceSession.tla) rejects the rerun; tla/MCSessionForget.cfg
// is its model.
var caughtByScenario = map[string]string{
	"raft/lease-ignores-drift":  "harness/sim/raftsim/lease_mutation_test.go",
	"raft/lease-after-transfer": "harness/sim/raftsim/lease_mutation_test.go",
	"raft/forget-discarded":     "harness/sim/raftsim/session_mutation_test.go",
}

// protocols are the simulator adapters whose planted bugs the catalogue covers.
var protocols = []sim.Protocol{raftsim.Protocol{}, paxossim.Protocol{}, paxossim.SynodLog{}}

// catalogue lists every planted bug the simulator must catch, from the cores' own lists.
func catalogue(t *testing.T) []mutation {
	var out []mutation
	for _, p := range protocols {
		l, ok := p.(mutationLister)
		if !ok {
			t.Fatalf("protocol %s does not list its planted bugs (a Mutations method)", p.Name())
		}
		names := l.Mutations()
		if len(names) == 0 {
			t.Fatalf("protocol %s lists no planted bugs", p.Name())
		}
		for _, name := range names {
			_, traceOnly := caughtByTraceOnly[p.Name()+"/"+name]
			_, notRun := caughtByScenario[p.Name()+"/"+name]
			if _, skip := notCaughtYet[p.Name()+"/"+name]; !skip && !traceOnly && !notRun {
				out = append(out, mutation{p, name, faultPhases[p.Name()+"/"+name]})
			}
		}
	}
	return out
}

// TestMutationCatalogue asserts that the simulator catches every planted bug in the catalogue:
// for each, seeds are run (alternating 3- and 5-node clusters) until one fails, which must happen
// within maxSeeds seeds. The first failing seed, its kind of violation and its replay command are
// logged.
//
// Tests RAFT-MUT-1, PAXOS-12.
func TestMutationCatalogue(t *testing.T) {
	all := catalogue(t)
	if len(all) < 13 {
		t.Fatalf("catalogue lists %d mutations", len(all))
	}
	for bug, file := range caughtByScenario {
		data, err := os.ReadFile(filepath.Join(moduleRoot(t), file))
		if _, name, _ := strings.Cut(bug, "/"); err != nil || !strings.Contains(string(data), `"`+name+`"`) {
			t.Errorf("%s is left to a scenario, and %s does not plant it (%v)", bug, file, err)
		}
	}
	for gap, other := range notCaughtYet {
		found := false
		for _, m := range all {
			found = found || m.protocol.Name()+"/"+m.name == other
		}
		if !found {
			t.Errorf("%s is not caught, and %s, which should catch the same bug, is not in the catalogue", gap, other)
		}
	}
	for _, m := range all {
		t.Run(m.protocol.Name()+"/"+m.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			for seed := uint64(1); seed <= maxSeeds; seed++ {
				nodes := 3 + 2*int(seed%2)
				if m.faultPhase > 0 {
					nodes = 3
				}
				res, err := sim.Run(m.protocol, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed, Mutation: m.name}, FaultPhase: m.faultPhase})
				if err != nil {
					t.Fatal(err)
				}
				if res.Failure != nil {
					t.Logf("caught after %d seeds (%v): %v\n  replay: %s", seed, time.Since(start).Round(time.Millisecond), res.Failure, res.ReplayCommand())
					return
				}
			}
			t.Errorf("mutation %s of %s survived %d seeds (%v)", m.name, m.protocol.Name(), maxSeeds, time.Since(start).Round(time.Second))
		})
	}
}

// TestMutationNoneIsTheShippedProtocol checks that the rules a test build compiles (each able
// to take a planted bug) are, with no bug planted, exactly the shipped rules: simulations of
// every protocol give the same event logs in this build as in the shipped one. The shipped
// build's hashes come from TestPlantedBugsAreCaught (environment variable shippedHashesEnv) or,
// when this test is run on its own, from a shipped-build run of TestShippedSimHashes.
//
// Tests RAFT-MUT-1.
func TestMutationNoneIsTheShippedProtocol(t *testing.T) {
	want := os.Getenv(shippedHashesEnv)
	if want == "" {
		out, err := goTest(t, moduleRoot(t), "-count=1", "-run", "^TestShippedSimHashes$", "-v", "./harness/sim/catalogue")
		if err != nil {
			t.Fatalf("shipped build: %v\n%s", err, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if _, rest, ok := strings.Cut(line, hashesPrefix); ok {
				want = strings.TrimSpace(rest)
			}
		}
		if want == "" {
			t.Fatalf("no %q line in the shipped build's output:\n%s", hashesPrefix, out)
		}
	}
	got := simHashes(t)
	if got == want {
		return
	}
	g, w := strings.Fields(got), strings.Fields(want)
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			t.Errorf("the test build's run %s differs from the shipped build's %s", g[i], w[i])
		}
	}
	if len(g) != len(w) {
		t.Errorf("%d runs in the test build, %d in the shipped build", len(g), len(w))
	}
}
