package check

import (
	"context"
	"math/rand/v2"
)

// simulate runs opts.Traces random behaviors of at most opts.Depth states. Each starts at an
// initial state chosen uniformly and moves to a successor chosen uniformly among those satisfying
// the constraints; a behavior ends early at a state outside the constraints or without successors
// (a deadlock when deadlock checking is on). As in TLC's simulator, invariants and action
// properties are checked on every successor generated, before one is chosen, so a violation one
// step off the chosen path is found too (its trace is the path followed by that successor). The
// same seed gives the same behaviors.
func simulate(ctx context.Context, m model, deadlock bool, opts Options) (Result, error) {
	depth := opts.Depth
	if depth <= 0 {
		depth = 100
	}
	traces := opts.Traces
	if traces <= 0 {
		traces = 100
	}
	progress := newProgressClock(opts)
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x64737265662d746c))
	w := m.worker()
	var res Result
	fps := map[uint64]struct{}{}
	var inits []State
	err := w.initial(func(st State) error {
		res.Generated++
		inits = append(inits, st)
		return nil
	})
	if err != nil {
		return res, err
	}
	type step struct {
		state  State
		action int
	}
	behavior := func(path []step) []Step {
		out := make([]Step, len(path))
		for i, p := range path {
			out[i] = Step{Action: "Initial predicate", Vars: m.vars(), State: p.state}
			if i > 0 {
				out[i].Action, out[i].Where = m.action(p.action)
			}
		}
		return out
	}
	for t := 0; t < traces && len(inits) > 0; t++ {
		if err := ctx.Err(); err != nil {
			res.Distinct = int64(len(fps))
			return res, err
		}
		cur := inits[rng.IntN(len(inits))]
		path := []step{{cur, -1}}
		if name, err := w.invariant(cur); err != nil || name != "" {
			if err != nil {
				return res, err
			}
			res.Verdict, res.Violated, res.Trace = InvariantViolated, name, behavior(path)
			break
		}
		if name, err := w.initProperty(cur); err != nil || name != "" {
			if err != nil {
				return res, err
			}
			res.Verdict, res.Violated, res.Trace = ActionPropertyViolated, name, behavior(path)
			break
		}
		for len(path) <= depth {
			// A behavior may be long (-depth has no upper bound), so cancellation is checked on
			// every step, not only between behaviors.
			if err := ctx.Err(); err != nil {
				res.Distinct = int64(len(fps))
				return res, err
			}
			progress.tick(len(path), res.Generated, int64(len(fps)), t)
			fp, err := w.fingerprint(cur)
			if err != nil {
				return res, err
			}
			fps[fp] = struct{}{}
			if in, err := w.constraint(cur); err != nil || !in {
				if err != nil {
					return res, err
				}
				break
			}
			if len(path) > res.Depth {
				res.Depth = len(path)
			}
			if len(path) == depth {
				break
			}
			var succs []step
			var bad struct {
				step
				verdict  Verdict
				violated string
			}
			count := 0
			setLevel(w, len(path))
			err = w.next(cur, func(succ State, action int) error {
				count++
				res.Generated++
				if name, err := w.invariant(succ); err != nil || name != "" {
					bad.step, bad.verdict, bad.violated = step{succ, action}, InvariantViolated, name
					return orStop(err)
				}
				if name, err := w.stepProperty(cur, succ); err != nil || name != "" {
					bad.step, bad.verdict, bad.violated = step{succ, action}, ActionPropertyViolated, name
					return orStop(err)
				}
				in, err := w.actionConstraint(cur, succ)
				if err != nil || !in {
					return err
				}
				succs = append(succs, step{succ, action})
				return nil
			})
			if err != nil && err != errStop {
				return res, &EvalError{Err: err, Trace: behavior(path)}
			}
			if bad.violated != "" {
				path = append(path, bad.step)
				res.Verdict, res.Violated, res.Trace = bad.verdict, bad.violated, behavior(path)
				break
			}
			if count == 0 && deadlock {
				res.Verdict, res.Trace = Deadlock, behavior(path)
				break
			}
			if len(succs) == 0 {
				break
			}
			next := succs[rng.IntN(len(succs))]
			path = append(path, next)
			cur = next.state
		}
		if res.Verdict != OK {
			break
		}
	}
	res.Distinct = int64(len(fps))
	return res, nil
}
