//go:build dsref_mutations

package catalogue

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/paxossim"
	"github.com/dsref/dsref/harness/sim/raftsim"
	"github.com/dsref/dsref/harness/sim/simtest"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/tla"
)

// unchecked is a protocol whose invariant checker checks nothing: the runs of a mutated core
// then go on whatever it does, and only trace validation can tell that it misbehaved.
type unchecked struct {
	sim.Protocol
	sim.TraceDescriber
}

func (unchecked) NewChecker(int) sim.Checker { return noChecks{} }

// OperateEvery and Operate pass the protocol's operator on (membership churn), if it has one.
func (u unchecked) OperateEvery(variant uint64) time.Duration {
	if op, ok := u.Protocol.(sim.Operator); ok {
		return op.OperateEvery(variant)
	}
	return 0
}

func (u unchecked) Operate(nodes []sim.Node, rng *rand.Rand) (int, string) {
	return u.Protocol.(sim.Operator).Operate(nodes, rng)
}

type noChecks struct{}

func (noChecks) Check([]sim.Node) error { return nil }

// maxTracedSteps bounds a traced run of a mutated core (healthy seeds take a few thousand).
const maxTracedSteps = 30_000

// traceProtocols are the adapters whose traces are validated, and so whose planted bugs trace
// validation must catch on its own.
var traceProtocols = []sim.Protocol{raftsim.Protocol{}, paxossim.Protocol{}, paxossim.SynodLog{}}

// stateMachineBugs are planted bugs of the layer above the protocol (the state machine), or of
// steps the specification leaves out, whose behavior the protocol's specification does not
// constrain: the simulator's linearizability check catches them (TestMutationCatalogue), trace
// validation cannot.
var stateMachineBugs = map[string]bool{
	// raft/session: a retry committed twice runs twice; a late copy of an acknowledged request
	// runs again. Raft.tla has no state machine: the session traces validate the tables
	// against tla/TraceSession.tla, which rejects both (raftsim's session_mutation_test.go).
	"raft/no-dedupe":        true,
	"raft/forget-discarded": true,
	// A follower's forwarded read (MsgReadIndex, MsgReadIndexResp) is not a step of Raft.tla,
	// whose reads are the leader's ReadIndex and AnswerRead: the follower's too early answer
	// is seen only by the reads it serves.
	"raft/follower-read-before-apply": true,
	// Raft.tla has no clocks: how long a lease lasts, and whether a transfer ended it, is
	// tla/RaftLease.tla's (MCRaftLeaseDrift.cfg and MCRaftLeaseTransfer.cfg plant these bugs).
	"raft/lease-ignores-drift":  true,
	"raft/lease-after-transfer": true,
}

// TestMutationTraceValidationCatchesEveryBug runs each planted bug of the adapters whose traces
// are validated with the simulator's invariant checker switched off, and requires trace
// validation alone to reject the trace of one of the catalogue's seeds (within maxSeeds,
// alternating 3- and 5-node clusters as TestMutationCatalogue does): every bug of the catalogue
// changes behavior the specification constrains. The simulator's other verdicts (its own
// agreement check, linearizability, liveness) are ignored.
//
// Tests RAFT-TRACE-2, RAFT-MUT-1.
func TestMutationTraceValidationCatchesEveryBug(t *testing.T) {
	for _, p := range traceProtocols {
		spec := simtest.TraceSpec(p)
		if spec == "" {
			t.Fatalf("%s does not describe its traces", p.Name())
		}
		for _, name := range p.(mutationLister).Mutations() {
			if stateMachineBugs[p.Name()+"/"+name] {
				continue
			}
			t.Run(p.Name()+"/"+name, func(t *testing.T) {
				t.Parallel()
				start := time.Now()
				up := unchecked{p, p.(sim.TraceDescriber)}
				phase := faultPhases[p.Name()+"/"+name]
				var events []*value.Record
				for seed := uint64(1); seed <= maxSeeds; seed++ {
					nodes := 3 + 2*int(seed%2)
					if phase > 0 {
						nodes = 3
					}
					events = events[:0]
					// Unchecked, a mutated run may go on misbehaving until the simulator's event
					// budget (a message storm): stop it where healthy runs have long finished.
					// The trace is handed over as the sweep's is (simtest.RequireSeedsPass).
					opts := sim.Options{Nodes: nodes, Seed: seed, Mutation: name, MaxSteps: maxTracedSteps,
						TraceEvents: func(r *value.Record) { events = append(events, r) }}
					_, err := sim.Run(up, sim.RunOptions{Options: opts, FaultPhase: phase})
					if err != nil {
						t.Fatal(err)
					}
					res, err := trace.ValidateEvents(context.Background(), "mutated.ndjson", events, trace.Options{Spec: spec, Modules: tla.FS, Reuse: true})
					if err != nil {
						t.Fatalf("seed %d: %v", seed, err)
					}
					if !res.OK() {
						t.Logf("trace of seed %d (%d nodes) rejected at line %d of %d after %v: %s",
							seed, nodes, res.Failure.Line, res.Events, time.Since(start).Round(time.Millisecond), res.Failure.Reason)
						return
					}
				}
				t.Errorf("trace validation accepted the traces of %d seeds of %s with %s planted (%v)", maxSeeds, p.Name(), name, time.Since(start).Round(time.Second))
			})
		}
	}
}
