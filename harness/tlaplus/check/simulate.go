package check

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
)

// simulate runs opts.Traces random behaviors of at most opts.Depth states, as TLC's simulator
// does (tlc2.tool.Simulator and SimulationWorker). Every initial state is checked first, and a
// behavior starts at one of those within the constraints, chosen uniformly. At each state one
// action is chosen: the actions TLC splits the next-state relation into are taken in a random
// order, and the first with a successor is the one (SimulationWorker.randomNextStates). Every
// successor of that action is generated and checked (invariants and step properties, see
// checks), so a violation one step off the chosen path is found too, its trace being the path
// followed by that successor; then one of them is chosen uniformly and the behavior goes on from
// it if it is within the constraints, or ends there. A state without successors ends the
// behavior, as a deadlock when deadlock checking is on; a behavior of opts.Depth states ends after
// its last state has been expanded and the successors checked, as in TLC. The same seed gives the
// same behaviors.
// The states generated are those of the chosen actions, as TLC counts them, and the distinct
// states those the behaviors went through. A model written in Go (the engine tests) has no
// actions to choose among: every successor is generated.
//
// With opts.Generate (TLC's -generate, its "generate" mode), a step generates one successor
// only: inside the chosen action the disjuncts, the bindings of \E and the values of x' \in S are
// taken in a random order, and the first successor found is the one checked and followed. A
// behavior then ends where every way through the relation fails, as TLC's generator does, which
// is how its users draw samples from a probabilistic specification (KnuthYao's SimKnuthYao).
func simulate(ctx context.Context, m model, deadlock bool, opts Options) (Result, error) {
	limit := opts.depthOrDefault()
	if limit < 0 {
		limit = math.MaxInt // TLC's -depth -1
	}
	traces := opts.tracesOrDefault()
	if traces < 0 {
		traces = math.MaxInt // until stopped (TLCSet("exit", TRUE), a violation), as TLC's default
	}
	var counts counters
	stopProgress := startProgress(opts, &counts)
	defer stopProgress()
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x64737265662d746c))
	c := checks{w: searchWorker(m)}
	if r, ok := c.w.(randomActor); ok {
		r.randomActions(opts.Generate)
	}
	var walked stepsPath // the behavior being drawn, for TLCExt!Trace
	setPath(c.w, &walked)
	fps := map[uint64]struct{}{}
	result := func(v violation, path []pathStep) Result {
		res := counts.result()
		res.Distinct = int64(len(fps))
		if v.found() {
			res.Verdict, res.Violated, res.Trace = v.verdict, v.name, behavior(m, path)
		}
		return res
	}

	var inits []State
	var bad violation
	var badInit State
	var ord uint32
	err := c.w.initial(func(t State) error {
		ord++
		setStepAction(c.w, -1)
		in, v, err := c.initial(t, ord, nil)
		if err != nil {
			return err
		}
		if v.found() {
			bad, badInit = v, t
			return errStop
		}
		if in {
			inits = append(inits, t)
		}
		return nil
	})
	counts.generated.Add(c.take())
	if err != nil && err != errStop {
		return result(violation{}, nil), initialError(m, err)
	}
	if bad.found() {
		return result(bad, []pathStep{{state: badInit, action: -1}}), nil
	}

	type candidate struct {
		pathStep
		in bool
	}
	var succs []candidate
	for t := 0; t < traces && len(inits) > 0; t++ {
		if err := ctx.Err(); err != nil {
			return result(violation{}, nil), err
		}
		// The behavior being drawn counts among the behaviors, as TLC's TLCGet("stats").traces
		// counts it: 1 during the first one, 0 only while the initial states are generated.
		counts.behaviors.Add(1)
		path := []pathStep{{state: inits[rng.IntN(len(inits))], action: -1}}
		in := true // the last state of path is within the constraints
		for {
			// A behavior may be long (-depth has no upper bound), so cancellation is checked on
			// every step, not only between behaviors.
			if err := ctx.Err(); err != nil {
				return result(violation{}, nil), err
			}
			cur := path[len(path)-1].state
			walked.steps = path
			fp, err := c.w.fingerprint(cur)
			if err != nil {
				return result(violation{}, nil), &EvalError{Err: err, Trace: behavior(m, path)}
			}
			fps[fp] = struct{}{}
			counts.distinct.Store(int64(len(fps)))
			if int32(len(path)) > counts.depth.Load() {
				counts.depth.Store(int32(len(path)))
			}
			if !in {
				// A successor outside the constraints ends the behavior, as in TLC.
				break
			}
			setLevel(c.w, len(path))
			succs = succs[:0]
			var bad violation
			var badStep pathStep
			var ord uint32
			err = c.w.next(cur, func(succ State, action int) error {
				ord++
				setStepAction(c.w, int32(action))
				in, v, err := c.successor(cur, succ, int32(action), ord, nil)
				if err != nil {
					return err
				}
				if v.found() {
					bad, badStep = v, pathStep{state: succ, action: int32(action)}
					return errStop
				}
				succs = append(succs, candidate{pathStep{state: succ, action: int32(action)}, in})
				if opts.Generate {
					return errStop
				}
				return nil
			})
			counts.generated.Add(c.take())
			if err != nil && err != errStop {
				return result(violation{}, nil), &EvalError{Err: err, Trace: behavior(m, path)}
			}
			if bad.found() {
				return result(bad, append(path, badStep)), nil
			}
			if len(succs) == 0 {
				if deadlock {
					return result(violation{verdict: Deadlock}, path), nil
				}
				break
			}
			if len(path) >= limit {
				// As TLC's SimulationWorker, the last state of a behavior of -depth states is
				// expanded too, its successors checked, and the behavior ends there.
				break
			}
			next := succs[rng.IntN(len(succs))]
			path, in = append(path, next.pathStep), next.in
		}
		if opts.TraceFile != "" {
			if err := writeSimulatedTrace(opts.TraceFile, counts.behaviors.Load()-1, behavior(m, path)); err != nil {
				return result(violation{}, nil), err
			}
		}
	}
	return result(violation{}, nil), nil
}

// randomActor is a model worker that can enumerate the successors of one random action (see
// tlaWorker.randomActions); a model written in Go enumerates them all.
type randomActor interface {
	randomActions(generate bool)
}

// writeSimulatedTrace writes the n-th behavior drawn (from 0) to base_0_n, as TLC's
// SimulationWorker writes each behavior for -simulate file=base (its worker 0): a module named
// after the file defining STATE_1, STATE_2, ... as the states' conjunctions.
func writeSimulatedTrace(base string, n int64, trace []Step) error {
	name := fmt.Sprintf("%s_0_%d", base, n)
	var b bytes.Buffer
	fmt.Fprintf(&b, "---------------- MODULE %s -----------------\n", name)
	for i, st := range trace {
		fmt.Fprintf(&b, "STATE_%d == \n", i+1)
		writeState(&b, st)
		b.WriteString("\n")
	}
	b.WriteString("=================================================\n")
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing behavior %d: %w", n, err)
	}
	return nil
}
