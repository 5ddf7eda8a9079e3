package catalogue

import (
	"fmt"
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
	// faultPhase, when set, runs 3-node seeds with this long a fault phase: a stale read
	// needs a partition that outlasts a new election while the old leader keeps serving.
	faultPhase time.Duration
}

// catalogue lists the planted bugs the simulator must catch. Each comment names what breaks.
var catalogue = []mutation{
	{raftsim.Protocol{}, "NoElectionRestriction", 0},                 // committed entries lost (StateMachineSafety)
	{raftsim.Protocol{}, "MinorityQuorum", 0},                        // ElectionSafety, committed entries lost
	{raftsim.Protocol{}, "TruncateWithoutConflict", 0},               // acknowledged entries erased
	{raftsim.Protocol{}, "LeaderKeepsRoleOnHigherTerm", 0},           // two leaders in a term
	{raftsim.Protocol{}, "ForgetVote", 0},                            // two votes in one term across a restart
	{raftsim.Protocol{}, "ReadIndexWithoutQuorum", 20 * time.Second}, // stale reads (linearizability)
	{raftsim.Protocol{}, "CommitPreviousTerm", 0},                    // Figure 8: LeaderCommitsCurrentTerm, then committed entries lost
	{paxossim.Protocol{}, "accept-below-promise", 0},                 // per-slot agreement
	{paxossim.Protocol{}, "minority-quorum", 0},                      // per-slot agreement under partition
	{paxossim.Protocol{}, "ignore-promised-values", 0},               // a chosen value overwritten
	{paxossim.Protocol{}, "no-gap-fill", 0},                          // liveness after heal
	{paxossim.Protocol{}, "forget-promise", 0},                       // a promise forgotten across a restart
	{paxossim.SynodLog{}, "mixed-ballot-quorum", 0},                  // a learner decides on votes from two ballots
}

// TestMutationCatalogue asserts that the simulator catches every planted bug in the catalogue:
// for each, seeds are run (alternating 3- and 5-node clusters) until one fails, which must happen
// within maxSeeds seeds. The first failing seed, its kind of violation and its replay command are
// logged.
//
// Tests RAFT-MUT-1, PAXOS-12.
func TestMutationCatalogue(t *testing.T) {
	if len(catalogue) < 10 {
		t.Fatalf("catalogue lists %d mutations", len(catalogue))
	}
	for _, m := range catalogue {
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

// TestCorrectCoresPassCatalogueSeeds runs the correct cores on the same seed range the
// catalogue's first catches come from, so that a catch cannot be a false alarm of the harness.
func TestCorrectCoresPassCatalogueSeeds(t *testing.T) {
	for _, p := range []sim.Protocol{raftsim.Protocol{}, paxossim.Protocol{}, paxossim.SynodLog{}} {
		t.Run(p.Name(), func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= 100; seed++ {
				res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: 3 + 2*int(seed%2), Seed: seed}})
				if err != nil {
					t.Fatal(err)
				}
				if res.Failure != nil {
					t.Fatal(fmt.Sprint(res.Report()))
				}
			}
			// Nor with the long fault phase some catalogue entries use.
			for seed := uint64(1); seed <= 30; seed++ {
				res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: seed}, FaultPhase: 20 * time.Second})
				if err != nil {
					t.Fatal(err)
				}
				if res.Failure != nil {
					t.Fatal(fmt.Sprint(res.Report()))
				}
			}
		})
	}
}
